// A whole LSTM sequence as one op (Keras's layout: kernel (F, 4U), recurrent kernel (U, 4U),
// bias (4U), gates i, f, c, o; sigmoid gates and tanh cell). The input projection of every
// step is one GEMM; each step adds h @ U; backward runs through time and ends in two GEMMs.
// `lstmStates` also starts from a given state and returns every hidden and cell state, for
// Keras's initial_state and return_state.

extension Variable {
    /// The operands of an LSTM run in their common compute dtype, checked against each other.
    static func lstmOperands(_ x: Variable, _ kernel: Variable, _ recurrentKernel: Variable, _ bias: Variable?) throws
        -> (DType, Tensor, Tensor, Tensor, Tensor?) {
        let dtype = computeDType(x.value.dtype, kernel.value.dtype)
        let xv = try x.value.dense(dtype), w = try kernel.value.dense(dtype), u = try recurrentKernel.value.dense(dtype)
        guard xv.rank == 3, w.rank == 2, w.shape[0] == xv.shape[2], u.rank == 2, w.shape[1] == 4 * u.shape[0] else {
            throw TensorError.value("lstm: input \(Tensor.describe(xv.shape)) does not match kernel \(Tensor.describe(w.shape))")
        }
        return (dtype, xv, w, u, try bias?.value.dense(dtype))
    }

    /// `mask` (N, T): at a masked step the state is carried over unchanged, as Keras does.
    public static func lstm(_ x: Variable, _ kernel: Variable, _ recurrentKernel: Variable, _ bias: Variable?,
                            returnSequences: Bool, mask: Tensor? = nil, recurrentDropout: Tensor? = nil) throws -> Variable {
        let (dtype, xv, w, u, b) = try lstmOperands(x, kernel, recurrentKernel, bias)
        let run = try SequenceRun(n: xv.shape[0], steps: xv.shape[1], features: xv.shape[2], units: u.shape[0], returnSequences: returnSequences,
                                  mask: mask, recurrentDropout: recurrentDropout)
        let saved = try run.lstmForward(scalarType(dtype), xv, w, u, b)
        let inputs = bias.map { [x, kernel, recurrentKernel, $0] } ?? [x, kernel, recurrentKernel]
        return record(saved.output, inputs) { g in
            try run.lstmBackward(scalarType(dtype), try g.dense(dtype), xv, w, u, saved, hasBias: b != nil)
        }
    }
}

extension Variable {
    /// Every step's hidden and cell states side by side, (N, T, 2U), from the initial state
    /// [h0, c0] when one is given (zeros otherwise); gradients reach both states and h0, c0.
    public static func lstmStates(_ x: Variable, _ kernel: Variable, _ recurrentKernel: Variable, _ bias: Variable?,
                                  initial: [Variable]?, recurrentDropout: Tensor? = nil) throws -> Variable {
        let (dtype, xv, w, u, b) = try lstmOperands(x, kernel, recurrentKernel, bias)
        let run = try SequenceRun(n: xv.shape[0], steps: xv.shape[1], features: xv.shape[2], units: u.shape[0], returnSequences: true,
                                  recurrentDropout: recurrentDropout)
        let start = try initial.map { states -> (Tensor, Tensor) in
            let shape = [run.n, run.units]
            guard states.count == 2, states[0].shape == shape, states[1].shape == shape else {
                throw TensorError.value("lstm: an initial state must be [h, c], each of shape \(Tensor.describe(shape))")
            }
            return (try states[0].value.dense(dtype), try states[1].value.dense(dtype))
        }
        let saved = try run.lstmForward(scalarType(dtype), xv, w, u, b, initial: start)
        let states = try Tensor.concatenate([saved.hidden, saved.cells], axis: 2)
        let inputs = [x, kernel, recurrentKernel] + (bias.map { [$0] } ?? []) + (initial ?? [])
        return record(states, inputs) { g in
            try run.lstmBackward(scalarType(dtype), try g.dense(dtype), xv, w, u, saved, hasBias: b != nil, initial: start, upstreamStates: true)
        }
    }
}

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

    /// Saved for backward: activated gates, cell states, their tanh, hidden states.
    struct LSTMState { let output, gates, cells, cellTanh, hidden: Tensor }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func lstmForward<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ b: Tensor?,
                                  initial: (Tensor, Tensor)? = nil) throws -> LSTMState {
        let U = units, G = 4 * units
        // Every element of these is written below (the gates by the input product), so none is zeroed first.
        let gates = try Tensor.unfilled([n, steps, G], dtype: T.dtype), cells = try Tensor.unfilled([n, steps, U], dtype: T.dtype)
        let hs = try Tensor.unfilled([n, steps, U], dtype: T.dtype), cellTanh = try Tensor.unfilled([n, steps, U], dtype: T.dtype)
        let pz = gates.ptr(T.self), pc = cells.ptr(T.self), ph = hs.ptr(T.self), pt = cellTanh.ptr(T.self)
        let zeroRow = try zeros(T.self, [U]), none = UnsafePointer(zeroRow.ptr(T.self))
        defer { withExtendedLifetime(zeroRow) {} }
        try T.gemm(false, false, n * steps, G, features, 1, x.ptr(T.self), features, w.ptr(T.self), G, 0, pz, G)
        if let b = b { addRow(pz, rows: n * steps, cols: G, b.ptr(T.self)) }
        let h0 = initial?.0.ptr(T.self), c0 = initial?.1.ptr(T.self)
        let dropped = try zeros(T.self, [recurrentScale == nil ? 0 : n, U]), pdrop = dropped.ptr(T.self)
        defer { withExtendedLifetime(dropped) {} }
        for t in 0..<steps {
            try addRecurrentProduct(t, hidden: ph, initial: h0, u.ptr(T.self), ldu: G, cols: G, into: pz, ldDest: G, dropBuffer: pdrop)
            for i in 0..<n {
                let row = (i * steps + t)
                let z = pz + row * G, c = pc + row * U, tc = pt + row * U, h = ph + row * U
                T.sigmoidInPlace(z, 2 * U)
                T.tanhInPlace(z + 2 * U, U)
                T.sigmoidInPlace(z + 3 * U, U)
                let previous = t > 0 ? UnsafePointer(c - U) : c0.map { UnsafePointer($0 + i * U) } ?? none
                for j in 0..<U {
                    c[j] = z[U + j] * previous[j] + z[j] * z[2 * U + j]
                    tc[j] = c[j]
                }
                T.tanhInPlace(tc, U)
                for j in 0..<U { h[j] = z[3 * U + j] * tc[j] }
                carry(i, t, c, initial: c0)
                carry(i, t, h, initial: h0)
            }
        }
        return LSTMState(output: try output(T.self, hs), gates: gates, cells: cells, cellTanh: cellTanh, hidden: hs)
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    /// `upstreamStates`: `gt` holds the gradients of every hidden and cell state, (N, T, 2U), as
    /// lstmStates returns them; otherwise those of the layer's output.
    func lstmBackward<T: NNScalar>(_: T.Type, _ gt: Tensor, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ s: LSTMState, hasBias: Bool,
                                   initial: (Tensor, Tensor)? = nil, upstreamStates: Bool = false) throws -> [Tensor?] {
        let U = units, G = 4 * units
        let dz = try zeros(T.self, [n, steps, G]), dhNext = try zeros(T.self, [n, U]), dcNext = try zeros(T.self, [n, U])
        let pdz = dz.ptr(T.self), pdh = dhNext.ptr(T.self), pdc = dcNext.ptr(T.self)
        defer { withExtendedLifetime((dhNext, dcNext)) {} }
        let pz = s.gates.ptr(T.self), pc = s.cells.ptr(T.self), ph = s.hidden.ptr(T.self), g = gt.ptr(T.self)
        let pt = s.cellTanh.ptr(T.self)
        let c0 = initial?.1.ptr(T.self)
        // A masked step passes its hidden gradient straight to the step before.
        var carried = [T](repeating: 0, count: keep == nil ? 0 : n * U)
        let zeroRow = try zeros(T.self, [U]), none = UnsafePointer(zeroRow.ptr(T.self))
        defer { withExtendedLifetime(zeroRow) {} }
        for t in stride(from: steps - 1, through: 0, by: -1) {
            for i in 0..<n {
                let z = pz + (i * steps + t) * G, c = pc + (i * steps + t) * U, d = pdz + (i * steps + t) * G
                let tcs = pt + (i * steps + t) * U
                let up = upstreamStates ? g + (i * steps + t) * 2 * U : hiddenGradient(g, i, t)
                let upCell = upstreamStates ? g + (i * steps + t) * 2 * U + U : nil
                if masked(i, t) {
                    for j in 0..<U {
                        carried[i * U + j] = pdh[i * U + j] + (up?[j] ?? 0)
                        pdc[i * U + j] += upCell?[j] ?? 0
                    }
                    for k in 0..<G { d[k] = 0 }
                    continue
                }
                if keep != nil { for j in 0..<U { carried[i * U + j] = 0 } }
                // The optional operands as plain rows (zeros where there are none), outside the element loop.
                let upRow = up.map { UnsafePointer($0) } ?? none, upCellRow = upCell.map { UnsafePointer($0) } ?? none
                let previous = t > 0 ? UnsafePointer(c - U) : c0.map { UnsafePointer($0 + i * U) } ?? none
                let dhRow = pdh + i * U, dcRow = pdc + i * U
                for j in 0..<U {
                    let dh = dhRow[j] + upRow[j]
                    let ig = z[j], fg = z[U + j], cg = z[2 * U + j], og = z[3 * U + j]
                    let tc = tcs[j]
                    let dc = dcRow[j] + dh * og * (1 - tc * tc) + upCellRow[j]
                    d[j] = dc * cg * ig * (1 - ig)
                    d[U + j] = dc * previous[j] * fg * (1 - fg)
                    d[2 * U + j] = dc * ig * (1 - cg * cg)
                    d[3 * U + j] = dh * tc * og * (1 - og)
                    dcRow[j] = dc * fg
                }
            }
            // The hidden gradient one step earlier (at t = 0, the initial state's, when there is one).
            if t > 0 || initial != nil {
                try T.gemm(false, true, n, U, G, 1, pdz + t * G, steps * G, u.ptr(T.self), G, 0, pdh, U)
                scaleRecurrentGradient(pdh)
            }
            for k in carried.indices { pdh[k] += carried[k] }
        }
        let seen = try recurrentHidden(T.self, ph), seenInitial = try recurrentInitial(T.self, initial?.0)
        let grads = try recurrentWeightGradients(T.self, x, w, u, dz, recurrentGradient: dz, hidden: seen?.ptr(T.self) ?? ph, biasRows: hasBias ? 1 : 0,
                                                 initialHidden: seenInitial?.ptr(T.self))
        withExtendedLifetime((seen, seenInitial)) {}
        guard initial != nil else { return grads }
        return grads + [try dhNext.astype(dhNext.dtype, copy: true), try dcNext.astype(dcNext.dtype, copy: true)]
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
