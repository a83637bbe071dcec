// The finite-difference gradient check every differentiable op is tested with (float64).
import XCTest
@testable import KTensor

extension XCTestCase {
    /// Deterministic pseudo-random values in [lo, hi).
    func values(_ n: Int, seed: Int, lo: Double = -1, hi: Double = 1) -> [Double] {
        var s = UInt64(seed) &* 6364136223846793005 &+ 1442695040888963407
        return (0..<n).map { _ in
            s = s &* 6364136223846793005 &+ 1442695040888963407
            return lo + (hi - lo) * Double(s >> 11) / Double(1 << 53)
        }
    }

    /// Compares d(sum(f(inputs) * w))/d(inputs) from backward() with central differences.
    func check(_ shapes: [[Int]], lo: Double = -1, hi: Double = 1, file: StaticString = #filePath, line: UInt = #line,
               _ f: ([Variable]) throws -> Variable) throws {
        let inputs = try shapes.enumerated().map { i, s in
            Variable(try Tensor(values(s.reduce(1, *), seed: 7 + i, lo: lo, hi: hi), shape: s), requiresGrad: true)
        }
        let probe = try f(inputs)
        let w = Variable(try Tensor(values(probe.value.count, seed: 99), shape: probe.shape))
        func objective(_ vs: [Variable]) throws -> Variable { try Variable.binary(.mul, try f(vs), w).sum() }
        try objective(inputs).backward()
        let eps = 1e-6
        for (i, input) in inputs.enumerated() {
            let analytic = try XCTUnwrap(input.grad, "no gradient for input \(i)", file: file, line: line).doubles()
            for k in 0..<input.value.count {
                let base = input.value.double(at: k)
                func eval(_ x: Double) throws -> Double {
                    let t = try input.value.astype(.float64, copy: true)
                    t.setDouble(x, at: k)
                    var vs = inputs.map { Variable($0.value) }
                    vs[i] = Variable(t)
                    return try objective(vs).value.double(at: 0)
                }
                let numeric = (try eval(base + eps) - eval(base - eps)) / (2 * eps)
                XCTAssertEqual(analytic[k], numeric, accuracy: 1e-5 * max(1, abs(numeric)),
                               "input \(i) element \(k)", file: file, line: line)
            }
        }
    }
}
