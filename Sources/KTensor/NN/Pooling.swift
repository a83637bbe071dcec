// Max and average pooling over (height, width) windows of channels-last input (N, H, W, C).
// Padding never takes part: max ignores it and the average divides by the cells inside.
import CKernels

extension Variable {
    public static func pool2d(_ x: Variable, max isMax: Bool, _ geo: ConvGeometry) throws -> Variable {
        let dtype = computeDType(x.value.dtype)
        let xv = try x.value.dense(dtype)
        guard xv.rank == 4 else { throw TensorError.value("pool2d: expected a 4-D input, got \(Tensor.describe(xv.shape))") }
        let (oh, ow) = geo.outputSize(xv.shape[1], xv.shape[2])
        let out = try Tensor.unfilled([xv.shape[0], oh, ow, xv.shape[3]], dtype: dtype)
        let pool = PoolPlan(x: xv.shape, geo: geo, out: (oh, ow))
        guard x.requiresGrad && pool.recordsWinners(isMax, dtype) else {
            pool.forward(scalarType(dtype), xv, out, max: isMax)
            return record(out, [x]) { g in
                let gx = try Tensor.zeros(xv.shape, dtype: dtype)
                pool.backward(scalarType(dtype), xv, out, try g.dense(dtype), gx, max: isMax)
                return [gx]
            }
        }
        // Over a fused ReLU's output, the winners also carry the ReLU's gradient.
        let reluMasked = x.isFusedReluOutput && xv.storage === x.value.storage
        let winners = try Tensor.unfilled(out.shape, dtype: .uint8)
        pool.maxForward(xv, out, winners: winners, reluMasked: reluMasked)
        return record(out, [x]) { g in
            let gx = try Tensor.unfilled(xv.shape, dtype: dtype)  // every cell is written
            pool.maxBackward(winners, try g.dense(dtype), gx)
            if reluMasked { gx.reluMaskedFor = xv.storage }
            return [gx]
        }
    }
}

struct PoolPlan {
    let n, h, w, c, oh, ow: Int
    let geo: ConvGeometry

    init(x: [Int], geo: ConvGeometry, out: (Int, Int)) {
        (n, h, w, c) = (x[0], x[1], x[2], x[3])
        (oh, ow) = out
        self.geo = geo
    }

    /// The input rows and columns one output cell covers (clipped to the image).
    @inline(__always) func window(_ oy: Int, _ ox: Int) -> (Range<Int>, Range<Int>) {
        let y0 = oy * geo.strides.0 - geo.padding.0.0, x0 = ox * geo.strides.1 - geo.padding.1.0
        return (Swift.max(y0, 0)..<Swift.min(y0 + geo.kernel.0, h), Swift.max(x0, 0)..<Swift.min(x0 + geo.kernel.1, w))
    }

    /// Fills `out` with each window's maximum or average. Channels are the innermost loop, so
    /// every window cell is one contiguous row, folded in eight channels at a time.
    @_specialize(where T == Float) @_specialize(where T == Double)
    func forward<T: NNScalar>(_: T.Type, _ xt: Tensor, _ out: Tensor, max isMax: Bool) {
        if isMax, T.self == Float.self { return maxForward(xt, out) }
        let x = xt.ptr(T.self), o = out.ptr(T.self)
        forEachHalf(0..<n, work: out.count * geo.kernel.0 * geo.kernel.1) { images in
            for img in images {
                var dst = o + img * oh * ow * c
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let (rows, cols) = window(oy, ox)
                        if rows.isEmpty || cols.isEmpty {
                            dst.update(repeating: 0, count: c)
                        } else {
                            var firstCell = true
                            for iy in rows {
                                for ix in cols {
                                    let row = x + ((img * h + iy) * w + ix) * c
                                    if firstCell { dst.update(from: row, count: c); firstCell = false }
                                    else { foldRow(dst, row, c, max: isMax) }
                                }
                            }
                            if !isMax {
                                let inside = T(rows.count * cols.count)
                                for ch in 0..<c { dst[ch] /= inside }
                            }
                        }
                        dst += c
                    }
                }
            }
        }
    }

    /// Adds each output's gradient to the input cells it came from: for max pooling the window's
    /// first cell equal to the maximum (the one the forward pass kept; the first cell when the
    /// maximum is NaN), for average pooling a share to every cell of the window.
    @_specialize(where T == Float) @_specialize(where T == Double)
    func backward<T: NNScalar>(_: T.Type, _ xt: Tensor, _ yt: Tensor, _ gt: Tensor, _ gxt: Tensor, max isMax: Bool) {
        let x = xt.ptr(T.self), y = yt.ptr(T.self), g = gt.ptr(T.self), gx = gxt.ptr(T.self)
        forEachHalf(0..<n, work: gt.count * geo.kernel.0 * geo.kernel.1) { images in
            // Per channel, the input position its gradient goes to.
            let target = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(c, 1))
            defer { target.deallocate() }
            for img in images {
                var k = img * oh * ow * c
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let (rows, cols) = window(oy, ox)
                        if !rows.isEmpty && !cols.isEmpty {
                            let gk = g + k, yk = y + k
                            if isMax {
                                // Scanning backwards, the last cell equal to the maximum is the first one.
                                let corner = ((img * h + rows.lowerBound) * w + cols.lowerBound) * c
                                for ch in 0..<c { target[ch] = corner &+ ch }
                                for iy in rows.reversed() {
                                    for ix in cols.reversed() {
                                        let p = ((img * h + iy) * w + ix) * c, xp = x + p
                                        for ch in 0..<c { let t = target[ch]; target[ch] = xp[ch] == yk[ch] ? p &+ ch : t }
                                    }
                                }
                                for ch in 0..<c { gx[target[ch]] += gk[ch] }
                            } else {
                                let cells = T(rows.count * cols.count)
                                for iy in rows {
                                    for ix in cols {
                                        let gxp = gx + ((img * h + iy) * w + ix) * c
                                        for ch in 0..<c { gxp[ch] += gk[ch] / cells }
                                    }
                                }
                            }
                        }
                        k += c
                    }
                }
            }
        }
    }

    /// Float max pooling with windows that do not overlap (of 255 cells at most): training records
    /// each window's winning cell and the backward pass takes the C loop.
    func recordsWinners(_ isMax: Bool, _ dtype: DType) -> Bool {
        isMax && dtype == .float32 && geo.strides.0 >= geo.kernel.0 && geo.strides.1 >= geo.kernel.1 && geo.kernel.0 * geo.kernel.1 <= 255
    }

    /// Float max pooling: the C loop, one image at a time, recording each window's winning cell
    /// when `winners` is given (none, with `reluMasked`, where the maximum is not positive).
    func maxForward(_ xt: Tensor, _ yt: Tensor, winners: Tensor? = nil, reluMasked: Bool = false) {
        let x = xt.ptr(Float.self), y = yt.ptr(Float.self), won = winners?.ptr(UInt8.self)
        let (input, output) = (h * w * c, oh * ow * c)
        forEachHalf(0..<n, work: n * output * geo.kernel.0 * geo.kernel.1) { images in
            for img in images {
                maxForward(image: x + img * input, y + img * output, winners: won.map { $0 + img * output }, reluMasked: reluMasked)
            }
        }
    }

    func maxForward(image x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<UInt8>?,
                    reluMasked: Bool) {
        ks_max_pool_forward_f32(x, y, winners, h, w, c, oh, ow, geo.kernel.0, geo.kernel.1, geo.strides.0, geo.strides.1,
                                geo.padding.0.0, geo.padding.1.0, reluMasked ? 1 : 0)
    }

    /// The gradient from the recorded winners: the C loop, one image at a time.
    func maxBackward(_ winners: Tensor, _ gt: Tensor, _ gxt: Tensor) {
        let won = winners.ptr(UInt8.self), g = gt.ptr(Float.self), gx = gxt.ptr(Float.self)
        let (input, output) = (h * w * c, oh * ow * c)
        forEachHalf(0..<n, work: n * input) { images in
            for img in images { maxBackward(image: won + img * output, g + img * output, gx + img * input) }
        }
    }

    func maxBackward(image winners: UnsafePointer<UInt8>, _ g: UnsafePointer<Float>, _ gx: UnsafeMutablePointer<Float>) {
        ks_max_pool_backward_winners_f32(winners, g, gx, h, w, c, oh, ow, geo.kernel.0, geo.kernel.1, geo.strides.0, geo.strides.1,
                                         geo.padding.0.0, geo.padding.1.0)
    }
}
