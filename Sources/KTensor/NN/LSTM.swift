// A whole LSTM sequence as one op (Keras's layout: kernel (F, 4U), recurrent kernel (U, 4U),
// bias (4U), gates i, f, c, o; sigmoid gates and tanh cell). The input projection of every
// step is one GEMM; each step adds h @ U; backward runs through time and ends in three GEMMs.
// Inside, a step's gates are one (4U, N) block and its states (U, N) blocks, batch last, so
// each gate's activation and each state update of a step is one long loop over the batch
// rather than N loops of U (the layout that makes small LSTMs fast). The input projection and
// the weight gradients run time-major, (T·N, ·), and each step transposes its small block.
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
            try run.lstmBackward(scalarType(dtype), try g.dense(dtype), w, u, saved, hasBias: b != nil)
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
        let states = try run.lstmStateSequence(scalarType(dtype), saved)
        let inputs = [x, kernel, recurrentKernel] + (bias.map { [$0] } ?? []) + (initial ?? [])
        return record(states, inputs) { g in
            try run.lstmBackward(scalarType(dtype), try g.dense(dtype), w, u, saved, hasBias: b != nil, initial: start, upstreamStates: true)
        }
    }
}

/// Row-major `src` (rows, cols) written transposed into `dst` (cols, rows): a small block, in cache.
@inline(__always) func transposeBlock<T>(_ src: UnsafePointer<T>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>) {
    for r in 0..<rows { for c in 0..<cols { dst[c &* rows &+ r] = src[r &* cols &+ c] } }
}

extension SequenceRun {
    /// Saved for backward: the input time-major (T·N, F); step-major activated gates (T, 4U, N),
    /// cell states, their tanh and hidden states (T, U, N); and the layer's output.
    struct LSTMState { let output, input, gates, cells, cellTanh, hidden: Tensor }

    /// (N, T, R) as (T·N, R) or back: the row of sample i at step t moves between i·T + t and t·N + i.
    func swapBatchAndTime<T: NNScalar>(_ src: UnsafePointer<T>, rows r: Int, into dst: UnsafeMutablePointer<T>, toTimeMajor: Bool) {
        for i in 0..<n { for t in 0..<steps {
            let batchRow = (i * steps + t) * r, timeRow = (t * n + i) * r
            if toTimeMajor { (dst + timeRow).update(from: src + batchRow, count: r) } else { (dst + batchRow).update(from: src + timeRow, count: r) }
        } }
    }

    /// The recurrent dropout as a (U, N) block, or nil.
    func dropoutBlock<T: NNScalar>(_: T.Type) throws -> Tensor? {
        try recurrentScale.map { scale in
            let block = try Tensor.unfilled([units, n], dtype: T.dtype), p = block.ptr(T.self)
            for i in 0..<n { for j in 0..<units { p[j * n + i] = T(scale[i * units + j]) } }
            return block
        }
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func lstmForward<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ b: Tensor?,
                                  initial: (Tensor, Tensor)? = nil) throws -> LSTMState {
        let U = units, G = 4 * units, block = units * n
        // Every element of these is written below, so none is zeroed first.
        let gates = try Tensor.unfilled([steps, G, n], dtype: T.dtype), cells = try Tensor.unfilled([steps, U, n], dtype: T.dtype)
        let hidden = try Tensor.unfilled([steps, U, n], dtype: T.dtype), cellTanh = try Tensor.unfilled([steps, U, n], dtype: T.dtype)
        let pz = gates.ptr(T.self), pc = cells.ptr(T.self), ph = hidden.ptr(T.self), pt = cellTanh.ptr(T.self)
        // Every step's input projection, time-major, as one GEMM.
        let input = try Tensor.unfilled([steps * n, features], dtype: T.dtype)
        swapBatchAndTime(x.ptr(T.self), rows: features, into: input.ptr(T.self), toTimeMajor: true)
        let projected = try Tensor.unfilled([steps * n, G], dtype: T.dtype), pp = projected.ptr(T.self)
        try T.gemm(false, false, steps * n, G, features, 1, input.ptr(T.self), features, w.ptr(T.self), G, 0, pp, G)
        if let b = b { addRow(pp, rows: n * steps, cols: G, b.ptr(T.self)) }
        // The initial state as (U, N) blocks (zeros without one), and the state as the recurrent
        // product reads it under recurrent dropout.
        let work = try zeros(T.self, [3, block]), h0 = work.ptr(T.self), c0 = h0 + block, dropped = c0 + block
        defer { withExtendedLifetime(work) {} }
        if let (h, c) = initial {
            transposeBlock(h.ptr(T.self), rows: n, cols: U, into: h0)
            transposeBlock(c.ptr(T.self), rows: n, cols: U, into: c0)
        }
        let drop = try dropoutBlock(T.self), pu = UnsafePointer(u.ptr(T.self))
        for t in 0..<steps {
            let z = pz + t * G * n, c = pc + t * block, tc = pt + t * block, h = ph + t * block
            let hPrev = t > 0 ? h - block : h0, cPrev = t > 0 ? c - block : c0
            transposeBlock(pp + t * n * G, rows: n, cols: G, into: z)
            if t > 0 || initial != nil {
                var source = UnsafePointer(hPrev)
                if let drop {
                    let pd = drop.ptr(T.self)
                    for m in 0..<block { dropped[m] = hPrev[m] * pd[m] }
                    source = UnsafePointer(dropped)
                }
                try T.gemm(true, false, G, n, U, 1, pu, G, source, n, 1, z, n)
            }
            let inputGate = z, forgetGate = z + block, candidate = z + 2 * block, outputGate = z + 3 * block
            T.sigmoidInPlace(inputGate, 2 * block)
            T.tanhInPlace(candidate, block)
            T.sigmoidInPlace(outputGate, block)
            for m in 0..<block { c[m] = forgetGate[m] * cPrev[m] + inputGate[m] * candidate[m] }
            tc.update(from: c, count: block)
            T.tanhInPlace(tc, block)
            for m in 0..<block { h[m] = outputGate[m] * tc[m] }
            if keep != nil {
                for i in 0..<n where masked(i, t) {
                    for j in 0..<U { c[j * n + i] = cPrev[j * n + i]; h[j * n + i] = hPrev[j * n + i] }
                }
            }
        }
        let output: Tensor
        if returnSequences {
            output = try Tensor.unfilled([n, steps, U], dtype: T.dtype)
            let po = output.ptr(T.self)
            for t in 0..<steps { for j in 0..<U { for i in 0..<n { po[(i * steps + t) * U + j] = ph[t * block + j * n + i] } } }
        } else {
            output = try Tensor.unfilled([n, U], dtype: T.dtype)
            transposeBlock(steps > 0 ? ph + (steps - 1) * block : h0, rows: U, cols: n, into: output.ptr(T.self))
        }
        withExtendedLifetime(drop) {}
        return LSTMState(output: output, input: input, gates: gates, cells: cells, cellTanh: cellTanh, hidden: hidden)
    }

    /// Every step's hidden and cell states side by side, (N, T, 2U), as lstmStates returns them.
    func lstmStateSequence<T: NNScalar>(_: T.Type, _ s: LSTMState) throws -> Tensor {
        let U = units, block = units * n
        let out = try Tensor.unfilled([n, steps, 2 * U], dtype: T.dtype), po = out.ptr(T.self)
        let ph = s.hidden.ptr(T.self), pc = s.cells.ptr(T.self)
        for t in 0..<steps { for j in 0..<U { for i in 0..<n {
            po[(i * steps + t) * 2 * U + j] = ph[t * block + j * n + i]
            po[(i * steps + t) * 2 * U + U + j] = pc[t * block + j * n + i]
        } } }
        return out
    }

    /// Adds the upstream gradients that reach step t's hidden (and cell) state to the (U, N) blocks.
    /// `upstreamStates`: `g` holds the gradients of every hidden and cell state, (N, T, 2U);
    /// otherwise those of the layer's output.
    func addUpstream<T: NNScalar>(_ g: UnsafePointer<T>, step t: Int, upstreamStates: Bool,
                                  hidden dh: UnsafeMutablePointer<T>, cell dc: UnsafeMutablePointer<T>) {
        let U = units
        if upstreamStates {
            for i in 0..<n {
                let row = g + (i * steps + t) * 2 * U
                for j in 0..<U { dh[j * n + i] += row[j]; dc[j * n + i] += row[U + j] }
            }
        } else if returnSequences || t == steps - 1 {
            for i in 0..<n {
                let row = returnSequences ? g + (i * steps + t) * U : g + i * U
                for j in 0..<U { dh[j * n + i] += row[j] }
            }
        }
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func lstmBackward<T: NNScalar>(_: T.Type, _ gt: Tensor, _ w: Tensor, _ u: Tensor, _ s: LSTMState, hasBias: Bool,
                                   initial: (Tensor, Tensor)? = nil, upstreamStates: Bool = false) throws -> [Tensor?] {
        let U = units, G = 4 * units, block = units * n
        // The gate gradients time-major (T·N, 4U), and the state each step's recurrent product
        // read, time-major (T·N, U): the initial state (or zeros) for step 0, then h(t - 1).
        let dzTime = try Tensor.unfilled([steps * n, G], dtype: T.dtype), pdzTime = dzTime.ptr(T.self)
        let previous = try zeros(T.self, [steps * n, U]), pprev = previous.ptr(T.self)
        // One step's gate gradients (4U, N); the hidden and cell gradients flowing back, the
        // initial cell state, and for masked steps, which pass their gradients straight to the
        // step before, the hidden gradient that goes around the recurrent product and the cell
        // gradient kept as it was.
        let work = try zeros(T.self, [9, block]), d = work.ptr(T.self), dh = d + G * n, dc = dh + block, c0 = dc + block
        let carried = c0 + block, keptCell = carried + block
        defer { withExtendedLifetime(work) {} }
        if let (h, c) = initial {
            transposeBlock(c.ptr(T.self), rows: n, cols: U, into: c0)
            if steps > 0 { pprev.update(from: h.ptr(T.self), count: n * U) }
        }
        let pz = s.gates.ptr(T.self), pc = s.cells.ptr(T.self), pt = s.cellTanh.ptr(T.self), ph = s.hidden.ptr(T.self)
        let g = UnsafePointer(gt.ptr(T.self)), drop = try dropoutBlock(T.self), pu = UnsafePointer(u.ptr(T.self))
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let z = pz + t * G * n, tc = pt + t * block
            let cPrev = t > 0 ? pc + (t - 1) * block : c0
            if t > 0 { transposeBlock(ph + (t - 1) * block, rows: U, cols: n, into: pprev + t * n * U) }
            addUpstream(g, step: t, upstreamStates: upstreamStates, hidden: dh, cell: dc)
            if keep != nil {
                for i in 0..<n {
                    let m = masked(i, t)
                    for j in 0..<U { carried[j * n + i] = m ? dh[j * n + i] : 0; keptCell[j * n + i] = dc[j * n + i] }
                }
            }
            let inputGate = z, forgetGate = z + block, candidate = z + 2 * block, outputGate = z + 3 * block
            let dInput = d, dForget = d + block, dCandidate = d + 2 * block, dOutput = d + 3 * block
            for m in 0..<block {
                let ig = inputGate[m], fg = forgetGate[m], cg = candidate[m], og = outputGate[m], tcm = tc[m]
                let dcm = dc[m] + dh[m] * og * (1 - tcm * tcm)
                dInput[m] = dcm * cg * ig * (1 - ig)
                dForget[m] = dcm * cPrev[m] * fg * (1 - fg)
                dCandidate[m] = dcm * ig * (1 - cg * cg)
                dOutput[m] = dh[m] * tcm * og * (1 - og)
                dc[m] = dcm * fg
            }
            if keep != nil {
                for i in 0..<n where masked(i, t) {
                    for k in 0..<G { d[k * n + i] = 0 }
                    for j in 0..<U { dc[j * n + i] = keptCell[j * n + i] }
                }
            }
            transposeBlock(d, rows: G, cols: n, into: pdzTime + t * n * G)
            // The hidden gradient one step earlier (at t = 0, the initial state's, when there is one).
            if t > 0 || initial != nil {
                try T.gemm(false, false, U, n, G, 1, pu, G, d, n, 0, dh, n)
                if let drop { let pd = drop.ptr(T.self); for m in 0..<block { dh[m] *= pd[m] } }
            }
            if keep != nil { for m in 0..<block { dh[m] += carried[m] } }
        }
        // The recurrent product saw the previous states scaled by the recurrent dropout.
        if let scale = recurrentScale {
            for t in 0..<steps { for i in 0..<n { for j in 0..<U { pprev[(t * n + i) * U + j] *= T(scale[i * U + j]) } } }
        }
        // dX = dZ Wᵀ (back to batch-first), dW = Xᵀ dZ, dU = Σ h(t-1)ᵀ dZ(t), db = Σ dZ.
        let gxTime = try Tensor.unfilled([steps * n, features], dtype: T.dtype), gx = try Tensor.unfilled([n, steps, features], dtype: T.dtype)
        let gw = try Tensor.unfilled(w.shape, dtype: T.dtype), gu = try Tensor.unfilled(u.shape, dtype: T.dtype)
        try T.gemm(false, true, steps * n, features, G, 1, pdzTime, G, w.ptr(T.self), G, 0, gxTime.ptr(T.self), features)
        swapBatchAndTime(gxTime.ptr(T.self), rows: features, into: gx.ptr(T.self), toTimeMajor: false)
        try T.gemm(true, false, features, G, steps * n, 1, s.input.ptr(T.self), features, pdzTime, G, 0, gw.ptr(T.self), G)
        try T.gemm(true, false, U, G, steps * n, 1, pprev, U, pdzTime, G, 0, gu.ptr(T.self), G)
        var grads: [Tensor?] = [gx, gw, gu]
        if hasBias {
            let gb = try zeros(T.self, [G])
            addColumnSums(pdzTime, rows: steps * n, cols: G, into: gb.ptr(T.self))
            grads.append(gb)
        }
        withExtendedLifetime(drop) {}
        guard initial != nil else { return grads }
        let dh0 = try Tensor.unfilled([n, U], dtype: T.dtype), dc0 = try Tensor.unfilled([n, U], dtype: T.dtype)
        transposeBlock(dh, rows: U, cols: n, into: dh0.ptr(T.self))
        transposeBlock(dc, rows: U, cols: n, into: dc0.ptr(T.self))
        return grads + [dh0, dc0]
    }
}
