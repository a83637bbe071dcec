// Layers over sequences: Embedding and LSTM (Keras weight layouts and gate order i, f, c, o).
import KTensor

public final class Embedding: Layer {
    public override var createsWeights: Bool { true }
    public let inputDim: Int, outputDim: Int
    public init(context: KerasContext, inputDim: Int, outputDim: Int, name: String?) throws {
        guard inputDim > 0, outputDim > 0 else {
            throw KerasError(.value, "Both `input_dim` and `output_dim` should be positive, Received input_dim = \(inputDim) and output_dim = \(outputDim)")
        }
        self.inputDim = inputDim; self.outputDim = outputDim
        try super.init(context: context, name: name)
    }
    public override func build(_ inputs: [[Int?]]) throws { try addWeight("embeddings", [inputDim, outputDim]) }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] { [inputs[0] + [outputDim]] }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        [try Variable.embedding(inputs[0].value, try param("embeddings"))]
    }
}

public final class LSTM: Layer {
    public override var createsWeights: Bool { true }
    public let units: Int
    public let returnSequences: Bool
    public var options = RecurrentOptions()
    public init(context: KerasContext, units: Int, returnSequences: Bool = false, name: String?) throws {
        guard units > 0 else {
            throw KerasError(.value, "Received an invalid value for argument `units`, expected a positive integer, got \(units).")
        }
        self.units = units; self.returnSequences = returnSequences
        try super.init(context: context, name: name)
    }
    public override var className: String { "LSTM" }
    public override func twin(named n: String) throws -> Layer? {
        let t = try LSTM(context: context, units: units, returnSequences: returnSequences, name: n)
        t.options.dropout = options.dropout  // Bidirectional reverses the sequence itself
        return t
    }
    public override func build(_ inputs: [[Int?]]) throws {
        guard let s = inputs.first, s.count == 3, let features = s[2] else {
            throw KerasError(.value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=3, found ndim=\(inputs.first?.count ?? 0). Full shape received: \(KerasTensor.describe(inputs.first ?? []))")
        }
        try addWeight("kernel", [features, 4 * units])
        try addWeight("recurrent_kernel", [units, 4 * units])
        // unit_forget_bias: the forget gate's bias starts at one.
        let bias = try addWeight("bias", [4 * units])
        for j in units..<(2 * units) { bias.value.setDouble(1, at: j) }
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        [try Variable.lstm(try options.input(inputs[0], training: training, context), try param("kernel"), try param("recurrent_kernel"), weight("bias"), returnSequences: returnSequences)]
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [returnSequences ? [s[0], s[1], units] : [s[0], units]]
    }
}
