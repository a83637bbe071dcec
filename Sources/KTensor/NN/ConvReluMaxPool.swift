// A stride-1 float convolution with a fused ReLU whose only reader is a max pooling of windows
// that do not overlap, as tutorials stack Conv2D(activation="relu") and MaxPooling2D: image by
// image, the convolution's output goes to a per-core scratch buffer the pooling reads while it
// is still in cache, so neither that full-size output nor its gradient is ever stored. The
// backward pass rebuilds each image's output gradient from the pooling's winners in the same
// scratch, then takes the kernel (and input) gradient of that image from it.
import CKernels

extension Variable {
    /// MaxPool(ReLU(conv(x) + bias)), or nil when the fused loops do not cover the case (the
    /// caller then runs the two ops).
    public static func conv2dReluMaxPool(_ x: Variable, _ kernel: Variable, _ bias: Variable?, _ geo: ConvGeometry,
                                         pool poolGeo: ConvGeometry) throws -> Variable? {
        guard x.value.dtype == .float32, kernel.value.dtype == .float32, (bias?.value.dtype ?? .float32) == .float32,
              x.value.rank == 4, kernel.value.rank == 4, kernel.value.shape[2] == x.value.shape[3],
              let direct = DirectConv(x: x.value.shape, kernel: kernel.value.shape, geo: geo, dtype: .float32) else { return nil }
        let pool = PoolPlan(x: [direct.n, direct.oh, direct.ow, direct.f], geo: poolGeo, out: poolGeo.outputSize(direct.oh, direct.ow))
        let needsInput = x.requiresGrad
        // Fewer than 16 input channels take their input gradient from a GEMM over the whole batch.
        guard pool.recordsWinners(true, .float32), pool.oh > 0, pool.ow > 0, !needsInput || direct.c >= 16 else { return nil }
        let xv = try x.value.dense(.float32), w = try kernel.value.dense(.float32), b = try bias?.value.dense(.float32)
        let xp = direct.isPadded ? try DirectConv.padded(xv, geo.padding) : xv
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        let out = try Tensor.unfilled([direct.n, pool.oh, pool.ow, direct.f], dtype: .float32)
        let winners = inputs.contains { $0.requiresGrad } ? try Tensor.unfilled(out.shape, dtype: .uint8) : nil
        direct.forward(xp, w, b, pooledBy: pool, out, winners: winners)
        return record(out, inputs) { g in
            let (gw, gb, gxp) = try direct.backward(xp, w, withBias: b != nil, needsInput: needsInput, pooledBy: pool,
                                                    winners: winners!, try g.dense(.float32))
            let gx = try gxp.map { direct.isPadded ? try direct.cropped($0) : $0 }
            return gb.map { [gx, gw, $0] } ?? [gx, gw]
        }
    }
}

extension DirectConv {
    /// out = the pooling of each image's convolution through ReLU; `winners` records each
    /// window's winning cell (none where the maximum is not positive) for the backward pass.
    func forward(_ xp: Tensor, _ kernel: Tensor, _ bias: Tensor?, pooledBy pool: PoolPlan, _ out: Tensor, winners: Tensor?) {
        let (weights, ld) = stripWeights(kernel, turned: false)
        defer { weights.deallocate() }
        let x = xp.ptr(Float.self), o = out.ptr(Float.self), b = bias.map { UnsafePointer($0.ptr(Float.self)) }
        let won = winners?.ptr(UInt8.self), pooled = pool.oh * pool.ow * f
        forEachHalf(0..<n, work: n * oh * ow * f * kh * kw * c) { images in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: oh * ow * f)
            defer { scratch.deallocate() }
            for img in images {
                ks_conv2d_valid_f32(x + img * hp * wp * c, hp, wp, c, padding.0.0, padding.0.1, weights, kh, kw, f, ld, b, 1, scratch)
                pool.maxForward(image: scratch, o + img * pooled, winners: won.map { $0 + img * pooled }, reluMasked: true)
            }
        }
    }

    /// The kernel, bias and padded input gradients from the pooled output's gradient: per image,
    /// the convolution's output gradient (ReLU's mask included) is scattered from the winners
    /// into scratch, then both gradients are taken from it while it is in cache.
    func backward(_ xp: Tensor, _ kernel: Tensor, withBias: Bool, needsInput: Bool, pooledBy pool: PoolPlan, winners: Tensor,
                  _ g: Tensor) throws -> (Tensor, Tensor?, Tensor?) {
        let (turned, ld) = needsInput ? stripWeights(kernel, turned: true) : (nil, 0)
        defer { turned?.deallocate() }
        let gxp = needsInput ? try Tensor.unfilled([n, hp, wp, c], dtype: .float32) : nil
        let x = xp.ptr(Float.self), pg = g.ptr(Float.self), won = winners.ptr(UInt8.self), gx = gxp?.ptr(Float.self)
        let pooled = pool.oh * pool.ow * f
        // The output gradient inside a zero border of the kernel's size less one, for the input gradient.
        let (gh, gw) = (oh + 2 * (kh - 1), ow + 2 * (kw - 1))
        let (gradW, gradB) = try summedPerCore(withBias: withBias, work: n * oh * ow * kh * kw * c * f * (needsInput ? 2 : 1)) { images, own in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: oh * ow * f)
            let bordered = UnsafeMutablePointer<Float>.allocate(capacity: needsInput ? gh * gw * f : 0)
            defer { scratch.deallocate(); bordered.deallocate() }
            if needsInput { bordered.initialize(repeating: 0, count: gh * gw * f) }
            for img in images {
                pool.maxBackward(image: won + img * pooled, pg + img * pooled, scratch)
                ks_conv2d_kernel_grad_f32(x + img * hp * wp * c, 1, hp, wp, c, scratch, f, kh, kw, own, withBias ? own + kh * kw * c * f : nil)
                guard let turned, let gx else { continue }
                for oy in 0..<oh { (bordered + ((oy + kh - 1) * gw + kw - 1) * f).update(from: scratch + oy * ow * f, count: ow * f) }
                ks_conv2d_valid_f32(bordered, gh, gw, f, kh - 1, kh - 1, turned, kh, kw, c, ld, nil, 0, gx + img * hp * wp * c)
            }
        }
        return (gradW, gradB, gxp)
    }
}
