// DepthwiseConv2D (each input channel convolved on its own, `depth_multiplier` outputs per channel,
// kernel (kh, kw, channels, multiplier)) and SeparableConv2D (a depthwise convolution, then a 1×1
// pointwise one, kernel (1, 1, channels·multiplier, filters)). Built from the convolution, crop
// and concatenation ops, so their gradients are those ops' checked ones.
import KTensor

/// The depthwise convolution of x (n, h, w, c) by kernel (kh, kw, c, m): output channel c·m + j is
/// channel c convolved with kernel[:, :, c, j].
func depthwiseConvolution(_ x: Variable, _ kernel: Variable, _ geo: ConvGeometry) throws -> Variable {
    let (kh, kw, channels, multiplier) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
    let parts = try (0..<channels).map { c -> Variable in
        let xc = try x.cropped([0..<x.shape[0], 0..<x.shape[1], 0..<x.shape[2], c..<(c + 1)])
        let kc = try kernel.cropped([0..<kh, 0..<kw, c..<(c + 1), 0..<multiplier])
        return try Variable.conv2d(xc, kc, nil, geo)
    }
    return channels == 1 ? parts[0] : try Variable.concatenate(parts, axis: 3)
}

public final class DepthwiseConv2D: Layer {
    public override var inputRank: RankRule? { .atLeast(4) }
    public override var createsWeights: Bool { true }
    public let kernelSize: (Int, Int), strides: (Int, Int), dilation: (Int, Int), same: Bool
    public let multiplier: Int, activation: String, useBias: Bool

    public init(context: KerasContext, kernelSize: (Int, Int), strides: (Int, Int), padding: String, multiplier: Int,
                dilation: (Int, Int), activation: String, useBias: Bool, name: String?) throws {
        try checkConvolution(filters: multiplier, padding: padding, strides: [strides.0, strides.1], dilation: [dilation.0, dilation.1])
        self.kernelSize = kernelSize; self.strides = strides; self.dilation = dilation; self.same = padding == "same"
        self.multiplier = multiplier; self.activation = activation; self.useBias = useBias
        try super.init(context: context, name: name, baseName: "depthwise_conv2d")
    }
    public override var className: String { "DepthwiseConv2D" }

    public override func build(_ inputs: [[Int?]]) throws {
        let channels = try imageChannels(inputs, layer: name)
        try addWeight("kernel", [kernelSize.0, kernelSize.1, channels, multiplier], initializer: .glorotUniform)
        if useBias { try addWeight("bias", [channels * multiplier]) }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let out = windowedShape(inputs[0], kernelSize, strides: strides, dilation: dilation, same: same, channels: inputs[0].last.flatMap { $0 }.map { $0 * multiplier })
        try checkConvolutionOutput(inputs[0], out, kernel: [kernelSize.0, kernelSize.1, inputs[0].last.flatMap { $0 } ?? 0, (inputs[0].last.flatMap { $0 } ?? 0) * multiplier],
                                   dilation: [dilation.0, dilation.1], strides: [strides.0, strides.1], padding: same ? "same" : "valid")
        return [out]
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0]
        let geo = imageGeometry(kernelSize, strides: strides, dilation: dilation, same: same, height: x.shape[1], width: x.shape[2])
        var out = try depthwiseConvolution(x, try param("kernel"), geo)
        if let b = weight("bias") { out = try Variable.binary(.add, out, b) }
        return [try activated(out, activation)]
    }
}

public final class SeparableConv2D: Layer {
    public override var inputRank: RankRule? { .atLeast(4) }
    public override var createsWeights: Bool { true }
    public let filters: Int, kernelSize: (Int, Int), strides: (Int, Int), dilation: (Int, Int), same: Bool
    public let multiplier: Int, activation: String, useBias: Bool

    public init(context: KerasContext, filters: Int, kernelSize: (Int, Int), strides: (Int, Int), padding: String, multiplier: Int,
                dilation: (Int, Int), activation: String, useBias: Bool, name: String?) throws {
        try checkConvolution(filters: filters, padding: padding, strides: [strides.0, strides.1], dilation: [dilation.0, dilation.1])
        self.filters = filters; self.kernelSize = kernelSize; self.strides = strides; self.dilation = dilation; self.same = padding == "same"
        self.multiplier = multiplier; self.activation = activation; self.useBias = useBias
        try super.init(context: context, name: name, baseName: "separable_conv2d")
    }
    public override var className: String { "SeparableConv2D" }

    public override func build(_ inputs: [[Int?]]) throws {
        let channels = try imageChannels(inputs, layer: name)
        try addWeight("depthwise_kernel", [kernelSize.0, kernelSize.1, channels, multiplier], initializer: .glorotUniform)
        try addWeight("pointwise_kernel", [1, 1, channels * multiplier, filters], initializer: .glorotUniform)
        if useBias { try addWeight("bias", [filters]) }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let out = windowedShape(inputs[0], kernelSize, strides: strides, dilation: dilation, same: same, channels: filters)
        try checkConvolutionOutput(inputs[0], out, kernel: [kernelSize.0, kernelSize.1, inputs[0].last.flatMap { $0 } ?? 0, filters], dilation: [dilation.0, dilation.1],
                                   strides: [strides.0, strides.1], padding: same ? "same" : "valid")
        return [out]
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0]
        let geo = imageGeometry(kernelSize, strides: strides, dilation: dilation, same: same, height: x.shape[1], width: x.shape[2])
        let depthwise = try depthwiseConvolution(x, try param("depthwise_kernel"), geo)
        let pointwise = ConvGeometry(kernel: (1, 1), strides: (1, 1), padding: ((0, 0), (0, 0)))
        return [try activated(try Variable.conv2d(depthwise, try param("pointwise_kernel"), weight("bias"), pointwise), activation)]
    }
}
