// BatchNormalization (with non-trainable moving statistics) and LayerNormalization.

public final class BatchNormalization: Layer {
    public override var createsWeights: Bool { true }
    public let axis: Int, center: Bool, scale: Bool
    public init(context: KerasContext, axis: Int = -1, center: Bool = true, scale: Bool = true, name: String?) throws {
        self.axis = axis; self.center = center; self.scale = scale
        try super.init(context: context, name: name)
    }
    public override func build(_ inputs: [[Int?]]) throws {
        let s = inputs[0]
        let ax = axis < 0 ? axis + s.count : axis
        guard ax >= 0 && ax < s.count, let n = s[ax] else {
            throw KerasError(.value, "Axis \(axis) of input tensor should have a defined dimension but the layer received an input with shape \(KerasTensor.describe(s)).")
        }
        if scale { addWeight("gamma", [n]) }
        if center { addWeight("beta", [n]) }
        addWeight("moving_mean", [n], trainable: false)
        addWeight("moving_variance", [n], trainable: false)
    }
}

public final class LayerNormalization: Layer {
    public override var createsWeights: Bool { true }
    public let axis: Int, center: Bool, scale: Bool
    public init(context: KerasContext, axis: Int = -1, center: Bool = true, scale: Bool = true, name: String?) throws {
        self.axis = axis; self.center = center; self.scale = scale
        try super.init(context: context, name: name)
    }
    public override func build(_ inputs: [[Int?]]) throws {
        let s = inputs[0]
        let ax = axis < 0 ? axis + s.count : axis
        guard ax >= 0 && ax < s.count, let n = s[ax] else {
            throw KerasError(.value, "Axis \(axis) of input tensor should have a defined dimension but the layer received an input with shape \(KerasTensor.describe(s)).")
        }
        if scale { addWeight("gamma", [n]) }
        if center { addWeight("beta", [n]) }
    }
}
