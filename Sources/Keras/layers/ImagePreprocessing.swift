// Image preprocessing and augmentation layers (channels-last batches): Resizing and CenterCrop
// (always applied; bilinear or nearest resizing with half-pixel centres, as Keras's), and
// RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast and RandomCrop,
// which change images only in training (random draws from kscript's generator, so not the
// numbers Keras draws) and pass them through at inference.
import Foundation
import KTensor

/// The (outSize, inSize) matrix that resizes one axis: bilinear with half-pixel centres and
/// clamped edges, or nearest.
func resizeMatrix(from n: Int, to m: Int, nearest: Bool) throws -> Tensor {
    let r = try Tensor.zeros([m, n], dtype: .float32)
    let scale = Double(n) / Double(m)
    for i in 0..<m {
        if nearest {
            r.setDouble(1, at: i * n + min(n - 1, Int((Double(i) + 0.5) * scale)))
            continue
        }
        let y = min(max((Double(i) + 0.5) * scale - 0.5, 0), Double(n - 1))
        let y0 = Int(y.rounded(.down)), y1 = min(y0 + 1, n - 1), f = y - Double(y0)
        r.setDouble(r.double(at: i * n + y0) + 1 - f, at: i * n + y0)
        r.setDouble(r.double(at: i * n + y1) + f, at: i * n + y1)
    }
    return r
}

/// Resizes images (n, h, w, c) to (n, height, width, c): one linear map per axis, so the
/// gradient flows back through it.
func resizeImages(_ x: Variable, height: Int, width: Int, nearest: Bool) throws -> Variable {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let rows = try resizeMatrix(from: h, to: height, nearest: nearest).transposed().contiguous()
    let cols = try resizeMatrix(from: w, to: width, nearest: nearest).transposed().contiguous()
    // Rows: (n, w, c, h) @ (h, height); then columns: (n, height, c, w) @ (w, width).
    let alongRows = try Variable.linear(try x.transposed([0, 2, 3, 1]).reshaped([n * w * c, h]), Variable(rows), nil)
        .reshaped([n, w, c, height]).transposed([0, 3, 2, 1])
    return try Variable.linear(try alongRows.reshaped([n * height * c, w]), Variable(cols), nil)
        .reshaped([n, height, c, width]).transposed([0, 1, 3, 2])
}

public final class ImagePreprocessing: Layer {
    public enum Kind: String {
        case resizing = "Resizing", centerCrop = "CenterCrop", randomCrop = "RandomCrop", randomFlip = "RandomFlip"
        case randomRotation = "RandomRotation", randomZoom = "RandomZoom", randomTranslation = "RandomTranslation"
        case randomContrast = "RandomContrast"
    }
    public let kind: Kind
    /// Target size (Resizing, the crops).
    public var size = (0, 0)
    public var nearest = false
    /// RandomFlip's directions.
    public var flipRows = false, flipColumns = true
    /// The random ranges: rotation as a fraction of a full turn, zoom/translation as fractions of
    /// the size, per axis (lower, upper); contrast as ±factor.
    public var rotation = (0.0, 0.0), zoomHeight = (0.0, 0.0), zoomWidth: (Double, Double)?
    public var shiftHeight = (0.0, 0.0), shiftWidth = (0.0, 0.0), contrast = (0.0, 0.0)
    public var fillMode = "reflect", fillValue = 0.0
    public var valueRange = (0.0, 255.0)

    public init(context: KerasContext, kind: Kind, name: String?) throws {
        self.kind = kind
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind.rawValue))
    }
    public override var className: String { kind.rawValue }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        guard s.count == 4 else {
            throw KerasError(.notImplemented, "\(kind.rawValue) on inputs that are not batches of images (batch, height, width, channels) is not supported by kscript yet")
        }
        // Keras takes any size when made and fails inside the backend when called.
        if [.resizing, .centerCrop, .randomCrop].contains(kind) && (size.0 < 1 || size.1 < 1) {
            throw KerasError(.value, "\(kind.rawValue) needs a positive height and width. Received: height=\(size.0), width=\(size.1)")
        }
        switch kind {
        case .resizing, .centerCrop, .randomCrop: return [[s[0], size.0, size.1, s[3]]]
        default: return [s]
        }
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0]
        let (h, w) = (x.shape[1], x.shape[2])
        switch kind {
        case .resizing:
            return [try resizeImages(x, height: size.0, width: size.1, nearest: nearest)]
        case .centerCrop, .randomCrop:
            guard h >= size.0 && w >= size.1 else {
                throw KerasError(.notImplemented, "\(kind.rawValue) to a size larger than its input is not supported by kscript yet")
            }
            var (top, left) = ((h - size.0) / 2, (w - size.1) / 2)
            if kind == .randomCrop && training { (top, left) = (context.random.below(h - size.0 + 1), context.random.below(w - size.1 + 1)) }
            return [try x.cropped([0..<x.shape[0], top..<(top + size.0), left..<(left + size.1), 0..<x.shape[3]])]
        default:
            guard training else { return inputs }
        }
        switch kind {
        case .randomFlip:
            var out = x
            for (flip, axis) in [(flipColumns, 2), (flipRows, 1)] where flip {
                let chosen = try Tensor.zeros([x.shape[0], 1, 1, 1], dtype: .float32)
                for i in 0..<x.shape[0] where context.random.uniform() < 0.5 { chosen.setDouble(1, at: i) }
                let keep = try Tensor.binary(.sub, try Tensor.scalar(1), chosen)
                out = try Variable.binary(.add, try Variable.binary(.mul, try out.reversed(axis: axis), Variable(chosen)),
                                          try Variable.binary(.mul, out, Variable(keep.astype(.float32))))
            }
            return [out]
        case .randomContrast:
            // (x - mean) · factor + mean per image and channel, kept within the value range.
            let factors = try Tensor.zeros([x.shape[0], 1, 1, 1], dtype: .float32)
            for i in 0..<x.shape[0] { factors.setDouble(1 + contrast.0 + (contrast.1 - contrast.0) * context.random.uniform(), at: i) }
            let mean = try x.mean(axes: [1, 2], keepdims: true)
            let scaled = try Variable.binary(.add, try Variable.binary(.mul, try Variable.binary(.sub, x, mean), Variable(factors)), mean)
            return [try scaled.clipped(valueRange.0, valueRange.1)]
        default:
            return [Variable(try warp(x.value))]
        }
    }

    /// Rotation, zoom or translation: each output pixel samples the input (bilinear) at its
    /// transformed position, positions outside filled by `fillMode`.
    func warp(_ images: Tensor) throws -> Tensor {
        let (n, h, w, c) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3])
        let source = try images.dense(.float64).doubles()
        let out = try Tensor.zeros(images.shape, dtype: .float32)
        func draw(_ r: (Double, Double)) -> Double { r.0 + (r.1 - r.0) * context.random.uniform() }
        for b in 0..<n {
            // The map from an output pixel to the input position it reads.
            var map: (Double, Double) -> (Double, Double)
            let (cy, cx) = (Double(h - 1) / 2, Double(w - 1) / 2)
            switch kind {
            case .randomRotation:
                let angle = draw(rotation) * 2 * Double.pi
                let (cosA, sinA) = (cos(angle), sin(angle))
                map = { y, x in (cy + (y - cy) * cosA + (x - cx) * sinA, cx - (y - cy) * sinA + (x - cx) * cosA) }
            case .randomZoom:
                let zy = 1 + draw(zoomHeight)
                let zx = zoomWidth.map { 1 + draw($0) } ?? zy
                map = { y, x in (cy + (y - cy) * zy, cx + (x - cx) * zx) }
            default:
                let (dy, dx) = (draw(shiftHeight) * Double(h), draw(shiftWidth) * Double(w))
                map = { y, x in (y - dy, x - dx) }
            }
            for i in 0..<h {
                for j in 0..<w {
                    let (sy, sx) = map(Double(i), Double(j))
                    for ch in 0..<c {
                        out.setDouble(sample(source, b, sy, sx, ch, h: h, w: w, c: c), at: ((b * h + i) * w + j) * c + ch)
                    }
                }
            }
        }
        return out
    }

    /// Bilinear sampling at (y, x), with positions outside the image mapped by the fill mode.
    func sample(_ s: [Double], _ b: Int, _ y: Double, _ x: Double, _ ch: Int, h: Int, w: Int, c: Int) -> Double {
        func pixel(_ i: Int, _ j: Int) -> Double {
            guard let r = place(i, h), let q = place(j, w) else { return fillValue }
            return s[((b * h + r) * w + q) * c + ch]
        }
        let (y0, x0) = (Int(y.rounded(.down)), Int(x.rounded(.down)))
        let (fy, fx) = (y - Double(y0), x - Double(x0))
        return pixel(y0, x0) * (1 - fy) * (1 - fx) + pixel(y0, x0 + 1) * (1 - fy) * fx
            + pixel(y0 + 1, x0) * fy * (1 - fx) + pixel(y0 + 1, x0 + 1) * fy * fx
    }

    /// An index outside 0..<n as the fill mode maps it (nil: use the fill value).
    func place(_ i: Int, _ n: Int) -> Int? {
        if i >= 0 && i < n { return i }
        switch fillMode {
        case "constant": return nil
        case "nearest": return min(max(i, 0), n - 1)
        case "wrap": return ((i % n) + n) % n
        default:
            // reflect: d c b a | a b c d | d c b a
            let period = 2 * n
            var k = ((i % period) + period) % period
            if k >= n { k = period - 1 - k }
            return k
        }
    }
}
