// The sizes, mask and recurrent dropout of one run of a recurrent layer over a batch of
// sequences, and the helpers its kernels (SimpleRNN, GRU, LSTM) share: the recurrent product of a
// step, masked steps carrying their state, the output, and the weight gradients as three GEMMs.

/// The sizes of one run of a recurrent layer over a batch of sequences, and its mask.
struct SequenceRun {
    let n, steps, features, units: Int
    let returnSequences: Bool
    /// Whether step t of sample i is real (true) or masked; nil when no step is masked.
    let keep: [Bool]?
    /// Recurrent dropout, (N, U): the factor each unit of the previous state is scaled by in the
    /// recurrent products (0, or 1 / (1 - rate)), the same at every step; nil when none.
    let recurrentScale: [Double]?

    init(n: Int, steps: Int, features: Int, units: Int, returnSequences: Bool, mask: Tensor? = nil, recurrentDropout: Tensor? = nil) throws {
        self.n = n; self.steps = steps; self.features = features; self.units = units; self.returnSequences = returnSequences
        if let d = recurrentDropout {
            guard d.shape == [n, units] else {
                throw TensorError.value("a recurrent dropout mask must have shape \(Tensor.describe([n, units])), not \(Tensor.describe(d.shape))")
            }
            recurrentScale = try d.dense(.float64).doubles()
        } else {
            recurrentScale = nil
        }
        if let m = mask {
            guard m.shape == [n, steps] else {
                throw TensorError.value("a sequence mask must have shape \(Tensor.describe([n, steps])), not \(Tensor.describe(m.shape))")
            }
            let values = try m.dense(.float64).doubles()
            keep = values.contains(0) ? values.map { $0 != 0 } : nil
        } else {
            keep = nil
        }
    }

    /// The previous state as the recurrent product reads it: rows of `previous` (stride `stride`)
    /// scaled by the recurrent dropout, copied into `buffer` (N, U); `previous` itself without dropout.
    func recurrentInput<T: NNScalar>(_ previous: UnsafeMutablePointer<T>, stride: Int, _ buffer: UnsafeMutablePointer<T>) -> (UnsafePointer<T>, Int) {
        guard let scale = recurrentScale else { return (UnsafePointer(previous), stride) }
        for i in 0..<n { for j in 0..<units { buffer[i * units + j] = previous[i * stride + j] * T(scale[i * units + j]) } }
        return (UnsafePointer(buffer), units)
    }

    /// Adds step t's recurrent product, the previous state (h0 at t = 0, none without it) times the
    /// recurrent kernel's `cols` columns, to the rows of `dest` (stride steps * ldDest per sample).
    func addRecurrentProduct<T: NNScalar>(_ t: Int, hidden ph: UnsafeMutablePointer<T>, initial h0: UnsafeMutablePointer<T>?,
                                          _ u: UnsafePointer<T>, ldu: Int, cols: Int, into dest: UnsafeMutablePointer<T>, ldDest: Int,
                                          dropBuffer: UnsafeMutablePointer<T>) throws {
        let source: UnsafeMutablePointer<T>, stride: Int
        if t > 0 { (source, stride) = (ph + (t - 1) * units, steps * units) } else if let h0 { (source, stride) = (h0, units) } else { return }
        let (a, lda) = recurrentInput(source, stride: stride, dropBuffer)
        try T.gemm(false, false, n, cols, units, 1, a, lda, u, ldu, 1, dest + t * ldDest, steps * ldDest)
    }

    /// The initial state as the first recurrent product read it (scaled by the recurrent dropout).
    func recurrentInitial<T: NNScalar>(_: T.Type, _ h0: Tensor?) throws -> Tensor? {
        guard let h0, let scale = recurrentScale else { return h0 }
        let out = try zeros(T.self, [n, units])
        for k in 0..<(n * units) { out.ptr(T.self)[k] = h0.ptr(T.self)[k] * T(scale[k]) }
        return out
    }

    /// The hidden states (N, T, U) as the recurrent products saw them, for the weight gradient.
    func recurrentHidden<T: NNScalar>(_: T.Type, _ hs: UnsafeMutablePointer<T>) throws -> Tensor? {
        guard let scale = recurrentScale else { return nil }
        let out = try zeros(T.self, [n, steps, units])
        let po = out.ptr(T.self)
        for i in 0..<n { for t in 0..<steps { for j in 0..<units {
            po[(i * steps + t) * units + j] = hs[(i * steps + t) * units + j] * T(scale[i * units + j])
        } } }
        return out
    }

    /// Scales the gradient reaching the previous state through the recurrent product by the dropout.
    func scaleRecurrentGradient<T: NNScalar>(_ g: UnsafeMutablePointer<T>) {
        guard let scale = recurrentScale else { return }
        for k in 0..<(n * units) { g[k] *= T(scale[k]) }
    }

    /// A one-state recurrence's given initial state (N, U) in the compute dtype, checked.
    func initialState(_ initial: Variable?, _ dtype: DType, op: String) throws -> Tensor? {
        try initial.map { state in
            guard state.shape == [n, units] else {
                throw TensorError.value("\(op): an initial state must have shape \(Tensor.describe([n, units]))")
            }
            return try state.value.dense(dtype)
        }
    }

    /// Whether sample i's step t is masked (its state carried over).
    @inline(__always) func masked(_ i: Int, _ t: Int) -> Bool { keep.map { !$0[i * steps + t] } ?? false }

    /// After a step computed sample i's new state at `row`: a masked step takes the previous one instead.
    @inline(__always) func carry<T: NNScalar>(_ i: Int, _ t: Int, _ state: UnsafeMutablePointer<T>, initial: UnsafeMutablePointer<T>?) {
        guard masked(i, t) else { return }
        for j in 0..<units { state[j] = t > 0 ? state[j - units] : (initial?[i * units + j] ?? 0) }
    }

    /// The layer's output: every hidden state (N, T, U), or the last one (N, U).
    @_specialize(where T == Float) @_specialize(where T == Double)
    func output<T: NNScalar>(_: T.Type, _ hs: Tensor) throws -> Tensor {
        if returnSequences { return hs }
        let out = try zeros(T.self, [n, units])
        for i in 0..<n { (out.ptr(T.self) + i * units).update(from: hs.ptr(T.self) + (i * steps + steps - 1) * units, count: units) }
        return out
    }

    /// The upstream gradient of hidden state (sample i, step t), or nil when it gets none.
    @inline(__always) func hiddenGradient<T: NNScalar>(_ g: UnsafeMutablePointer<T>, _ i: Int, _ t: Int) -> UnsafeMutablePointer<T>? {
        if returnSequences { return g + (i * steps + t) * units }
        return t == steps - 1 ? g + i * units : nil
    }

    /// dX = dZ Wᵀ, dW = Xᵀ dZ, dU = Σ h(t-1)ᵀ dR(t), and the bias rows (input, then recurrent).
    @_specialize(where T == Float) @_specialize(where T == Double)
    func recurrentWeightGradients<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ dz: Tensor,
                                               recurrentGradient dr: Tensor, hidden ph: UnsafeMutablePointer<T>, biasRows: Int,
                                               initialHidden h0: UnsafeMutablePointer<T>? = nil) throws -> [Tensor?] {
        let G = w.shape[1]
        let gx = try zeros(T.self, x.shape), gw = try zeros(T.self, w.shape), gu = try zeros(T.self, u.shape)
        try T.gemm(false, true, n * steps, features, G, 1, dz.ptr(T.self), G, w.ptr(T.self), G, 0, gx.ptr(T.self), features)
        try T.gemm(true, false, features, G, n * steps, 1, x.ptr(T.self), features, dz.ptr(T.self), G, 0, gw.ptr(T.self), G)
        // Σ_t h(t-1)ᵀ dR(t) as one product: the hidden states shifted one step later (the initial
        // state, or zero, at t = 0).
        let previous = try zeros(T.self, [n, steps, units])
        let pp = previous.ptr(T.self)
        for i in 0..<n where steps > 1 {
            (pp + (i * steps + 1) * units).update(from: ph + i * steps * units, count: (steps - 1) * units)
        }
        if let h0 = h0, steps > 0 { for i in 0..<n { (pp + i * steps * units).update(from: h0 + i * units, count: units) } }
        try T.gemm(true, false, units, G, n * steps, 1, pp, units, dr.ptr(T.self), G, 0, gu.ptr(T.self), G)
        var out: [Tensor?] = [gx, gw, gu]
        if biasRows == 1 {
            let gb = try zeros(T.self, [G])
            addColumnSums(dz.ptr(T.self), rows: n * steps, cols: G, into: gb.ptr(T.self))
            out.append(gb)
        } else if biasRows == 2 {
            let gb = try zeros(T.self, [2, G])
            addColumnSums(dz.ptr(T.self), rows: n * steps, cols: G, into: gb.ptr(T.self))
            addColumnSums(dr.ptr(T.self), rows: n * steps, cols: G, into: gb.ptr(T.self) + G)
            out.append(gb)
        }
        return out
    }
}
