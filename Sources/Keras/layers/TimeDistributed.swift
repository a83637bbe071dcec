// TimeDistributed: applies a layer to every timestep (axis 1) of its input, sharing its weights.

public final class TimeDistributed: Layer {
    public override var createsWeights: Bool { true }
    public let inner: Layer
    public init(context: KerasContext, layer: Layer, name: String?) throws {
        inner = layer
        try super.init(context: context, name: name)
    }

    public override var parameterCount: Int { inner.parameterCount }
    public override var trainableParameterCount: Int { trainable ? inner.trainableParameterCount : 0 }

    public override func build(_ inputs: [[Int?]]) throws {
        guard let s = inputs.first, s.count >= 3 else {
            throw KerasError(.value, "`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, received: \(KerasTensor.describe(inputs.first ?? []))")
        }
        let step = [s[0]] + Array(s.dropFirst(2))
        if !inner.built { try inner.build([step]); inner.markBuilt() }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        let step = try inner.outputShapes([[s[0]] + Array(s.dropFirst(2))])[0]
        return [[s[0], s[1]] + Array(step.dropFirst())]
    }
}
