// BatchNormalization (with non-trainable moving statistics) and LayerNormalization: a learned
// scale (gamma) and offset (beta) per feature of one axis.

public class NormalizationLayer: Layer {
    public override var createsWeights: Bool { true }
    public let axis: Int, center: Bool, scale: Bool
    /// BatchNormalization also keeps moving averages of the mean and variance.
    var keepsMovingStatistics: Bool { false }

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
        if keepsMovingStatistics {
            addWeight("moving_mean", [n], trainable: false)
            addWeight("moving_variance", [n], trainable: false)
        }
    }
}

public final class BatchNormalization: NormalizationLayer {
    override var keepsMovingStatistics: Bool { true }
}

public final class LayerNormalization: NormalizationLayer {}
