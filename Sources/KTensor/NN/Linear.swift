// The fused dense op: `x @ kernel + bias` over the last axis of x. One GEMM forward, two
// GEMMs and a column sum backward.

extension Variable {
    public static func linear(_ x: Variable, _ kernel: Variable, _ bias: Variable?) throws -> Variable {
        let dtype = computeDType(x.value.dtype, kernel.value.dtype)
        let xv = try x.value.dense(dtype), w = try kernel.value.dense(dtype)
        let b = try bias?.value.dense(dtype)
        guard w.rank == 2, xv.rank >= 1, xv.shape.last == w.shape[0] else {
            throw TensorError.value("linear: input with last axis \(xv.shape.last ?? 0) does not match a kernel of shape \(Tensor.describe(w.shape))")
        }
        let (inDim, outDim) = (w.shape[0], w.shape[1])
        let rows = inDim == 0 ? 0 : xv.count / inDim
        // Every element is written: the bias rows, or the product with beta = 0.
        let out = try Tensor.unfilled(Array(xv.shape.dropLast()) + [outDim], dtype: dtype)
        try linearForward(scalarType(dtype), xv, w, b, out, rows, inDim, outDim)
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        let needsInput = x.requiresGrad
        return record(out, inputs) { g in
            // The kernel's own storage, used by this op alone: a descent step may go straight into it.
            let descent = kernel.usedOnce && kernel.value === w ? kernel.descentRate : nil
            return try linearBackward(scalarType(dtype), try g.dense(dtype), xv, w, b != nil, needsInput, rows, inDim, outDim,
                                      descent: descent)
        }
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    static func linearForward<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor?, _ out: Tensor,
                                           _ rows: Int, _ inDim: Int, _ outDim: Int) throws {
        let po = out.ptr(T.self)
        if let b = b {
            let pb = b.ptr(T.self)
            for r in 0..<rows { (po + r * outDim).update(from: pb, count: outDim) }
        }
        try T.gemm(false, false, rows, outDim, inDim, 1, x.ptr(T.self), inDim, w.ptr(T.self), outDim, b == nil ? 0 : 1, po, outDim)
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    /// The kernel and bias gradients, and the input's when it needs one (not for data). With a
    /// `descent` rate the kernel gets no gradient: w -= rate · gradient is made by the product
    /// itself (alpha = -rate, beta = 1), after the input gradient has read w.
    static func linearBackward<T: NNScalar>(_: T.Type, _ g: Tensor, _ x: Tensor, _ w: Tensor, _ hasBias: Bool, _ needsInput: Bool,
                                            _ rows: Int, _ inDim: Int, _ outDim: Int, descent: Float? = nil) throws -> [Tensor?] {
        let pg = g.ptr(T.self)
        var gx: Tensor?
        if needsInput {
            // beta = 0: the output needs no zeroing first.
            let t = try Tensor.unfilled(x.shape, dtype: T.dtype)
            try T.gemm(false, true, rows, inDim, outDim, 1, pg, outDim, w.ptr(T.self), outDim, 0, t.ptr(T.self), inDim)
            gx = t
        }
        var gw: Tensor?
        if let rate = descent {
            try T.gemm(true, false, inDim, outDim, rows, T(-rate), x.ptr(T.self), inDim, pg, outDim, 1, w.ptr(T.self), outDim)
        } else {
            let t = try Tensor.unfilled(w.shape, dtype: T.dtype)
            try T.gemm(true, false, inDim, outDim, rows, 1, x.ptr(T.self), inDim, pg, outDim, 0, t.ptr(T.self), outDim)
            gw = t
        }
        guard hasBias else { return [gx, gw] }
        let gb = try zeros(T.self, [outDim])
        addColumnSums(pg, rows: rows, cols: outDim, into: gb.ptr(T.self))
        return [gx, gw, gb]
    }
}
