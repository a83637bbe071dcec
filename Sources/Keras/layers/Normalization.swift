// BatchNormalization (with non-trainable moving statistics) and LayerNormalization: a learned
// scale (gamma) and offset (beta) per feature of one axis.
import KTensor

public class NormalizationLayer: Layer {
    public override var createsWeights: Bool { true }
    public let axis: Int, center: Bool, scale: Bool
    public let momentum: Double, epsilon: Double
    /// BatchNormalization also keeps moving averages of the mean and variance.
    var keepsMovingStatistics: Bool { false }

    public init(context: KerasContext, axis: Int = -1, momentum: Double = 0.99, epsilon: Double = 1e-3,
                center: Bool = true, scale: Bool = true, name: String?) throws {
        self.axis = axis; self.center = center; self.scale = scale; self.momentum = momentum; self.epsilon = epsilon
        try super.init(context: context, name: name)
    }

    public override func build(_ inputs: [[Int?]]) throws {
        let s = inputs[0]
        let ax = axis < 0 ? axis + s.count : axis
        guard ax >= 0 && ax < s.count, let n = s[ax] else {
            throw KerasError(.value, "Axis \(axis) of input tensor should have a defined dimension but the layer received an input with shape \(KerasTensor.describe(s)).")
        }
        if scale { try addWeight("gamma", [n]) }
        if center { try addWeight("beta", [n]) }
        if keepsMovingStatistics {
            try addWeight("moving_mean", [n], trainable: false)
            try addWeight("moving_variance", [n], trainable: false)
        }
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0], rank = x.shape.count
        let ax = axis < 0 ? axis + rank : axis
        let perFeature = (0..<rank).map { $0 == ax ? x.shape[ax] : 1 }
        func feature(_ name: String) throws -> Variable? { try weight(name)?.reshaped(perFeature) }
        let normalized: Variable
        if keepsMovingStatistics && !training {
            let mean = try feature("moving_mean")!, variance = try feature("moving_variance")!
            normalized = try Variable.binary(.div, try Variable.binary(.sub, x, mean), try deviation(variance))
        } else {
            // Statistics of this batch: over every axis but the feature axis (BatchNormalization),
            // or over the feature axis of each sample (LayerNormalization).
            let axes = keepsMovingStatistics ? (0..<rank).filter { $0 != ax } : [ax]
            let mean = try x.mean(axes: axes, keepdims: true)
            let centered = try Variable.binary(.sub, x, mean)
            let variance = try Variable.unary(.square, centered).mean(axes: axes, keepdims: true)
            normalized = try Variable.binary(.div, centered, try deviation(variance))
            if keepsMovingStatistics { try updateMovingStatistics(mean.value, variance.value) }
        }
        var y = normalized
        if let gamma = try feature("gamma") { y = try Variable.binary(.mul, y, gamma) }
        if let beta = try feature("beta") { y = try Variable.binary(.add, y, beta) }
        return [y]
    }

    func deviation(_ variance: Variable) throws -> Variable {
        try Variable.unary(.sqrt, try Variable.binary(.add, variance, Variable(try Tensor.scalar(epsilon))))
    }

    /// moving = moving * momentum + batch * (1 - momentum), for the mean and the variance.
    func updateMovingStatistics(_ mean: Tensor, _ variance: Tensor) throws {
        for (name, batch) in [("moving_mean", mean), ("moving_variance", variance)] {
            guard let moving = weight(name) else { continue }
            let kept = try Tensor.binary(.mul, moving.value, try Tensor.scalar(momentum))
            let added = try Tensor.binary(.mul, try batch.reshaped(moving.shape), try Tensor.scalar(1 - momentum))
            moving.value = try Tensor.binary(.add, kept, added).astype(moving.value.dtype)
        }
    }
}

public final class BatchNormalization: NormalizationLayer {
    override var keepsMovingStatistics: Bool { true }
}

public final class LayerNormalization: NormalizationLayer {}
