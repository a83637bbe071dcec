// Keras's loss functions, as differentiable expressions: each gives one value per sample (the
// last axis reduced), which `reduce` averages over the batch the way Keras does
// ("sum_over_batch_size": the weighted sum divided by the number of values).
import KTensor

public struct Loss {
    public enum Kind: String, CaseIterable {
        case mean_squared_error, mean_absolute_error, mean_absolute_percentage_error, mean_squared_logarithmic_error
        case binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy
        case hinge, squared_hinge, categorical_hinge, kl_divergence, poisson, cosine_similarity, huber, log_cosh
        case binary_focal_crossentropy, categorical_focal_crossentropy
        /// A function given by the script: (targets, predictions) → per-sample values.
        case custom
    }
    public let kind: Kind
    public var fromLogits = false
    public var labelSmoothing = 0.0
    public var delta = 1.0
    /// The focal losses' focusing power, class weight, and whether binary focal weighs classes by it.
    public var gamma = 2.0, alpha = 0.25
    public var applyClassBalancing = false
    /// The script's function, for `.custom`.
    public var function: ((Tensor, Variable) throws -> Variable)?
    /// The name Keras logs it under (the class's snake_case name, or the string given).
    public var name: String

    public static let aliases: [String: Kind] = [
        "mse": .mean_squared_error, "mae": .mean_absolute_error, "mape": .mean_absolute_percentage_error,
        "msle": .mean_squared_logarithmic_error, "kld": .kl_divergence, "kullback_leibler_divergence": .kl_divergence,
        "logcosh": .log_cosh, "huber_loss": .huber,
    ]

    public init(_ kind: Kind, name: String? = nil) { self.kind = kind; self.name = name ?? kind.rawValue }

    /// A loss from its Keras identifier (`'mse'`, `'binary_crossentropy'`, ...), or nil.
    public init?(identifier: String) {
        guard let k = Kind(rawValue: identifier) ?? Loss.aliases[identifier] else { return nil }
        self.init(k, name: identifier)
    }

    static let epsilon = 1e-7

    /// The loss of each sample: `yPred` minus its last axis.
    public func perSample(_ yTrue: Tensor, _ yPred: Variable) throws -> Variable {
        if kind == .custom, let f = function { return try f(yTrue, yPred) }
        let last = [yPred.shape.count - 1]
        var t = yTrue
        if kind != .sparse_categorical_crossentropy && t.shape != yPred.shape {
            t = try matchShape(t, yPred.shape)
        }
        let yt = Variable(t)
        switch kind {
        case .mean_squared_error: return try Variable.unary(.square, try sub(yPred, yt)).mean(axes: last)
        case .mean_absolute_error: return try Variable.unary(.abs, try sub(yPred, yt)).mean(axes: last)
        case .mean_absolute_percentage_error:
            let scale = Variable(try Tensor.binary(.maximum, try Tensor.unary(.abs, t), try Tensor.scalar(Loss.epsilon)))
            return try mul(try Variable.unary(.abs, try div(try sub(yt, yPred), scale)).mean(axes: last), 100)
        case .mean_squared_logarithmic_error:
            func logPlusOne(_ v: Variable) throws -> Variable {
                try Variable.unary(.log, try add(try Variable.binary(.maximum, v, constant(Loss.epsilon)), 1))
            }
            return try Variable.unary(.square, try sub(try logPlusOne(yPred), try logPlusOne(yt))).mean(axes: last)
        case .binary_crossentropy:
            let target = try smoothed(yt, classes: 2)
            if fromLogits {
                // max(x, 0) - x z + log(1 + exp(-|x|))
                let x = yPred
                let positive = try Variable.binary(.maximum, x, constant(0))
                let soft = try Variable.unary(.log, try add(try Variable.unary(.exp, try Variable.unary(.neg, try Variable.unary(.abs, x))), 1))
                return try add(try sub(positive, try Variable.binary(.mul, x, target)), soft).mean(axes: last)
            }
            let p = try yPred.clipped(Loss.epsilon, 1 - Loss.epsilon)
            let positive = try Variable.binary(.mul, target, try Variable.unary(.log, p))
            let negative = try Variable.binary(.mul, try rsub(1, target), try Variable.unary(.log, try rsub(1, p)))
            return try Variable.unary(.neg, try add(positive, negative)).mean(axes: last)
        case .categorical_crossentropy, .sparse_categorical_crossentropy:
            var target = yt
            if kind == .sparse_categorical_crossentropy { target = Variable(try oneHot(yTrue, classes: yPred.shape.last ?? 1, predShape: yPred.shape)) }
            target = try smoothed(target, classes: yPred.shape.last ?? 1)
            let logProbabilities: Variable
            if fromLogits {
                logProbabilities = try yPred.activated(ActivationFunction(.log_softmax))
            } else {
                let total = try yPred.sum(axes: last, keepdims: true)
                let p = try Variable.binary(.div, yPred, total).clipped(Loss.epsilon, 1 - Loss.epsilon)
                logProbabilities = try Variable.unary(.log, p)
            }
            return try Variable.unary(.neg, try Variable.binary(.mul, target, logProbabilities).sum(axes: last))
        case .hinge, .squared_hinge:
            let signed = try signedLabels(t)
            let margin = try Variable.binary(.maximum, try rsub(1, try Variable.binary(.mul, signed, yPred)), constant(0))
            return try (kind == .hinge ? margin : Variable.unary(.square, margin)).mean(axes: last)
        case .categorical_hinge:
            let positive = try Variable.binary(.mul, yt, yPred).sum(axes: last)
            let negative = try maxOver(try Variable.binary(.mul, try rsub(1, yt), yPred))
            return try Variable.binary(.maximum, try add(try sub(negative, positive), 1), constant(0))
        case .kl_divergence:
            let tc = Variable(try Tensor.binary(.minimum, try Tensor.binary(.maximum, t, try Tensor.scalar(Loss.epsilon)), try Tensor.scalar(1)))
            let pc = try yPred.clipped(Loss.epsilon, 1)
            return try Variable.binary(.mul, tc, try Variable.unary(.log, try div(tc, pc))).sum(axes: last)
        case .poisson:
            return try sub(yPred, try Variable.binary(.mul, yt, try Variable.unary(.log, try add(yPred, Loss.epsilon)))).mean(axes: last)
        case .cosine_similarity:
            func normalized(_ v: Variable) throws -> Variable {
                let squares = try Variable.unary(.square, v).sum(axes: last, keepdims: true)
                return try div(v, try Variable.unary(.sqrt, try Variable.binary(.maximum, squares, constant(1e-12))))
            }
            return try Variable.unary(.neg, try Variable.binary(.mul, try normalized(yt), try normalized(yPred)).sum(axes: last))
        case .huber:
            let error = try sub(yPred, yt)
            let absolute = try Variable.unary(.abs, error)
            let quadratic = try Variable.binary(.minimum, absolute, constant(delta))
            let linear = try sub(absolute, quadratic)
            return try add(try mul(try Variable.unary(.square, quadratic), 0.5), try mul(linear, delta)).mean(axes: last)
        case .binary_focal_crossentropy:
            // The crossentropy of each element, scaled by (1 - p_t)^gamma, p_t the probability given to the target.
            let target = try smoothed(yt, classes: 2)
            let p0 = fromLogits ? try yPred.activated(ActivationFunction(.sigmoid)) : yPred
            let p = try p0.clipped(Loss.epsilon, 1 - Loss.epsilon)
            let crossentropy = try Variable.unary(.neg, try add(try Variable.binary(.mul, target, try Variable.unary(.log, p)),
                                                               try Variable.binary(.mul, try rsub(1, target), try Variable.unary(.log, try rsub(1, p)))))
            let pT = try add(try Variable.binary(.mul, target, p0), try Variable.binary(.mul, try rsub(1, target), try rsub(1, p0)))
            var focal = try Variable.binary(.mul, try Variable.binary(.pow, try rsub(1, pT), constant(gamma)), crossentropy)
            if applyClassBalancing {
                focal = try Variable.binary(.mul, try add(try mul(target, alpha), try mul(try rsub(1, target), 1 - alpha)), focal)
            }
            return try focal.mean(axes: last)
        case .categorical_focal_crossentropy:
            let target = try smoothed(yt, classes: yPred.shape.last ?? 1)
            let probabilities = fromLogits ? try yPred.activated(ActivationFunction(.softmax)) : yPred
            let p = try Variable.binary(.div, probabilities, try probabilities.sum(axes: last, keepdims: true)).clipped(Loss.epsilon, 1 - Loss.epsilon)
            let crossentropy = try Variable.unary(.neg, try Variable.binary(.mul, target, try Variable.unary(.log, p)))
            let weight = try mul(try Variable.binary(.pow, try rsub(1, p), constant(gamma)), alpha)
            return try Variable.binary(.mul, weight, crossentropy).sum(axes: last)
        case .custom:
            throw KerasError(.value, "a custom loss needs its function")
        case .log_cosh:
            // log(cosh(x)) = x + softplus(-2x) - log 2
            let x = try sub(yPred, yt)
            let soft = try Variable.unary(.neg, try mul(x, 2)).activated(ActivationFunction(.softplus))
            return try sub(try add(x, soft), constant(0.6931471805599453)).mean(axes: last)
        }
    }

    /// The batch's loss: the mean of the per-sample values, each weighted by its sample weight.
    public func reduce(_ values: Variable, sampleWeight: Tensor?) throws -> Variable {
        guard let w = sampleWeight else { return try values.mean() }
        let weight = try w.reshaped(w.shape + [Int](repeating: 1, count: Swift.max(0, values.shape.count - w.shape.count)))
        return try Variable.binary(.mul, values, Variable(weight)).mean()
    }

    func smoothed(_ target: Variable, classes: Int) throws -> Variable {
        guard labelSmoothing > 0 else { return target }
        let share = kind == .binary_crossentropy || kind == .binary_focal_crossentropy ? 0.5 : 1 / Double(classes)
        return try add(try mul(target, 1 - labelSmoothing), labelSmoothing * share)
    }

    /// {0, 1} labels become {-1, 1} (hinge losses).
    func signedLabels(_ t: Tensor) throws -> Variable {
        let values = t.doubles()
        let isBinary = values.allSatisfy { $0 == 0 || $0 == 1 }
        return Variable(isBinary ? try Tensor.binary(.sub, try Tensor.binary(.mul, t, try Tensor.scalar(2)), try Tensor.scalar(1)) : t)
    }

    func maxOver(_ v: Variable) throws -> Variable {
        let s = v.shape
        let rows = try v.reshaped([s.dropLast().reduce(1, *), 1, s.last ?? 1, 1])
        let geo = ConvGeometry(kernel: (1, s.last ?? 1), strides: (1, 1), padding: ((0, 0), (0, 0)))
        return try Variable.pool2d(rows, max: true, geo).reshaped(Array(s.dropLast()))
    }
}

/// Integer labels (any shape; a trailing axis of 1 is dropped) as one-hot rows.
func oneHot(_ labels: Tensor, classes: Int, predShape: [Int]) throws -> Tensor {
    let ids = labels.doubles()
    let rows = predShape.dropLast().reduce(1, *)
    guard ids.count == rows else {
        throw KerasError(.value, "Arguments `target` and `output` must have the same shape up until the last dimension: target.shape=\(Tensor.describe(labels.shape)), output.shape=\(Tensor.describe(predShape))")
    }
    let out = try Tensor.zeros(predShape, dtype: .float32)
    let p = out.base(Float.self)
    for (r, id) in ids.enumerated() {
        let k = Int(id)
        guard k >= 0 && k < classes else {
            throw KerasError(.value, "Received a label value of \(k) which is outside the valid range of [0, \(classes)). Label values: \(Int(id))")
        }
        p[r * classes + k] = 1
    }
    return out
}

/// Targets shaped (N,) for predictions (N, 1) and the like: Keras squeezes or expands a last axis of 1.
func matchShape(_ t: Tensor, _ shape: [Int]) throws -> Tensor {
    if t.count == shape.reduce(1, *) { return try t.reshaped(shape) }
    throw KerasError(.value, "Arguments `target` and `output` must have the same shape. Received: target.shape=\(Tensor.describe(t.shape)), output.shape=\(Tensor.describe(shape))")
}

func constant(_ x: Double) throws -> Variable { Variable(try Tensor.scalar(x)) }
func add(_ a: Variable, _ b: Variable) throws -> Variable { try Variable.binary(.add, a, b) }
func add(_ a: Variable, _ b: Double) throws -> Variable { try Variable.binary(.add, a, try constant(b)) }
func sub(_ a: Variable, _ b: Variable) throws -> Variable { try Variable.binary(.sub, a, b) }
func rsub(_ a: Double, _ b: Variable) throws -> Variable { try Variable.binary(.sub, try constant(a), b) }
func mul(_ a: Variable, _ b: Double) throws -> Variable { try Variable.binary(.mul, a, try constant(b)) }
func div(_ a: Variable, _ b: Variable) throws -> Variable { try Variable.binary(.div, a, b) }
