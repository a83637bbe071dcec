// A whole SimpleRNN sequence as one op: h' = f(x W + h U + b); kernel (F, U), recurrent (U, U),
// f one of the activations whose derivative follows from its output (tanh, relu, sigmoid, linear).

/// The activations a SimpleRNN sequence op can apply.
public enum RecurrentActivation: String, Sendable {
    case tanh, relu, sigmoid, linear
}

extension Variable {
    public static func simpleRNN(_ x: Variable, _ kernel: Variable, _ recurrentKernel: Variable, _ bias: Variable?,
                                 returnSequences: Bool, activation: RecurrentActivation = .tanh, mask: Tensor? = nil,
                                 initial: Variable? = nil, recurrentDropout: Tensor? = nil) throws -> Variable {
        let dtype = computeDType(x.value.dtype, kernel.value.dtype)
        let xv = try x.value.dense(dtype), w = try kernel.value.dense(dtype), u = try recurrentKernel.value.dense(dtype)
        let b = try bias?.value.dense(dtype)
        guard xv.rank == 3, w.rank == 2, w.shape[0] == xv.shape[2], u.rank == 2, w.shape[1] == u.shape[0] else {
            throw TensorError.value("simple_rnn: input \(Tensor.describe(xv.shape)) does not match kernel \(Tensor.describe(w.shape))")
        }
        let run = try SequenceRun(n: xv.shape[0], steps: xv.shape[1], features: xv.shape[2], units: u.shape[0], returnSequences: returnSequences,
                                  mask: mask, recurrentDropout: recurrentDropout)
        let h0 = try run.initialState(initial, dtype, op: "simple_rnn")
        let hs = try run.simpleForward(scalarType(dtype), xv, w, u, b, activation, initial: h0)
        let inputs = (bias.map { [x, kernel, recurrentKernel, $0] } ?? [x, kernel, recurrentKernel]) + (initial.map { [$0] } ?? [])
        return record(try run.output(scalarType(dtype), hs), inputs) { g in
            try run.simpleBackward(scalarType(dtype), try g.dense(dtype), xv, w, u, hs, hasBias: b != nil, activation, initial: h0)
        }
    }
}

extension SequenceRun {
    @_specialize(where T == Float) @_specialize(where T == Double)
    func simpleForward<T: NNScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ b: Tensor?, _ f: RecurrentActivation,
                                    initial: Tensor? = nil) throws -> Tensor {
        let U = units
        let hs = try zeros(T.self, [n, steps, U])
        let ph = hs.ptr(T.self)
        let dropped = try zeros(T.self, [recurrentScale == nil ? 0 : n, U]), pdrop = dropped.ptr(T.self)
        defer { withExtendedLifetime(dropped) {} }
        try T.gemm(false, false, n * steps, U, features, 1, x.ptr(T.self), features, w.ptr(T.self), U, 0, ph, U)
        if let b = b { addRow(ph, rows: n * steps, cols: U, b.ptr(T.self)) }
        for t in 0..<steps {
            try addRecurrentProduct(t, hidden: ph, initial: initial?.ptr(T.self), u.ptr(T.self), ldu: U, cols: U, into: ph, ldDest: U, dropBuffer: pdrop)
            for i in 0..<n {
                let h = ph + (i * steps + t) * U
                switch f {
                case .tanh: T.tanhInPlace(h, U)
                case .sigmoid: T.sigmoidInPlace(h, U)
                case .relu: for j in 0..<U where !(h[j] > 0) { h[j] = h[j].isNaN ? h[j] : 0 }
                case .linear: break
                }
                carry(i, t, h, initial: initial?.ptr(T.self))
            }
        }
        return hs
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func simpleBackward<T: NNScalar>(_: T.Type, _ gt: Tensor, _ x: Tensor, _ w: Tensor, _ u: Tensor, _ hs: Tensor, hasBias: Bool,
                                     _ f: RecurrentActivation, initial: Tensor? = nil) throws -> [Tensor?] {
        let U = units
        let da = try zeros(T.self, [n, steps, U]), dhNext = try zeros(T.self, [n, U])
        let pda = da.ptr(T.self), pdh = dhNext.ptr(T.self), ph = hs.ptr(T.self), g = gt.ptr(T.self)
        defer { withExtendedLifetime(dhNext) {} }
        // A masked step passes its hidden gradient straight to the step before.
        var carried = [T](repeating: 0, count: keep == nil ? 0 : n * U)
        for t in stride(from: steps - 1, through: 0, by: -1) {
            for i in 0..<n {
                let h = ph + (i * steps + t) * U, d = pda + (i * steps + t) * U
                let up = hiddenGradient(g, i, t)
                if masked(i, t) {
                    for j in 0..<U { carried[i * U + j] = pdh[i * U + j] + (up?[j] ?? 0); d[j] = 0 }
                    continue
                }
                if keep != nil { for j in 0..<U { carried[i * U + j] = 0 } }
                for j in 0..<U {
                    // The activation's derivative, from its output.
                    let slope: T
                    switch f {
                    case .tanh: slope = 1 - h[j] * h[j]
                    case .sigmoid: slope = h[j] * (1 - h[j])
                    case .relu: slope = h[j] > 0 ? 1 : 0
                    case .linear: slope = 1
                    }
                    d[j] = (pdh[i * U + j] + (up?[j] ?? 0)) * slope
                }
            }
            if t > 0 || initial != nil {
                try T.gemm(false, true, n, U, U, 1, pda + t * U, steps * U, u.ptr(T.self), U, 0, pdh, U)
                scaleRecurrentGradient(pdh)
            }
            for k in carried.indices { pdh[k] += carried[k] }
        }
        let seen = try recurrentHidden(T.self, ph), seenInitial = try recurrentInitial(T.self, initial)
        let grads = try recurrentWeightGradients(T.self, x, w, u, da, recurrentGradient: da, hidden: seen?.ptr(T.self) ?? ph, biasRows: hasBias ? 1 : 0,
                                                 initialHidden: seenInitial?.ptr(T.self))
        withExtendedLifetime((seen, seenInitial)) {}
        guard initial != nil else { return grads }
        return grads + [try dhNext.astype(dhNext.dtype, copy: true)]
    }
}
