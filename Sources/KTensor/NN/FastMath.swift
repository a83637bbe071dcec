// Fast exp, sigmoid and tanh over arrays: float32 runs the vector kernels of CKernels (a
// polynomial exp of a few ulps, on the machine's widest vectors); float64 keeps libm, for the
// gradient checks. Recurrent layers spend most of their time here.
import CKernels

extension NNScalar {
    /// p[i] = 1 / (1 + exp(-p[i])) for i in 0..<n.
    @inline(__always) static func sigmoidInPlace(_ p: UnsafeMutablePointer<Self>, _ n: Int) {
        if Self.self == Float.self { ks_sigmoid_f32(UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self), n); return }
        for i in 0..<n { p[i] = sigmoid(p[i]) }
    }

    /// p[i] = tanh(p[i]) for i in 0..<n.
    @inline(__always) static func tanhInPlace(_ p: UnsafeMutablePointer<Self>, _ n: Int) {
        if Self.self == Float.self { ks_tanh_f32(UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self), n); return }
        for i in 0..<n { p[i] = Self.tanh(p[i]) }
    }

    /// p[i] = exp(p[i]) for i in 0..<n.
    @inline(__always) static func expInPlace(_ p: UnsafeMutablePointer<Self>, _ n: Int) {
        if Self.self == Float.self { ks_exp_f32(UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self), n); return }
        for i in 0..<n { p[i] = Self.exp(p[i]) }
    }
}
