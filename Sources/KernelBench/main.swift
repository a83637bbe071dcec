// Kernel benchmark (scripts/bench kernels): GFLOP/s of the fused dense op, forward and backward,
// against bare matrix products of the same shapes; and the time of a Conv2D and an LSTM step
// over the tutorial workloads' shapes. Prints ratios, asserts nothing.
//   KernelBench [dense|conv|lstm]   one section only (all by default)
import Foundation
import KTensor

/// Seconds per call of `body`: the best of five rounds of repeats/5 calls each, after a warm-up
/// (the best round, so that another process waking up does not count against either side).
func seconds(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()  // warm-up
    let perRound = max(1, repeats / 5)
    var best = Double.infinity
    for _ in 0..<5 {
        let start = Date()
        for _ in 0..<perRound { try body() }
        best = min(best, Date().timeIntervalSince(start) / Double(perRound))
    }
    return best
}

/// Seconds per call of two bodies timed in alternating rounds (best round of each), so that a
/// slow spell of the machine falls on both alike.
func secondsInterleaved(_ repeats: Int, _ first: () throws -> Void, _ second: () throws -> Void) rethrows -> (Double, Double) {
    try first(); try second()  // warm-up
    let perRound = max(1, repeats / 5)
    var best = (Double.infinity, Double.infinity)
    for _ in 0..<5 {
        var start = Date()
        for _ in 0..<perRound { try first() }
        best.0 = min(best.0, Date().timeIntervalSince(start) / Double(perRound))
        start = Date()
        for _ in 0..<perRound { try second() }
        best.1 = min(best.1, Date().timeIntervalSince(start) / Double(perRound))
    }
    return best
}

func random(_ shape: [Int]) throws -> Tensor {
    var s: UInt64 = 0x9E37_79B9
    let values = (0..<shape.reduce(1, *)).map { _ -> Float in
        s = s &* 6364136223846793005 &+ 1442695040888963407
        return Float(s >> 40) / Float(1 << 24) - 0.5
    }
    return try Tensor(values, shape: shape)
}

let sections = CommandLine.arguments.count > 1 ? Set(CommandLine.arguments.dropFirst()) : ["dense", "conv", "lstm"]

if sections.contains("dense") {
print(String(format: "%-26@ %12@ %12@ %8@", "dense forward+backward" as NSString, "kscript" as NSString, "bare sgemm" as NSString, "ratio" as NSString))
for (batch, input, output, repeats) in [(32, 784, 300, 400), (32, 300, 100, 2000), (32, 100, 10, 5000), (128, 784, 300, 200),
                                        (128, 300, 100, 1000), (128, 100, 10, 3000), (2048, 2048, 2048, 10)] {
    let x = try random([batch, input]), w = try random([input, output]), b = try random([output])
    let flops = 3 * 2 * Double(batch * input * output)  // one product forward, two backward
    // The op forward, then backward from an upstream gradient, as a loss hands it down.
    let g = try random([batch, output])
    let (bare, ours) = try secondsInterleaved(repeats, {
        _ = try Tensor.matmul(x, w)
        _ = try Tensor.matmul(g, try w.transposed())
        _ = try Tensor.matmul(try x.transposed(), g)
    }, {
        let xv = Variable(x, requiresGrad: true), wv = Variable(w, requiresGrad: true), bv = Variable(b, requiresGrad: true)
        try Variable.linear(xv, wv, bv).backward(seed: g)
    })
    print(String(format: "%-26@ %8.1f GF/s %8.1f GF/s %7.0f%%", "\(batch)x\(input) @ \(input)x\(output)" as NSString,
                 flops / ours / 1e9, flops / bare / 1e9, 100 * bare / ours))
}
}

if sections.contains("conv") {
// cnn_seed's and mnist_cnn's convolutions as training runs them: the first without an input gradient.
for (shape, kernelShape, needsInput) in [([32, 64, 64, 1], [4, 4, 1, 32], false), ([32, 30, 30, 32], [4, 4, 32, 16], true),
                                         ([128, 28, 28, 1], [3, 3, 1, 32], false), ([128, 13, 13, 32], [3, 3, 32, 64], true)] {
    let image = try random(shape), kernel = try random(kernelShape), bias = try random([kernelShape[3]])
    let geometry = ConvGeometry(kernel: (kernelShape[0], kernelShape[1]), strides: (1, 1), padding: ((0, 0), (0, 0)))
    let upstream = try random([shape[0], shape[1] - kernelShape[0] + 1, shape[2] - kernelShape[1] + 1, kernelShape[3]])
    let forward = try seconds(20) {
        _ = try Variable.conv2d(Variable(image, requiresGrad: needsInput), Variable(kernel, requiresGrad: true), Variable(bias, requiresGrad: true), geometry)
    }
    let both = try seconds(20) {
        try Variable.conv2d(Variable(image, requiresGrad: needsInput), Variable(kernel, requiresGrad: true), Variable(bias, requiresGrad: true), geometry)
            .backward(seed: upstream)
    }
    let macs = Double(shape[0] * (shape[1] - kernelShape[0] + 1) * (shape[2] - kernelShape[1] + 1) * kernelShape.reduce(1, *))
    print(String(format: "Conv2D(%d, %d) on %@%@: forward %.2f ms (%.0f GFLOP/s), forward+backward %.2f ms (%.0f GFLOP/s)",
                 kernelShape[3], kernelShape[0], shape.map(String.init).joined(separator: "x") as NSString,
                 (needsInput ? "" : " (no input gradient)") as NSString, forward * 1000, 2 * macs / forward / 1e9,
                 both * 1000, 2 * macs * (needsInput ? 3 : 2) / both / 1e9))
}
}

if sections.contains("lstm") {
// lstm_seed's LSTM(10) over (32, 100, 1) and multi_io's LSTM(32) over (32, 100, 64).
for (units, features, repeats) in [(10, 1, 400), (32, 64, 100)] {
    let sequence = try random([32, 100, features]), kernel = try random([features, 4 * units])
    let recurrent = try random([units, 4 * units]), bias = try random([4 * units])
    func run(backward: Bool) throws {
        let out = try Variable.lstm(Variable(sequence), Variable(kernel, requiresGrad: true), Variable(recurrent, requiresGrad: true),
                                    Variable(bias, requiresGrad: true), returnSequences: false)
        if backward { try out.sum().backward() }
    }
    let forward = try seconds(repeats) { try run(backward: false) }, both = try seconds(repeats) { try run(backward: true) }
    print(String(format: "LSTM(%d) over 32x100x%d: forward %.3f ms, forward+backward %.3f ms", units, features, forward * 1000, both * 1000))
}
}
