// Layers that rearrange their input: Reshape, Permute, RepeatVector, UpSampling2D,
// ZeroPadding2D, Cropping2D; and the weightless activations and noise layers.

public final class Reshape: Layer {
    public let target: [Int]
    public init(context: KerasContext, targetShape: [Int], name: String?) throws {
        target = targetShape
        try super.init(context: context, name: name)
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
}

public final class Permute: Layer {
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
}

public final class RepeatVector: Layer {
    public let n: Int
    public init(context: KerasContext, n: Int, name: String?) throws { self.n = n; try super.init(context: context, name: name) }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        guard s.count == 2 else {
            throw KerasError(.value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=2, found ndim=\(s.count). Full shape received: \(KerasTensor.describe(s))")
        }
        return [[s[0], n, s[1]]]
    }
}

public final class UpSampling2D: Layer {
    public let size: (Int, Int)
    public init(context: KerasContext, size: (Int, Int), name: String?) throws { self.size = size; try super.init(context: context, name: name) }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        return [[s[0], s[1].map { $0 * size.0 }, s[2].map { $0 * size.1 }, s[3]]]
    }
}

/// ZeroPadding2D adds, Cropping2D removes, rows and columns at the edges.
public final class Padding2D: Layer {
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
        return [[s[0], s[1].map { $0 + sign * (rows.0 + rows.1) }, s[2].map { $0 + sign * (cols.0 + cols.1) }, s[3]]]
    }
}

/// Activation layers (ReLU, LeakyReLU, ELU, Softmax) and noise layers (GaussianNoise,
/// SpatialDropout1D/2D, Masking): the output has the input's shape and no weights.
public final class ElementwiseLayer: Layer {
    let kind: String
    public init(context: KerasContext, kind: String, name: String?) throws {
        self.kind = kind
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
}

/// PReLU: a learned slope per input element.
public final class PReLU: Layer {
    public override var createsWeights: Bool { true }
    public override func build(_ inputs: [[Int?]]) throws {
        addWeight("alpha", inputs[0].dropFirst().map { $0 ?? 1 })
    }
}
