// Finite-difference gradient checks (float64) for every differentiable operation, with odd
// shapes, broadcasting and transposed views.
import XCTest
@testable import KTensor

final class GradientCheckTests: XCTestCase {
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

    func testBinaryOpsWithBroadcasting() throws {
        for op in [BinaryOp.add, .sub, .mul, .maximum, .minimum] {
            try check([[3, 1], [1, 4]]) { try Variable.binary(op, $0[0], $0[1]) }
            try check([[2, 3], [3]]) { try Variable.binary(op, $0[0], $0[1]) }
        }
        try check([[3, 1], [1, 4]], lo: 0.5, hi: 2) { try Variable.binary(.div, $0[0], $0[1]) }
        try check([[2, 3], [2, 3]], lo: 0.5, hi: 2) { try Variable.binary(.pow, $0[0], $0[1]) }
        // Away from their jumps, floor division is flat and the remainder has slopes 1 and -floor(x/y).
        try check([[3, 1], [1, 4]], lo: 0.5, hi: 3) { try Variable.binary(.mod, $0[0], $0[1]) }
        try check([[2, 3], [3]], lo: 0.5, hi: 3) { try Variable.binary(.floorDiv, $0[0], $0[1]) }
    }

    func testUnaryOps() throws {
        for op in [UnaryOp.neg, .exp, .tanh, .sigmoid, .square] {
            try check([[3, 5]]) { try Variable.unary(op, $0[0]) }
        }
        for op in [UnaryOp.log, .sqrt] {
            try check([[4, 3]], lo: 0.2, hi: 3) { try Variable.unary(op, $0[0]) }
        }
        // relu and abs away from the kink at 0
        try check([[7]], lo: 0.1, hi: 1) { try Variable.unary(.relu, $0[0]) }
        try check([[7]], lo: -1, hi: -0.1) { try Variable.unary(.relu, $0[0]) }
        try check([[5]], lo: 0.1, hi: 1) { try Variable.unary(.abs, $0[0]) }
    }

    func testMatmulAndReductions() throws {
        try check([[3, 5], [5, 2]]) { try Variable.matmul($0[0], $0[1]) }
        try check([[4, 3, 2]]) { try $0[0].sum(axes: [1]) }
        try check([[4, 3, 2]]) { try $0[0].mean(axes: [0, 2], keepdims: true) }
        try check([[4, 3]]) { try $0[0].mean() }
    }

    func testGradientsAccumulateForSharedUse() throws {
        // y = x * x uses x twice: dy/dx = 2x.
        let x = Variable(try Tensor([3] as [Double], shape: [1]), requiresGrad: true)
        try Variable.binary(.mul, x, x).sum().backward()
        XCTAssertEqual(x.grad?.doubles(), [6])
        try check([[2, 3]]) { try Variable.binary(.add, try Variable.unary(.tanh, $0[0]), try Variable.binary(.mul, $0[0], $0[0])) }
    }
}
