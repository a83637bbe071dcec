// The base of every layer: a name, weights created when the input shape is first known,
// shape inference, and the record of each call in the symbolic graph.

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
    public var count: Int { shape.reduce(1, *) }
}

open class Layer {
    public let context: KerasContext
    public let name: String
    public var trainable = true
    public private(set) var weights: [WeightSpec] = []
    public private(set) var built = false
    public internal(set) var inboundNodes: [Node] = []
    /// The object that represents this layer in a scripting language (kept by that binding).
    public weak var binding: AnyObject?
    /// Constructor arguments the engine keeps for training (initializers, regularizers, ...).
    public var config: [String: String] = [:]
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

    public func addWeight(_ name: String, _ shape: [Int], trainable: Bool = true) {
        weights.append(WeightSpec(name: name, shape: shape, trainable: trainable))
    }

    open var parameterCount: Int { weights.reduce(0) { $0 + $1.count } }
    open var trainableParameterCount: Int { trainable ? weights.filter { $0.trainable }.reduce(0) { $0 + $1.count } : 0 }

    /// A fresh layer with the same configuration (for Bidirectional's backward direction).
    open func twin(named: String) throws -> Layer? { nil }

    /// Marks a layer built by a wrapper that built it directly.
    func markBuilt() { built = true }

    /// Calls the layer on symbolic tensors: builds it on first use and records the node.
    public func call(_ inputs: [KerasTensor]) throws -> [KerasTensor] {
        let shapes = inputs.map { $0.shape }
        if !built { try build(shapes); built = true }
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
