// Float products of Dense layers' shapes go to the register kernel for their whole 16-column
// groups and to BLAS for the columns left: every element matches a float64 reference, for A and
// its transpose, alpha and beta, row counts that leave blocks of 4 and single rows, column counts
// that leave 16-column groups and a ragged rest, products split across both cores, and strided
// operands (leading dimensions wider than the matrices).
import XCTest
@testable import KTensor

final class RegisterGemmTests: XCTestCase {
    func testFloatProductsMatchFloat64() throws {
        let shapes: [(m: Int, n: Int, k: Int)] = [
            (32, 300, 784),  // mlp_fashion's first layer, split in column halves
            (784, 300, 32),  // and its kernel gradient (A transposed), split in row halves
            (13, 100, 70),  // 8 + 4 + 1 rows; 48 + 48 columns and 4 left
            (5, 66, 60),  // 4 + 1 rows; 48 + 16 columns and 2 left
        ]
        for (m, n, k) in shapes {
            for transA in [false, true] {
                for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (-2, 0.25)] {
                    // Leading dimensions wider than the matrices, as for a block of a larger one.
                    let lda = (transA ? m : k) + 3, ldb = n + 5, ldc = n + 2
                    let a = values((transA ? k : m) * lda, seed: m + k).map { Float($0) }
                    let b = values(k * ldb, seed: n).map { Float($0) }
                    var c = values(m * ldc, seed: 7).map { Float($0) }
                    let before = c
                    try a.withUnsafeBufferPointer { pa in
                        try b.withUnsafeBufferPointer { pb in
                            try c.withUnsafeMutableBufferPointer { pc in
                                try Float.gemm(transA, false, m, n, k, alpha, pa.baseAddress!, lda, pb.baseAddress!, ldb, beta, pc.baseAddress!, ldc)
                            }
                        }
                    }
                    for i in 0..<m {
                        for j in 0..<ldc {
                            guard j < n else {
                                XCTAssertEqual(c[i * ldc + j], before[i * ldc + j], "padding column untouched")
                                continue
                            }
                            var sum = 0.0
                            for p in 0..<k { sum += Double(transA ? a[p * lda + i] : a[i * lda + p]) * Double(b[p * ldb + j]) }
                            let expected = Double(alpha) * sum + Double(beta) * Double(before[i * ldc + j])
                            XCTAssertEqual(Double(c[i * ldc + j]), expected, accuracy: 1e-4 * max(1, abs(expected)),
                                           "\(m)x\(n)x\(k) transA \(transA) alpha \(alpha) beta \(beta) at (\(i), \(j))")
                        }
                    }
                }
            }
        }
    }
}
