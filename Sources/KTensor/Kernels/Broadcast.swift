// numpy's broadcasting rule, and the strided walk over a broadcast result.

public enum Broadcast {
    /// The shape two operands broadcast to, or numpy's error.
    public static func shape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let x = i < n - a.count ? 1 : a[i - (n - a.count)]
            let y = i < n - b.count ? 1 : b[i - (n - b.count)]
            if x != y && x != 1 && y != 1 {
                throw TensorError.value("operands could not be broadcast together with shapes \(describe(a)) \(describe(b)) ")
            }
            out[i] = x == 1 ? y : x
        }
        return out
    }

    /// numpy prints shapes in this message without spaces: `(3,4) (5,)`.
    static func describe(_ s: [Int]) -> String {
        s.count == 1 ? "(\(s[0]),)" : "(" + s.map(String.init).joined(separator: ",") + ")"
    }

    /// Strides that read `t` as if it had `shape` (0 along broadcast dimensions).
    public static func strides(of t: Tensor, to shape: [Int]) -> [Int] {
        let pad = shape.count - t.rank
        return (0..<shape.count).map { i in
            i < pad ? 0 : (t.shape[i - pad] == 1 && shape[i] != 1 ? 0 : t.strides[i - pad])
        }
    }

    /// Calls `body(outIndex, positionA, positionB)` for every element of a broadcast result.
    @inline(__always)
    static func walk(_ shape: [Int], _ sa: [Int], _ sb: [Int], _ body: (Int, Int, Int) -> Void) {
        let n = shape.reduce(1, *)
        if n == 0 { return }
        let rank = shape.count
        if rank == 0 { body(0, 0, 0); return }
        var index = [Int](repeating: 0, count: rank)
        var pa = 0, pb = 0
        let inner = shape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1]
        var k = 0
        while k < n {
            var qa = pa, qb = pb
            for j in 0..<inner { body(k + j, qa, qb); qa += ia; qb += ib }
            k += inner
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                pa += sa[d]; pb += sb[d]
                if index[d] < shape[d] { break }
                pa -= sa[d] * shape[d]; pb -= sb[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
    }
}

extension Tensor {
    /// A view reading this tensor as `shape`, broadcast as numpy's rules allow (no copy).
    public func broadcast(to target: [Int]) throws -> Tensor {
        guard try Broadcast.shape(shape, target) == target else {
            throw TensorError.value("cannot broadcast an array of shape \(Broadcast.describe(shape)) to shape \(Broadcast.describe(target))")
        }
        return Tensor(storage: storage, dtype: dtype, shape: target, strides: Broadcast.strides(of: self, to: target), offset: offset)
    }
}
