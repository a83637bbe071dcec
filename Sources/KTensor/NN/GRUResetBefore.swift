// A whole GRU sequence as one op in Keras's reset_after=False form: kernel (F, 3U), recurrent
// kernel (U, 3U), one bias (3U), gates z, r, h; the reset gate scales the state before its product.
//   z = σ(xWz + hUz + b), r = σ(xWr + hUr + b), h~ = tanh(xWh + (r * h) Uh + b), h' = z h + (1 - z) h~

extension Variable {
    public static func gruResetBefore(_ x: Variable, _ kernel: Variable, _ recurrentKernel: Variable, _ bias: Variable?,
                                      returnSequences: Bool, mask: Tensor? = nil) throws -> Variable {
        let dtype = computeDType(x.value.dtype, kernel.value.dtype)
        let xv = try x.value.dense(dtype), w = try kernel.value.dense(dtype), u = try recurrentKernel.value.dense(dtype)
        let b = try bias?.value.dense(dtype)
        guard xv.rank == 3, w.rank == 2, w.shape[0] == xv.shape[2], u.rank == 2, w.shape[1] == 3 * u.shape[0],
              b == nil || b!.shape == [w.shape[1]] else {
            throw TensorError.value("gru: input \(Tensor.describe(xv.shape)) does not match kernel \(Tensor.describe(w.shape))")
        }
        let run = try SequenceRun(n: xv.shape[0], steps: xv.shape[1], features: xv.shape[2], units: u.shape[0], returnSequences: returnSequences,
                                  mask: mask)
        let saved = try run.gruResetBeforeForward(scalarType(dtype), xv, w, u, b)
        let inputs = bias.map { [x, kernel, recurrentKernel, $0] } ?? [x, kernel, recurrentKernel]
        return record(saved.output, inputs) { g in
            try run.gruResetBeforeBackward(scalarType(dtype), try g.dense(dtype), xv, w, u, saved, hasBias: b != nil)
        }
    }
}

extension SequenceRun {
    /// Saved for backward: activated gates z, r, h~, the reset states r * h(t-1), hidden states.
    struct GRUResetBeforeState { let output, gates, resetHidden, hidden: Tensor }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func gruResetBeforeForward<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ b: Tensor?) throws -> GRUResetBeforeState {
        let U = units, G = 3 * units
        let gates = try zeros(T.self, [n, steps, G]), rh = try zeros(T.self, [n, steps, U]), hs = try zeros(T.self, [n, steps, U])
        let pz = gates.ptr(T.self), prh = rh.ptr(T.self), ph = hs.ptr(T.self), pu = u.ptr(T.self)
        try T.gemm(false, false, n * steps, G, features, 1, x.ptr(T.self), features, w.ptr(T.self), G, 0, pz, G)
        if let b = b { addRow(pz, rows: n * steps, cols: G, b.ptr(T.self)) }
        for t in 0..<steps {
            // z and r see the previous state; h~ sees it scaled by r.
            if t > 0 { try T.gemm(false, false, n, 2 * U, U, 1, ph + (t - 1) * U, steps * U, pu, G, 1, pz + t * G, steps * G) }
            for i in 0..<n {
                let z = pz + (i * steps + t) * G, h = ph + (i * steps + t) * U, r = prh + (i * steps + t) * U
                T.sigmoidInPlace(z, 2 * U)
                for j in 0..<U { r[j] = t > 0 ? z[U + j] * h[j - U] : 0 }
            }
            try T.gemm(false, false, n, U, U, 1, prh + t * U, steps * U, pu + 2 * U, G, 1, pz + t * G + 2 * U, steps * G)
            for i in 0..<n {
                let z = pz + (i * steps + t) * G, h = ph + (i * steps + t) * U
                T.tanhInPlace(z + 2 * U, U)
                for j in 0..<U {
                    let previous: T = t > 0 ? h[j - U] : 0
                    h[j] = z[j] * previous + (1 - z[j]) * z[2 * U + j]
                }
                carry(i, t, h, initial: nil)
            }
        }
        return GRUResetBeforeState(output: try output(T.self, hs), gates: gates, resetHidden: rh, hidden: hs)
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func gruResetBeforeBackward<T: NNScalar>(_: T.Type, _ gt: Tensor, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ s: GRUResetBeforeState,
                                             hasBias: Bool) throws -> [Tensor?] {
        let U = units, G = 3 * units
        // dz holds the three gates' pre-activation gradients; dzr only those of z and r (what h(t-1) Uzr receives).
        let dz = try zeros(T.self, [n, steps, G]), dzr = try zeros(T.self, [n, steps, G])
        let dhNext = try zeros(T.self, [n, U]), dReset = try zeros(T.self, [n, U])
        let pdz = dz.ptr(T.self), pdzr = dzr.ptr(T.self), pdh = dhNext.ptr(T.self), pdrh = dReset.ptr(T.self)
        defer { withExtendedLifetime((dhNext, dReset)) {} }
        let pz = s.gates.ptr(T.self), ph = s.hidden.ptr(T.self), g = gt.ptr(T.self), pu = u.ptr(T.self)
        var dh = [T](repeating: 0, count: n * U)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            for i in 0..<n {
                let z = pz + (i * steps + t) * G, h = ph + (i * steps + t) * U, d = pdz + (i * steps + t) * G
                let up = hiddenGradient(g, i, t)
                for j in 0..<U { dh[i * U + j] = pdh[i * U + j] + (up?[j] ?? 0) }
                if masked(i, t) { continue }
                for j in 0..<U {
                    let zg = z[j], hh = z[2 * U + j]
                    let previous: T = t > 0 ? h[j - U] : 0
                    d[2 * U + j] = dh[i * U + j] * (1 - zg) * (1 - hh * hh)
                    d[j] = dh[i * U + j] * (previous - hh) * zg * (1 - zg)
                }
            }
            // The gradient of r * h(t-1), through Uh.
            try T.gemm(false, true, n, U, U, 1, pdz + t * G + 2 * U, steps * G, pu + 2 * U, G, 0, pdrh, U)
            for i in 0..<n {
                let z = pz + (i * steps + t) * G, h = ph + (i * steps + t) * U, d = pdz + (i * steps + t) * G, e = pdzr + (i * steps + t) * G
                if masked(i, t) {
                    // The state was carried over: its gradient goes straight to the step before.
                    for j in 0..<U { pdh[i * U + j] = dh[i * U + j] }
                    continue
                }
                for j in 0..<U {
                    let rg = z[U + j], previous: T = t > 0 ? h[j - U] : 0
                    d[U + j] = pdrh[i * U + j] * previous * rg * (1 - rg)
                    e[j] = d[j]; e[U + j] = d[U + j]
                    pdh[i * U + j] = dh[i * U + j] * z[j] + pdrh[i * U + j] * rg
                }
            }
            if t > 0 { try T.gemm(false, true, n, U, 2 * U, 1, pdz + t * G, steps * G, pu, G, 1, pdh, U) }
        }
        // dU: h(t-1)ᵀ for the z and r columns, (r * h(t-1))ᵀ for the h~ columns.
        var grads = try recurrentWeightGradients(T.self, x, w, u, dz, recurrentGradient: dzr, hidden: ph, biasRows: hasBias ? 1 : 0)
        if let gu = grads[2] {
            try T.gemm(true, false, U, U, n * steps, 1, s.resetHidden.ptr(T.self), U, pdz + 2 * U, G, 1, gu.ptr(T.self) + 2 * U, G)
            grads[2] = gu
        }
        return grads
    }
}
