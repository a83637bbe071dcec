// Layers that rearrange their input: Reshape, Permute, RepeatVector, UpSampling1D/2D,
// ZeroPadding1D/2D, Cropping1D/2D; and the weightless activations and noise layers.
import KTensor

public final class Reshape: Layer {
    public override var inputRank: RankRule? { .atLeast(1) }
    public let target: [Int]
    public init(context: KerasContext, targetShape: [Int], name: String?) throws {
        target = targetShape
        try super.init(context: context, name: name)
        let shown = targetShape.count == 1 ? "(\(targetShape[0]),)" : "(" + targetShape.map(String.init).joined(separator: ", ") + ")"
        if targetShape.contains(where: { $0 < -1 }) {
            throw KerasError(.value, "Each dimension in `target_shape` must be a non-negative integer, or `-1` for a single unknown dimension. Received: target_shape=\(shown).")
        }
        if targetShape.filter({ $0 == -1 }).count > 1 {
            throw KerasError(.value, "There must be at most one unknown dimension (-1) in `target_shape`. Received: target_shape=\(shown).")
        }
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        let known = s.dropFirst().allSatisfy { $0 != nil }
        let total = known ? s.dropFirst().reduce(1) { $0 * $1! } : nil
        var out: [Int?] = target.map { $0 }
        if let i = target.firstIndex(of: -1) {
            let rest = target.filter { $0 != -1 }.reduce(1, *)
            out[i] = total.map { $0 / max(rest, 1) }
        } else if let t = total, t != target.reduce(1, *) {
            throw KerasError(.value, "total size of new array must be unchanged, input_shape = \(Array(s.dropFirst()).map { $0.map(String.init) ?? "None" }), output_shape = \(target)")
        }
        return [[s[0]] + out]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        [try inputs[0].reshaped([inputs[0].shape[0]] + target)]
    }
}

public final class Permute: Layer {
    public override var inputRank: RankRule? { .exactly(dims.count + 1) }
    public let dims: [Int]
    public init(context: KerasContext, dims: [Int], name: String?) throws {
        guard Set(dims) == Set(1...max(dims.count, 1)) else {
            throw KerasError(.value, "Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=\(dims)")
        }
        self.dims = dims
        try super.init(context: context, name: name)
    }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0]] + dims.map { s[$0] }]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        [try inputs[0].transposed([0] + dims)]
    }
}

public final class RepeatVector: Layer {
    public override var inputRank: RankRule? { .exactly(2) }
    public let n: Int
    public init(context: KerasContext, n: Int, name: String?) throws { self.n = n; try super.init(context: context, name: name) }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0], n, s[1]]]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0]
        let copies = Variable(try Tensor.zeros([x.shape[0], n, x.shape[1]], dtype: x.value.dtype))
        return [try Variable.binary(.add, try x.reshaped([x.shape[0], 1, x.shape[1]]), copies)]
    }
}

public final class UpSampling2D: Layer {
    public override var inputRank: RankRule? { .exactly(4) }
    public let size: (Int, Int)
    public init(context: KerasContext, size: (Int, Int), name: String?) throws { self.size = size; try super.init(context: context, name: name) }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0], s[1].map { $0 * size.0 }, s[2].map { $0 * size.1 }, s[3]]]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        // Nearest neighbour: each pixel broadcast over a size.0 x size.1 block.
        let x = inputs[0], (n, h, w, c) = (inputs[0].shape[0], inputs[0].shape[1], inputs[0].shape[2], inputs[0].shape[3])
        let blocks = Variable(try Tensor.zeros([n, h, size.0, w, size.1, c], dtype: x.value.dtype))
        let spread = try Variable.binary(.add, try x.reshaped([n, h, 1, w, 1, c]), blocks)
        return [try spread.reshaped([n, h * size.0, w * size.1, c])]
    }
}

/// Each step of a sequence (N, T, C) repeated `size` times.
public final class UpSampling1D: Layer {
    public override var inputRank: RankRule? { .exactly(3) }
    public let size: Int
    public init(context: KerasContext, size: Int, name: String?) throws { self.size = size; try super.init(context: context, name: name) }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0], s[1].map { $0 * size }, s[2]]]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0], (n, t, c) = (inputs[0].shape[0], inputs[0].shape[1], inputs[0].shape[2])
        let copies = Variable(try Tensor.zeros([n, t, size, c], dtype: x.value.dtype))
        return [try Variable.binary(.add, try x.reshaped([n, t, 1, c]), copies).reshaped([n, t * size, c])]
    }
}

/// ZeroPadding1D adds, Cropping1D removes, steps at the start and end of a sequence (N, T, C).
public final class Padding1D: Layer {
    public override var inputRank: RankRule? { .exactly(3) }
    let kind: String
    public let edges: (Int, Int)
    let sign: Int
    public init(context: KerasContext, kind: String, edges: (Int, Int), name: String?) throws {
        self.kind = kind; self.edges = edges; sign = kind == "ZeroPadding1D" ? 1 : -1
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        if let message = croppingError(s) { throw KerasError(.value, message) }
        return [[s[0], s[1].map { $0 + sign * (edges.0 + edges.1) }, s[2]]]
    }
    func croppingError(_ s: [Int?]) -> String? {
        guard sign < 0, let t = s[1], edges.0 + edges.1 >= t else { return nil }
        return "`cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: input_shape=\(KerasTensor.describe(s)), cropping=(\(edges.0), \(edges.1))"
    }
    public override func checkSymbolicInputs(_ inputs: [KerasTensor]) throws {
        if let message = croppingError(inputs[0].shape) { throw errorInCall(message, inputs) }
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0], s = inputs[0].shape
        if sign > 0 { return [try x.padded([(0, 0), edges, (0, 0)])] }
        return [try x.cropped([0..<s[0], edges.0..<(s[1] - edges.1), 0..<s[2]])]
    }
}

/// ZeroPadding2D adds, Cropping2D removes, rows and columns at the edges.
public final class Padding2D: Layer {
    public override var inputRank: RankRule? { .exactly(4) }
    let kind: String
    public let rows: (Int, Int), cols: (Int, Int)
    let sign: Int
    public init(context: KerasContext, kind: String, rows: (Int, Int), cols: (Int, Int), name: String?) throws {
        self.kind = kind; self.rows = rows; self.cols = cols; sign = kind == "ZeroPadding2D" ? 1 : -1
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        if let message = croppingError(s) { throw KerasError(.value, message) }
        return [[s[0], s[1].map { $0 + sign * (rows.0 + rows.1) }, s[2].map { $0 + sign * (cols.0 + cols.1) }, s[3]]]
    }
    func croppingError(_ s: [Int?]) -> String? {
        guard sign < 0, (s[1].map { rows.0 + rows.1 >= $0 } ?? false) || (s[2].map { cols.0 + cols.1 >= $0 } ?? false) else { return nil }
        return "Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=\(KerasTensor.describe(s)), cropping=((\(rows.0), \(rows.1)), (\(cols.0), \(cols.1)))"
    }
    public override func checkSymbolicInputs(_ inputs: [KerasTensor]) throws {
        if let message = croppingError(inputs[0].shape) { throw errorInCall(message, inputs) }
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0], s = inputs[0].shape
        if sign > 0 { return [try x.padded([(0, 0), rows, cols, (0, 0)])] }
        return [try x.cropped([0..<s[0], rows.0..<(s[1] - rows.1), cols.0..<(s[2] - cols.1), 0..<s[3]])]
    }
}

/// Activation layers (ReLU, LeakyReLU, ELU, Softmax), noise layers (GaussianNoise, GaussianDropout,
/// SpatialDropout1D/2D), Masking, Identity, ActivityRegularization (its penalty is the layer's
/// activity regularizer) and UnitNormalization: the output has the input's shape and no weights.
public final class ElementwiseLayer: Layer {
    let kind: String
    /// The constructor's numeric arguments (max_value, negative_slope, alpha, axis, stddev, rate, ...).
    public let arguments: [String: Double]
    public init(context: KerasContext, kind: String, arguments: [String: Double] = [:], name: String?) throws {
        self.kind = kind; self.arguments = arguments
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
    public override var propagatesMask: Bool { true }
    /// A numeric argument that must be a whole number (an axis), with Keras's error otherwise.
    func integerArgument(_ name: String, default value: Int) throws -> Int {
        guard let given = arguments[name] else { return value }
        guard let n = Int(exactly: given) else { throw KerasError(.value, "Invalid value for argument `\(name)`: expected an integer. Received: \(name)=\(given)") }
        return n
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0]
        switch kind {
        case "Masking":
            // Steps whose features all equal mask_value are masked, and zeroed as Keras zeroes them.
            let value = arguments["mask_value"] ?? 0
            let n = x.shape[0], steps = x.shape.count > 1 ? x.shape[1] : 1
            let features = x.value.count / Swift.max(n * steps, 1)
            let data = try x.value.dense(.float64).doubles()
            var keep = [Double](repeating: 0, count: n * steps)
            for r in 0..<(n * steps) where (0..<features).contains(where: { data[r * features + $0] != value }) { keep[r] = 1 }
            let mask = try Tensor(keep, shape: [n, steps])
            let out = try Variable.binary(.mul, x, Variable(try mask.reshaped([n, steps] + Array(repeating: 1, count: x.shape.count - 2)).astype(x.value.dtype)))
            out.mask = mask
            return [out]
        case "ReLU":
            return [try x.activated(ActivationFunction(.relu, alpha: arguments["negative_slope"] ?? 0, maxValue: arguments["max_value"],
                                                       threshold: arguments["threshold"] ?? 0))]
        case "LeakyReLU": return [try x.activated(ActivationFunction(.leaky_relu, alpha: arguments["negative_slope"] ?? 0.3))]
        case "ELU": return [try x.activated(ActivationFunction(.elu, alpha: arguments["alpha"] ?? 1))]
        case "Softmax":
            let axis = try integerArgument("axis", default: -1)
            guard axis == -1 || axis == x.shape.count - 1 else {
                throw KerasError(.notImplemented, "Softmax over an axis other than the last is not implemented in kscript yet")
            }
            return [try x.activated(ActivationFunction(.softmax))]
        case "Identity", "ActivityRegularization":
            return inputs
        case "GaussianDropout":
            let rate = arguments["rate"] ?? 0
            guard training, rate > 0, rate < 1 else { return inputs }
            // Multiplied by noise of mean 1 and standard deviation sqrt(rate / (1 - rate)).
            let noise = try Tensor.binary(.add, try context.gaussianNoise(x.shape, stddev: (rate / (1 - rate)).squareRoot()), try Tensor.scalar(1))
            return [try Variable.binary(.mul, x, Variable(try noise.astype(.float32)))]
        case "UnitNormalization":
            // x · min(1 / sqrt(sum of squares), 1e12) along the last axis, as Keras normalizes.
            let axis = try integerArgument("axis", default: -1)
            guard axis == -1 || axis == x.shape.count - 1 else {
                throw KerasError(.notImplemented, "UnitNormalization over an axis other than the last is not implemented in kscript yet")
            }
            let squares = try Variable.unary(.square, x).sum(axes: [x.shape.count - 1], keepdims: true)
            let inverse = try Variable.binary(.div, Variable(try Tensor.scalar(1)), try Variable.unary(.sqrt, squares))
            return [try Variable.binary(.mul, x, try Variable.binary(.minimum, inverse, Variable(try Tensor.scalar(1e12))))]
        case "GaussianNoise":
            guard training else { return inputs }
            return [try Variable.binary(.add, x, Variable(try context.gaussianNoise(x.shape, stddev: arguments["stddev"] ?? 0)))]
        case "SpatialDropout1D", "SpatialDropout2D":
            let rate = arguments["rate"] ?? 0
            guard training, rate > 0 else { return inputs }
            // One decision per sample and channel, shared along the spatial axes.
            let shape = x.shape.enumerated().map { $0.offset == 0 || $0.offset == x.shape.count - 1 ? $0.element : 1 }
            return [try Variable.binary(.mul, x, Variable(try context.dropoutMask(shape, rate: rate)))]
        default:
            throw KerasError(.notImplemented, "running a \(kind) layer is not implemented in kscript yet")
        }
    }
}

/// PReLU: a learned slope per input element.
public final class PReLU: Layer {
    public override var propagatesMask: Bool { true }
    public override var createsWeights: Bool { true }
    public override func build(_ inputs: [[Int?]]) throws {
        try addWeight("alpha", inputs[0].dropFirst().map { $0 ?? 1 })
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        // max(x, 0) + alpha * min(x, 0)
        let x = inputs[0], zero = Variable(try Tensor.scalar(0))
        let negative = try Variable.binary(.mul, try param("alpha"), try Variable.binary(.minimum, x, zero))
        return [try Variable.binary(.add, try Variable.binary(.maximum, x, zero), negative)]
    }
}
