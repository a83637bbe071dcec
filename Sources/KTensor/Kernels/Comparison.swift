// Elementwise comparisons with broadcasting (results are bool tensors), argmax/argmin, and
// concatenation along an axis.

public enum CompareOp { case eq, ne, lt, le, gt, ge }

extension Tensor {
    public static func compare(_ op: CompareOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Broadcast.shape(a.shape, b.shape)
        let out = try Tensor.zeros(shape, dtype: .bool)
        let po = out.base(UInt8.self)
        let sa = Broadcast.strides(of: a, to: shape), sb = Broadcast.strides(of: b, to: shape)
        Broadcast.walk(shape, sa, sb) { k, i, j in
            let x = a.double(at: i), y = b.double(at: j)
            let r: Bool
            switch op {
            case .eq: r = x == y
            case .ne: r = x != y
            case .lt: r = x < y
            case .le: r = x <= y
            case .gt: r = x > y
            case .ge: r = x >= y
            }
            po[k] = r ? 1 : 0
        }
        return out
    }

    /// Index of the largest (or smallest) element along `axis` (over the flattened tensor when nil);
    /// the first one wins ties, and NaN wins as in numpy.
    public func argExtreme(max: Bool, axis: Int?) throws -> Tensor {
        let values = doubles()
        func better(_ v: Double, _ best: Double) -> Bool {
            if best.isNaN { return false }
            if v.isNaN { return true }
            return max ? v > best : v < best
        }
        guard let axis = axis else {
            guard !values.isEmpty else { throw TensorError.value("attempt to get \(max ? "argmax" : "argmin") of an empty sequence") }
            var bi = 0
            for i in 1..<values.count where better(values[i], values[bi]) { bi = i }
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
                throw TensorError.value("all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has \(rank) dimension(s) and the array at index \(i) has \(p.rank) dimension(s)")
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
