// Elementwise comparisons with broadcasting (results are bool tensors), argmax/argmin, and
// concatenation along an axis.

public enum CompareOp { case eq, ne, lt, le, gt, ge }

extension Tensor {
    public static func compare(_ op: CompareOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Broadcast.shape(a.shape, b.shape)
        let out = try Tensor.unfilled(shape, dtype: .bool)  // every element is written below
        switch (a.dtype, b.dtype) {
        case (.float64, .float64): compareKernel(op, a, b, out, Double.self)
        case (.float32, .float32): compareKernel(op, a, b, out, Float.self)
        default:
            // Mixed or integer operands compare as Doubles (exact for the magnitudes data holds).
            let po = out.base(UInt8.self)
            Broadcast.walk(shape, Broadcast.strides(of: a, to: shape), Broadcast.strides(of: b, to: shape)) { k, i, j in
                po[k] = holds(op, a.double(at: i), b.double(at: j)) ? 1 : 0
            }
        }
        return out
    }

    @inline(__always) static func holds<T: Comparable>(_ op: CompareOp, _ x: T, _ y: T) -> Bool {
        switch op {
        case .eq: return x == y
        case .ne: return x != y
        case .lt: return x < y
        case .le: return x <= y
        case .gt: return x > y
        case .ge: return x >= y
        }
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    static func compareKernel<T: BinaryFloatingPoint>(_ op: CompareOp, _ a: Tensor, _ b: Tensor, _ out: Tensor, _: T.Type) {
        switch op {
        case .eq: compareLoop(a, b, out, T.self) { $0 == $1 }
        case .ne: compareLoop(a, b, out, T.self) { $0 != $1 }
        case .lt: compareLoop(a, b, out, T.self) { $0 < $1 }
        case .le: compareLoop(a, b, out, T.self) { $0 <= $1 }
        case .gt: compareLoop(a, b, out, T.self) { $0 > $1 }
        case .ge: compareLoop(a, b, out, T.self) { $0 >= $1 }
        }
    }

    /// `out = f(a, b)` as 0/1 bytes: a plain loop when the operands are laid out like the result or
    /// one is a single value, the broadcast walk otherwise.
    @inline(__always)
    static func compareLoop<T>(_ a: Tensor, _ b: Tensor, _ out: Tensor, _: T.Type, _ f: (T, T) -> Bool) {
        let pa = a.base(T.self), pb = b.base(T.self), po = out.base(UInt8.self)
        let n = out.count
        let aWhole = a.isContiguous && a.shape == out.shape, bWhole = b.isContiguous && b.shape == out.shape
        if aWhole && bWhole {
            for i in 0..<n { po[i] = f(pa[i], pb[i]) ? 1 : 0 }
        } else if aWhole && b.count == 1 {
            let y = pb[0]
            for i in 0..<n { po[i] = f(pa[i], y) ? 1 : 0 }
        } else if bWhole && a.count == 1 {
            let x = pa[0]
            for i in 0..<n { po[i] = f(x, pb[i]) ? 1 : 0 }
        } else {
            Broadcast.walk(out.shape, Broadcast.strides(of: a, to: out.shape), Broadcast.strides(of: b, to: out.shape)) { k, i, j in
                po[k] = f(pa[i], pb[j]) ? 1 : 0
            }
        }
    }

    /// argmax/argmin of a whole contiguous float array without converting it, in one pass: the
    /// extreme of each chunk of 4096 (eight lanes; the chunks split between both cores for a large
    /// array), then the first chunk holding the overall extreme is searched for its first position
    /// (the first NaN when there is one).
    private func contiguousFloatArgExtreme(max isMax: Bool) throws -> Int? {
        func find<T: BinaryFloatingPoint>(_: T.Type) -> Int {
            let p = base(T.self), n = count, chunk = 4096, chunks = (n + chunk - 1) / chunk
            var extremes = [T](repeating: 0, count: chunks)
            extremes.withUnsafeMutableBufferPointer { out in
                forEachHalf(0..<chunks, work: n) { r in
                    for c in r { out[c] = Tensor.runExtreme(max: isMax, p + c * chunk, Swift.min(chunk, n - c * chunk)) }
                }
            }
            guard var target = extremes.first else { return 0 }
            for e in extremes where !target.isNaN { target = e.isNaN ? e : (isMax ? Swift.max(target, e) : Swift.min(target, e)) }
            @inline(__always) func hit(_ v: T) -> Bool { target.isNaN ? v.isNaN : v == target }
            guard let c = extremes.firstIndex(where: hit) else { return 0 }
            for i in (c * chunk)..<Swift.min(n, (c + 1) * chunk) where hit(p[i]) { return i }
            return 0
        }
        switch dtype {
        case .float64 where isContiguous: return find(Double.self)
        case .float32 where isContiguous: return find(Float.self)
        default: return nil
        }
    }

    /// Index of the largest (or smallest) element along `axis` (over the flattened tensor when nil);
    /// the first one wins ties, and NaN wins as in numpy.
    public func argExtreme(max: Bool, axis: Int?) throws -> Tensor {
        let values = axis == nil && isContiguous && dtype.isFloating ? [] : doubles()
        func better(_ v: Double, _ best: Double) -> Bool {
            if best.isNaN { return false }
            if v.isNaN { return true }
            return max ? v > best : v < best
        }
        guard let axis = axis else {
            guard count > 0 else { throw TensorError.value("attempt to get \(max ? "argmax" : "argmin") of an empty sequence") }
            var bi = 0
            if let i = try contiguousFloatArgExtreme(max: max) { bi = i } else {
                for i in 1..<values.count where better(values[i], values[bi]) { bi = i }
            }
            let t = try Tensor.zeros([], dtype: .int64)
            t.setDouble(Double(bi), at: 0)
            return t
        }
        let ax = try normalizedAxes([axis])[0]
        guard shape[ax] > 0 else { throw TensorError.value("attempt to get \(max ? "argmax" : "argmin") of an empty sequence") }
        let outShape = shape.enumerated().filter { $0.offset != ax }.map { $0.element }
        let out = try Tensor.zeros(outShape, dtype: .int64)
        let inner = shape[(ax + 1)...].reduce(1, *), n = shape[ax]
        let outer = shape[..<ax].reduce(1, *)
        for o in 0..<outer {
            for i in 0..<inner {
                var bi = 0
                let base = o * n * inner + i
                for k in 1..<n where better(values[base + k * inner], values[base + bi * inner]) { bi = k }
                out.setDouble(Double(bi), at: o * inner + i)
            }
        }
        return out
    }

    /// numpy's concatenate along an existing axis.
    public static func concatenate(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else { throw TensorError.value("need at least one array to concatenate") }
        let rank = first.rank
        guard rank > 0 else { throw TensorError.value("zero-dimensional arrays cannot be concatenated") }
        let ax = axis < 0 ? axis + rank : axis
        guard ax >= 0 && ax < rank else { throw TensorError.axis("axis \(axis) is out of bounds for array of dimension \(rank)") }
        var type = first.dtype
        for (i, p) in parts.enumerated() {
            guard p.rank == rank else {
                throw TensorError.value("all the input arrays must have same number of dimensions, but the array at index 0 has \(rank) dimension(s) and the array at index \(i) has \(p.rank) dimension(s)")
            }
            for d in 0..<rank where d != ax && p.shape[d] != first.shape[d] {
                throw TensorError.value("all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(i) has size \(p.shape[d])")
            }
            type = DType.promote(type, p.dtype)
        }
        var outShape = first.shape
        outShape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
        let out = try Tensor.zeros(outShape, dtype: type)
        let inner = outShape[(ax + 1)...].reduce(1, *), outer = outShape[..<ax].reduce(1, *)
        var offsetAlong = 0
        let size = type.itemSize
        for p in parts {
            let src = try p.astype(type).contiguous()
            let n = p.shape[ax], block = n * inner * size
            let from = src.storage.bytes + src.offset * size
            for o in 0..<outer where block > 0 {
                (out.storage.bytes + (o * outShape[ax] + offsetAlong) * inner * size).copyMemory(from: from + o * block, byteCount: block)
            }
            offsetAlong += n
        }
        return out
    }
}
