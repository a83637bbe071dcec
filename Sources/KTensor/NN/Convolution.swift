// 2-D convolution, channels-last like Keras: input (N, H, W, C), kernel (KH, KW, C, F).
// Float stride-1 convolutions take DirectConv's loops; the rest (strides, dilation, float64)
// im2col + GEMM over chunks of images, so the patch matrix stays a few megabytes; the
// backward pass rebuilds each chunk's patches instead of keeping them. Short patches (a first
// layer's few channels) take their kernel gradient from a C kernel BLAS cannot match there.
import CKernels

public struct ConvGeometry {
    public let kernel: (Int, Int)
    public let strides: (Int, Int)
    public let dilation: (Int, Int)
    /// Zero padding before and after each spatial axis: (top, bottom), (left, right).
    public let padding: ((Int, Int), (Int, Int))

    public init(kernel: (Int, Int), strides: (Int, Int), dilation: (Int, Int) = (1, 1), padding: ((Int, Int), (Int, Int))) {
        self.kernel = kernel; self.strides = strides; self.dilation = dilation; self.padding = padding
    }

    /// Keras's "same" padding (extra padding at the end) or "valid" (none) for an input size.
    public static func padding(same: Bool, input: Int, kernel: Int, stride: Int, dilation: Int = 1) -> (Int, Int) {
        guard same else { return (0, 0) }
        let out = (input + stride - 1) / stride
        let total = Swift.max((out - 1) * stride + (kernel - 1) * dilation + 1 - input, 0)
        return (total / 2, total - total / 2)
    }

    public func outputSize(_ h: Int, _ w: Int) -> (Int, Int) {
        let eh = (kernel.0 - 1) * dilation.0 + 1, ew = (kernel.1 - 1) * dilation.1 + 1
        let (rows, cols) = (h + padding.0.0 + padding.0.1, w + padding.1.0 + padding.1.1)
        // No window fits when the padded input is shorter than one (integer division would round up to 1).
        return (rows < eh ? 0 : (rows - eh) / strides.0 + 1, cols < ew ? 0 : (cols - ew) / strides.1 + 1)
    }
}

extension Variable {
    /// The convolution followed by `activation`; on the direct path a plain ReLU is applied as
    /// the outputs are stored, and its gradient taken in the convolution's backward.
    public static func conv2d(_ x: Variable, _ kernel: Variable, _ bias: Variable?, _ geo: ConvGeometry,
                              activation: ActivationFunction = ActivationFunction(.linear)) throws -> Variable {
        let dtype = computeDType(x.value.dtype, kernel.value.dtype)
        let xv = try x.value.dense(dtype), w = try kernel.value.dense(dtype), b = try bias?.value.dense(dtype)
        guard xv.rank == 4, w.rank == 4, w.shape[2] == xv.shape[3] else {
            throw TensorError.value("conv2d: input \(Tensor.describe(xv.shape)) does not match kernel \(Tensor.describe(w.shape))")
        }
        let (oh, ow) = geo.outputSize(xv.shape[1], xv.shape[2])
        let out = try Tensor.unfilled([xv.shape[0], oh, ow, w.shape[3]], dtype: dtype)  // every output is written
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        let needsInput = x.requiresGrad
        if let direct = DirectConv(x: xv.shape, kernel: w.shape, geo: geo, dtype: dtype) {
            let xp = direct.isPadded ? try DirectConv.padded(xv, geo.padding) : xv
            let relu = activation.isPlainRelu
            direct.forward(xp, w, b, relu: relu, out)
            let y = record(out, inputs) { g in
                let masked = g.reluMaskedFor === out.storage
                let gd = relu && !masked ? try direct.reluGradient(out, try g.dense(dtype)) : try g.dense(dtype)
                let (gw, gb) = try direct.kernelGradient(xp, gd, withBias: b != nil)
                let gx = needsInput ? try direct.inputGradient(gd, w) : nil
                return gb.map { [gx, gw, $0] } ?? [gx, gw]
            }
            y.isFusedReluOutput = relu
            return relu ? y : try y.activated(activation)
        }
        let plan = ConvPlan(x: xv.shape, kernel: w.shape, geo: geo, out: (oh, ow))
        try plan.forward(scalarType(dtype), xv, w, b, out)
        return try record(out, inputs) { g in try plan.backward(scalarType(dtype), try g.dense(dtype), xv, w, b != nil, needsInput) }
            .activated(activation)
    }
}

/// The sizes of one convolution and its chunking of the batch.
struct ConvPlan {
    let n, h, w, c, f, oh, ow: Int
    let geo: ConvGeometry
    var patchSize: Int { geo.kernel.0 * geo.kernel.1 * c }
    /// Images per GEMM, so a chunk's patches stay around 2M values.
    var imagesPerChunk: Int { Swift.max(1, Swift.min(n, 2_000_000 / Swift.max(1, oh * ow * patchSize))) }

    init(x: [Int], kernel: [Int], geo: ConvGeometry, out: (Int, Int)) {
        (n, h, w, c, f) = (x[0], x[1], x[2], x[3], kernel[3])
        (oh, ow) = out
        self.geo = geo
    }

    /// Fills `cols` with the patches of images [first, first + count): one row per output pixel.
    @_specialize(where T == Float) @_specialize(where T == Double)
    func im2col<T: NNScalar>(_ x: UnsafeMutablePointer<T>, _ cols: UnsafeMutablePointer<T>, first: Int, count: Int) {
        let (kh, kw) = geo.kernel, (sh, sw) = geo.strides, (dh, dw) = geo.dilation
        let (top, left) = (geo.padding.0.0, geo.padding.1.0)
        let run = kw * c
        forEachHalf(first..<(first + count), work: count * oh * ow * patchSize) { images in
        for img in images {
            var row = cols + (img - first) * oh * ow * patchSize
            let src = x + img * h * w * c
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var dst = row
                    let x0 = ox * sw - left
                    for ky in 0..<kh {
                        let iy = oy * sh - top + ky * dh
                        if iy < 0 || iy >= h {
                            for j in 0..<run { dst[j] = 0 }
                        } else if dw == 1 && x0 >= 0 && x0 + kw <= w {
                            // The whole kernel row lies inside the image: one contiguous run.
                            let from = src + (iy * w + x0) * c
                            for j in 0..<run { dst[j] = from[j] }
                        } else {
                            for kx in 0..<kw {
                                let ix = x0 + kx * dw
                                let d = dst + kx * c
                                if ix >= 0 && ix < w { let from = src + (iy * w + ix) * c; for j in 0..<c { d[j] = from[j] } }
                                else { for j in 0..<c { d[j] = 0 } }
                            }
                        }
                        dst += run
                    }
                    row += patchSize
                }
            }
        }
        }
    }

    /// Adds patch gradients back onto the input gradient (the inverse of im2col).
    @_specialize(where T == Float) @_specialize(where T == Double)
    func col2im<T: NNScalar>(_ cols: UnsafeMutablePointer<T>, _ gx: UnsafeMutablePointer<T>, first: Int, count: Int) {
        let (kh, kw) = geo.kernel, (sh, sw) = geo.strides, (dh, dw) = geo.dilation
        let (top, left) = (geo.padding.0.0, geo.padding.1.0)
        forEachHalf(first..<(first + count), work: count * oh * ow * patchSize) { images in
        for img in images {
            var row = cols + (img - first) * oh * ow * patchSize
            let dstImage = gx + img * h * w * c
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var src = row
                    for ky in 0..<kh {
                        let iy = oy * sh - top + ky * dh
                        for kx in 0..<kw {
                            let ix = ox * sw - left + kx * dw
                            if iy >= 0 && iy < h && ix >= 0 && ix < w {
                                let d = dstImage + (iy * w + ix) * c
                                for k in 0..<c { d[k] += src[k] }
                            }
                            src += c
                        }
                    }
                    row += patchSize
                }
            }
        }
        }
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func forward<T: NNScalar>(_: T.Type, _ x: Tensor, _ kernel: Tensor, _ bias: Tensor?, _ out: Tensor) throws {
        let per = imagesPerChunk, pixels = oh * ow
        let cols = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, per * pixels * patchSize))
        defer { cols.deallocate() }
        let po = out.ptr(T.self)
        var first = 0
        while first < n {
            let count = Swift.min(per, n - first)
            im2col(x.ptr(T.self), cols, first: first, count: count)
            try T.gemm(false, false, count * pixels, f, patchSize, 1, cols, patchSize, kernel.ptr(T.self), f, 0, po + first * pixels * f, f)
            first += count
        }
        if let b = bias { addRow(po, rows: n * pixels, cols: f, b.ptr(T.self)) }
    }

    /// Short patches (a first layer's few channels) whose kernel gradient the C kernel takes.
    static let shortPatch = 64

    /// gw += colsᵀ · g for one chunk of `rows` output pixels. Short float patches go to the C
    /// kernel, each core summing half of the pixels into its own buffer; the rest to BLAS.
    func addKernelGradient<T: NNScalar>(_ cols: UnsafeMutablePointer<T>, _ g: UnsafeMutablePointer<T>, rows: Int,
                                        into gw: UnsafeMutablePointer<T>) throws {
        guard T.self == Float.self, patchSize <= ConvPlan.shortPatch else {
            try T.gemm(true, false, patchSize, f, rows, 1, cols, patchSize, g, f, 1, gw, f)
            return
        }
        let size = patchSize * f
        let a = UnsafeRawPointer(cols).assumingMemoryBound(to: Float.self), b = UnsafeRawPointer(g).assumingMemoryBound(to: Float.self)
        let sums = UnsafeMutablePointer<Float>.allocate(capacity: 2 * size)
        defer { sums.deallocate() }
        sums.initialize(repeating: 0, count: 2 * size)
        forEachHalf(0..<rows, work: rows * size) { half in
            let own = sums + (half.lowerBound == 0 ? 0 : size)
            ks_long_gemm_tn_f32(patchSize, f, half.count, a + half.lowerBound * patchSize, patchSize, b + half.lowerBound * f, f, own, f)
        }
        let out = UnsafeMutableRawPointer(gw).assumingMemoryBound(to: Float.self)
        for i in 0..<size { out[i] += sums[i] + sums[size + i] }
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func backward<T: NNScalar>(_: T.Type, _ g: Tensor, _ x: Tensor, _ kernel: Tensor, _ hasBias: Bool, _ needsInput: Bool) throws -> [Tensor?] {
        let gw = try Tensor.zeros(kernel.shape, dtype: T.dtype)
        let per = imagesPerChunk, pixels = oh * ow
        let cols = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, per * pixels * patchSize))
        defer { cols.deallocate() }
        let pg = g.ptr(T.self)
        var first = 0
        while first < n {
            let count = Swift.min(per, n - first)
            im2col(x.ptr(T.self), cols, first: first, count: count)
            try addKernelGradient(cols, pg + first * pixels * f, rows: count * pixels, into: gw.ptr(T.self))
            first += count
        }
        let input = needsInput ? try inputGradient(T.self, g, kernel) : nil
        guard hasBias else { return [input, gw] }
        let gb = try zeros(T.self, [f])
        addColumnSums(pg, rows: n * pixels, cols: f, into: gb.ptr(T.self))
        return [input, gw, gb]
    }
}
