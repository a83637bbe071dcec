// Finite-difference gradient checks (float64) for the fused neural-network ops: dense,
// every activation, convolution, pooling, the recurrent sequences, embedding and the shaping ops.
import Foundation
import XCTest
import CKernels
@testable import KTensor

final class NNGradientTests: XCTestCase {
    func testLinear() throws {
        try check([[3, 4], [4, 5], [5]]) { try Variable.linear($0[0], $0[1], $0[2]) }
        try check([[2, 3, 4], [4, 2]]) { try Variable.linear($0[0], $0[1], nil) }
    }

    func testBatchMatmul() throws {
        try check([[2, 3, 4], [2, 4, 5]]) { try Variable.batchMatmul($0[0], $0[1]) }
        try check([[2, 2, 3, 1], [2, 2, 1, 3]]) { try Variable.batchMatmul($0[0], $0[1]) }
        // A large product goes through BLAS rather than the small-matrix loop.
        try check([[1, 40, 30], [1, 30, 20]]) { try Variable.batchMatmul($0[0], $0[1]) }
        XCTAssertThrowsError(try Tensor.batchMatmul(try Tensor.zeros([2, 3, 4]), try Tensor.zeros([3, 4, 5])))
    }

    func testActivations() throws {
        for kind in ActivationFunction.Kind.allCases {
            // Keep away from the kinks of the piecewise functions.
            try check([[3, 4]], lo: 0.1, hi: 2) { try $0[0].activated(ActivationFunction(kind)) }
            try check([[3, 4]], lo: -2, hi: -0.1) { try $0[0].activated(ActivationFunction(kind)) }
        }
        try check([[2, 5]], lo: -2, hi: 2) { try $0[0].activated(ActivationFunction(.relu, alpha: 0.3, maxValue: 1.5, threshold: 0.05)) }
    }

    func testConvolution() throws {
        let valid = ConvGeometry(kernel: (2, 3), strides: (1, 1), padding: ((0, 0), (0, 0)))
        try check([[2, 4, 5, 3], [2, 3, 3, 2], [2]]) { try Variable.conv2d($0[0], $0[1], $0[2], valid) }
        let same = ConvGeometry(kernel: (3, 3), strides: (2, 2), dilation: (1, 1),
                                padding: (ConvGeometry.padding(same: true, input: 5, kernel: 3, stride: 2),
                                          ConvGeometry.padding(same: true, input: 4, kernel: 3, stride: 2)))
        try check([[1, 5, 4, 2], [3, 3, 2, 3]]) { try Variable.conv2d($0[0], $0[1], nil, same) }
        let dilated = ConvGeometry(kernel: (2, 2), strides: (1, 1), dilation: (2, 1), padding: ((0, 0), (1, 0)))
        try check([[2, 5, 3, 1], [2, 2, 1, 2], [2]]) { try Variable.conv2d($0[0], $0[1], $0[2], dilated) }
    }

    func testTransposedConvolution() throws {
        let valid = ConvGeometry(kernel: (3, 3), strides: (2, 2), padding: ((0, 0), (0, 0)))
        try check([[2, 3, 3, 2], [3, 3, 4, 2], [4]]) { try Variable.conv2dTranspose($0[0], $0[1], $0[2], valid, outputSize: (7, 7)) }
        let same = ConvGeometry(kernel: (3, 2), strides: (2, 1), padding: (ConvGeometry.padding(same: true, input: 6, kernel: 3, stride: 2),
                                                                         ConvGeometry.padding(same: true, input: 4, kernel: 2, stride: 1)))
        try check([[1, 3, 4, 3], [3, 2, 2, 3]]) { try Variable.conv2dTranspose($0[0], $0[1], nil, same, outputSize: (6, 4)) }
    }

    func testPooling() throws {
        let geo = ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 1), (0, 1)))
        try check([[2, 5, 5, 3]]) { try Variable.pool2d($0[0], max: true, geo) }
        try check([[2, 5, 5, 3]]) { try Variable.pool2d($0[0], max: false, geo) }
        let overlapping = ConvGeometry(kernel: (3, 2), strides: (1, 1), padding: ((0, 0), (0, 0)))
        try check([[1, 4, 4, 2]]) { try Variable.pool2d($0[0], max: false, overlapping) }
        // Eleven channels: eight folded at once, three one by one.
        try check([[1, 4, 4, 11]]) { try Variable.pool2d($0[0], max: true, overlapping) }
        try check([[1, 4, 4, 11]]) { try Variable.pool2d($0[0], max: false, overlapping) }
    }

    /// A tie sends the whole gradient to the window's first maximum, as TensorFlow's argmax does.
    func testMaxPoolingTieGoesToTheFirstMaximum() throws {
        let geo = ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 0), (0, 0)))
        let x = Variable(try Tensor([1, 3, 3, 3] as [Float], shape: [1, 2, 2, 1]), requiresGrad: true)
        let y = try Variable.pool2d(x, max: true, geo)
        try y.sum().backward()
        XCTAssertEqual(y.value.floats(), [3])
        XCTAssertEqual(x.grad!.floats(), [0, 1, 0, 0])
    }

    /// Float max pooling takes the C loops (the backward one for windows that do not overlap):
    /// the same outputs and gradient as float64's general loops, ties and a NaN window included,
    /// with 'same' padding, a channel count past the backward loop's chunk of 64, cells no window
    /// covers left at zero, and overlapping windows.
    func testFloatMaxPoolingMatchesFloat64() throws {
        for (geo, shape) in [(ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 1), (0, 1))), [2, 5, 5, 70]),
                             (ConvGeometry(kernel: (2, 3), strides: (3, 3), padding: ((0, 0), (0, 0))), [1, 7, 8, 5]),
                             (ConvGeometry(kernel: (3, 3), strides: (1, 2), padding: ((1, 1), (1, 1))), [2, 6, 7, 9])] {
            var xs = values(shape.reduce(1, *), seed: 60).map { ($0 * 4).rounded() / 4 }  // many ties
            xs[3] = .nan  // a window's first cell
            xs[shape[3] + 1] = .nan  // a later cell of a window
            let (oh, ow) = geo.outputSize(shape[1], shape[2])
            let gs = values(shape[0] * oh * ow * shape[3], seed: 61)
            func run(_ dtype: DType) throws -> ([Double], [Double]) {
                let x = Variable(try Tensor(xs, shape: shape).astype(dtype), requiresGrad: true)
                let y = try Variable.pool2d(x, max: true, geo)
                try y.backward(seed: try Tensor(gs, shape: y.shape).astype(dtype))
                return (y.value.doubles(), try XCTUnwrap(x.grad).doubles())
            }
            let (single, double) = (try run(.float32), try run(.float64))
            XCTAssertEqual(single.0.count, double.0.count)
            for (i, (s, d)) in zip(single.0, double.0).enumerated() { XCTAssert(s == d || (s.isNaN && d.isNaN), "output \(i): \(s) vs \(d)") }
            XCTAssertEqual(single.1.count, double.1.count)
            for (i, (s, d)) in zip(single.1, double.1).enumerated() { XCTAssertEqual(s, d, accuracy: 1e-6, "cell \(i)") }
        }
    }

    func testRecurrent() throws {
        for sequences in [false, true] {
            let x = [2, 4, 3]
            try check([x, [3, 8], [2, 8], [8]]) { v in try Variable.lstm(v[0], v[1], v[2], v[3], returnSequences: sequences) }
            try check([x, [3, 6], [2, 6], [2, 6]]) { v in try Variable.gru(v[0], v[1], v[2], v[3], returnSequences: sequences) }
            try check([x, [3, 2], [2, 2], [2]]) { v in try Variable.simpleRNN(v[0], v[1], v[2], v[3], returnSequences: sequences) }
        }
        // Masked steps (Keras's padding masks) carry the state over; leading, inner and trailing ones.
        let mask = try Tensor([0, 1, 0, 1, 1, 1, 1, 0] as [Double], shape: [2, 4])
        for sequences in [false, true] {
            try check([[2, 4, 3], [3, 8], [2, 8], [8]]) { v in try Variable.lstm(v[0], v[1], v[2], v[3], returnSequences: sequences, mask: mask) }
            try check([[2, 4, 3], [3, 6], [2, 6], [2, 6]]) { v in try Variable.gru(v[0], v[1], v[2], v[3], returnSequences: sequences, mask: mask) }
            try check([[2, 4, 3], [3, 2], [2, 2], [2]]) { v in try Variable.simpleRNN(v[0], v[1], v[2], v[3], returnSequences: sequences, mask: mask) }
            try check([[2, 4, 3], [3, 6], [2, 6], [6]]) { v in try Variable.gruResetBefore(v[0], v[1], v[2], v[3], returnSequences: sequences, mask: mask) }
            try check([[2, 4, 3], [3, 6], [2, 6], [6]]) { v in try Variable.gruResetBefore(v[0], v[1], v[2], v[3], returnSequences: sequences) }
        }
        for f in [RecurrentActivation.relu, .sigmoid, .linear] {
            try check([[2, 4, 3], [3, 2], [2, 2], [2]]) { v in try Variable.simpleRNN(v[0], v[1], v[2], v[3], returnSequences: true, activation: f) }
        }
        // Recurrent dropout: a fixed per-sample mask on the state in the recurrent products.
        let drop = try Tensor([2, 0, 0, 2] as [Double], shape: [2, 2])
        try check([[2, 4, 3], [3, 8], [2, 8], [8]]) { v in try Variable.lstm(v[0], v[1], v[2], v[3], returnSequences: true, recurrentDropout: drop) }
        try check([[2, 4, 3], [3, 6], [2, 6], [2, 6], [2, 2]]) { v in
            try Variable.gru(v[0], v[1], v[2], v[3], returnSequences: false, mask: mask, initial: v[4], recurrentDropout: drop)
        }
        try check([[2, 4, 3], [3, 2], [2, 2], [2], [2, 2]]) { v in
            try Variable.simpleRNN(v[0], v[1], v[2], v[3], returnSequences: true, initial: v[4], recurrentDropout: drop)
        }
        // From a given initial state (also with masked steps): gradients reach it too.
        try check([[2, 4, 3], [3, 6], [2, 6], [2, 6], [2, 2]]) { v in try Variable.gru(v[0], v[1], v[2], v[3], returnSequences: true, initial: v[4]) }
        try check([[2, 4, 3], [3, 6], [2, 6], [2, 2]]) { v in try Variable.gru(v[0], v[1], v[2], nil, returnSequences: false, mask: mask, initial: v[3]) }
        try check([[2, 4, 3], [3, 2], [2, 2], [2], [2, 2]]) { v in try Variable.simpleRNN(v[0], v[1], v[2], v[3], returnSequences: false, initial: v[4]) }
        try check([[2, 4, 3], [3, 2], [2, 2], [2, 2]]) { v in try Variable.simpleRNN(v[0], v[1], v[2], nil, returnSequences: true, mask: mask, initial: v[3]) }
        try check([[3, 2, 2], [2, 4], [1, 4]]) { try Variable.lstm($0[0], $0[1], $0[2], nil, returnSequences: true) }
        // Every hidden and cell state, from a given initial state or from zeros.
        try check([[2, 4, 3], [3, 8], [2, 8], [8], [2, 2], [2, 2]]) { v in try Variable.lstmStates(v[0], v[1], v[2], v[3], initial: [v[4], v[5]]) }
        try check([[2, 3, 3], [3, 8], [2, 8]]) { v in try Variable.lstmStates(v[0], v[1], v[2], nil, initial: nil) }
    }

    func testEmbeddingAndShaping() throws {
        let ids = try Tensor([2, 0, 2, 1, 3, 2] as [Double], shape: [2, 3])
        try check([[4, 3]]) { try Variable.embedding(ids, $0[0]) }
        try check([[2, 3], [2, 2]]) { try Variable.concatenate([$0[0], $0[1]], axis: 1) }
        try check([[2, 3, 4]]) { try $0[0].transposed([2, 0, 1]) }
        try check([[2, 3, 4]]) { try $0[0].reshaped([6, 4]) }
        try check([[3, 4]]) { try $0[0].cropped([1..<3, 0..<2]) }
        try check([[2, 3]]) { try $0[0].padded([(1, 0), (2, 1)]) }
        try check([[2, 3, 2]]) { try $0[0].reversed(axis: 1) }
        try check([[3, 4]], lo: -2, hi: 2) { try $0[0].clipped(-0.5, 0.7) }
    }

    func testFastFloatExpSigmoidAndTanhMatchLibm() {
        let xs = stride(from: -30.0, through: 30.0, by: 0.0137).map { Float($0) } + [0, -0, 1e-6, -1e-6, 0.0039, 0.0041, 0.0999, 0.1001, 100, -100]
        var s = xs, t = xs, e = xs
        s.withUnsafeMutableBufferPointer { ks_sigmoid_f32($0.baseAddress!, $0.count) }
        t.withUnsafeMutableBufferPointer { ks_tanh_f32($0.baseAddress!, $0.count) }
        e.withUnsafeMutableBufferPointer { ks_exp_f32($0.baseAddress!, $0.count) }
        for (i, x) in xs.enumerated() {
            let d = Double(x)
            XCTAssertEqual(Double(s[i]), 1 / (1 + Foundation.exp(-d)), accuracy: 2e-7, "sigmoid(\(x))")
            XCTAssertEqual(Double(t[i]), Foundation.tanh(d), accuracy: 2e-7 * max(1, abs(Foundation.tanh(d))), "tanh(\(x))")
            if abs(x) < 0.2 { XCTAssertEqual(Double(t[i]), Foundation.tanh(d), accuracy: 1e-6 * abs(d), "relative tanh(\(x))") }
            if abs(x) < 80 { XCTAssertEqual(Double(e[i]), Foundation.exp(d), accuracy: 3e-7 * Foundation.exp(d), "exp(\(x))") }
        }
        var nan: [Float] = [.nan, .infinity, -.infinity]
        nan.withUnsafeMutableBufferPointer { ks_tanh_f32($0.baseAddress!, $0.count) }
        XCTAssertTrue(nan[0].isNaN); XCTAssertEqual(nan[1], 1); XCTAssertEqual(nan[2], -1)
    }

    /// The vector float64 exp (np.exp) agrees with libm's to the ulp, and libm's special values.
    func testVectorDoubleExpMatchesLibm() {
        var xs = stride(from: -750.0, through: 712.0, by: 0.0731).map { $0 } + stride(from: -1.0, through: 1.0, by: 0.000977).map { $0 }
        xs += [0, -0.0, 1, 709.782712893384, 709.79, -745.1332191019411, -745.2, .infinity, -.infinity, 1e-300, -708.5, -720]
        var ys = [Double](repeating: 0, count: xs.count), differing = 0
        ks_exp_f64(xs, &ys, xs.count)
        for (x, y) in zip(xs, ys) {
            let e = Foundation.exp(x)
            if y != e { differing += 1; XCTAssertEqual(y, e, accuracy: e.ulp, "exp(\(x))") }
        }
        XCTAssertLessThan(differing, xs.count / 200, "nearly always the same bits as libm")
        var nan = [Double.nan], out = [0.0]
        ks_exp_f64(nan, &out, 1); nan = out
        XCTAssertTrue(nan[0].isNaN)
    }

    /// The small-matrix product (recurrent steps) against a float64 reference, both forms of A,
    /// strided operands, and beta 0, 1 and another.
    func testSmallFloatProductMatchesReference() {
        let (m, n, k, lda, ldb, ldc) = (5, 7, 3, 9, 11, 8)
        let a = values(9 * 9, seed: 5).map { Float($0) }, b = values(3 * 11, seed: 6).map { Float($0) }
        let c0 = values(5 * 8, seed: 7).map { Float($0) }
        for transA in [false, true] {
            for beta: Float in [0, 1, -0.5] {
                var c = c0
                ks_small_gemm_f32(transA ? 1 : 0, m, n, k, 1.5, a, lda, b, ldb, beta, &c, ldc)
                for i in 0..<m { for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k { sum += Double(transA ? a[p * lda + i] : a[i * lda + p]) * Double(b[p * ldb + j]) }
                    let expected = 1.5 * sum + (beta == 0 ? 0 : Double(beta) * Double(c0[i * ldc + j]))
                    XCTAssertEqual(Double(c[i * ldc + j]), expected, accuracy: 1e-5, "transA \(transA) beta \(beta) (\(i), \(j))")
                } }
                XCTAssertEqual(c[7], c0[7], "columns past n are left alone")
            }
        }
    }

    /// The long-and-thin product of a convolution's kernel gradient against a float64 reference:
    /// a full 8 × 32 block and ragged edges, strided operands, added onto what c held.
    func testLongThinProductMatchesReference() {
        let (m, n, k, lda, ldb, ldc) = (11, 40, 50, 13, 41, 42)
        let a = values(k * lda, seed: 8).map { Float($0) }, b = values(k * ldb, seed: 9).map { Float($0) }
        let c0 = values(m * ldc, seed: 10).map { Float($0) }
        var c = c0
        ks_long_gemm_tn_f32(m, n, k, a, lda, b, ldb, &c, ldc)
        for i in 0..<m { for j in 0..<n {
            var sum = Double(c0[i * ldc + j])
            for p in 0..<k { sum += Double(a[p * lda + i]) * Double(b[p * ldb + j]) }
            XCTAssertEqual(Double(c[i * ldc + j]), sum, accuracy: 1e-4, "(\(i), \(j))")
        } }
        XCTAssertEqual(c[n], c0[n], "columns past n are left alone")
    }

    /// A float convolution with short patches takes its kernel gradient from the C kernel, half
    /// the pixels on each core: the same gradient as the float64 computation.
    func testShortPatchKernelGradientMatchesFloat64() throws {
        let geo = ConvGeometry(kernel: (3, 3), strides: (1, 1), padding: ((1, 1), (1, 1)))
        let (xs, ws, gs) = (values(8 * 28 * 28 * 2, seed: 11), values(3 * 3 * 2 * 40, seed: 12), values(8 * 28 * 28 * 40, seed: 13))
        func kernelGradient(_ dtype: DType) throws -> [Double] {
            let x = Variable(try Tensor(xs, shape: [8, 28, 28, 2]).astype(dtype))
            let w = Variable(try Tensor(ws, shape: [3, 3, 2, 40]).astype(dtype), requiresGrad: true)
            try Variable.conv2d(x, w, nil, geo).backward(seed: try Tensor(gs, shape: [8, 28, 28, 40]).astype(dtype))
            return try XCTUnwrap(w.grad).doubles()
        }
        let single = try kernelGradient(.float32), double = try kernelGradient(.float64)
        for (s, d) in zip(single, double) { XCTAssertEqual(s, d, accuracy: 1e-3 * Swift.max(1, abs(d))) }
    }

    /// Float stride-1 convolutions take the direct loops (no patch matrix); their output and all
    /// three gradients match the float64 im2col + GEMM computation. The shapes reach every edge:
    /// a row's last tile moved back, rows narrower than a tile, 16- and 32-wide filter strips,
    /// channel counts that leave part of a strip or of a block of patch rows, padding, and input
    /// gradients both from the turned kernel (16 channels or more) and from patches (fewer).
    func testDirectConvolutionMatchesFloat64() throws {
        // ReLU fused into the direct loops on some cases, a separate op for float64.
        let cases: [(x: [Int], kernel: [Int], padding: ((Int, Int), (Int, Int)), relu: Bool)] = [
            ([3, 9, 20, 1], [4, 4, 1, 32], ((0, 0), (0, 0)), true),
            ([2, 7, 30, 5], [3, 3, 5, 16], ((1, 1), (1, 1)), false),
            ([2, 6, 5, 3], [3, 2, 3, 48], ((0, 0), (0, 0)), true),
            ([1, 5, 8, 33], [2, 3, 33, 64], ((0, 1), (1, 1)), false),
            ([2, 6, 14, 16], [2, 2, 16, 16], ((0, 1), (0, 1)), true),
            ([2, 3, 4, 2], [2, 2, 2, 16], ((0, 0), (0, 0)), true),  // fewer output pixels than a tile
        ]
        for (i, (xs, ks, padding, relu)) in cases.enumerated() {
            let geo = ConvGeometry(kernel: (ks[0], ks[1]), strides: (1, 1), padding: padding)
            XCTAssertNotNil(DirectConv(x: xs, kernel: ks, geo: geo, dtype: .float32), "case \(i) takes the direct path")
            let (xv, kv, bv) = (values(xs.reduce(1, *), seed: 20 + i), values(ks.reduce(1, *), seed: 30 + i), values(ks[3], seed: 40 + i))
            func run(_ dtype: DType) throws -> [[Double]] {
                let x = Variable(try Tensor(xv, shape: xs).astype(dtype), requiresGrad: true)
                let k = Variable(try Tensor(kv, shape: ks).astype(dtype), requiresGrad: true)
                let b = Variable(try Tensor(bv, shape: [ks[3]]).astype(dtype), requiresGrad: true)
                let y = try Variable.conv2d(x, k, b, geo, activation: ActivationFunction(relu ? .relu : .linear))
                try y.backward(seed: try Tensor(values(y.value.count, seed: 50 + i), shape: y.shape).astype(dtype))
                return [y.value.doubles(), try XCTUnwrap(x.grad).doubles(), try XCTUnwrap(k.grad).doubles(), try XCTUnwrap(b.grad).doubles()]
            }
            let single = try run(.float32), double = try run(.float64)
            for (part, name) in ["output", "input gradient", "kernel gradient", "bias gradient"].enumerated() {
                XCTAssertEqual(single[part].count, double[part].count)
                for (s, d) in zip(single[part], double[part]) {
                    XCTAssertEqual(s, d, accuracy: 1e-4 * Swift.max(1, abs(d)), "case \(i) \(name)")
                }
            }
        }
    }

    /// A max pooling right after a convolution with a fused ReLU applies the ReLU's gradient in its
    /// own backward and the convolution skips its mask: the gradients match float64, where the
    /// ReLU is a separate op, including windows whose maximum is zero (all cells negative).
    /// When the convolution's output is used twice the gradients add up and the mask is applied.
    func testMaxPoolingOverFusedReluMatchesFloat64() throws {
        let geo = ConvGeometry(kernel: (3, 3), strides: (1, 1), padding: ((0, 0), (0, 0)))
        let pool = ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 0), (0, 0)))
        let (xs, ks) = ([2, 9, 8, 3], [3, 3, 3, 16])
        let (xv, kv) = (values(xs.reduce(1, *), seed: 70), values(ks.reduce(1, *), seed: 71))
        let bv = values(16, seed: 72).map { $0 - 0.5 }  // negative biases leave whole windows at zero
        for usedTwice in [false, true] {
            func run(_ dtype: DType) throws -> [[Double]] {
                let x = Variable(try Tensor(xv, shape: xs).astype(dtype), requiresGrad: true)
                let k = Variable(try Tensor(kv, shape: ks).astype(dtype), requiresGrad: true)
                let b = Variable(try Tensor(bv, shape: [16]).astype(dtype), requiresGrad: true)
                let y = try Variable.conv2d(x, k, b, geo, activation: ActivationFunction(.relu))
                let pooled = try Variable.pool2d(y, max: true, pool)
                var z = try pooled.sum()
                if usedTwice { z = try Variable.binary(.add, z, try y.sum()) }
                try z.backward()
                return [try XCTUnwrap(x.grad).doubles(), try XCTUnwrap(k.grad).doubles(), try XCTUnwrap(b.grad).doubles(), pooled.value.doubles()]
            }
            let single = try run(.float32), double = try run(.float64)
            XCTAssertTrue(single[3].contains(0) && single[3].contains { $0 > 0 }, "some windows are all zero, some are not")
            for (part, name) in ["input gradient", "kernel gradient", "bias gradient"].enumerated() {
                XCTAssertEqual(single[part].count, double[part].count)
                for (s, d) in zip(single[part], double[part]) {
                    XCTAssertEqual(s, d, accuracy: 1e-4 * Swift.max(1, abs(d)), "\(name), used twice: \(usedTwice)")
                }
            }
        }
    }

    /// The convolution, ReLU and max pooling in one op give what the three separate float64 ops
    /// give (outputs, input, kernel and bias gradients): padding on either, cells no window covers,
    /// windows past the stride, all-negative windows, and batches split across the cores.
    func testFusedConvReluMaxPoolMatchesSeparateOps() throws {
        let cases: [(x: [Int], kernel: [Int], padding: ((Int, Int), (Int, Int)), pool: ConvGeometry)] = [
            ([2, 9, 8, 3], [3, 3, 3, 16], ((0, 0), (0, 0)), ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 0), (0, 0)))),
            ([3, 10, 11, 16], [3, 2, 16, 32], ((1, 1), (0, 1)), ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 1), (0, 1)))),
            ([2, 12, 9, 17], [2, 2, 17, 16], ((0, 0), (0, 0)), ConvGeometry(kernel: (2, 3), strides: (3, 3), padding: ((0, 0), (0, 0)))),
            ([8, 30, 30, 4], [4, 4, 4, 16], ((0, 0), (0, 0)), ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 0), (0, 0)))),
        ]
        for (i, (xs, ks, padding, pool)) in cases.enumerated() {
            let geo = ConvGeometry(kernel: (ks[0], ks[1]), strides: (1, 1), padding: padding)
            let (xv, kv) = (values(xs.reduce(1, *), seed: 80 + i), values(ks.reduce(1, *), seed: 90 + i))
            let bv = values(ks[3], seed: 100 + i).map { $0 - 0.5 }  // negative biases leave whole windows at zero
            let inputGradient = xs[3] >= 16  // fewer channels: the fused op is for layers without one
            func run(_ dtype: DType) throws -> [[Double]] {
                let x = Variable(try Tensor(xv, shape: xs).astype(dtype), requiresGrad: inputGradient)
                let k = Variable(try Tensor(kv, shape: ks).astype(dtype), requiresGrad: true)
                let b = Variable(try Tensor(bv, shape: [ks[3]]).astype(dtype), requiresGrad: true)
                let y: Variable
                if dtype == .float32 {
                    y = try XCTUnwrap(try Variable.conv2dReluMaxPool(x, k, b, geo, pool: pool), "case \(i) is fused")
                } else {
                    y = try Variable.pool2d(try Variable.conv2d(x, k, b, geo).activated(ActivationFunction(.relu)), max: true, pool)
                }
                try y.backward(seed: try Tensor(values(y.value.count, seed: 110 + i), shape: y.shape).astype(dtype))
                return [y.value.doubles(), x.grad?.doubles() ?? [], try XCTUnwrap(k.grad).doubles(), try XCTUnwrap(b.grad).doubles()]
            }
            let fused = try run(.float32), separate = try run(.float64)
            XCTAssertTrue(fused[0].contains(0) && fused[0].contains { $0 > 0 }, "case \(i): some windows are all zero, some are not")
            XCTAssertEqual(fused[1].isEmpty, !inputGradient)
            for (part, name) in ["output", "input gradient", "kernel gradient", "bias gradient"].enumerated() {
                XCTAssertEqual(fused[part].count, separate[part].count, "case \(i) \(name)")
                for (f, d) in zip(fused[part], separate[part]) {
                    XCTAssertEqual(f, d, accuracy: 1e-4 * Swift.max(1, abs(d)), "case \(i) \(name)")
                }
            }
        }
        // An input gradient over fewer than 16 channels, or overlapping windows: not fused.
        let x = Variable(try Tensor(values(2 * 6 * 6 * 3, seed: 1), shape: [2, 6, 6, 3]), requiresGrad: true)
        let k = Variable(try Tensor(values(2 * 2 * 3 * 16, seed: 2), shape: [2, 2, 3, 16]).astype(.float32), requiresGrad: true)
        let geo = ConvGeometry(kernel: (2, 2), strides: (1, 1), padding: ((0, 0), (0, 0)))
        let halves = ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 0), (0, 0)))
        XCTAssertNil(try Variable.conv2dReluMaxPool(Variable(try x.value.astype(.float32), requiresGrad: true), k, nil, geo, pool: halves))
        let overlapping = ConvGeometry(kernel: (3, 3), strides: (2, 2), padding: ((0, 0), (0, 0)))
        XCTAssertNil(try Variable.conv2dReluMaxPool(Variable(try x.value.astype(.float32)), k, nil, geo, pool: overlapping))
    }

    /// Big batches run on both cores (one half of the images each): the same numbers as one by one.
    func testBatchesSplitAcrossCoresMatchOneByOne() throws {
        let n = 4, geo = ConvGeometry(kernel: (3, 3), strides: (1, 1), padding: ((0, 0), (0, 0)))
        let pool = ConvGeometry(kernel: (2, 2), strides: (2, 2), padding: ((0, 0), (0, 0)))
        let images = try Tensor(values(n * 40 * 40 * 8, seed: 3).map { Float($0) }, shape: [n, 40, 40, 8])
        let kernel = Variable(try Tensor(values(3 * 3 * 8 * 40, seed: 4).map { Float($0) }, shape: [3, 3, 8, 40]), requiresGrad: true)
        func run(_ x: Tensor, max isMax: Bool) throws -> ([Float], [Float]) {
            let input = Variable(x, requiresGrad: true)
            let y = try Variable.pool2d(try Variable.conv2d(input, kernel, nil, geo).activated(ActivationFunction(.relu)), max: isMax, pool)
            try y.sum().backward()
            return (y.value.floats(), input.grad!.floats())
        }
        // BLAS may round a product of a different height differently in the last bit, nothing more.
        func largestGap(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) / max(1, abs($0)) }.max() ?? 0 }
        for isMax in [true, false] {
            let (whole, wholeGrad) = try run(images, max: isMax)
            var parts: [Float] = [], partGrads: [Float] = []
            for i in 0..<n {
                let (out, grad) = try run(try images.window([i..<(i + 1), 0..<40, 0..<40, 0..<8]).contiguous(), max: isMax)
                parts += out; partGrads += grad
            }
            XCTAssertEqual(whole.count, parts.count); XCTAssertEqual(wholeGrad.count, partGrads.count)
            XCTAssertLessThan(largestGap(whole, parts), 1e-5, "max: \(isMax)")
            XCTAssertLessThan(largestGap(wholeGrad, partGrads), 1e-5, "max: \(isMax)")
        }
    }

    func testEmbeddingRejectsIdsOutOfRange() throws {
        let table = Variable(try Tensor.zeros([3, 2]))
        XCTAssertThrowsError(try Variable.embedding(try Tensor([0, 3] as [Double], shape: [2]), table))
    }
}
