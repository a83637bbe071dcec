// Batched matrix products (attention's scores and weighted values): a (..., m, k) @ b (..., k, n)
// with the same leading axes, one GEMM per matrix, and its gradient as two more batched products.
import Foundation

extension Tensor {
    /// `a @ b` over the last two axes, the leading axes matching.
    public static func batchMatmul(_ a: Tensor, _ b: Tensor, transposeB: Bool = false) throws -> Tensor {
        guard a.rank >= 3, a.rank == b.rank, Array(a.shape.dropLast(2)) == Array(b.shape.dropLast(2)) else {
            throw TensorError.value("batch matmul needs operands of the same rank (3 or more) with the same leading axes, got \(Tensor.describe(a.shape)) and \(Tensor.describe(b.shape))")
        }
        let (m, k) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (bk, bn) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (k2, n) = transposeB ? (bn, bk) : (bk, bn)
        guard k == k2 else {
            throw TensorError.value("batch matmul: the inner dimensions differ (\(Tensor.describe(a.shape)) @ \(Tensor.describe(b.shape))\(transposeB ? "ᵀ" : ""))")
        }
        let type: DType = DType.promote(a.dtype, b.dtype) == .float32 ? .float32 : .float64
        let batch = a.shape.dropLast(2).reduce(1, *)
        let out = try Tensor.zeros(Array(a.shape.dropLast(2)) + [m, n], dtype: type)
        if type == .float32 {
            try product(Float.self, try a.dense(type), try b.dense(type), out, batch: batch, m: m, n: n, k: k, transposeB: transposeB)
        } else {
            try product(Double.self, try a.dense(type), try b.dense(type), out, batch: batch, m: m, n: n, k: k, transposeB: transposeB)
        }
        return out
    }

    private static func product<T: NNScalar>(_: T.Type, _ a: Tensor, _ b: Tensor, _ out: Tensor,
                                             batch: Int, m: Int, n: Int, k: Int, transposeB: Bool) throws {
        let (pa, pb, po) = (a.base(T.self), b.base(T.self), out.base(T.self))
        try withExtendedLifetime((a, b)) {
            for i in 0..<batch {
                try T.gemm(false, transposeB, m, n, k, 1, pa + i * m * k, k, pb + i * k * n, transposeB ? k : n, 0, po + i * m * n, n)
            }
        }
    }

    /// The tensor with its last two axes swapped.
    func swappingLastAxes() throws -> Tensor {
        var perm = Array(0..<rank)
        perm.swapAt(rank - 1, rank - 2)
        return try transposed(perm).contiguous()
    }
}

extension Variable {
    /// `a @ b` over the last two axes (batched), differentiable in both.
    public static func batchMatmul(_ a: Variable, _ b: Variable) throws -> Variable {
        let (x, y) = (a.value, b.value)
        return record(try Tensor.batchMatmul(x, y), [a, b]) { g in
            [try Tensor.batchMatmul(g, y, transposeB: true), try Tensor.batchMatmul(try x.swappingLastAxes(), g)]
        }
    }
}
