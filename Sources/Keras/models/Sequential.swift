// Sequential: a stack of layers, each called on the previous output; built once an input shape
// is known (from an Input, or `input_shape=` on the first layer).
import KTensor

public final class Sequential: Model {
    /// The layers as added (an InputLayer first, when the model was given one).
    public private(set) var stack: [Layer] = []

    public init(context: KerasContext, name: String?) throws {
        try super.init(context: context, name: name, baseName: "sequential")
    }

    public override var className: String { "Sequential" }
    public override var isSequentialLike: Bool { true }

    /// Keras 3 rebuilds a built Sequential as a fresh Functional graph after each change, and each
    /// rebuild takes a `functional` name: counting them keeps later automatic names as Keras's.
    public func noteRebuild() {
        if isBuilt && !layers.isEmpty { _ = context.uniqueName("functional") }
    }

    /// Appends a layer, calling it on the current output when the model is built; `rebuild: false`
    /// when several are added at once (the constructor's list), which Keras rebuilds once.
    public func add(_ layer: Layer, rebuild: Bool = true) throws {
        if let input = layer as? InputLayer {
            guard stack.isEmpty else { throw KerasError(.value, "Sequential model '\(name)' has already been configured to use input shape \(KerasTensor.describe(inputs.first?.shape ?? [])). You cannot add a different Input layer to it.") }
            stack.append(input)
            inputs = [input.output]
            outputs = [input.output]
            return
        }
        // A model with a defined input, added first, gives the Sequential its input (as in Keras).
        if stack.isEmpty, let m = layer as? Model, let shape = m.inputs.first?.shape, m.inputs.count == 1 {
            try add(try InputLayer(context: context, shape: Array(shape.dropFirst()), batchSize: shape.first ?? nil, name: nil), rebuild: false)
        }
        if stack.contains(where: { $0 === layer }) || layers.contains(where: { $0.name == layer.name }) {
            throw KerasError(.value, "All layers added to a Sequential model should have unique names. Name '\(layer.name)' is already the name of a layer in this model. Update the `name` argument to pass a unique name.")
        }
        if let current = outputs.first {
            let out = try layer.call([current])
            guard out.count == 1 else { throw KerasError(.value, "All layers in a Sequential model should have a single output tensor. For multi-output layers, use the functional API.") }
            outputs = out
        }
        stack.append(layer)
        layers = stack.filter { !($0 is InputLayer) }
        if rebuild { noteRebuild() }
    }

    /// Removes the last layer (`model.pop()`), rebuilding from the input.
    public func pop() throws {
        guard !layers.isEmpty else { throw KerasError(.type, "There are no layers in the model.") }
        let keep = Array(stack.dropLast())
        stack = []; layers = []; outputs = inputs
        for l in keep {
            if l is InputLayer { stack.append(l); continue }
            if let current = outputs.first { outputs = try l.call([current]) }
            stack.append(l)
            layers.append(l)
        }
        noteRebuild()
    }

    public var isBuilt: Bool { !inputs.isEmpty }

    /// Runs the layers in turn; a convolution followed by a max pooling may run as one op.
    public override func forward(_ values: [Variable], training: Bool) throws -> [Variable] {
        var current = values, i = 0
        while i < layers.count {
            if i + 1 < layers.count, let (conv, pool) = convPoolPair(layers[i], layers[i + 1]), current.count == 1,
               let y = try conv.runPooled(current[0], by: pool) {
                current = [y]
                i += 2
                continue
            }
            current = try layers[i].run(current, training: training)
            i += 1
        }
        return current
    }

    /// Keras builds an unbuilt Sequential from the first batch it sees (its batch size included,
    /// which the summary then shows).
    public func build(inputShape: [Int?]) throws {
        guard !isBuilt else { return }
        let input = try InputLayer(context: context, shape: Array(inputShape.dropFirst()), batchSize: inputShape.first ?? nil, name: nil)
        let pending = stack
        stack = []; layers = []
        try add(input, rebuild: false)
        for l in pending { try add(l, rebuild: false) }
        noteRebuild()
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] { outputs.map { $0.shape } }
}
