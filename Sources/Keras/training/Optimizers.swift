// Keras 3's optimizers with their defaults and update rules (SGD with momentum/nesterov and the
// Keras 2 time-based `decay`, RMSprop, Adam/AdamW with amsgrad, Adagrad, Adadelta, Adamax, Nadam),
// gradient clipping, weight decay and learning-rate schedules. Updates run in place on float32.
import Foundation
import CKernels
import KTensor

public enum LearningRate {
    case constant(Double)
    case exponentialDecay(initial: Double, steps: Double, rate: Double, staircase: Bool)
    case piecewiseConstant(boundaries: [Double], values: [Double])
    case inverseTimeDecay(initial: Double, steps: Double, rate: Double, staircase: Bool)
    case cosineDecay(initial: Double, steps: Double, alpha: Double)

    public func at(step: Int) -> Double {
        let s = Double(step)
        switch self {
        case .constant(let v): return v
        case .exponentialDecay(let initial, let steps, let rate, let staircase):
            let p = staircase ? (s / steps).rounded(.down) : s / steps
            return initial * pow(rate, p)
        case .piecewiseConstant(let boundaries, let values):
            for (i, b) in boundaries.enumerated() where s <= b { return values[i] }
            return values.last ?? 0
        case .inverseTimeDecay(let initial, let steps, let rate, let staircase):
            let p = staircase ? (s / steps).rounded(.down) : s / steps
            return initial / (1 + rate * p)
        case .cosineDecay(let initial, let steps, let alpha):
            let cosine = 0.5 * (1 + cos(Double.pi * Swift.min(s, steps) / steps))
            return initial * ((1 - alpha) * cosine + alpha)
        }
    }
}

public final class Optimizer {
    public enum Kind: String, CaseIterable { case sgd, rmsprop, adam, adamw, adagrad, adadelta, adamax, nadam }
    public let kind: Kind
    public var learningRate: LearningRate
    public var momentum = 0.0, nesterov = false
    public var beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false
    public var rho = 0.9, centered = false
    public var initialAccumulator = 0.1
    public var weightDecay: Double?
    /// Keras 2's time-based decay: lr / (1 + decay * iterations).
    public var decay = 0.0
    public var clipnorm: Double?, clipvalue: Double?, globalClipnorm: Double?
    public var iterations = 0
    /// Per-variable state (momentum, moments, accumulators), made on first use.
    var slots: [ObjectIdentifier: [Tensor]] = [:]
    var momentumProduct = 1.0

    public init(_ kind: Kind) {
        self.kind = kind
        switch kind {
        case .sgd: learningRate = .constant(0.01)
        case .adadelta: learningRate = .constant(0.001); rho = 0.95
        case .adamw: learningRate = .constant(0.001); weightDecay = 0.004
        default: learningRate = .constant(0.001)
        }
    }

    /// The class name Keras shows (`SGD`, `Adam`, ...).
    public var className: String {
        ["sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam", "adamw": "AdamW", "adagrad": "Adagrad",
         "adadelta": "Adadelta", "adamax": "Adamax", "nadam": "Nadam"][kind.rawValue]!
    }

    /// The number of values the optimizer keeps once built by a first step (its iteration count,
    /// learning rate and per-variable slots, as Keras counts them); nil before.
    public var variableCount: Int? {
        guard iterations > 0 || !slots.isEmpty else { return nil }
        return 2 + (kind == .nadam ? 1 : 0) + slots.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
    }

    /// The learning rate of the next step.
    public var currentLearningRate: Double {
        let lr = learningRate.at(step: iterations)
        return decay > 0 ? lr / (1 + decay * Double(iterations)) : lr
    }

    /// The next step's learning rate when the step is plain gradient descent, value -= rate ·
    /// gradient (SGD without momentum, clipping or weight decay), which the backward pass may
    /// then apply itself (Variable.descentRate); nil otherwise.
    public var plainDescentRate: Float? {
        guard kind == .sgd, momentum == 0, clipvalue == nil, clipnorm == nil, globalClipnorm == nil, (weightDecay ?? 0) == 0 else { return nil }
        return Float(currentLearningRate)
    }

    /// One step: clip the gradients, decay the weights, update each variable, count the step.
    public func apply(_ pairs: [(Variable, Tensor)]) throws {
        var grads = try pairs.map { try $0.1.dense(.float32) }
        if let c = clipvalue { grads = try grads.map { try clip($0, c) } }
        if let c = clipnorm { grads = try grads.map { try scale($0, c / Swift.max(norm([$0]), c)) } }
        if let c = globalClipnorm { let n = norm(grads); if n > c { grads = try grads.map { try scale($0, c / n) } } }
        let lr = currentLearningRate
        if kind == .nadam { momentumProduct *= beta1 * (1 - 0.5 * pow(0.96, Double(iterations + 1))) }
        for ((variable, _), g) in zip(pairs, grads) {
            if variable.value.dtype != .float32 || !variable.value.isContiguous || variable.value.offset != 0 {
                variable.value = try variable.value.dense(.float32)
            }
            if let wd = weightDecay, wd > 0 {
                let p = variable.value.base(Float.self), f = Float(wd * lr)
                for i in 0..<variable.value.count { p[i] -= p[i] * f }
            }
            try update(variable.value, g, lr: lr, state: try state(for: variable))
        }
        iterations += 1
    }

    func norm(_ ts: [Tensor]) -> Double {
        var s = 0.0
        for t in ts { let p = t.base(Float.self); for i in 0..<t.count { s += Double(p[i]) * Double(p[i]) } }
        return s.squareRoot()
    }

    func scale(_ t: Tensor, _ factor: Double) throws -> Tensor { try Tensor.binary(.mul, t, try Tensor.scalar(factor)) }

    func clip(_ t: Tensor, _ c: Double) throws -> Tensor {
        try Tensor.binary(.minimum, try Tensor.binary(.maximum, t, try Tensor.scalar(-c)), try Tensor.scalar(c))
    }

    /// Makes the per-variable state a first step would (what a loaded model's optimizer has).
    public func build(_ variables: [Variable]) throws { for v in variables { _ = try state(for: v) } }

    func state(for v: Variable) throws -> [Tensor] {
        if let s = slots[ObjectIdentifier(v)] { return s }
        let count: Int
        switch kind {
        case .sgd: count = momentum != 0 ? 1 : 0
        case .rmsprop: count = 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0)
        case .adam, .adamw: count = amsgrad ? 3 : 2
        case .adagrad: count = 1
        case .adadelta, .adamax, .nadam: count = 2
        }
        let s = try (0..<count).map { _ in try Tensor.zeros(v.value.shape, dtype: .float32) }
        if kind == .adagrad { let p = s[0].base(Float.self); for i in 0..<s[0].count { p[i] = Float(initialAccumulator) } }
        slots[ObjectIdentifier(v)] = s
        return s
    }

    /// Keras's update rule for one variable, in place (the loops are CKernels' vector code).
    func update(_ variable: Tensor, _ grad: Tensor, lr: Double, state: [Tensor]) throws {
        let lrF = Float(lr), eps = Float(epsilon), b1 = Float(beta1), b2 = Float(beta2)
        let step = Double(iterations + 1)
        let alpha = Float(lr * (1 - pow(beta2, step)).squareRoot() / (1 - pow(beta1, step)))
        let uT = beta1 * (1 - 0.5 * pow(0.96, step)), uNext = beta1 * (1 - 0.5 * pow(0.96, step + 1))
        let productNext = momentumProduct * uNext
        let c1 = Float(uNext / (1 - productNext)), c2 = Float((1 - uT) / (1 - momentumProduct))
        // A big variable (a Dense kernel of 200k elements and up, an embedding table) is updated
        // half on each core.
        forEachHalf(0..<variable.count, work: variable.count) { range in
            let start = range.lowerBound, n = range.count
            let p = variable.base(Float.self) + start, g = UnsafePointer(grad.base(Float.self) + start)
            /// State array k from this range's start, or nil when this configuration keeps fewer.
            func slot(_ k: Int) -> UnsafeMutablePointer<Float>? { k < state.count ? state[k].base(Float.self) + start : nil }
            switch kind {
            case .sgd:
                ks_sgd_f32(p, g, slot(0), n, lrF, Float(momentum), nesterov ? 1 : 0)
            case .rmsprop:
                let mom = momentum > 0 ? slot(1) : nil, average = centered ? slot(state.count - 1) : nil
                ks_rmsprop_f32(p, g, slot(0), mom, average, n, Float(rho), lrF, eps, Float(momentum))
            case .adam, .adamw:
                ks_adam_f32(p, g, slot(0), slot(1), amsgrad ? slot(2) : nil, n, b1, b2, alpha, eps)
            case .adagrad:
                ks_adagrad_f32(p, g, slot(0), n, lrF, eps)
            case .adadelta:
                ks_adadelta_f32(p, g, slot(0), slot(1), n, Float(rho), lrF, eps)
            case .adamax:
                ks_adamax_f32(p, g, slot(0), slot(1), n, b1, b2, lrF, Float(1 - pow(beta1, step)), eps)
            case .nadam:
                ks_nadam_f32(p, g, slot(0), slot(1), n, b1, b2, c1, c2, lrF, Float(1 - pow(beta2, step)), eps)
            }
        }
    }
}
