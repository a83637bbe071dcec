// The two-core split: every half runs exactly once, whether the helper thread takes it or the
// caller does, nested and concurrent calls included, and large products split in two blocks
// give BLAS's numbers.
import Foundation
import XCTest
@testable import KTensor

final class ParallelTests: XCTestCase {
    func testEachHalfRunsOnceAcrossManyJobs() {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 2)
        // Short jobs, so the helper and the caller race for the second half both ways.
        for _ in 0..<20_000 { inParallelPair { counts[$0] += 1 } }
        XCTAssertEqual(counts[0], 20_000)
        XCTAssertEqual(counts[1], 20_000)
    }

    func testNestedAndConcurrentCallsComplete() {
        /// The halves that ran, noted from any thread.
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var values: [Int] = []
            func record(_ v: Int) { lock.lock(); values.append(v); lock.unlock() }
        }
        var seen = Seen()
        // A half that splits again runs its own halves inline.
        inParallelPair { outer in inParallelPair { inner in seen.record(outer * 2 + inner) } }
        XCTAssertEqual(seen.values.sorted(), [0, 1, 2, 3])
        // Another thread's jobs while this one's run: each finds the helper busy or free.
        seen = Seen()
        let other = seen
        let done = DispatchSemaphore(value: 0)
        Thread { for i in 0..<500 { inParallelPair { other.record(10_000 + i * 2 + $0) } }; done.signal() }.start()
        for i in 0..<500 { inParallelPair { other.record(i * 2 + $0) } }
        done.wait()
        XCTAssertEqual(seen.values.sorted(), Array(0..<1000) + Array(10_000..<11_000))
    }

    func testSplitProductsMatchWholeOnes() throws {
        // Both split directions (more rows than columns, and more columns), transposed operands.
        for (m, n, k) in [(600, 90, 120), (40, 700, 300)] {
            let a = try Tensor(values(m * k, seed: 1), shape: [m, k]), b = try Tensor(values(k * n, seed: 2), shape: [k, n])
            let whole = try Tensor.matmul(a, b).doubles()
            let (ad, bd) = (a.doubles(), b.doubles())
            for i in stride(from: 0, to: m, by: 37) { for j in stride(from: 0, to: n, by: 11) {
                var sum = 0.0
                for p in 0..<k { sum += ad[i * k + p] * bd[p * n + j] }
                XCTAssertEqual(whole[i * n + j], sum, accuracy: 1e-9)
            } }
            let transposed = try Tensor.matmul(try a.transposed().contiguous().transposed(), try b.transposed().contiguous().transposed()).doubles()
            XCTAssertEqual(transposed, whole)
        }
    }
}
