// Keras's activation functions as one differentiable op each (forward and backward in one
// typed loop over contiguous data). Softmax and log-softmax work over the last axis.

public struct ActivationFunction: Equatable {
    public enum Kind: String, CaseIterable {
        case linear, relu, relu6, leaky_relu, elu, selu, softplus, softsign, sigmoid, hard_sigmoid
        case hard_silu, swish, gelu, exponential, tanh, mish, softmax, log_softmax
    }
    public let kind: Kind
    /// The slope below the threshold (relu, leaky_relu) or elu's alpha.
    public var alpha: Double
    /// ReLU's cap (relu6 is 6).
    public var maxValue: Double?
    /// ReLU's threshold.
    public var threshold: Double

    public init(_ kind: Kind, alpha: Double? = nil, maxValue: Double? = nil, threshold: Double = 0) {
        self.kind = kind
        self.alpha = alpha ?? (kind == .leaky_relu ? 0.2 : kind == .elu ? 1 : 0)
        self.maxValue = kind == .relu6 ? 6 : maxValue
        self.threshold = threshold
    }

    /// ReLU with Keras's defaults: no slope, cap or threshold.
    public var isPlainRelu: Bool { kind == .relu && alpha == 0 && maxValue == nil && threshold == 0 }

    /// Keras's names (`silu` and `hard_swish` are aliases); nil for an unknown name.
    public init?(named name: String) {
        let aliases = ["silu": "swish", "hard_swish": "hard_silu"]
        guard let k = Kind(rawValue: aliases[name] ?? name) else { return nil }
        self.init(k)
    }
}

extension Variable {
    public func activated(_ a: ActivationFunction) throws -> Variable {
        if a.kind == .linear { return self }
        let dtype = computeDType(value.dtype)
        let x = try value.dense(dtype)
        let y = try Tensor.unfilled(x.shape, dtype: dtype)  // every activation writes every element
        let lastAxis = x.shape.last ?? 1
        try activationForward(scalarType(dtype), a, x, y, lastAxis)
        return Variable.record(y, [self]) { g in
            let gx = try Tensor.unfilled(x.shape, dtype: dtype)
            try activationBackward(scalarType(dtype), a, x, y, try g.dense(dtype), gx, lastAxis)
            return [gx]
        }
    }
}

@inline(__always) func sigmoid<T: NNScalar>(_ x: T) -> T { x >= 0 ? 1 / (1 + T.exp(-x)) : T.exp(x) / (1 + T.exp(x)) }
@inline(__always) func softplus<T: NNScalar>(_ x: T) -> T { x > 0 ? x + T.log(1 + T.exp(-x)) : T.log(1 + T.exp(x)) }

@_specialize(where T == Float) @_specialize(where T == Double)
func activationForward<T: NNScalar>(_: T.Type, _ a: ActivationFunction, _ xt: Tensor, _ yt: Tensor, _ lastAxis: Int) throws {
    let x = xt.ptr(T.self), y = yt.ptr(T.self), n = xt.count
    let alpha = T(a.alpha), threshold = T(a.threshold)
    let selu = (scale: T(1.0507009873554805), alpha: T(1.6732632423543772))
    switch a.kind {
    case .linear: y.update(from: x, count: n)
    case .relu where a.isPlainRelu:
        // Big arrays (convolution outputs) use both cores.
        forEachHalf(0..<n, work: n) { reluForward(x, y, $0) }
    case .relu, .relu6:
        let cap = a.maxValue.map { T($0) }
        for i in 0..<n {
            // Without a slope the cut-off part is +0, as Keras's relu gives (not alpha·x = -0).
            var v = x[i] >= threshold ? x[i] : (alpha == 0 ? 0 : alpha * (x[i] - threshold))
            if let c = cap, v > c { v = c }
            y[i] = v
        }
    case .leaky_relu: for i in 0..<n { y[i] = x[i] > 0 ? x[i] : alpha * x[i] }
    case .elu: for i in 0..<n { y[i] = x[i] > 0 ? x[i] : alpha * (T.exp(x[i]) - 1) }
    case .selu: for i in 0..<n { y[i] = x[i] > 0 ? selu.scale * x[i] : selu.scale * selu.alpha * (T.exp(x[i]) - 1) }
    case .softplus: for i in 0..<n { y[i] = softplus(x[i]) }
    case .softsign: for i in 0..<n { y[i] = x[i] / (1 + Swift.abs(x[i])) }
    case .sigmoid: y.update(from: x, count: n); T.sigmoidInPlace(y, n)
    case .hard_sigmoid: for i in 0..<n { y[i] = Swift.min(Swift.max(x[i] / 6 + 0.5, 0), 1) }
    case .hard_silu: for i in 0..<n { y[i] = x[i] * Swift.min(Swift.max(x[i] / 6 + 0.5, 0), 1) }
    case .swish: for i in 0..<n { y[i] = x[i] * sigmoid(x[i]) }
    case .gelu: for i in 0..<n { y[i] = x[i] / 2 * (1 + T.erf(x[i] / T(2).squareRoot())) }
    case .exponential: for i in 0..<n { y[i] = T.exp(x[i]) }
    case .tanh: y.update(from: x, count: n); T.tanhInPlace(y, n)
    case .mish: for i in 0..<n { y[i] = x[i] * T.tanh(softplus(x[i])) }
    case .softmax, .log_softmax:
        let rows = lastAxis == 0 ? 0 : n / lastAxis
        for r in 0..<rows {
            let xr = x + r * lastAxis, yr = y + r * lastAxis
            var m = -T.infinity
            for j in 0..<lastAxis where xr[j] > m { m = xr[j] }
            var s: T = 0
            for j in 0..<lastAxis { yr[j] = xr[j] - m }
            T.expInPlace(yr, lastAxis)
            for j in 0..<lastAxis { s += yr[j] }
            if a.kind == .softmax { for j in 0..<lastAxis { yr[j] /= s } }
            else { let ls = T.log(s); for j in 0..<lastAxis { yr[j] = xr[j] - m - ls } }
        }
    }
}

@_specialize(where T == Float) @_specialize(where T == Double)
func activationBackward<T: NNScalar>(_: T.Type, _ a: ActivationFunction, _ xt: Tensor, _ yt: Tensor, _ gt: Tensor, _ out: Tensor, _ lastAxis: Int) throws {
    let x = xt.ptr(T.self), y = yt.ptr(T.self), g = gt.ptr(T.self), d = out.ptr(T.self), n = xt.count
    let alpha = T(a.alpha), threshold = T(a.threshold)
    let selu = (scale: T(1.0507009873554805), alpha: T(1.6732632423543772))
    switch a.kind {
    case .linear: d.update(from: g, count: n)
    case .relu where a.isPlainRelu:
        forEachHalf(0..<n, work: n) { reluBackward(x, g, d, $0) }
    case .relu, .relu6:
        let cap = a.maxValue.map { T($0) }
        for i in 0..<n {
            if let c = cap, y[i] >= c { d[i] = 0; continue }
            d[i] = x[i] >= threshold ? g[i] : alpha * g[i]
        }
    case .leaky_relu: for i in 0..<n { d[i] = x[i] > 0 ? g[i] : alpha * g[i] }
    case .elu: for i in 0..<n { d[i] = x[i] > 0 ? g[i] : g[i] * (y[i] + alpha) }
    case .selu: for i in 0..<n { d[i] = x[i] > 0 ? g[i] * selu.scale : g[i] * (y[i] + selu.scale * selu.alpha) }
    case .softplus: for i in 0..<n { d[i] = g[i] * sigmoid(x[i]) }
    case .softsign: for i in 0..<n { let q = 1 + Swift.abs(x[i]); d[i] = g[i] / (q * q) }
    case .sigmoid: for i in 0..<n { d[i] = g[i] * y[i] * (1 - y[i]) }
    case .hard_sigmoid: for i in 0..<n { d[i] = x[i] > -3 && x[i] < 3 ? g[i] / 6 : 0 }
    case .hard_silu:
        for i in 0..<n {
            let hs = Swift.min(Swift.max(x[i] / 6 + 0.5, 0), 1)
            d[i] = g[i] * (hs + (x[i] > -3 && x[i] < 3 ? x[i] / 6 : 0))
        }
    case .swish: for i in 0..<n { let s = sigmoid(x[i]); d[i] = g[i] * (s + x[i] * s * (1 - s)) }
    case .gelu:
        let c = 1 / T(2 * Double.pi).squareRoot()
        for i in 0..<n { d[i] = g[i] * ((1 + T.erf(x[i] / T(2).squareRoot())) / 2 + x[i] * c * T.exp(-x[i] * x[i] / 2)) }
    case .exponential: for i in 0..<n { d[i] = g[i] * y[i] }
    case .tanh: for i in 0..<n { d[i] = g[i] * (1 - y[i] * y[i]) }
    case .mish:
        for i in 0..<n { let t = T.tanh(softplus(x[i])); d[i] = g[i] * (t + x[i] * (1 - t * t) * sigmoid(x[i])) }
    case .softmax, .log_softmax:
        let rows = lastAxis == 0 ? 0 : n / lastAxis
        for r in 0..<rows {
            let yr = y + r * lastAxis, gr = g + r * lastAxis, dr = d + r * lastAxis
            if a.kind == .softmax {
                var dot: T = 0
                for j in 0..<lastAxis { dot += gr[j] * yr[j] }
                for j in 0..<lastAxis { dr[j] = yr[j] * (gr[j] - dot) }
            } else {
                var s: T = 0
                for j in 0..<lastAxis { s += gr[j] }
                for j in 0..<lastAxis { dr[j] = gr[j] - T.exp(yr[j]) * s }
            }
        }
    }
}
