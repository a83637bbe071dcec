// A weight's plain gradient-descent step taken inside the backward pass (Variable.descentRate):
// only by an op that is the weight's one user, with the same result as storing the gradient and
// subtracting rate times it afterwards.
import XCTest
@testable import KTensor

final class DescentStepTests: XCTestCase {
    /// A Dense kernel one linear op alone uses ends as w - rate · gradient and gets no gradient;
    /// the input gradient still reads the kernel from before the step. A kernel also used
    /// elsewhere, or one without a rate, keeps its value and gets its gradient. The big shape
    /// splits across the cores and takes the register kernel plus BLAS for the last columns.
    func testLinearStepsAKernelOnlyItUses() throws {
        for (rows, inDim, outDim) in [(5, 7, 3), (32, 784, 300)] {
            let (xv, wv, bv) = (values(rows * inDim, seed: 1), values(inDim * outDim, seed: 2), values(outDim, seed: 3))
            let upstream = try Tensor(values(rows * outDim, seed: 4).map { Float($0) }, shape: [rows, outDim])
            func run(rate: Float?, alsoSummed: Bool) throws -> (w: [Float], grad: [Float]?, inputGrad: [Float]) {
                let x = Variable(try Tensor(xv.map { Float($0) }, shape: [rows, inDim]), requiresGrad: true)
                let w = Variable(try Tensor(wv.map { Float($0) }, shape: [inDim, outDim]), requiresGrad: true)
                let b = Variable(try Tensor(bv.map { Float($0) }, shape: [outDim]), requiresGrad: true)
                w.descentRate = rate
                var loss = try Variable.binary(.mul, try Variable.linear(x, w, b), Variable(upstream)).sum()
                if alsoSummed { loss = try Variable.binary(.add, loss, try w.sum()) }
                try loss.backward()
                return (w.value.floats(), w.grad?.floats(), try XCTUnwrap(x.grad).floats())
            }
            let plain = try run(rate: nil, alsoSummed: false), stepped = try run(rate: 0.1, alsoSummed: false)
            let gradient = try XCTUnwrap(plain.grad)
            XCTAssertNil(stepped.grad)
            XCTAssertTrue(stepped.inputGrad == plain.inputGrad, "the input gradient reads the kernel from before the step")
            for i in 0..<gradient.count {
                XCTAssertEqual(stepped.w[i], plain.w[i] - 0.1 * gradient[i], accuracy: 1e-6, "\(rows)x\(inDim) element \(i)")
            }
            let shared = try run(rate: 0.1, alsoSummed: true)
            XCTAssertTrue(shared.w == plain.w, "a kernel also used elsewhere keeps its value")
            XCTAssertEqual(try XCTUnwrap(shared.grad).count, gradient.count)
        }
    }
}
