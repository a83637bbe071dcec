// Differentiable operations on Variables, each with its backward rule.

extension Variable {
    public static func binary(_ op: BinaryOp, _ a: Variable, _ b: Variable) throws -> Variable {
        let out = try Tensor.binary(op, a.value, b.value)
        let (x, y) = (a.value, b.value)
        return record(out, [a, b]) { g in
            let ga: Tensor, gb: Tensor
            switch op {
            case .add: ga = g; gb = g
            case .sub: ga = g; gb = try Tensor.unary(.neg, g)
            case .mul: ga = try Tensor.binary(.mul, g, y); gb = try Tensor.binary(.mul, g, x)
            case .div:
                ga = try Tensor.binary(.div, g, y)
                gb = try Tensor.unary(.neg, try Tensor.binary(.div, try Tensor.binary(.mul, g, out), y))
            case .pow:
                // d/dx x^y = y x^(y-1);  d/dy x^y = x^y log x
                let one = try Tensor.scalar(1, dtype: y.dtype)
                ga = try Tensor.binary(.mul, g, try Tensor.binary(.mul, y, try Tensor.binary(.pow, x, try Tensor.binary(.sub, y, one))))
                gb = try Tensor.binary(.mul, g, try Tensor.binary(.mul, out, try Tensor.unary(.log, x)))
            case .maximum, .minimum:
                let pickA = try Tensor.zeros(out.shape, dtype: out.dtype), pickB = try Tensor.zeros(out.shape, dtype: out.dtype)
                let xa = try Tensor.binary(.add, x, try Tensor.zeros(out.shape, dtype: x.dtype)).doubles()
                let yb = try Tensor.binary(.add, y, try Tensor.zeros(out.shape, dtype: y.dtype)).doubles()
                for k in 0..<out.count {
                    let aWins = op == .maximum ? xa[k] >= yb[k] : xa[k] <= yb[k]
                    (aWins ? pickA : pickB).setDouble(1, at: k)
                }
                ga = try Tensor.binary(.mul, g, pickA); gb = try Tensor.binary(.mul, g, pickB)
            case .floorDiv:
                // A step function: zero slope wherever it is differentiable.
                ga = try Tensor.zeros(out.shape, dtype: out.dtype); gb = ga
            case .mod:
                // x mod y = x - floor(x / y) * y
                ga = g
                gb = try Tensor.unary(.neg, try Tensor.binary(.mul, g, try Tensor.binary(.floorDiv, x, y)))
            }
            return [try ga.sumTo(x.shape), try gb.sumTo(y.shape)]
        }
    }

    public static func unary(_ op: UnaryOp, _ a: Variable) throws -> Variable {
        let out = try Tensor.unary(op, a.value)
        let x = a.value
        return record(out, [a]) { g in
            let local: Tensor
            switch op {
            case .neg: return [try Tensor.unary(.neg, g)]
            case .exp: local = out
            case .log: local = try Tensor.binary(.div, try Tensor.scalar(1, dtype: out.dtype), x)
            case .sqrt: local = try Tensor.binary(.div, try Tensor.scalar(0.5, dtype: out.dtype), out)
            case .tanh: local = try Tensor.binary(.sub, try Tensor.scalar(1, dtype: out.dtype), try Tensor.unary(.square, out))
            case .sigmoid: local = try Tensor.binary(.mul, out, try Tensor.binary(.sub, try Tensor.scalar(1, dtype: out.dtype), out))
            case .relu:
                local = try Tensor.zeros(x.shape, dtype: out.dtype)
                for (k, v) in x.doubles().enumerated() where v > 0 { local.setDouble(1, at: k) }
            case .abs:
                local = try Tensor.zeros(x.shape, dtype: out.dtype)
                for (k, v) in x.doubles().enumerated() { local.setDouble(v > 0 ? 1 : (v < 0 ? -1 : 0), at: k) }
            case .square: local = try Tensor.binary(.mul, try Tensor.scalar(2, dtype: out.dtype), x)
            }
            return [try Tensor.binary(.mul, g, local)]
        }
    }

    public static func matmul(_ a: Variable, _ b: Variable) throws -> Variable {
        let (x, y) = (a.value, b.value)
        return record(try Tensor.matmul(x, y), [a, b]) { g in
            [try Tensor.matmul(g, try y.transposed()), try Tensor.matmul(try x.transposed(), g)]
        }
    }

    public func sum(axes: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
        try reduce(.sum, axes: axes, keepdims: keepdims)
    }

    public func mean(axes: [Int]? = nil, keepdims: Bool = false) throws -> Variable {
        try reduce(.mean, axes: axes, keepdims: keepdims)
    }

    func reduce(_ op: ReduceOp, axes: [Int]?, keepdims: Bool) throws -> Variable {
        let x = value
        let ax = try x.normalizedAxes(axes)
        let out = try x.reduce(op, axes: ax, keepdims: keepdims)
        let kept = x.shape.enumerated().map { ax.contains($0.offset) ? 1 : $0.element }
        let n = Double(ax.reduce(1) { $0 * x.shape[$1] })
        return Variable.record(out, [self]) { g in
            var spread = try Tensor.binary(.add, try g.reshaped(kept), try Tensor.zeros(x.shape, dtype: g.dtype))
            if op == .mean { spread = try Tensor.binary(.div, spread, try Tensor.scalar(n, dtype: g.dtype)) }
            return [spread]
        }
    }
}
