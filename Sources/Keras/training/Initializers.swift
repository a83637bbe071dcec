// Keras's weight initializers: the same formulas and defaults (glorot_uniform kernels,
// orthogonal recurrent kernels, zero biases), drawn from the session's random source.
import KTensor

public enum Initializer: Equatable {
    public enum Mode: String { case fan_in, fan_out, fan_avg }
    public enum Distribution: String { case truncated_normal, untruncated_normal, normal, uniform }
    case zeros, ones
    case constant(Double)
    case randomNormal(mean: Double, stddev: Double)
    case randomUniform(minval: Double, maxval: Double)
    case truncatedNormal(mean: Double, stddev: Double)
    case varianceScaling(scale: Double, mode: Mode, distribution: Distribution)
    case orthogonal(gain: Double)
    case identity(gain: Double)

    public static let glorotUniform = Initializer.varianceScaling(scale: 1, mode: .fan_avg, distribution: .uniform)
    public static let glorotNormal = Initializer.varianceScaling(scale: 1, mode: .fan_avg, distribution: .truncated_normal)
    public static let heNormal = Initializer.varianceScaling(scale: 2, mode: .fan_in, distribution: .truncated_normal)
    public static let heUniform = Initializer.varianceScaling(scale: 2, mode: .fan_in, distribution: .uniform)
    public static let lecunNormal = Initializer.varianceScaling(scale: 1, mode: .fan_in, distribution: .truncated_normal)
    public static let lecunUniform = Initializer.varianceScaling(scale: 1, mode: .fan_in, distribution: .uniform)

    /// Keras's fan-in and fan-out of a weight shape (convolution kernels count their window).
    static func fans(_ shape: [Int]) -> (Double, Double) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (Double(shape[0]), Double(shape[0]))
        case 2: return (Double(shape[0]), Double(shape[1]))
        default:
            let receptive = Double(shape.dropLast(2).reduce(1, *))
            return (Double(shape[shape.count - 2]) * receptive, Double(shape[shape.count - 1]) * receptive)
        }
    }

    /// A new float32 tensor of `shape` with this initializer's values.
    public func make(_ shape: [Int], _ source: inout RandomSource) throws -> Tensor {
        var random = source  // a local copy: no access through the caller per draw
        defer { source = random }
        let t = try Tensor.zeros(shape, dtype: .float32)
        let p = t.base(Float.self), n = t.count
        switch self {
        case .zeros: break
        case .ones: for i in 0..<n { p[i] = 1 }
        case .constant(let v): for i in 0..<n { p[i] = Float(v) }
        case .randomNormal(let mean, let sd): for i in 0..<n { p[i] = Float(mean + sd * random.normal()) }
        case .randomUniform(let lo, let hi): for i in 0..<n { p[i] = Float(lo + (hi - lo) * random.uniform()) }
        case .truncatedNormal(let mean, let sd): for i in 0..<n { p[i] = Float(mean + sd * random.truncatedNormal()) }
        case .varianceScaling(let scale, let mode, let distribution):
            let (fanIn, fanOut) = Initializer.fans(shape)
            let fan = mode == .fan_in ? fanIn : mode == .fan_out ? fanOut : (fanIn + fanOut) / 2
            let s = scale / Swift.max(1, fan)
            switch distribution {
            case .truncated_normal:
                let sd = s.squareRoot() / 0.87962566103423978
                for i in 0..<n { p[i] = Float(sd * random.truncatedNormal()) }
            case .untruncated_normal, .normal:
                let sd = s.squareRoot()
                for i in 0..<n { p[i] = Float(sd * random.normal()) }
            case .uniform:
                let limit = (3 * s).squareRoot()
                for i in 0..<n { p[i] = Float(limit * (2 * random.uniform() - 1)) }
            }
        case .orthogonal(let gain):
            let cols = shape.last ?? 1, rows = n / Swift.max(cols, 1)
            let q = orthogonalMatrix(rows: rows, cols: cols, &random)
            for i in 0..<n { p[i] = Float(gain * q[i]) }
        case .identity(let gain):
            guard shape.count == 2 else {
                throw KerasError(.value, "Identity matrix initializer can only be used for 2D matrices. Received: shape=\(Tensor.describe(shape)) of rank \(shape.count).")
            }
            for i in 0..<Swift.min(shape[0], shape[1]) { p[i * shape[1] + i] = Float(gain) }
        }
        return t
    }

    /// A rows x cols matrix with orthonormal rows or columns (Gram-Schmidt on a normal matrix,
    /// signs fixed as Keras fixes them with R's diagonal).
    func orthogonalMatrix(rows: Int, cols: Int, _ random: inout RandomSource) -> [Double] {
        let (tall, short) = (Swift.max(rows, cols), Swift.min(rows, cols))
        // Columns of a tall x short matrix, made orthonormal one by one.
        var q = (0..<short).map { _ in (0..<tall).map { _ in random.normal() } }
        for j in 0..<short {
            for k in 0..<j {
                let d = zip(q[j], q[k]).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<tall { q[j][i] -= d * q[k][i] }
            }
            let norm = q[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in 0..<tall { q[j][i] /= Swift.max(norm, 1e-12) }
        }
        var out = [Double](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            for c in 0..<cols { out[r * cols + c] = rows >= cols ? q[c][r] : q[r][c] }
        }
        return out
    }
}
