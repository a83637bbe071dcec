// The element types the neural-network kernels run on: Float for training, Double so that the
// finite-difference gradient checks are exact enough. Each kernel is written once, generically.
import Foundation
import COpenBLAS
import CKernels

public protocol NNScalar: BinaryFloatingPoint, ElementaryFunctionsLike {
    static var dtype: DType { get }
    /// Row-major `c = alpha * op(a) @ op(b) + beta * c`, where op transposes when asked.
    static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Self,
                     _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int,
                     _ beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int) throws
    static func erf(_ x: Self) -> Self
}

extension Float: NNScalar {
    public static var dtype: DType { .float32 }
    public static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                            _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                            _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) throws {
        if m == 0 || n == 0 { return }
        if m * n * k <= smallGemmLimit { return smallGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) }
        let sgemm = try BLAS.sgemm()
        // A Dense layer's products (B's rows contiguous, a short side): the register kernel does the
        // whole 16-column groups, BLAS the few columns left.
        let inRegisters = !transB && n >= 48 && k <= 1024 && Swift.min(m, k) <= 256
        blasBlocks(transA, transB, m, n, k, a, lda, b, ldb, c, ldc) { rows, cols, a, b, c in
            let done = inRegisters ? ks_register_gemm_f32(rows, cols, k, alpha, a, transA ? 1 : lda, transA ? lda : 1, b, ldb, beta, c, ldc) : 0
            guard done < cols else { return }
            sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                  Int32(rows), Int32(cols - done), Int32(k), alpha, a, Int32(max(lda, 1)), b + done, Int32(max(ldb, 1)), beta, c + done, Int32(max(ldc, 1)))
        }
    }
    public static func erf(_ x: Float) -> Float { Foundation.erff(x) }
}

extension Double: NNScalar {
    public static var dtype: DType { .float64 }
    public static func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
                            _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
                            _ beta: Double, _ c: UnsafeMutablePointer<Double>, _ ldc: Int) throws {
        if m == 0 || n == 0 { return }
        if m * n * k <= smallGemmLimit { return smallGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) }
        let dgemm = try BLAS.dgemm()
        blasBlocks(transA, transB, m, n, k, a, lda, b, ldb, c, ldc) { rows, cols, a, b, c in
            dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                  Int32(rows), Int32(cols), Int32(k), alpha, a, Int32(max(lda, 1)), b, Int32(max(ldb, 1)), beta, c, Int32(max(ldc, 1)))
        }
    }
    public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
}

/// Row-major C = op(A)·op(B) in the blocks of C that `BLAS.halves` picks: `product` gets each
/// block's rows and columns and where its parts of A, B and C start.
func blasBlocks<T>(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<T>, _ lda: Int,
                   _ b: UnsafePointer<T>, _ ldb: Int, _ c: UnsafeMutablePointer<T>, _ ldc: Int,
                   _ product: (Int, Int, UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>) -> Void) {
    BLAS.halves(m, n, k) { rows, cols in
        product(rows.count, cols.count, a + (transA ? rows.lowerBound : rows.lowerBound * lda),
                b + (transB ? cols.lowerBound * ldb : cols.lowerBound), c + rows.lowerBound * ldc + cols.lowerBound)
    }
}

/// Products up to this many multiply-adds run as a Swift loop: for the tiny matrices of a
/// recurrent step, the cost of a BLAS call (and waking its threads) exceeds the arithmetic.
let smallGemmLimit = 16 * 1024

@_specialize(where T == Float) @_specialize(where T == Double)
func smallGemm<T: NNScalar>(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: T,
                            _ a: UnsafePointer<T>, _ lda: Int, _ b: UnsafePointer<T>, _ ldb: Int,
                            _ beta: T, _ c: UnsafeMutablePointer<T>, _ ldc: Int) {
    // A times B transposed: rows of both are contiguous, so each element is a dot product (four
    // running sums) and nothing is copied.
    if transB && !transA {
        for i in 0..<m {
            let ar = a + i * lda, row = c + i * ldc
            for j in 0..<n {
                let br = b + j * ldb
                var s0: T = 0, s1: T = 0, s2: T = 0, s3: T = 0
                var p = 0
                while p + 4 <= k {
                    s0 += ar[p] * br[p]; s1 += ar[p + 1] * br[p + 1]; s2 += ar[p + 2] * br[p + 2]; s3 += ar[p + 3] * br[p + 3]
                    p += 4
                }
                while p < k { s0 += ar[p] * br[p]; p += 1 }
                let dot = (s0 + s1) + (s2 + s3)
                row[j] = beta == 0 ? alpha * dot : alpha * dot + beta * row[j]
            }
        }
        return
    }
    // A transposed B (with A transposed too) is copied once so that every inner loop runs over contiguous memory.
    var bT: UnsafeMutablePointer<T>? = nil
    if transB {
        let copy = UnsafeMutablePointer<T>.allocate(capacity: k * n)
        for j in 0..<n { for p in 0..<k { copy[p * n + j] = b[j * ldb + p] } }
        bT = copy
    }
    defer { bT?.deallocate() }
    let (bb, ldbb) = bT.map { (UnsafePointer($0), n) } ?? (b, ldb)
    if T.self == Float.self {
        func floats(_ p: UnsafePointer<T>) -> UnsafePointer<Float> { UnsafeRawPointer(p).assumingMemoryBound(to: Float.self) }
        ks_small_gemm_f32(transA ? 1 : 0, m, n, k, Float(alpha), floats(a), lda, floats(bb), ldbb, Float(beta),
                          UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc)
        return
    }
    for i in 0..<m {
        let row = c + i * ldc
        if beta == 0 { for j in 0..<n { row[j] = 0 } } else if beta != 1 { for j in 0..<n { row[j] *= beta } }
        for p in 0..<k {
            let scale = alpha * (transA ? a[p * lda + i] : a[i * lda + p])
            let brow = bb + p * ldbb
            for j in 0..<n { row[j] += scale * brow[j] }
        }
    }
}

/// The kernel element type for a dtype: float64 stays Double, everything else computes in Float.
func scalarType(_ d: DType) -> any NNScalar.Type { d == .float64 ? Double.self : Float.self }

/// The compute dtype for values of these dtypes (float64 only when one of them is).
func computeDType(_ ds: DType...) -> DType { ds.contains(.float64) ? .float64 : .float32 }

extension Tensor {
    /// This tensor as contiguous storage of `dtype`, starting at offset 0 (itself when it already is).
    public func dense(_ dtype: DType) throws -> Tensor {
        let t = try astype(dtype)
        return t.isContiguous && t.offset == 0 ? t : try t.astype(dtype, copy: true)
    }

    /// A typed pointer to element 0 of a dense tensor.
    @inline(__always) func ptr<T>(_: T.Type) -> UnsafeMutablePointer<T> { base(T.self) }
}
