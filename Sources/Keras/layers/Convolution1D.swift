// Conv1D, the 1-D poolings and the global poolings (channels-last).

public final class Conv1D: Layer {
    public override var createsWeights: Bool { true }
    public let filters: Int, kernelSize: Int, stride: Int, same: Bool, useBias: Bool
    public let activation: String

    public init(context: KerasContext, filters: Int, kernelSize: Int, stride: Int = 1, padding: String = "valid",
                activation: String = "linear", useBias: Bool = true, name: String?) throws {
        guard filters > 0 else { throw KerasError(.value, "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters).") }
        self.filters = filters; self.kernelSize = kernelSize; self.stride = stride; self.same = padding == "same"
        self.activation = activation; self.useBias = useBias
        try super.init(context: context, name: name)
    }

    public override func build(_ inputs: [[Int?]]) throws {
        guard let s = inputs.first, s.count == 3, let channels = s[2] else {
            throw KerasError(.value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=3, found ndim=\(inputs.first?.count ?? 0). Full shape received: \(KerasTensor.describe(inputs.first ?? []))")
        }
        addWeight("kernel", [kernelSize, channels, filters])
        if useBias { addWeight("bias", [filters]) }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0], windowOutput(s[1], kernelSize, stride, same: same), filters]]
    }
}

/// MaxPooling1D / AveragePooling1D.
public final class Pooling1D: Layer {
    let kind: String
    public let poolSize: Int, stride: Int, same: Bool
    public init(context: KerasContext, kind: String, poolSize: Int = 2, stride: Int? = nil, padding: String = "valid", name: String?) throws {
        self.kind = kind; self.poolSize = poolSize; self.stride = stride ?? poolSize; self.same = padding == "same"
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        guard s.count == 3 else {
            throw KerasError(.value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=3, found ndim=\(s.count). Full shape received: \(KerasTensor.describe(s))")
        }
        return [[s[0], windowOutput(s[1], poolSize, stride, same: same), s[2]]]
    }
}

/// GlobalMaxPooling1D/2D and GlobalAveragePooling1D/2D: one value per channel.
public final class GlobalPooling: Layer {
    let kind: String
    let rank: Int
    public init(context: KerasContext, kind: String, rank: Int, name: String?) throws {
        self.kind = kind; self.rank = rank
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        guard s.count == rank + 2 else {
            throw KerasError(.value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=\(rank + 2), found ndim=\(s.count). Full shape received: \(KerasTensor.describe(s))")
        }
        return [[s[0], s.last ?? nil]]
    }
}
