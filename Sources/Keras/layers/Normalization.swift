// BatchNormalization (with non-trainable moving statistics) and LayerNormalization: a learned
// scale (gamma) and offset (beta) per feature of one axis. Normalization: fixed or adapted statistics.
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
    public override var propagatesMask: Bool { true }
    override var keepsMovingStatistics: Bool { true }
}

public final class LayerNormalization: NormalizationLayer {
    public override var propagatesMask: Bool { true }
}

/// Keras's preprocessing Normalization: (x - mean) / sqrt(variance) per position of the kept axes,
/// with the statistics given to the constructor or learned by adapt() (then held as non-trainable
/// weights mean, variance and count, as Keras holds them); `invert` undoes it.
public final class Normalization: Layer {
    /// The kept axes as given (nil: one mean and variance over everything).
    public let axes: [Int]?
    public let invert: Bool
    /// Statistics given to the constructor (a single value or one per kept position).
    let given: (mean: [Double], variance: [Double])?
    var kept: [Int] = []
    /// The input shape the layer was built for.
    public private(set) var builtShape: [Int?]?

    public override var createsWeights: Bool { given == nil }

    public init(context: KerasContext, axes: [Int]?, mean: [Double]?, variance: [Double]?, invert: Bool, name: String?) throws {
        if (mean == nil) != (variance == nil) {
            throw KerasError(.value, "When setting values directly, both `mean` and `variance` must be set. Received: mean=\(mean.map { "\($0)" } ?? "None") and variance=\(variance.map { "\($0)" } ?? "None")")
        }
        self.axes = axes; self.invert = invert
        given = mean.map { ($0, variance!) }
        try super.init(context: context, name: name)
    }

    public override func build(_ inputs: [[Int?]]) throws {
        let s = inputs[0], rank = s.count
        builtShape = s
        kept = try (axes ?? []).map { a in
            let k = a < 0 ? a + rank : a
            guard k >= 0 && k < rank else { throw KerasError(.value, "All `axis` values must be in the range [-ndim, ndim). Received inputs with ndim=\(rank), while axis=\(axes!)") }
            guard s[k] != nil else { throw KerasError(.value, "All `axis` values to be kept must have a known shape. Received axis=\(axes!), inputs.shape=\(KerasTensor.describe(s)), with unknown axis at index \(k)") }
            return k
        }
        guard given == nil else { return }
        let shape = kept.map { s[$0]! }
        try addWeight("mean", shape, trainable: false, initializer: .zeros)
        try addWeight("variance", shape, trainable: false, initializer: .ones)
        try addWeight("count", [], trainable: false, initializer: .zeros)
    }

    /// The mean and variance of `data` over every axis but the kept ones, as numpy computes them.
    public func adapt(_ data: Tensor) throws {
        if !built { try build([data.shape.map { $0 }]); built = true }
        guard given == nil else { return }
        let reduced = (0..<data.rank).filter { !kept.contains($0) }
        let x = data.dtype.isFloating ? data : try data.astype(.float64)
        let mean = try x.reduce(.mean, axes: reduced, keepdims: true)
        let centered = try Tensor.binary(.sub, x, mean)
        let variance = try Tensor.binary(.mul, centered, centered).reduce(.mean, axes: reduced)
        try store(mean, as: "mean")
        try store(variance, as: "variance")
    }

    /// Writes `values` (as many as the weight holds) into a weight, as float32.
    func store(_ values: Tensor, as name: String) throws {
        let target = weight(name)!.value, source = try values.astype(.float32).contiguous()
        guard source.count == target.count, target.isContiguous else { throw KerasError(.value, "adapt() data does not match the layer's \(name)") }
        target.base(Float.self).update(from: source.base(Float.self), count: source.count)
    }

    /// The mean or variance in the shape that broadcasts against an input of `rank` axes (nil before build).
    public func statistic(_ name: String, rank: Int, _ shape: [Int?]) throws -> Tensor? {
        let broadcast = (0..<rank).map { kept.contains($0) ? (shape[$0] ?? 1) : 1 }
        if let w = weight(name) { return try w.value.reshaped(broadcast) }
        guard let v = name == "mean" ? given?.mean : given?.variance else { return nil }
        let t = try Tensor(v.map { Float($0) }, shape: [v.count])
        return v.count == 1 ? try t.reshaped(Array(repeating: 1, count: rank)) : try t.reshaped(broadcast)
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0].value.dtype == .float32 ? inputs[0] : Variable(try inputs[0].value.astype(.float32))
        let rank = x.shape.count
        // Given statistics need no weights, so the layer was never built: find its kept axes now.
        if builtShape == nil { try build([x.shape.map { $0 }]) }
        let broadcast = (0..<rank).map { kept.contains($0) ? x.shape[$0] : 1 }
        func statistic(_ name: String, _ values: [Double]?) throws -> Variable {
            if let w = weight(name) { return try w.reshaped(broadcast) }
            let v = values!
            let t = try Tensor(v.map { Float($0) }, shape: [v.count])
            return Variable(v.count == 1 ? try t.reshaped(Array(repeating: 1, count: rank)) : try t.reshaped(broadcast))
        }
        let mean = try statistic("mean", given?.mean), variance = try statistic("variance", given?.variance)
        let spread = try Variable.binary(.maximum, try Variable.unary(.sqrt, variance), Variable(try Tensor.scalar(1e-7, dtype: .float32)))
        if invert { return [try Variable.binary(.add, mean, try Variable.binary(.mul, x, spread))] }
        return [try Variable.binary(.div, try Variable.binary(.sub, x, mean), spread)]
    }
}
