// Differentiable ops that move values without arithmetic: reshape, transpose, concatenate,
// crop/pad (a window of each axis), reverse along an axis, and clip.

extension Tensor {
    /// A view of the sub-block `ranges` (one per axis).
    public func window(_ ranges: [Range<Int>]) -> Tensor {
        let start = zip(ranges, strides).reduce(offset) { $0 + $1.0.lowerBound * $1.1 }
        return Tensor(storage: storage, dtype: dtype, shape: ranges.map { $0.count }, strides: strides, offset: start)
    }

    /// Copies `source` (same shape) into this view.
    func copyIn(_ source: Tensor) throws {
        if copyRuns(from: source) { return }
        try assign(source, positions: positions(), shape: shape)
    }
}

extension Variable {
    public func reshaped(_ shape: [Int]) throws -> Variable {
        let from = value.shape
        return Variable.record(try value.reshaped(shape), [self]) { g in [try g.reshaped(from)] }
    }

    public func transposed(_ perm: [Int]) throws -> Variable {
        let out = try value.transposed(perm).contiguous()  // checks `perm` first
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return Variable.record(out, [self]) { g in [try g.transposed(inverse).contiguous()] }
    }

    public static func concatenate(_ parts: [Variable], axis: Int) throws -> Variable {
        let out = try Tensor.concatenate(parts.map { $0.value }, axis: axis)
        let ax = axis < 0 ? axis + out.rank : axis
        let sizes = parts.map { $0.shape[ax] }
        return record(out, parts) { g in
            var start = 0
            return try sizes.map { n -> Tensor? in
                var ranges = g.shape.map { 0..<$0 }
                ranges[ax] = start..<(start + n)
                start += n
                return try g.window(ranges).contiguous()
            }
        }
    }

    /// The block `ranges` of this value (Cropping, slicing).
    public func cropped(_ ranges: [Range<Int>]) throws -> Variable {
        let x = value
        return Variable.record(try x.window(ranges).contiguous(), [self]) { g in
            let gx = try Tensor.zeros(x.shape, dtype: g.dtype)
            try gx.window(ranges).copyIn(g)
            return [gx]
        }
    }

    /// Zeros added before and after each axis (ZeroPadding).
    public func padded(_ pads: [(Int, Int)]) throws -> Variable {
        let shape = zip(value.shape, pads).map { $0 + $1.0 + $1.1 }
        let ranges = zip(value.shape, pads).map { $1.0..<($1.0 + $0) }
        let out = try Tensor.zeros(shape, dtype: value.dtype)
        try out.window(ranges).copyIn(value)
        return Variable.record(out, [self]) { g in [try g.window(ranges).contiguous()] }
    }

    /// The values in reverse order along `axis` (a recurrent layer's go_backwards).
    public func reversed(axis: Int) throws -> Variable {
        let n = value.shape[axis]
        let order = Array((0..<n).reversed())
        return Variable.record(try value.take(order, indexShape: [n], axis: axis), [self]) { g in
            [try g.take(order, indexShape: [n], axis: axis)]
        }
    }

    /// Values limited to [lo, hi]; the gradient passes where the value was inside.
    public func clipped(_ lo: Double, _ hi: Double) throws -> Variable {
        let dtype = computeDType(value.dtype)
        let x = try value.dense(dtype)
        let out = try Tensor.zeros(x.shape, dtype: dtype)
        @_specialize(where T == Float) @_specialize(where T == Double)
        func run<T: NNScalar>(_: T.Type) {
            let px = x.ptr(T.self), po = out.ptr(T.self), l = T(lo), h = T(hi)
            for i in 0..<x.count { po[i] = Swift.min(Swift.max(px[i], l), h) }
        }
        run(scalarType(dtype))
        return Variable.record(out, [self]) { g in
            @_specialize(where T == Float) @_specialize(where T == Double)
            func back<T: NNScalar>(_: T.Type) throws -> Tensor {
                let gd = try g.dense(dtype), gx = try Tensor.zeros(x.shape, dtype: dtype)
                let px = x.ptr(T.self), pg = gd.ptr(T.self), pd = gx.ptr(T.self), l = T(lo), h = T(hi)
                defer { withExtendedLifetime(gd) {} }
                for i in 0..<x.count where px[i] >= l && px[i] <= h { pd[i] = pg[i] }
                return gx
            }
            return [try back(scalarType(dtype))]
        }
    }
}
