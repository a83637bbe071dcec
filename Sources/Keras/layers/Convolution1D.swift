// Conv1D, the 1-D poolings and the global poolings (channels-last).
import KTensor

public final class Conv1D: Layer {
    public override var inputRank: RankRule? { .atLeast(3) }
    public override var createsWeights: Bool { true }
    public let filters: Int, kernelSize: Int, stride: Int, dilation: Int, useBias: Bool
    /// "valid", "same" or "causal" (the input padded on the left only, so output t sees inputs up to t).
    public let padding: String
    public let activation: String

    public init(context: KerasContext, filters: Int, kernelSize: Int, stride: Int = 1, padding: String = "valid", dilation: Int = 1,
                activation: String = "linear", useBias: Bool = true, name: String?) throws {
        try checkConvolution(filters: filters, padding: padding, causalAllowed: true, strides: [stride], dilation: [dilation])
        self.filters = filters; self.kernelSize = kernelSize; self.stride = stride; self.dilation = dilation; self.padding = padding
        self.activation = activation; self.useBias = useBias
        try super.init(context: context, name: name)
    }

    public override func build(_ inputs: [[Int?]]) throws {
        guard let s = inputs.first, s.count >= 3, let channels = s.last ?? nil else {
            throw inputRankError(layer: name, "min_ndim=3", inputs.first ?? [])
        }
        try addWeight("kernel", [kernelSize, channels, filters])
        if useBias { try addWeight("bias", [filters]) }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        let length = padding == "causal" ? s[1].map { $0 + (kernelSize - 1) * dilation } : s[1]
        let out = [s[0], windowOutput(length, kernelSize, stride, same: padding == "same", dilation: dilation), filters]
        try checkConvolutionOutput(s, out, kernel: [kernelSize, s.last.flatMap { $0 } ?? 0, filters], dilation: [dilation], strides: [stride], padding: padding)
        return [out]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        // A 1-D convolution is a 2-D one over an image one row high.
        let x = inputs[0], (n, length, channels) = (inputs[0].shape[0], inputs[0].shape[1], inputs[0].shape[2])
        let pad = padding == "causal" ? ((kernelSize - 1) * dilation, 0)
            : ConvGeometry.padding(same: padding == "same", input: length, kernel: kernelSize, stride: stride, dilation: dilation)
        let geo = ConvGeometry(kernel: (1, kernelSize), strides: (1, stride), dilation: (1, dilation), padding: ((0, 0), pad))
        let kernel = try param("kernel").reshaped([1, kernelSize, channels, filters])
        // The activation works along the filters, the last axis both before and after the reshape.
        let y = try Variable.conv2d(try x.reshaped([n, 1, length, channels]), kernel, weight("bias"), geo,
                                    activation: try fusedActivation(activation))
        return [try scriptActivated(try y.reshaped([n, y.shape[2], filters]), activation)]
    }
}

/// MaxPooling1D / AveragePooling1D.
public final class Pooling1D: Layer {
    public override var inputRank: RankRule? { .exactly(3) }
    let kind: String
    public let poolSize: Int, stride: Int, same: Bool
    public init(context: KerasContext, kind: String, poolSize: Int = 2, stride: Int? = nil, padding: String = "valid", name: String?) throws {
        self.kind = kind; self.poolSize = poolSize; self.stride = stride ?? poolSize; self.same = padding == "same"
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0], windowOutput(s[1], poolSize, stride, same: same), s[2]]]
    }
    public override func checkSymbolicInputs(_ inputs: [KerasTensor]) throws {
        try checkPoolingOutput(inputs[0], pool: [poolSize], strides: [stride], padding: same ? "same" : "valid")
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0], (n, length, channels) = (inputs[0].shape[0], inputs[0].shape[1], inputs[0].shape[2])
        let geo = ConvGeometry(kernel: (1, poolSize), strides: (1, stride),
                               padding: ((0, 0), ConvGeometry.padding(same: same, input: length, kernel: poolSize, stride: stride)))
        let y = try Variable.pool2d(try x.reshaped([n, 1, length, channels]), max: kind.hasPrefix("Max"), geo)
        return [try y.reshaped([n, y.shape[2], channels])]
    }
}

/// GlobalMaxPooling1D/2D and GlobalAveragePooling1D/2D: one value per channel.
public final class GlobalPooling: Layer {
    public override var inputRank: RankRule? { .exactly(rank + 2) }
    let kind: String
    let rank: Int
    /// Whether the pooled axes stay, with size 1 (`keepdims=True`).
    let keepdims: Bool
    public init(context: KerasContext, kind: String, rank: Int, keepdims: Bool = false, name: String?) throws {
        self.kind = kind; self.rank = rank; self.keepdims = keepdims
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0]] + (keepdims ? Array(repeating: 1, count: rank) : []) + [s.last ?? nil]]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0], shape = inputs[0].shape
        let pooledShape = [shape[0]] + (keepdims ? Array(repeating: 1, count: rank) : []) + [shape[shape.count - 1]]
        if kind.contains("Average"), let mask = x.mask, rank == 1 {
            // Keras averages only the steps the mask keeps.
            let m = Variable(try mask.reshaped([shape[0], shape[1], 1]).astype(x.value.dtype))
            let total = try Variable.binary(.mul, x, m).sum(axes: [1])
            let count = Variable(try mask.astype(x.value.dtype).reduce(.sum, axes: [1], keepdims: false).reshaped([shape[0], 1]))
            return [try Variable.binary(.div, total, count).reshaped(pooledShape)]
        }
        if kind.contains("Average") { return [try x.mean(axes: Array(1..<(shape.count - 1))).reshaped(pooledShape)] }
        // The maximum over the whole image is a pooling window the size of the image.
        let image = try x.reshaped([shape[0], rank == 1 ? 1 : shape[1], shape[shape.count - 2], shape[shape.count - 1]])
        let geo = ConvGeometry(kernel: (image.shape[1], image.shape[2]), strides: (1, 1), padding: ((0, 0), (0, 0)))
        return [try Variable.pool2d(image, max: true, geo).reshaped(pooledShape)]
    }
}
