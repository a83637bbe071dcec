// Finite-difference gradient checks (float64) for every differentiable operation, with odd
// shapes, broadcasting and transposed views.
import XCTest
@testable import KTensor

final class GradientCheckTests: XCTestCase {
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
