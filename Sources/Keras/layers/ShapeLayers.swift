// Layers that keep or reshape their input without weights: Activation, Dropout, Flatten, Rescaling.
import KTensor

public final class Activation: Layer {
    public override var propagatesMask: Bool { true }
    public let activation: String
    public init(context: KerasContext, activation: String, name: String?) throws {
        self.activation = activation
        try super.init(context: context, name: name)
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        [try activated(inputs[0], activation)]
    }
}

public final class Dropout: Layer {
    public override var propagatesMask: Bool { true }
    public let rate: Double
    public init(context: KerasContext, rate: Double, name: String?) throws {
        guard rate >= 0 && rate <= 1 else {
            throw KerasError(.value, "Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)")
        }
        self.rate = rate
        try super.init(context: context, name: name)
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        guard training, rate > 0 else { return inputs }
        return [try Variable.binary(.mul, inputs[0], Variable(try context.dropoutMask(inputs[0].shape, rate: rate)))]
    }
}

public final class Flatten: Layer {
    public override var inputRank: RankRule? { .atLeast(1) }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        guard let s = inputs.first else { return [] }
        let rest = s.dropFirst()
        let n: Int? = rest.contains(where: { $0 == nil }) ? nil : rest.reduce(1) { $0 * $1! }
        return [[s.first ?? nil, n]]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let shape = inputs[0].shape
        return [try inputs[0].reshaped([shape[0], shape.dropFirst().reduce(1, *)])]
    }
}

/// `x * scale + offset` in float32 (pixel values to [0, 1] or [-1, 1] inside the model).
public final class Rescaling: Layer {
    public override var propagatesMask: Bool { true }
    public let scale: Double, offset: Double
    public init(context: KerasContext, scale: Double, offset: Double, name: String?) throws {
        self.scale = scale; self.offset = offset
        try super.init(context: context, name: name)
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0].value.dtype == .float32 ? inputs[0] : Variable(try inputs[0].value.astype(.float32))
        let scaled = try Variable.binary(.mul, x, Variable(try Tensor.scalar(scale, dtype: .float32)))
        return [try Variable.binary(.add, scaled, Variable(try Tensor.scalar(offset, dtype: .float32)))]
    }
}
