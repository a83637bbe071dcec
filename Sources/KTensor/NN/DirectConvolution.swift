// The float32 stride-1 convolution without a patch matrix: the C loops of direct_conv.c over
// each image. Padding becomes a zero-padded copy of the input; the input gradient is the same
// loop run on the zero-padded output gradient with the kernel turned round and its channel
// axes swapped. Other strides, dilations, filter counts that are not a multiple of 16 (the
// kernel gradient's strips) and float64 take ConvPlan's im2col + GEMM.
import CKernels

struct DirectConv {
    let n, h, w, c, f, kh, kw, oh, ow: Int
    let padding: ((Int, Int), (Int, Int))
    /// The padded input's height and width (the loops see only valid convolutions).
    var hp: Int { h + padding.0.0 + padding.0.1 }
    var wp: Int { w + padding.1.0 + padding.1.1 }
    var isPadded: Bool { hp != h || wp != w }

    /// The plan for a convolution this path takes, or nil.
    init?(x: [Int], kernel: [Int], geo: ConvGeometry, dtype: DType) {
        guard dtype == .float32, geo.strides == (1, 1), geo.dilation == (1, 1) else { return nil }
        (n, h, w, c, f) = (x[0], x[1], x[2], x[3], kernel[3])
        (kh, kw) = (kernel[0], kernel[1])
        padding = geo.padding
        (oh, ow) = (h + padding.0.0 + padding.0.1 - kh + 1, w + padding.1.0 + padding.1.1 - kw + 1)
        guard oh > 0, ow > 0, c > 0, f % 16 == 0 else { return nil }
    }

    /// `x` (n × h × w × c) inside a zero border of the given widths.
    static func padded(_ x: Tensor, _ border: ((Int, Int), (Int, Int))) throws -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let out = try Tensor.zeros([n, h + border.0.0 + border.0.1, w + border.1.0 + border.1.1, c])
        try out.window([0..<n, border.0.0..<(border.0.0 + h), border.1.0..<(border.1.0 + w), 0..<c]).copyIn(x)
        return out
    }

    /// The inside of a padded gradient (the inverse of `padded`).
    func cropped(_ xp: Tensor) throws -> Tensor {
        try xp.window([0..<n, padding.0.0..<(padding.0.0 + h), padding.1.0..<(padding.1.0 + w), 0..<c]).contiguous()
    }

    /// Weights (kh × kw × rows × cols) with their columns widened to a multiple of 16 (zeros), as
    /// the forward loop reads whole strips; `turned` also rotates the window half a turn and swaps
    /// the channel axes, (ky, kx, ci, fi) → (kh-1-ky, kw-1-kx, fi, ci), for the input gradient.
    func stripWeights(_ kernel: Tensor, turned: Bool) -> (UnsafeMutablePointer<Float>, Int) {
        let cols = turned ? c : f, ld = (cols + 15) / 16 * 16
        let rows = turned ? f : c
        let out = UnsafeMutablePointer<Float>.allocate(capacity: kh * kw * rows * ld)
        out.initialize(repeating: 0, count: kh * kw * rows * ld)
        let k = kernel.ptr(Float.self)
        for ky in 0..<kh { for kx in 0..<kw { for ci in 0..<c { for fi in 0..<f {
            let v = k[((ky * kw + kx) * c + ci) * f + fi]
            if turned { out[(((kh - 1 - ky) * kw + kw - 1 - kx) * f + fi) * ld + ci] = v }
            else { out[((ky * kw + kx) * c + ci) * ld + fi] = v }
        } } } }
        return (out, ld)
    }

    /// out (n × oh × ow × f) = the convolution of the padded input, plus the bias, through
    /// ReLU when `relu`.
    func forward(_ xp: Tensor, _ kernel: Tensor, _ bias: Tensor?, relu: Bool, _ out: Tensor) {
        let (weights, ld) = stripWeights(kernel, turned: false)
        defer { weights.deallocate() }
        let x = xp.ptr(Float.self), o = out.ptr(Float.self), b = bias.map { UnsafePointer($0.ptr(Float.self)) }
        forEachHalf(0..<n, work: n * oh * ow * f * kh * kw * c) { images in
            for img in images {
                ks_conv2d_valid_f32(x + img * hp * wp * c, hp, wp, c, padding.0.0, padding.0.1, weights, kh, kw, f, ld, b, relu ? 1 : 0,
                                    o + img * oh * ow * f)
            }
        }
    }

    /// The gradient through the fused ReLU: the output gradient where the output is positive.
    func reluGradient(_ y: Tensor, _ g: Tensor) throws -> Tensor {
        let d = try Tensor.unfilled(g.shape, dtype: .float32)
        let py = y.ptr(Float.self), pg = g.ptr(Float.self), pd = d.ptr(Float.self)
        forEachHalf(0..<g.count, work: g.count) { reluBackward(py, pg, pd, $0) }
        return d
    }

    /// The kernel gradient, and the bias gradient when `withBias`.
    func kernelGradient(_ xp: Tensor, _ g: Tensor, withBias: Bool) throws -> (Tensor, Tensor?) {
        let x = xp.ptr(Float.self), pg = g.ptr(Float.self)
        return try summedPerCore(withBias: withBias, work: n * oh * ow * kh * kw * c * f) { images, own in
            ks_conv2d_kernel_grad_f32(x + images.lowerBound * hp * wp * c, images.count, hp, wp, c,
                                      pg + images.lowerBound * oh * ow * f, f, kh, kw, own, withBias ? own + kh * kw * c * f : nil)
        }
    }

    /// The kernel gradient (and the bias gradient after it when `withBias`) summed over the
    /// images: `add` runs on each core's half of them, adding into that core's own buffer.
    func summedPerCore(withBias: Bool, work: Int, _ add: (Range<Int>, UnsafeMutablePointer<Float>) -> Void) throws -> (Tensor, Tensor?) {
        let size = kh * kw * c * f, part = size + f  // a core's kernel sums, then its bias sums
        let sums = UnsafeMutablePointer<Float>.allocate(capacity: 2 * part)
        defer { sums.deallocate() }
        sums.initialize(repeating: 0, count: 2 * part)
        forEachHalf(0..<n, work: work) { images in add(images, sums + (images.lowerBound == 0 ? 0 : part)) }
        let gw = try Tensor.unfilled([kh, kw, c, f], dtype: .float32)
        let out = gw.ptr(Float.self)
        for i in 0..<size { out[i] = sums[i] + sums[part + i] }
        guard withBias else { return (gw, nil) }
        let gb = try Tensor.unfilled([f], dtype: .float32)
        let bias = gb.ptr(Float.self)
        for j in 0..<f { bias[j] = sums[size + j] + sums[part + size + j] }
        return (gw, gb)
    }

    /// The input gradient, cropped from the padded input's.
    func inputGradient(_ g: Tensor, _ kernel: Tensor) throws -> Tensor {
        let gxp = c < 16 ? try paddedInputGradientByPatches(g, kernel) : try paddedInputGradient(g, kernel)
        return isPadded ? try cropped(gxp) : gxp
    }

    /// The output gradient inside a border of the kernel's size less one, convolved with the
    /// turned kernel: the padded input's gradient.
    func paddedInputGradient(_ g: Tensor, _ kernel: Tensor) throws -> Tensor {
        let gp = try DirectConv.padded(g, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
        let (weights, ld) = stripWeights(kernel, turned: true)
        defer { weights.deallocate() }
        let gxp = try Tensor.unfilled([n, hp, wp, c], dtype: .float32)
        let (gh, gw) = (gp.shape[1], gp.shape[2])
        let src = gp.ptr(Float.self), dst = gxp.ptr(Float.self)
        forEachHalf(0..<n, work: n * hp * wp * c * kh * kw * f) { images in
            for img in images {
                ks_conv2d_valid_f32(src + img * gh * gw * f, gh, gw, f, kh - 1, kh - 1, weights, kh, kw, c, ld, nil, 0, dst + img * hp * wp * c)
            }
        }
        return gxp
    }

    /// Fewer than 16 input channels would fill little of the loop's 16-wide strips: patch
    /// gradients from one GEMM, added back onto the padded input as im2col's backward does.
    func paddedInputGradientByPatches(_ g: Tensor, _ kernel: Tensor) throws -> Tensor {
        let valid = ConvGeometry(kernel: (kh, kw), strides: (1, 1), padding: ((0, 0), (0, 0)))
        return try ConvPlan(x: [n, hp, wp, c], kernel: kernel.shape, geo: valid, out: (oh, ow)).inputGradient(Float.self, g, kernel)
    }
}
