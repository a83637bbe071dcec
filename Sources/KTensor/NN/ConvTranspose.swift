// 2-D transposed convolution (Keras's Conv2DTranspose): the gradient of a convolution with respect
// to its input, used forwards. The kernel (KH, KW, F, C) takes C input channels to F output ones;
// `geo` is the geometry of the convolution that would take the output back to the input's size.

extension Variable {
    public static func conv2dTranspose(_ x: Variable, _ kernel: Variable, _ bias: Variable?, _ geo: ConvGeometry,
                                       outputSize: (Int, Int)) throws -> Variable {
        let dtype = computeDType(x.value.dtype, kernel.value.dtype)
        let xv = try x.value.dense(dtype), w = try kernel.value.dense(dtype), b = try bias?.value.dense(dtype)
        guard xv.rank == 4, w.rank == 4, w.shape[3] == xv.shape[3] else {
            throw TensorError.value("conv2dTranspose: input \(Tensor.describe(xv.shape)) does not match kernel \(Tensor.describe(w.shape))")
        }
        let (n, f) = (xv.shape[0], w.shape[2])
        // The convolution from the output (N, OH, OW, F) back to x (N, H, W, C).
        let plan = ConvPlan(x: [n, outputSize.0, outputSize.1, f], kernel: w.shape, geo: geo, out: (xv.shape[1], xv.shape[2]))
        guard geo.outputSize(outputSize.0, outputSize.1) == (xv.shape[1], xv.shape[2]) else {
            throw TensorError.value("conv2dTranspose: an output of \(outputSize) does not convolve back to \(Tensor.describe(xv.shape))")
        }
        let out = try plan.inputGradient(scalarType(dtype), xv, w)
        if let b = b { try plan.addBias(scalarType(dtype), out, b) }
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        let needsInput = x.requiresGrad
        return record(out, inputs) { g in
            let gy = try g.dense(dtype)
            // The kernel's gradient is the convolution's, with the roles of input and output swapped.
            let gw = try plan.backward(scalarType(dtype), xv, gy, w, false, false)[1]
            var grads: [Tensor?] = [needsInput ? try plan.convolved(scalarType(dtype), gy, w) : nil, gw]
            if b != nil { grads.append(try plan.channelSums(scalarType(dtype), gy)) }
            return grads
        }
    }
}

extension ConvPlan {
    /// The gradient of this convolution's input for an output gradient `g`: (N, H, W, C) from (N, OH, OW, F).
    @_specialize(where T == Float) @_specialize(where T == Double)
    func inputGradient<T: NNScalar>(_: T.Type, _ g: Tensor, _ kernel: Tensor) throws -> Tensor {
        let gx = try Tensor.zeros([n, h, w, c], dtype: T.dtype)
        let per = imagesPerChunk, pixels = oh * ow
        let cols = UnsafeMutablePointer<T>.allocate(capacity: Swift.max(1, per * pixels * patchSize))
        defer { cols.deallocate() }
        var first = 0
        while first < n {
            let count = Swift.min(per, n - first)
            try T.gemm(false, true, count * pixels, patchSize, f, 1, g.ptr(T.self) + first * pixels * f, f, kernel.ptr(T.self), f, 0, cols, patchSize)
            col2im(cols, gx.ptr(T.self), first: first, count: count)
            first += count
        }
        return gx
    }

    /// This convolution applied to `x` (N, H, W, C), without bias.
    func convolved<T: NNScalar>(_: T.Type, _ x: Tensor, _ kernel: Tensor) throws -> Tensor {
        let out = try Tensor.unfilled([n, oh, ow, f], dtype: T.dtype)
        try forward(T.self, x, kernel, nil, out)
        return out
    }

    /// Adds a bias to every pixel of a channels-last tensor `t` (its last axis).
    func addBias<T: NNScalar>(_: T.Type, _ t: Tensor, _ bias: Tensor) throws {
        let channels = t.shape.last ?? 1
        addRow(t.ptr(T.self), rows: t.count / Swift.max(channels, 1), cols: channels, bias.ptr(T.self))
    }

    /// The sums over every pixel of each channel of `t`.
    func channelSums<T: NNScalar>(_: T.Type, _ t: Tensor) throws -> Tensor {
        let channels = t.shape.last ?? 1
        let sums = try zeros(T.self, [channels])
        addColumnSums(t.ptr(T.self), rows: t.count / Swift.max(channels, 1), cols: channels, into: sums.ptr(T.self))
        return sums
    }
}
