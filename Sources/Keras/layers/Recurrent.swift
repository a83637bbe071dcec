// SimpleRNN and GRU (Keras's reset_after=True form), and the Bidirectional wrapper.
import KTensor

/// With return_state, a one-state recurrent layer also returns its last hidden state: the output
/// itself, or the output sequence's last step.
func withFinalState(_ output: Variable, returnSequences: Bool, returnState: Bool) throws -> [Variable] {
    guard returnState else { return [output] }
    guard returnSequences else { return [output, output] }
    let s = output.shape
    return [output, try output.cropped([0..<s[0], (s[1] - 1)..<s[1], 0..<s[2]]).reshaped([s[0], s[2]])]
}

public final class SimpleRNN: Layer {
    public override var inputRank: RankRule? { .exactly(3) }
    public override var createsWeights: Bool { true }
    /// "RNN" when made as keras.layers.RNN(SimpleRNNCell(...)).
    public var presentedAs: String?
    /// The cell's own name then (its weights live under it: `rnn/lstm_cell_1/kernel`).
    public var cellName: String?
    public override var className: String { presentedAs ?? "SimpleRNN" }
    public let units: Int, returnSequences: Bool
    public var returnState = false
    public var options = RecurrentOptions()
    public var activation = RecurrentActivation.tanh
    public init(context: KerasContext, units: Int, returnSequences: Bool = false, name: String?) throws {
        guard units > 0 else { throw KerasError(.value, "Received an invalid value for argument `units`, expected a positive integer, got \(units).") }
        self.units = units; self.returnSequences = returnSequences
        try super.init(context: context, name: name, baseName: "simple_rnn")
    }
    public override func twin(named n: String) throws -> Layer? {
        let t = try SimpleRNN(context: context, units: units, returnSequences: returnSequences, name: n)
        t.activation = activation
        t.options.dropout = options.dropout  // Bidirectional reverses the sequence itself
        t.options.recurrentDropout = options.recurrentDropout
        return t
    }
    public override func build(_ inputs: [[Int?]]) throws {
        let features = try recurrentFeatures(inputs, name)
        try addWeight("kernel", [features, units])
        try addWeight("recurrent_kernel", [units, units])
        try addWeight("bias", [units])
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        try checkInitialState(inputs, units: units, layer: className)
        let s = inputs[0]
        return [returnSequences ? [s[0], s[1], units] : [s[0], units]] + (returnState ? [[s[0], units]] : [])
    }
    public override func forward(_ given: [Variable], training: Bool) throws -> [Variable] {
        // Called with [x, h0] when an initial state is given (Keras's `initial_state=`).
        let inputs = try options.carriedInputs(given, stateSizes: [units], layer: name)
        let out = try Variable.simpleRNN(try options.input(inputs[0], training: training, context), try param("kernel"), try param("recurrent_kernel"), weight("bias"),
                                         returnSequences: returnSequences, activation: activation, mask: try options.mask(inputs[0]),
                                         initial: inputs.count == 2 ? inputs[1] : nil,
                                         recurrentDropout: try options.recurrentMask(inputs[0].shape[0], units: units, training: training, context))
        if returnSequences { out.mask = inputs[0].mask }
        let all = try withFinalState(out, returnSequences: returnSequences, returnState: true)
        try options.carry([all[1]], kept: context.recurrentStatesKept > 0)
        return returnState ? all : [all[0]]
    }
}

public final class GRU: Layer {
    public override var inputRank: RankRule? { .exactly(3) }
    public override var createsWeights: Bool { true }
    public let units: Int, returnSequences: Bool, resetAfter: Bool
    public var returnState = false
    public var options = RecurrentOptions()
    public init(context: KerasContext, units: Int, returnSequences: Bool = false, resetAfter: Bool = true, name: String?) throws {
        guard units > 0 else { throw KerasError(.value, "Received an invalid value for argument `units`, expected a positive integer, got \(units).") }
        self.units = units; self.returnSequences = returnSequences; self.resetAfter = resetAfter
        try super.init(context: context, name: name)
    }
    /// "RNN" when made as keras.layers.RNN(GRUCell(...)).
    public var presentedAs: String?
    /// The cell's own name then (its weights live under it: `rnn/lstm_cell_1/kernel`).
    public var cellName: String?
    public override var className: String { presentedAs ?? "GRU" }
    public override func twin(named n: String) throws -> Layer? {
        let t = try GRU(context: context, units: units, returnSequences: returnSequences, resetAfter: resetAfter, name: n)
        t.options.dropout = options.dropout  // Bidirectional reverses the sequence itself
        t.options.recurrentDropout = options.recurrentDropout
        return t
    }
    public override func build(_ inputs: [[Int?]]) throws {
        let features = try recurrentFeatures(inputs, name)
        try addWeight("kernel", [features, 3 * units])
        try addWeight("recurrent_kernel", [units, 3 * units])
        try addWeight("bias", resetAfter ? [2, 3 * units] : [3 * units])
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        try checkInitialState(inputs, units: units, layer: className)
        let s = inputs[0]
        return [returnSequences ? [s[0], s[1], units] : [s[0], units]] + (returnState ? [[s[0], units]] : [])
    }
    public override func forward(_ given: [Variable], training: Bool) throws -> [Variable] {
        // Called with [x, h0] when an initial state is given (Keras's `initial_state=`).
        let inputs = try options.carriedInputs(given, stateSizes: [units], layer: name)
        let x = try options.input(inputs[0], training: training, context)
        let initial = inputs.count == 2 ? inputs[1] : nil
        if initial != nil && !resetAfter { throw KerasError(.notImplemented, "GRU(reset_after=False) with an initial_state or stateful=True is not supported by kscript yet") }
        let dropout = try options.recurrentMask(inputs[0].shape[0], units: units, training: training, context)
        if dropout != nil && !resetAfter { throw KerasError(.notImplemented, "GRU(reset_after=False) with recurrent_dropout is not supported by kscript yet") }
        let out = resetAfter
            ? try Variable.gru(x, try param("kernel"), try param("recurrent_kernel"), weight("bias"), returnSequences: returnSequences, mask: try options.mask(inputs[0]),
                               initial: initial, recurrentDropout: dropout)
            : try Variable.gruResetBefore(x, try param("kernel"), try param("recurrent_kernel"), weight("bias"), returnSequences: returnSequences,
                                          mask: try options.mask(inputs[0]))
        if returnSequences { out.mask = inputs[0].mask }
        let all = try withFinalState(out, returnSequences: returnSequences, returnState: true)
        try options.carry([all[1]], kept: context.recurrentStatesKept > 0)
        return returnState ? all : [all[0]]
    }
}

/// Options every recurrent layer takes: dropout on its inputs (one mask per sequence, the same at
/// every step, as Keras draws it) and processing the sequence backwards.
public struct RecurrentOptions {
    public var dropout = 0.0
    /// Fraction of the state's units dropped in the recurrent products, one mask per sequence (training only).
    public var recurrentDropout = 0.0
    public var goBackwards = false
    /// stateful=True: each call starts from the states the previous call ended with (zeros at
    /// first and after reset_states); they carry no gradient from one call to the next.
    public var stateful = false
    public var carried: [Tensor]?
    public init() {}

    /// The states a stateful layer starts this batch from, as extra inputs (none when not stateful
    /// or when an initial_state is given).
    func carriedInputs(_ inputs: [Variable], stateSizes: [Int], layer: String) throws -> [Variable] {
        guard stateful && inputs.count == 1 else { return inputs }
        let n = inputs[0].shape[0]
        if let c = carried, let first = c.first, first.shape[0] != n {
            throw KerasError(.value, "The stateful layer \(layer) was called with a batch of \(n) samples after batches of \(first.shape[0]): a stateful layer needs the same batch size every time (use batch_shape= and a batch_size that divides the data, or reset_states()).")
        }
        let states = try carried ?? stateSizes.map { try Tensor.zeros([n, $0]) }
        return inputs + states.map { Variable($0) }
    }

    /// Keeps the final states of this batch for the next (values only), unless `kept`.
    mutating func carry(_ states: [Variable], kept: Bool) throws {
        guard stateful && !kept else { return }
        carried = try states.map { try $0.value.astype($0.value.dtype, copy: true) }
    }

    /// reset_states(): zeros of the last batch's shape.
    public mutating func resetStates() throws {
        carried = try carried?.map { try Tensor.zeros($0.shape, dtype: $0.dtype) }
    }

    /// The recurrent dropout mask for a batch (n, units) in training, nil otherwise.
    func recurrentMask(_ n: Int, units: Int, training: Bool, _ context: KerasContext) throws -> Tensor? {
        guard training && recurrentDropout > 0 else { return nil }
        return try context.dropoutMask([n, units], rate: recurrentDropout)
    }

    /// The padding mask the recurrence follows: the input's, reversed with the sequence.
    func mask(_ x: Variable) throws -> Tensor? {
        guard let m = x.mask else { return nil }
        return goBackwards ? try m.take(Array((0..<m.shape[1]).reversed()), indexShape: [m.shape[1]], axis: 1) : m
    }

    /// The sequence the recurrence reads.
    func input(_ x: Variable, training: Bool, _ context: KerasContext) throws -> Variable {
        var v = goBackwards ? try x.reversed(axis: 1) : x
        if training && dropout > 0 {
            let mask = try context.dropoutMask([v.shape[0], 1, v.shape[2]], rate: dropout)
            v = try Variable.binary(.mul, v, Variable(mask))
        }
        return v
    }
}

/// Keras's error for a GRU's or SimpleRNN's initial_state that is not one (batch, units) state.
func checkInitialState(_ inputs: [[Int?]], units: Int, layer: String) throws {
    guard inputs.count != 1 else { return }
    guard inputs.count == 2, inputs[1].count == 2, inputs[1][1] == nil || inputs[1][1] == units else {
        throw KerasError(.value, "A \(layer)'s initial_state must be one state of shape (batch_size, \(units)). Received: \(inputs[1...].map { KerasTensor.describe($0) })")
    }
}

/// The feature count of a recurrent layer's (batch, time, features) input.
func recurrentFeatures(_ inputs: [[Int?]], _ name: String) throws -> Int {
    guard let s = inputs.first, s.count == 3, let features = s[2] else {
        throw inputRankError(layer: name, "ndim=3", inputs.first ?? [])
    }
    return features
}

public final class Bidirectional: Layer {
    public override var inputRank: RankRule? { .exactly(3) }
    public override var createsWeights: Bool { true }
    public let forward: Layer, backward: Layer
    public let mergeMode: String?
    public init(context: KerasContext, layer: Layer, backward: Layer, mergeMode: String?, name: String?) throws {
        guard mergeMode == nil || ["sum", "mul", "concat", "ave"].contains(mergeMode!) else {
            throw KerasError(.value, "Invalid merge mode. Received: \(mergeMode!). Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", None}")
        }
        self.forward = layer; self.backward = backward; self.mergeMode = mergeMode
        try super.init(context: context, name: name, baseName: "bidirectional")
    }
    public override var parameterCount: Int { forward.parameterCount + backward.parameterCount }
    public override var trainableParameterCount: Int { forward.trainableParameterCount + backward.trainableParameterCount }
    public override func build(_ inputs: [[Int?]]) throws {
        if !forward.built { try forward.build(inputs); forward.markBuilt() }
        if !backward.built { try backward.build(inputs); backward.markBuilt() }
    }
    /// The merged output (both directions' for merge_mode=None), then, when the wrapped layer
    /// returns its states, the forward states and the backward ones, as Keras orders them.
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let all = try forward.outputShapes(inputs), f = all[0], states = Array(all.dropFirst())
        if mergeMode == "concat" { return [Array(f.dropLast()) + [f.last!.map { $0 * 2 }]] + states + states }
        if mergeMode == nil { return [f, f] + states + states }
        return [f] + states + states
    }

    public override func weightEntries() -> [WeightEntry] { forward.weightEntries() + backward.weightEntries() }
    public override func setTrainable(_ value: Bool) { trainable = value; forward.setTrainable(value); backward.setTrainable(value) }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0]
        let forwardOutputs = try forward.forward([x], training: training), f = forwardOutputs[0]
        let reversed = try x.reversed(axis: 1)
        reversed.mask = try x.mask.map { try $0.take(Array((0..<$0.shape[1]).reversed()), indexShape: [$0.shape[1]], axis: 1) }
        let backwardOutputs = try backward.forward([reversed], training: training)
        var b = backwardOutputs[0]
        if b.shape.count == 3 { b = try b.reversed(axis: 1) }
        let merged: [Variable]
        switch mergeMode {
        case "concat": merged = [try Variable.concatenate([f, b], axis: f.shape.count - 1)]
        case "sum": merged = [try Variable.binary(.add, f, b)]
        case "mul": merged = [try Variable.binary(.mul, f, b)]
        case "ave": merged = [try Variable.binary(.mul, try Variable.binary(.add, f, b), Variable(try Tensor.scalar(0.5)))]
        default: merged = [f, b]
        }
        if f.shape.count == 3 { for m in merged { m.mask = x.mask } }
        return merged + forwardOutputs.dropFirst() + backwardOutputs.dropFirst()
    }
}

/// reset_states() on a recurrent layer (or a wrapper or model holding some): its states are zeros again.
public func resetRecurrentStates(_ layer: Layer) throws {
    switch layer {
    case let l as LSTM: try l.options.resetStates()
    case let l as GRU: try l.options.resetStates()
    case let l as SimpleRNN: try l.options.resetStates()
    case let b as Bidirectional: try resetRecurrentStates(b.forward); try resetRecurrentStates(b.backward)
    case let m as Model: for inner in m.layers { try resetRecurrentStates(inner) }
    default: break
    }
}

/// A stateful recurrent layer's current states: zeros until a call moves them on (nil when the
/// layer is not stateful, or its batch size is not known yet).
public func recurrentStates(_ layer: Layer) throws -> [Tensor]? {
    let (options, sizes): (RecurrentOptions, [Int])
    switch layer {
    case let l as LSTM: (options, sizes) = (l.options, [l.units, l.units])
    case let l as GRU: (options, sizes) = (l.options, [l.units])
    case let l as SimpleRNN: (options, sizes) = (l.options, [l.units])
    default: return nil
    }
    guard options.stateful else { return nil }
    if let c = options.carried { return c }
    guard let batch = layer.inboundNodes.first?.inputs.first?.shape.first ?? nil else { return nil }
    return try sizes.map { try Tensor.zeros([batch, $0]) }
}
