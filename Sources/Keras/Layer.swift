// The base of every layer: a name, weights created when the input shape is first known,
// shape inference, the record of each call in the symbolic graph, and the computation itself.
import KTensor

public struct KerasError: Error, CustomStringConvertible {
    public enum Kind { case value, type, notImplemented }
    public let kind: Kind
    public let message: String
    public init(_ kind: Kind = .value, _ message: String) { self.kind = kind; self.message = message }
    public var description: String { message }
}

/// A weight variable: its name, shape and whether training updates it.
public struct WeightSpec {
    public let name: String
    public let shape: [Int]
    public let trainable: Bool
    /// The role its initializer, regularizer and constraint are given for.
    public var role: String
    public var count: Int { shape.reduce(1, *) }
}

/// One weight as a model sees it.
public struct WeightEntry {
    public let layer: Layer
    public let index: Int
    public let trainable: Bool
    public var variable: Variable { layer.variables[index] }
    public var spec: WeightSpec { layer.weights[index] }
    public init(layer: Layer, index: Int, trainable: Bool) { self.layer = layer; self.index = index; self.trainable = trainable }
    public var role: String { spec.role }
}

open class Layer {
    public let context: KerasContext
    public let name: String
    public var trainable = true
    public private(set) var weights: [WeightSpec] = []
    /// The weights' values, in the order of `weights`.
    public private(set) var variables: [Variable] = []
    /// Initializers, regularizers and constraints given for a weight role (`kernel`, `bias`,
    /// `recurrent`, `embeddings`, `gamma`, ...); the layer's defaults apply to the others.
    public var initializers: [String: Initializer] = [:]
    public var regularizers: [String: Regularizer] = [:]
    public var constraints: [String: Constraint] = [:]
    public var activityRegularizer: Regularizer?
    public internal(set) var built = false
    public internal(set) var inboundNodes: [Node] = []
    /// The object that represents this layer in a scripting language (kept by that binding).
    public weak var binding: AnyObject?
    /// The class name Keras shows (`Dense`, `Conv2D`, ...).
    open var className: String { String(describing: Swift.type(of: self)) }

    /// Layers with weights are built on their first call; the others are built from the start.
    open var createsWeights: Bool { false }

    public init(context: KerasContext, name: String?, baseName: String? = nil) throws {
        self.context = context
        if let n = name, n.isEmpty { throw KerasError(.value, "Argument `name` must be a non-empty string. Received: name=''") }
        let base = baseName ?? KerasContext.snakeCase(String(describing: Swift.type(of: self)))
        self.name = name ?? context.uniqueName(base)
        built = !createsWeights
        context.register(self)
    }

    /// The output shape for these input shapes (batch dimension first, nil when unknown).
    open func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] { inputs }

    /// Creates the weights once the input shapes are known.
    open func build(_ inputs: [[Int?]]) throws {}

    /// Whether the layer hands its input's padding mask on to its output (Keras's supports_masking).
    open var propagatesMask: Bool { false }

    /// An operation node (arithmetic on symbolic tensors): in the graph and the summary, but not
    /// among a model's layers.
    open var isOperation: Bool { false }

    /// forward, the activity regularizer's penalty, then Keras's mask propagation: the input's mask goes on to outputs of the same steps.
    public final func run(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let outputs = try forward(inputs, training: training)
        if let r = activityRegularizer {
            // Keras 3 adds each output's penalty, divided by the batch size, to the layer's losses.
            for o in outputs {
                let batch = Variable(try Tensor.scalar(Double(Swift.max(o.shape.first ?? 1, 1))))
                addedLosses.append(try Variable.binary(.div, try r.penalty(o), batch))
            }
        }
        if propagatesMask, let mask = inputs.first?.mask {
            for o in outputs where o.mask == nil && o.shape.count >= 2 && Array(o.shape.prefix(2)) == mask.shape { o.mask = mask }
        }
        return outputs
    }

    /// Creates a weight with the initializer given for its role, else Keras's default for its name.
    @discardableResult
    public func addWeight(_ name: String, _ shape: [Int], trainable: Bool = true, initializer: Initializer? = nil, role: String? = nil) throws -> Variable {
        let role = role ?? Layer.role(of: name)
        let chosen = initializers[role] ?? initializer ?? Layer.defaultInitializer(name)
        let v = Variable(try chosen.make(shape, &context.random), requiresGrad: trainable)
        weights.append(WeightSpec(name: name, shape: shape, trainable: trainable, role: role))
        variables.append(v)
        return v
    }

    /// The role a weight's initializer, regularizer and constraint are given for.
    static func role(of weight: String) -> String { weight == "recurrent_kernel" ? "recurrent" : weight }

    static func defaultInitializer(_ weight: String) -> Initializer {
        switch weight {
        case "kernel": return .glorotUniform
        case "recurrent_kernel": return .orthogonal(gain: 1)
        case "embeddings": return .randomUniform(minval: -0.05, maxval: 0.05)
        case "gamma", "moving_variance": return .ones
        default: return .zeros
        }
    }

    /// The value of one of this layer's weights.
    public func weight(_ name: String) -> Variable? {
        weights.firstIndex { $0.name == name }.map { variables[$0] }
    }

    /// Every weight of this layer and the layers it wraps, in Keras's order, with whether
    /// training updates it (the weight and its own layer are trainable).
    open func weightEntries() -> [WeightEntry] {
        weights.indices.map { WeightEntry(layer: self, index: $0, trainable: trainable && weights[$0].trainable) }
    }

    /// Losses the layer's computation added during its latest call (Keras's `add_loss`).
    public var addedLosses: [Variable] = []

    /// The added losses of this layer and the layers inside it.
    open func lossesAdded() -> [Variable] { addedLosses }

    /// Forgets the added losses, as Keras does at the start of every outermost call.
    open func clearAddedLosses() { addedLosses = [] }

    /// `layer.trainable = value`: as in Keras, a model or wrapper passes it on to every layer inside.
    open func setTrainable(_ value: Bool) { trainable = value }

    /// Computes the layer on concrete values (`training` turns on dropout and noise).
    open func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        throw KerasError(.notImplemented, "running a \(className) layer is not implemented in kscript yet")
    }

    open var parameterCount: Int { weights.reduce(0) { $0 + $1.count } }
    open var trainableParameterCount: Int { trainable ? weights.filter { $0.trainable }.reduce(0) { $0 + $1.count } : 0 }

    /// A fresh layer with the same configuration (for Bidirectional's backward direction).
    open func twin(named: String) throws -> Layer? { nil }

    /// `x` through the activation named `name`: Keras's, or a function of the script's.
    func activated(_ x: Variable, _ name: String) throws -> Variable {
        if let f = context.scriptActivations[name] { return try f(x) }
        return try x.activated(try Layer.activation(named: name))
    }

    /// The activation an op fuses: Keras's by name, or none when a script function follows
    /// (`scriptActivated` applies it).
    func fusedActivation(_ name: String) throws -> ActivationFunction {
        context.scriptActivations[name] == nil ? try Layer.activation(named: name) : ActivationFunction(.linear)
    }

    /// After an op that fused `fusedActivation(name)`: the script's function, when it is one.
    func scriptActivated(_ y: Variable, _ name: String) throws -> Variable {
        try context.scriptActivations[name].map { try $0(y) } ?? y
    }

    /// Keras's activation function for a name.
    public static func activation(named name: String) throws -> ActivationFunction {
        guard let a = ActivationFunction(named: name) else { throw KerasError(.value, "Could not interpret activation function identifier: \(name)") }
        return a
    }

    /// A weight build() made; an error when the layer has not been built.
    func param(_ name: String) throws -> Variable {
        guard let v = weight(name) else { throw KerasError(.value, "Layer '\(self.name)' has no weight '\(name)': it has not been built yet") }
        return v
    }

    /// Marks a layer built by a wrapper that built it directly.
    func markBuilt() { built = true }

    /// Builds the layer for these input shapes unless it is built (a layer called on values).
    public func buildIfNeeded(_ shapes: [[Int?]]) throws {
        if !built { try build(shapes); built = true; valueBuildShapes = shapes }
    }

    /// The input shapes a layer called on values was built for (a subclassed model's summary
    /// shows the output shape they give, as Keras does).
    public private(set) var valueBuildShapes: [[Int?]]?

    /// Keras's InputSpec for the first input: the rank it must have (`ndim`) or at least
    /// (`min_ndim`); nil when any rank goes.
    public enum RankRule { case exactly(Int), atLeast(Int) }
    open var inputRank: RankRule? { nil }

    /// Keras's error for a first input of another rank than the layer takes, checked before the
    /// layer is built or run (symbolic and eager calls alike).
    public func checkInputRank(_ shapes: [[Int?]]) throws {
        guard let rule = inputRank, let shape = shapes.first else { return }
        switch rule {
        case .exactly(let n) where shape.count != n: throw rankError("ndim=\(n)", shape)
        case .atLeast(let n) where shape.count < n: throw rankError("min_ndim=\(n)", shape)
        default: return
        }
    }

    func rankError(_ expected: String, _ shape: [Int?]) -> KerasError { inputRankError(layer: name, expected, shape) }

    /// Checks Keras makes on symbolic inputs only (a pooling with no output cells; on values it
    /// gives an empty array).
    open func checkSymbolicInputs(_ inputs: [KerasTensor]) throws {}

    /// Keras's report of an error raised inside a layer's call() on symbolic tensors: the message
    /// in bold between the layer's call and the arguments it received.
    func errorInCall(_ message: String, _ inputs: [KerasTensor]) -> KerasError {
        let args = inputs.map { "'\($0.description)'" }.joined(separator: ", ") + (inputs.count == 1 ? "," : "")
        return KerasError(.value, "Exception encountered when calling \(className).call().\n\n\u{1B}[1m\(message)\u{1B}[0m\n\nArguments received by \(className).call():\n  • args=(\(args))\n  • kwargs=<class 'inspect._empty'>")
    }

    /// Calls the layer on symbolic tensors: builds it on first use and records the node.
    public func call(_ inputs: [KerasTensor]) throws -> [KerasTensor] {
        let shapes = inputs.map { $0.shape }
        try checkInputRank(shapes)
        if !built { try build(shapes); built = true }
        try checkSymbolicInputs(inputs)
        let outShapes = try outputShapes(shapes)
        let outs = outShapes.map { KerasTensor(shape: $0, dtype: outputDType(inputs), context: context) }
        let node = Node(layer: self, inputs: inputs, outputs: outs)
        for (i, t) in outs.enumerated() { t.layer = self; t.nodeIndex = inboundNodes.count; t.tensorIndex = i }
        inboundNodes.append(node)
        return outs
    }

    open func outputDType(_ inputs: [KerasTensor]) -> String { "float32" }

    /// Keras's check of the last axis (`expected axis -1 of input shape to have value ...`).
    public func checkLastAxis(_ shape: [Int?], expected: Int) throws {
        if let last = shape.last ?? nil, last != expected {
            throw KerasError(.value, "Input 0 with name 'None' of layer '\(name)' is incompatible with the layer: expected axis -1 of input shape to have value \(expected), but received input with shape \(KerasTensor.describe(shape))")
        }
    }
}

/// Keras's error for an input of the wrong rank to the layer named `layer` (`expected` as
/// `ndim=3` or `min_ndim=4`).
func inputRankError(layer: String, _ expected: String, _ shape: [Int?]) -> KerasError {
    KerasError(.value, "Input 0 with name 'None' of layer '\(layer)' is incompatible with the layer: expected \(expected), found ndim=\(shape.count). Full shape received: \(KerasTensor.describe(shape))")
}
