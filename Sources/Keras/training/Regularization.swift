// Weight regularizers (penalties added to the loss) and constraints (applied to a weight after
// each optimizer step), with Keras's formulas.
import KTensor

public enum Regularizer: Equatable {
    case l1l2(l1: Double, l2: Double)
    case orthogonal(factor: Double, rows: Bool)

    /// The penalty for one weight, as a differentiable scalar.
    public func penalty(_ w: Variable) throws -> Variable {
        switch self {
        case .l1l2(let l1, let l2):
            var total = Variable(try Tensor.scalar(0))
            if l1 != 0 {
                let s = try Variable.unary(.abs, w).sum()
                total = try Variable.binary(.add, total, try Variable.binary(.mul, s, Variable(try Tensor.scalar(l1))))
            }
            if l2 != 0 {
                let s = try Variable.unary(.square, w).sum()
                total = try Variable.binary(.add, total, try Variable.binary(.mul, s, Variable(try Tensor.scalar(l2))))
            }
            return total
        case .orthogonal:
            throw KerasError(.notImplemented, "OrthogonalRegularizer is not implemented in kscript yet")
        }
    }
}

public enum Constraint: Equatable {
    case maxNorm(maxValue: Double, axis: [Int])
    case minMaxNorm(minValue: Double, maxValue: Double, rate: Double, axis: [Int])
    case nonNeg
    case unitNorm(axis: [Int])

    /// The constrained value of a weight.
    public func apply(_ w: Tensor) throws -> Tensor {
        let eps = 1e-7
        func norms(_ axis: [Int]) throws -> Tensor {
            let ax = axis.map { $0 < 0 ? $0 + w.rank : $0 }
            return try Tensor.unary(.sqrt, try Tensor.unary(.square, w).reduce(.sum, axes: ax, keepdims: true))
        }
        func rescale(_ norm: Tensor, _ desired: Tensor) throws -> Tensor {
            let denominator = try Tensor.binary(.add, norm, try Tensor.scalar(eps))
            return try Tensor.binary(.mul, w, try Tensor.binary(.div, desired, denominator))
        }
        switch self {
        case .nonNeg:
            return try Tensor.binary(.maximum, w, try Tensor.scalar(0))
        case .unitNorm(let axis):
            let n = try norms(axis)
            return try rescale(n, try Tensor.binary(.add, try Tensor.zeros(n.shape), try Tensor.scalar(1)))
        case .maxNorm(let maxValue, let axis):
            let n = try norms(axis)
            return try rescale(n, try Tensor.binary(.minimum, n, try Tensor.scalar(maxValue)))
        case .minMaxNorm(let lo, let hi, let rate, let axis):
            let n = try norms(axis)
            let clipped = try Tensor.binary(.minimum, try Tensor.binary(.maximum, n, try Tensor.scalar(lo)), try Tensor.scalar(hi))
            let desired = try Tensor.binary(.add, try Tensor.binary(.mul, clipped, try Tensor.scalar(rate)),
                                            try Tensor.binary(.mul, n, try Tensor.scalar(1 - rate)))
            return try rescale(n, desired)
        }
    }
}
