// Conv2D, Conv2DTranspose and MaxPooling2D shape rules and weights (channels-last, like Keras).
import KTensor

/// Output length of a sliding window along one axis.
func windowOutput(_ n: Int?, _ size: Int, _ stride: Int, same: Bool, dilation: Int = 1) -> Int? {
    guard let n = n else { return nil }
    if same { return (n + stride - 1) / stride }
    let effective = (size - 1) * dilation + 1
    return n < effective ? 0 : (n - effective) / stride + 1
}

/// Keras's checks of a convolution's `filters`, `padding` (`causal` for Conv1D only), strides and dilation.
func checkConvolution(filters: Int, padding: String, causalAllowed: Bool = false, strides: [Int] = [1], dilation: [Int] = [1]) throws {
    guard filters > 0 else { throw KerasError(.value, "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters).") }
    guard padding == "valid" || padding == "same" || (causalAllowed && padding == "causal") else {
        throw KerasError(.value, "The `padding` argument must be a list/tuple or one of \(causalAllowed ? "{'same', 'causal', 'valid'}" : "{'same', 'valid'}"). Received: \(padding)")
    }
    if strides.max()! > 1 && dilation.max()! > 1 {
        throw KerasError(.value, "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=\(tupleText(strides)) and dilation_rate=\(tupleText(dilation))")
    }
}

/// The channel count of a layer's one 4-D (image batch) input, with Keras's error for another rank.
func imageChannels(_ inputs: [[Int?]], layer name: String) throws -> Int {
    guard let s = inputs.first, s.count >= 4, let channels = s.last ?? nil else {
        throw inputRankError(layer: name, "min_ndim=4", inputs.first ?? [])
    }
    return channels
}

/// The (batch, rows, columns, channels) shape a 2-D window of this geometry makes of an image batch.
func windowedShape(_ s: [Int?], _ kernel: (Int, Int), strides: (Int, Int), dilation: (Int, Int), same: Bool, channels: Int?) -> [Int?] {
    [s[0], windowOutput(s[1], kernel.0, strides.0, same: same, dilation: dilation.0),
     windowOutput(s[2], kernel.1, strides.1, same: same, dilation: dilation.1), channels]
}

/// Python's repr of a tuple of ints: `(1,)`, `(2, 2)`.
func tupleText(_ v: [Int]) -> String { v.count == 1 ? "(\(v[0]),)" : "(" + v.map(String.init).joined(separator: ", ") + ")" }

/// Keras's errors for a convolution over an input of a higher rank than its kernel, and for one
/// whose output would have no pixels along some axis (a kernel larger than the input): `kernel`
/// is the window's size, then the input and output channels.
func checkConvolutionOutput(_ input: [Int?], _ output: [Int?], kernel: [Int], dilation: [Int], strides: [Int], padding: String) throws {
    guard input.count == kernel.count else {
        throw KerasError(.value, "Kernel shape must have the same length as input, but received kernel of shape \(tupleText(kernel)) and input of shape \(KerasTensor.describe(input)).")
    }
    guard output.dropFirst().dropLast().contains(where: { ($0 ?? 1) <= 0 }) else { return }
    throw KerasError(.value, "Computed output size would be zero or negative. Received `inputs shape=\(KerasTensor.describe(input))`, `kernel shape=\(tupleText(kernel))`, `dilation_rate=[\(dilation.map(String.init).joined(separator: " "))]`, `strides=\(tupleText(strides))`, `padding=\(padding)`.")
}

extension Layer {
    /// Keras's error for a pooling whose output would have no cells along some axis (symbolic calls).
    func checkPoolingOutput(_ input: KerasTensor, pool: [Int], strides: [Int], padding: String) throws {
        guard try outputShapes([input.shape])[0].dropFirst().dropLast().contains(where: { ($0 ?? 1) <= 0 }) else { return }
        func array(_ v: [Int?]) -> String { "[" + v.map { $0.map(String.init) ?? "None" }.joined(separator: " ") + "]" }
        throw errorInCall("Computed output size would be zero or negative. Received: `inputs.shape=\(array(input.shape))`, `pool_size=\(array(pool))`, `strides=\(tupleText(strides))`, `padding=\(padding)`.", [input])
    }
}

/// The geometry of a 2-D window over an image of (height, width): `same` padding as Keras pads.
func imageGeometry(_ kernel: (Int, Int), strides: (Int, Int), dilation: (Int, Int), same: Bool, height: Int, width: Int) -> ConvGeometry {
    ConvGeometry(kernel: kernel, strides: strides, dilation: dilation, padding: (
        ConvGeometry.padding(same: same, input: height, kernel: kernel.0, stride: strides.0, dilation: dilation.0),
        ConvGeometry.padding(same: same, input: width, kernel: kernel.1, stride: strides.1, dilation: dilation.1)))
}

public final class Conv2D: Layer {
    public override var inputRank: RankRule? { .atLeast(4) }
    public override var createsWeights: Bool { true }
    public let filters: Int
    public let kernelSize: (Int, Int)
    public let strides: (Int, Int)
    public let dilation: (Int, Int)
    public let same: Bool
    public let activation: String
    public let useBias: Bool

    public init(context: KerasContext, filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: String = "valid",
                dilation: (Int, Int) = (1, 1), activation: String = "linear", useBias: Bool = true, name: String?) throws {
        try checkConvolution(filters: filters, padding: padding, strides: [strides.0, strides.1], dilation: [dilation.0, dilation.1])
        self.filters = filters; self.kernelSize = kernelSize; self.strides = strides; self.dilation = dilation; self.same = padding == "same"
        self.activation = activation; self.useBias = useBias
        try super.init(context: context, name: name)
    }

    public override func build(_ inputs: [[Int?]]) throws {
        let channels = try imageChannels(inputs, layer: name)
        try addWeight("kernel", [kernelSize.0, kernelSize.1, channels, filters])
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
        return [try scriptActivated(try Variable.conv2d(x, try param("kernel"), weight("bias"), geo, activation: try fusedActivation(activation)), activation)]
    }
}

/// The transposed convolution: each input pixel spreads a kernel-sized patch over an output
/// `strides` times larger (Keras's deconv_output_length with no output padding).
public final class Conv2DTranspose: Layer {
    public override var inputRank: RankRule? { .atLeast(4) }
    public override var createsWeights: Bool { true }
    public let filters: Int, kernelSize: (Int, Int), strides: (Int, Int), same: Bool, activation: String, useBias: Bool

    public init(context: KerasContext, filters: Int, kernelSize: (Int, Int), strides: (Int, Int), padding: String,
                activation: String, useBias: Bool, name: String?) throws {
        try checkConvolution(filters: filters, padding: padding)
        self.filters = filters; self.kernelSize = kernelSize; self.strides = strides; self.same = padding == "same"
        self.activation = activation; self.useBias = useBias
        try super.init(context: context, name: name)
    }

    func outputLength(_ n: Int?, _ kernel: Int, _ stride: Int) -> Int? {
        n.map { same ? $0 * stride : $0 * stride + Swift.max(kernel - stride, 0) }
    }

    public override func build(_ inputs: [[Int?]]) throws {
        let channels = try imageChannels(inputs, layer: name)
        try addWeight("kernel", [kernelSize.0, kernelSize.1, filters, channels])
        if useBias { try addWeight("bias", [filters]) }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        // Keras itself fails on more than four axes (an IndexError inside its call).
        guard s.count == 4 else { throw inputRankError(layer: name, "ndim=4", s) }
        return [[s[0], outputLength(s[1], kernelSize.0, strides.0), outputLength(s[2], kernelSize.1, strides.1), filters]]
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0]
        let (oh, ow) = (outputLength(x.shape[1], kernelSize.0, strides.0)!, outputLength(x.shape[2], kernelSize.1, strides.1)!)
        // The geometry of the convolution that takes the output back to the input's size.
        let geo = ConvGeometry(kernel: kernelSize, strides: strides, padding: (
            ConvGeometry.padding(same: same, input: oh, kernel: kernelSize.0, stride: strides.0),
            ConvGeometry.padding(same: same, input: ow, kernel: kernelSize.1, stride: strides.1)))
        let y = try Variable.conv2dTranspose(x, try param("kernel"), weight("bias"), geo, outputSize: (oh, ow))
        return [try activated(y, activation)]
    }
}

/// MaxPooling2D / AveragePooling2D over (height, width) windows.
public final class Pooling2D: Layer {
    public override var inputRank: RankRule? { .exactly(4) }
    let kind: String
    public let poolSize: (Int, Int)
    public let strides: (Int, Int)
    public let same: Bool

    public init(context: KerasContext, kind: String = "MaxPooling2D", poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil,
                padding: String = "valid", name: String?) throws {
        self.kind = kind; self.poolSize = poolSize; self.strides = strides ?? poolSize; self.same = padding == "same"
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }

    public override var className: String { kind }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0], windowOutput(s[1], poolSize.0, strides.0, same: same), windowOutput(s[2], poolSize.1, strides.1, same: same), s[3]]]
    }
    public override func checkSymbolicInputs(_ inputs: [KerasTensor]) throws {
        try checkPoolingOutput(inputs[0], pool: [poolSize.0, poolSize.1], strides: [strides.0, strides.1], padding: same ? "same" : "valid")
    }
    var isMax: Bool { kind.hasPrefix("Max") }

    /// The windows over an input of this height and width.
    func geometry(height: Int, width: Int) -> ConvGeometry {
        ConvGeometry(kernel: poolSize, strides: strides, padding: (
            ConvGeometry.padding(same: same, input: height, kernel: poolSize.0, stride: strides.0),
            ConvGeometry.padding(same: same, input: width, kernel: poolSize.1, stride: strides.1)))
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0]
        return [try Variable.pool2d(x, max: isMax, geometry(height: x.shape[1], width: x.shape[2]))]
    }
}
