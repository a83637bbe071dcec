// Random tensors for the training-only layers: dropout masks (already scaled by 1/(1-rate), as
// Keras scales) and Gaussian noise.
import KTensor

extension KerasContext {
    /// Zeros where a unit is dropped and 1/(1-rate) elsewhere; axes of size 1 broadcast.
    public func dropoutMask(_ shape: [Int], rate: Double) throws -> Tensor {
        let t = try Tensor.zeros(shape, dtype: .float32)
        guard rate < 1 else { return t }
        let p = t.base(Float.self), keep = Float(1 / (1 - rate))
        for i in 0..<t.count where random.uniform() >= rate { p[i] = keep }
        return t
    }

    public func gaussianNoise(_ shape: [Int], stddev: Double) throws -> Tensor {
        let t = try Tensor.zeros(shape, dtype: .float32)
        let p = t.base(Float.self)
        for i in 0..<t.count { p[i] = Float(stddev * random.normal()) }
        return t
    }
}
