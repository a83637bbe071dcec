// Layers over sequences: Embedding and LSTM (Keras weight layouts and gate order i, f, c, o).
import KTensor

public final class Embedding: Layer {
    public override var createsWeights: Bool { true }
    public let inputDim: Int, outputDim: Int
    /// Whether id 0 is padding: the output then carries a mask of the other steps.
    public var maskZero = false
    public init(context: KerasContext, inputDim: Int, outputDim: Int, name: String?) throws {
        for (what, value) in [("input_dim", inputDim), ("output_dim", outputDim)] where value <= 0 {
            throw KerasError(.value, "`\(what)` must be a positive integer. Received: \(what)=\(value) (of type int).")
        }
        self.inputDim = inputDim; self.outputDim = outputDim
        try super.init(context: context, name: name)
    }
    public override func build(_ inputs: [[Int?]]) throws { try addWeight("embeddings", [inputDim, outputDim]) }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] { [inputs[0] + [outputDim]] }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let out = try Variable.embedding(inputs[0].value, try param("embeddings"))
        if maskZero, inputs[0].shape.count == 2 {
            out.mask = try Tensor.compare(.ne, inputs[0].value, try Tensor.scalar(0, dtype: inputs[0].value.dtype)).astype(.float32)
        }
        return [out]
    }
}

public final class LSTM: Layer {
    public override var inputRank: RankRule? { .exactly(3) }
    public override var createsWeights: Bool { true }
    public let units: Int
    public let returnSequences: Bool
    public var returnState = false
    public var options = RecurrentOptions()
    public init(context: KerasContext, units: Int, returnSequences: Bool = false, name: String?) throws {
        guard units > 0 else {
            throw KerasError(.value, "Received an invalid value for argument `units`, expected a positive integer, got \(units).")
        }
        self.units = units; self.returnSequences = returnSequences
        try super.init(context: context, name: name)
    }
    /// "RNN" when made as keras.layers.RNN(LSTMCell(...)).
    public var presentedAs: String?
    /// The cell's own name then (its weights live under it: `rnn/lstm_cell_1/kernel`).
    public var cellName: String?
    public override var className: String { presentedAs ?? "LSTM" }
    public override func twin(named n: String) throws -> Layer? {
        let t = try LSTM(context: context, units: units, returnSequences: returnSequences, name: n)
        t.options.dropout = options.dropout  // Bidirectional reverses the sequence itself
        t.options.recurrentDropout = options.recurrentDropout
        return t
    }
    public override func build(_ inputs: [[Int?]]) throws {
        guard let s = inputs.first, s.count == 3, let features = s[2] else {
            throw inputRankError(layer: name, "ndim=3", inputs.first ?? [])
        }
        try addWeight("kernel", [features, 4 * units])
        try addWeight("recurrent_kernel", [units, 4 * units])
        // unit_forget_bias: the forget gate's bias starts at one.
        let bias = try addWeight("bias", [4 * units])
        for j in units..<(2 * units) { bias.value.setDouble(1, at: j) }
    }
    /// Called with [x, h0, c0] when an initial state is given (Keras's `initial_state=`); with
    /// return_state the outputs are [output, last h, last c].
    public override func forward(_ given: [Variable], training: Bool) throws -> [Variable] {
        let inputs = try options.carriedInputs(given, stateSizes: [units, units], layer: name)
        let x = try options.input(inputs[0], training: training, context)
        let mask = try options.mask(inputs[0])
        let dropout = try options.recurrentMask(inputs[0].shape[0], units: units, training: training, context)
        let initial = inputs.count == 3 ? Array(inputs[1...]) : nil
        guard returnState || initial != nil || options.stateful else {
            let out = try Variable.lstm(x, try param("kernel"), try param("recurrent_kernel"), weight("bias"), returnSequences: returnSequences, mask: mask,
                                        recurrentDropout: dropout)
            if returnSequences { out.mask = inputs[0].mask }
            return [out]
        }
        if mask != nil {
            throw KerasError(.notImplemented, "a masked LSTM with return_state, initial_state or stateful=True is not supported by kscript yet")
        }
        let states = try Variable.lstmStates(x, try param("kernel"), try param("recurrent_kernel"), weight("bias"), initial: initial, recurrentDropout: dropout)
        let (n, t) = (x.shape[0], x.shape[1])
        let hidden = try states.cropped([0..<n, 0..<t, 0..<units]), cells = try states.cropped([0..<n, 0..<t, units..<(2 * units)])
        func last(_ s: Variable) throws -> Variable { try s.cropped([0..<n, (t - 1)..<t, 0..<units]).reshaped([n, units]) }
        let output = returnSequences ? hidden : try last(hidden)
        let finalStates = [try last(hidden), try last(cells)]
        try options.carry(finalStates, kept: context.recurrentStatesKept > 0)
        return [output] + (returnState ? finalStates : [])
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        if inputs.count != 1 {
            guard inputs.count == 3, inputs[1...].allSatisfy({ $0.count == 2 && ($0[1] == nil || $0[1] == units) }) else {
                throw KerasError(.value, "An LSTM's initial_state must be [h, c], each of shape (batch_size, \(units)). Received: \(inputs[1...].map { KerasTensor.describe($0) })")
            }
        }
        let output: [Int?] = returnSequences ? [s[0], s[1], units] : [s[0], units]
        return [output] + (returnState ? [[s[0], units], [s[0], units]] : [])
    }
}
