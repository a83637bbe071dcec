// Matrix products through OpenBLAS (sgemm/dgemm), never as Swift loops.
import COpenBLAS

extension Tensor {
    /// `a @ b` for 2-D operands (numpy's matmul for the matrix case).
    public static func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 2 && b.rank == 2 else {
            throw TensorError.value("matmul: only 2-D operands are supported by this kernel (got \(a.rank)-D and \(b.rank)-D)")
        }
        let (m, k) = (a.shape[0], a.shape[1]), (k2, n) = (b.shape[0], b.shape[1])
        guard k == k2 else {
            throw TensorError.value("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(k2) is different from \(k))")
        }
        let type: DType = DType.promote(a.dtype, b.dtype) == .float32 ? .float32 : .float64
        let out = try Tensor.zeros([m, n], dtype: type)
        if m == 0 || n == 0 { return out }
        let (x, transA, lda) = try gemmOperand(a, type)
        let (y, transB, ldb) = try gemmOperand(b, type)
        let (ta, tb) = (transA == CblasTrans, transB == CblasTrans)
        if type == .float32 {
            let sgemm = try BLAS.sgemm()
            blasBlocks(ta, tb, m, n, k, x.base(Float.self), lda, y.base(Float.self), ldb, out.base(Float.self), n) { rows, cols, a, b, c in
                sgemm(CblasRowMajor, transA, transB, Int32(rows), Int32(cols), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(n))
            }
        } else {
            let dgemm = try BLAS.dgemm()
            blasBlocks(ta, tb, m, n, k, x.base(Double.self), lda, y.base(Double.self), ldb, out.base(Double.self), n) { rows, cols, a, b, c in
                dgemm(CblasRowMajor, transA, transB, Int32(rows), Int32(cols), Int32(k), 1, a, Int32(lda), b, Int32(ldb), 0, c, Int32(n))
            }
        }
        return out
    }

    /// A matrix as BLAS wants it: row-major or a transposed row-major view (no copy), else a copy.
    static func gemmOperand(_ t: Tensor, _ type: DType) throws -> (Tensor, CBLAS_TRANSPOSE, Int) {
        let x = try t.astype(type)
        if x.strides[1] == 1 && x.strides[0] >= max(x.shape[1], 1) { return (x, CblasNoTrans, x.strides[0]) }
        if x.strides[0] == 1 && x.strides[1] >= max(x.shape[0], 1) { return (x, CblasTrans, x.strides[1]) }
        let c = try x.contiguous()
        return (c, CblasNoTrans, max(c.shape[1], 1))
    }
}
