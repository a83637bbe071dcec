// SimpleRNN and GRU (Keras's reset_after=True form), and the Bidirectional wrapper.

public final class SimpleRNN: Layer {
    public override var createsWeights: Bool { true }
    public let units: Int, returnSequences: Bool
    public init(context: KerasContext, units: Int, returnSequences: Bool = false, name: String?) throws {
        guard units > 0 else { throw KerasError(.value, "Received an invalid value for argument `units`, expected a positive integer, got \(units).") }
        self.units = units; self.returnSequences = returnSequences
        try super.init(context: context, name: name, baseName: "simple_rnn")
    }
    public override func twin(named n: String) throws -> Layer? {
        try SimpleRNN(context: context, units: units, returnSequences: returnSequences, name: n)
    }
    public override func build(_ inputs: [[Int?]]) throws {
        let features = try recurrentFeatures(inputs, name)
        addWeight("kernel", [features, units])
        addWeight("recurrent_kernel", [units, units])
        addWeight("bias", [units])
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [returnSequences ? [s[0], s[1], units] : [s[0], units]]
    }
}

public final class GRU: Layer {
    public override var createsWeights: Bool { true }
    public let units: Int, returnSequences: Bool, resetAfter: Bool
    public init(context: KerasContext, units: Int, returnSequences: Bool = false, resetAfter: Bool = true, name: String?) throws {
        guard units > 0 else { throw KerasError(.value, "Received an invalid value for argument `units`, expected a positive integer, got \(units).") }
        self.units = units; self.returnSequences = returnSequences; self.resetAfter = resetAfter
        try super.init(context: context, name: name)
    }
    public override var className: String { "GRU" }
    public override func twin(named n: String) throws -> Layer? {
        try GRU(context: context, units: units, returnSequences: returnSequences, resetAfter: resetAfter, name: n)
    }
    public override func build(_ inputs: [[Int?]]) throws {
        let features = try recurrentFeatures(inputs, name)
        addWeight("kernel", [features, 3 * units])
        addWeight("recurrent_kernel", [units, 3 * units])
        addWeight("bias", resetAfter ? [2, 3 * units] : [3 * units])
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [returnSequences ? [s[0], s[1], units] : [s[0], units]]
    }
}

/// The feature count of a recurrent layer's (batch, time, features) input.
func recurrentFeatures(_ inputs: [[Int?]], _ name: String) throws -> Int {
    guard let s = inputs.first, s.count == 3, let features = s[2] else {
        throw KerasError(.value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=3, found ndim=\(inputs.first?.count ?? 0). Full shape received: \(KerasTensor.describe(inputs.first ?? []))")
    }
    return features
}

public final class Bidirectional: Layer {
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
    public override var trainableParameterCount: Int { trainable ? forward.trainableParameterCount + backward.trainableParameterCount : 0 }
    public override func build(_ inputs: [[Int?]]) throws {
        if !forward.built { try forward.build(inputs); forward.markBuilt() }
        if !backward.built { try backward.build(inputs); backward.markBuilt() }
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let f = try forward.outputShapes(inputs)[0]
        if mergeMode == "concat" { return [Array(f.dropLast()) + [f.last!.map { $0 * 2 }]] }
        if mergeMode == nil { return [f, f] }
        return [f]
    }
}
