// A whole GRU sequence as one op, Keras 3's default form (reset_after=True): kernel (F, 3U),
// recurrent kernel (U, 3U), bias (2, 3U) = input bias then recurrent bias, gates z, r, h.
//   z = σ(xWz + hUz + b), r = σ(xWr + hUr + b), h~ = tanh(xWh + r * (hUh + b)), h' = z h + (1 - z) h~

extension Variable {
    /// `initial`: the state before the first step (N, U), zeros when nil; it gets a gradient too.
    public static func gru(_ x: Variable, _ kernel: Variable, _ recurrentKernel: Variable, _ bias: Variable?,
                           returnSequences: Bool, mask: Tensor? = nil, initial: Variable? = nil, recurrentDropout: Tensor? = nil) throws -> Variable {
        let dtype = computeDType(x.value.dtype, kernel.value.dtype)
        let xv = try x.value.dense(dtype), w = try kernel.value.dense(dtype), u = try recurrentKernel.value.dense(dtype)
        let b = try bias?.value.dense(dtype)
        guard xv.rank == 3, w.rank == 2, w.shape[0] == xv.shape[2], u.rank == 2, w.shape[1] == 3 * u.shape[0],
              b == nil || b!.shape == [2, w.shape[1]] else {
            throw TensorError.value("gru: input \(Tensor.describe(xv.shape)) does not match kernel \(Tensor.describe(w.shape))")
        }
        let run = try SequenceRun(n: xv.shape[0], steps: xv.shape[1], features: xv.shape[2], units: u.shape[0], returnSequences: returnSequences,
                                  mask: mask, recurrentDropout: recurrentDropout)
        let h0 = try run.initialState(initial, dtype, op: "gru")
        let saved = try run.gruForward(scalarType(dtype), xv, w, u, b, initial: h0)
        let inputs = (bias.map { [x, kernel, recurrentKernel, $0] } ?? [x, kernel, recurrentKernel]) + (initial.map { [$0] } ?? [])
        return record(saved.output, inputs) { g in
            try run.gruBackward(scalarType(dtype), try g.dense(dtype), xv, w, u, saved, hasBias: b != nil, initial: h0)
        }
    }
}

extension SequenceRun {
    /// Saved for backward: activated gates z, r, h~ and the recurrent projections (with bias).
    struct GRUState { let output, gates, recurrent, hidden: Tensor }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func gruForward<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ b: Tensor?, initial: Tensor? = nil) throws -> GRUState {
        let U = units, G = 3 * units
        let gates = try zeros(T.self, [n, steps, G]), rec = try zeros(T.self, [n, steps, G]), hs = try zeros(T.self, [n, steps, U])
        let pz = gates.ptr(T.self), pr = rec.ptr(T.self), ph = hs.ptr(T.self)
        try T.gemm(false, false, n * steps, G, features, 1, x.ptr(T.self), features, w.ptr(T.self), G, 0, pz, G)
        if let b = b {
            addRow(pz, rows: n * steps, cols: G, b.ptr(T.self))
            addRow(pr, rows: n * steps, cols: G, b.ptr(T.self) + G)
        }
        let h0 = initial?.ptr(T.self)
        let dropped = try zeros(T.self, [recurrentScale == nil ? 0 : n, U]), pdrop = dropped.ptr(T.self)
        defer { withExtendedLifetime(dropped) {} }
        for t in 0..<steps {
            try addRecurrentProduct(t, hidden: ph, initial: h0, u.ptr(T.self), ldu: G, cols: G, into: pr, ldDest: G, dropBuffer: pdrop)
            for i in 0..<n {
                let z = pz + (i * steps + t) * G, r = pr + (i * steps + t) * G, h = ph + (i * steps + t) * U
                for j in 0..<(2 * U) { z[j] += r[j] }
                T.sigmoidInPlace(z, 2 * U)
                for j in 0..<U { z[2 * U + j] += z[U + j] * r[2 * U + j] }
                T.tanhInPlace(z + 2 * U, U)
                for j in 0..<U {
                    let previous: T = t > 0 ? h[j - U] : (h0?[i * U + j] ?? 0)
                    h[j] = z[j] * previous + (1 - z[j]) * z[2 * U + j]
                }
                carry(i, t, h, initial: h0)
            }
        }
        return GRUState(output: try output(T.self, hs), gates: gates, recurrent: rec, hidden: hs)
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func gruBackward<T: NNScalar>(_: T.Type, _ gt: Tensor, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ s: GRUState, hasBias: Bool,
                                  initial: Tensor? = nil) throws -> [Tensor?] {
        let U = units, G = 3 * units
        let dx = try zeros(T.self, [n, steps, G]), dr = try zeros(T.self, [n, steps, G]), dhNext = try zeros(T.self, [n, U])
        let pdx = dx.ptr(T.self), pdr = dr.ptr(T.self), pdh = dhNext.ptr(T.self)
        let through = try zeros(T.self, [recurrentScale == nil ? 0 : n, U]), pthrough = through.ptr(T.self)
        defer { withExtendedLifetime((dhNext, through)) {} }
        let pz = s.gates.ptr(T.self), pr = s.recurrent.ptr(T.self), ph = s.hidden.ptr(T.self), g = gt.ptr(T.self)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            for i in 0..<n {
                let z = pz + (i * steps + t) * G, r = pr + (i * steps + t) * G, h = ph + (i * steps + t) * U
                let ddx = pdx + (i * steps + t) * G, ddr = pdr + (i * steps + t) * G
                let up = hiddenGradient(g, i, t)
                if masked(i, t) {
                    // The state was carried over: its gradient goes straight to the step before.
                    for j in 0..<U { pdh[i * U + j] += up?[j] ?? 0 }
                    continue
                }
                for j in 0..<U {
                    let dh = pdh[i * U + j] + (up?[j] ?? 0)
                    let zg = z[j], rg = z[U + j], hh = z[2 * U + j]
                    let previous: T = t > 0 ? h[j - U] : (initial?.ptr(T.self)[i * U + j] ?? 0)
                    let dah = dh * (1 - zg) * (1 - hh * hh)
                    let daz = dh * (previous - hh) * zg * (1 - zg)
                    let dar = dah * r[2 * U + j] * rg * (1 - rg)
                    ddx[j] = daz; ddx[U + j] = dar; ddx[2 * U + j] = dah
                    ddr[j] = daz; ddr[U + j] = dar; ddr[2 * U + j] = dah * rg
                    pdh[i * U + j] = dh * zg
                }
            }
            if t > 0 || initial != nil {
                if recurrentScale == nil {
                    try T.gemm(false, true, n, U, G, 1, pdr + t * G, steps * G, u.ptr(T.self), G, 1, pdh, U)
                } else {
                    // Through the recurrent product, the gradient reaches the state scaled by the dropout.
                    try T.gemm(false, true, n, U, G, 1, pdr + t * G, steps * G, u.ptr(T.self), G, 0, pthrough, U)
                    scaleRecurrentGradient(pthrough)
                    for k in 0..<(n * U) { pdh[k] += pthrough[k] }
                }
            }
        }
        let seen = try recurrentHidden(T.self, ph), seenInitial = try recurrentInitial(T.self, initial)
        let grads = try recurrentWeightGradients(T.self, x, w, u, dx, recurrentGradient: dr, hidden: seen?.ptr(T.self) ?? ph, biasRows: hasBias ? 2 : 0,
                                                 initialHidden: seenInitial?.ptr(T.self))
        withExtendedLifetime((seen, seenInitial)) {}
        guard initial != nil else { return grads }
        return grads + [try dhNext.astype(dhNext.dtype, copy: true)]
    }
}
