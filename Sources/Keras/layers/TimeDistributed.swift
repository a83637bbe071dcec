// TimeDistributed: applies a layer to every timestep (axis 1) of its input, sharing its weights.
import KTensor

public final class TimeDistributed: Layer {
    public override var createsWeights: Bool { true }
    public let inner: Layer
    public init(context: KerasContext, layer: Layer, name: String?) throws {
        inner = layer
        try super.init(context: context, name: name)
    }

    public override var parameterCount: Int { inner.parameterCount }
    public override var trainableParameterCount: Int { inner.trainableParameterCount }

    /// The shape one timestep gives the inner layer, checked as Keras checks it (each call).
    func stepShape(_ inputs: [[Int?]]) throws -> [Int?] {
        guard let s = inputs.first, s.count >= 3 else {
            throw KerasError(.value, "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, received: \(KerasTensor.describe(inputs.first ?? []))")
        }
        let step = [s[0]] + Array(s.dropFirst(2))
        try inner.checkInputRank([step])
        return step
    }

    public override func build(_ inputs: [[Int?]]) throws {
        let step = try stepShape(inputs)
        if !inner.built { try inner.build([step]); inner.markBuilt() }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        let step = try inner.outputShapes([try stepShape(inputs)])[0]
        return [[s[0], s[1]] + Array(step.dropFirst())]
    }

    public override func weightEntries() -> [WeightEntry] { inner.weightEntries() }
    public override func setTrainable(_ value: Bool) { trainable = value; inner.setTrainable(value) }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        // Every timestep is one more sample of the inner layer.
        let x = inputs[0], (n, steps) = (inputs[0].shape[0], inputs[0].shape[1])
        let y = try inner.forward([try x.reshaped([n * steps] + Array(x.shape.dropFirst(2)))], training: training)[0]
        return [try y.reshaped([n, steps] + Array(y.shape.dropFirst()))]
    }
}
