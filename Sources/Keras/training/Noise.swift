// Random tensors for the training-only layers: dropout masks (already scaled by 1/(1-rate), as
// Keras scales) and Gaussian noise.
import KTensor

extension KerasContext {
    /// Zeros where a unit is dropped and 1/(1-rate) elsewhere; axes of size 1 broadcast.
    public func dropoutMask(_ shape: [Int], rate: Double) throws -> Tensor {
        let t = try Tensor.zeros(shape, dtype: .float32)
        guard rate < 1 else { return t }
        let p = t.base(Float.self), keep = Float(1 / (1 - rate))
        // Two decisions per 64-bit draw: a unit is kept when its 32 random bits reach rate * 2^32.
        let threshold = UInt64((rate * 4_294_967_296).rounded(.up))
        var source = random  // local copies: no property access per draw
        let count = t.count
        var i = 0
        while i < count {
            let bits = source.next()
            if bits & 0xFFFF_FFFF >= threshold { p[i] = keep }
            if i + 1 < count && bits >> 32 >= threshold { p[i + 1] = keep }
            i += 2
        }
        random = source
        return t
    }

    public func gaussianNoise(_ shape: [Int], stddev: Double) throws -> Tensor {
        let t = try Tensor.zeros(shape, dtype: .float32)
        let p = t.base(Float.self)
        var source = random
        for i in 0..<t.count { p[i] = Float(stddev * source.normal()) }
        random = source
        return t
    }
}
