// Fast sigmoid and tanh for float32: exp as 2^k * e^r (|r| <= ln2/2, Cephes's degree-6
// polynomial, a few ulps), written as straight-line loops that the compiler vectorizes;
// float64 keeps libm. Recurrent layers spend most of their time here.

extension NNScalar {
    /// p[i] = 1 / (1 + exp(-p[i])) for i in 0..<n.
    @inline(__always) static func sigmoidInPlace(_ p: UnsafeMutablePointer<Self>, _ n: Int) {
        if Self.self == Float.self { fastSigmoid(UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self), n); return }
        for i in 0..<n { p[i] = sigmoid(p[i]) }
    }

    /// p[i] = tanh(p[i]) for i in 0..<n.
    @inline(__always) static func tanhInPlace(_ p: UnsafeMutablePointer<Self>, _ n: Int) {
        if Self.self == Float.self { fastTanh(UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self), n); return }
        for i in 0..<n { p[i] = Self.tanh(p[i]) }
    }
}

/// e^x: the fast float32 version for Float, libm's for Double.
@inline(__always) func exponential<T: NNScalar>(_ x: T) -> T {
    if T.self == Float.self { return unsafeBitCast(fastExp(unsafeBitCast(x, to: Float.self)), to: T.self) }
    return T.exp(x)
}

/// e^x, branch-free (the rounding of x·log2(e) uses the 1.5·2^23 trick).
@inline(__always) func fastExp(_ v: Float) -> Float {
    let x = v < -87.3 ? -87.3 : (v > 88.7 ? 88.7 : v)
    let shifted = x * 1.44269504088896341 + 12582912
    let k = shifted - 12582912
    let r = x - k * 0.693359375 + k * 2.12194440e-4
    var p: Float = 1.9875691500e-4
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let y = p * (r * r) + r + 1
    let exponent = (Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000 &+ 127) &<< 23
    return y * Float(bitPattern: UInt32(bitPattern: exponent))
}

func fastSigmoid(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
    for i in 0..<n { p[i] = 1 / (1 + fastExp(-p[i])) }
}

/// tanh(x) = sign(x) (1 - e) / (1 + e) with e = exp(-2|x|); below 0.1 in magnitude, where that
/// subtraction loses digits, its Taylor series to x⁷.
func fastTanh(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
    for i in 0..<n {
        let x = p[i]
        let a = Float(bitPattern: x.bitPattern & 0x7FFF_FFFF)
        let e = fastExp(-2 * a)
        var t = (1 - e) / (1 + e)
        let a2 = a * a
        let series = a + a * a2 * (-1 / 3 + a2 * (2 / 15 + a2 * (-17 / 315)))
        t = a < 0.1 ? series : t
        p[i] = Float(bitPattern: t.bitPattern | (x.bitPattern & 0x8000_0000))
    }
}
