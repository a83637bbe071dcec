// MultiHeadAttention as Keras 3 computes it: query, key and value projected per head (kernels of
// shape (features, heads, key_dim) and biases (heads, key_dim)), scores = (q / sqrt(key_dim)) @ kᵀ,
// a softmax over the keys (masked positions pushed to -1e9, as Keras's masked softmax does),
// dropout on the scores in training, the weighted values, and the heads projected back.
import KTensor

public final class MultiHeadAttention: Layer {
    public override var createsWeights: Bool { true }
    public let heads: Int, keyDim: Int, valueDim: Int
    public let dropout: Double
    public let useBias: Bool
    /// How the latest call passed its inputs: [query, value] then the key and the mask if given.
    public var callHasKey = false, callHasMask = false
    public var causal = false
    public var returnScores = false

    public init(context: KerasContext, heads: Int, keyDim: Int, valueDim: Int?, dropout: Double, useBias: Bool, name: String?) throws {
        guard heads > 0, keyDim > 0 else { throw KerasError(.value, "num_heads and key_dim must be positive, got num_heads=\(heads), key_dim=\(keyDim)") }
        self.heads = heads; self.keyDim = keyDim; self.valueDim = valueDim ?? keyDim
        self.dropout = dropout; self.useBias = useBias
        try super.init(context: context, name: name, baseName: "multi_head_attention")
    }
    public override var className: String { "MultiHeadAttention" }

    /// The positions of query, value, key and mask among the call's inputs.
    var roles: (query: Int, value: Int, key: Int, mask: Int?) {
        (0, 1, callHasKey ? 2 : 1, callHasMask ? (callHasKey ? 3 : 2) : nil)
    }

    public override func build(_ inputs: [[Int?]]) throws {
        let r = roles
        func features(_ i: Int, _ what: String) throws -> Int {
            guard let f = inputs[i].last ?? nil else { throw KerasError(.value, "The last dimension of the \(what) of \(name) must be known") }
            return f
        }
        let (q, v, k) = (try features(r.query, "query"), try features(r.value, "value"), try features(r.key, "key"))
        try addWeight("query/kernel", [q, heads, keyDim], initializer: .glorotUniform, role: "query_kernel")
        if useBias { try addWeight("query/bias", [heads, keyDim], initializer: .zeros, role: "query_bias") }
        try addWeight("key/kernel", [k, heads, keyDim], initializer: .glorotUniform, role: "key_kernel")
        if useBias { try addWeight("key/bias", [heads, keyDim], initializer: .zeros, role: "key_bias") }
        try addWeight("value/kernel", [v, heads, valueDim], initializer: .glorotUniform, role: "value_kernel")
        if useBias { try addWeight("value/bias", [heads, valueDim], initializer: .zeros, role: "value_bias") }
        try addWeight("attention_output/kernel", [heads, valueDim, q], initializer: .glorotUniform, role: "output_kernel")
        if useBias { try addWeight("attention_output/bias", [q], initializer: .zeros, role: "output_bias") }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let r = roles
        let (q, v) = (inputs[r.query], inputs[r.value])
        guard q.count == 3, v.count == 3 else { throw KerasError(.notImplemented, "MultiHeadAttention on inputs that are not (batch, sequence, features) is not supported by kscript yet") }
        // Keras 3 declares the scores (batch, heads, query steps, query steps) whatever the key's
        // length (the values computed are (…, key steps)); its summary shows that.
        return [q] + (returnScores ? [[q[0], heads, q[1], q[1]]] : [])
    }

    /// x (batch, steps, features) through a (features, heads, size) kernel: (batch·heads, steps, size).
    func project(_ x: Variable, _ kernel: String, _ bias: String, size: Int) throws -> Variable {
        let (n, t, f) = (x.shape[0], x.shape[1], x.shape[2])
        let flat = try Variable.linear(try x.reshaped([n * t, f]), try param(kernel).reshaped([f, heads * size]),
                                       try weight(bias).map { try $0.reshaped([heads * size]) })
        return try flat.reshaped([n, t, heads, size]).transposed([0, 2, 1, 3]).reshaped([n * heads, t, size])
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let r = roles
        let (query, value, key) = (inputs[r.query], inputs[r.value], inputs[r.key])
        let (n, tq, tk) = (query.shape[0], query.shape[1], value.shape[1])
        let q = try Variable.binary(.mul, try project(query, "query/kernel", "query/bias", size: keyDim), Variable(try Tensor.scalar(1 / Double(keyDim).squareRoot())))
        let k = try project(key, "key/kernel", "key/bias", size: keyDim)
        let v = try project(value, "value/kernel", "value/bias", size: valueDim)
        var scores = try Variable.batchMatmul(q, try k.transposed([0, 2, 1]))
        if let keep = try keptPositions(r.mask.map { inputs[$0].value }, n: n, tq: tq, tk: tk) {
            // Keras's masked softmax: the masked scores get -1e9 added.
            let adder = try Tensor.binary(.mul, try Tensor.binary(.sub, try Tensor.scalar(1), keep), try Tensor.scalar(-1e9))
            scores = try Variable.binary(.add, scores, Variable(try adder.astype(.float32)))
        }
        let probabilities = try scores.activated(ActivationFunction(.softmax))
        var attended = probabilities
        if training && dropout > 0 {
            attended = try Variable.binary(.mul, attended, Variable(try context.dropoutMask(probabilities.shape, rate: dropout)))
        }
        let mixed = try Variable.batchMatmul(attended, v)
            .reshaped([n, heads, tq, valueDim]).transposed([0, 2, 1, 3]).reshaped([n * tq, heads * valueDim])
        let out = try Variable.linear(mixed, try param("attention_output/kernel").reshaped([heads * valueDim, query.shape[2]]), weight("attention_output/bias"))
            .reshaped([n, tq, query.shape[2]])
        return [out] + (returnScores ? [try probabilities.reshaped([n, heads, tq, tk])] : [])
    }

    /// Which (query, key) pairs may attend, (batch·heads, tq, tk) as 1/0: the attention_mask
    /// (batch, tq, tk) and the causal mask combined; nil when everything may.
    func keptPositions(_ mask: Tensor?, n: Int, tq: Int, tk: Int) throws -> Tensor? {
        guard mask != nil || causal else { return nil }
        let keep = try Tensor.zeros([n * heads, tq, tk], dtype: .float32)
        let given = try mask.map { try $0.dense(.float64).doubles() }
        if let g = given, g.count != n * tq * tk {
            throw KerasError(.value, "The attention_mask must have shape (batch, query steps, key steps) = (\(n), \(tq), \(tk)); received \(g.count) values")
        }
        for b in 0..<n {
            for h in 0..<heads {
                for i in 0..<tq {
                    for j in 0..<tk {
                        let allowed = (given.map { $0[(b * tq + i) * tk + j] != 0 } ?? true) && (!causal || j <= i)
                        if allowed { keep.setDouble(1, at: ((b * heads + h) * tq + i) * tk + j) }
                    }
                }
            }
        }
        return keep
    }
}

/// keras.layers.Attention (Luong's dot-product attention): scores = query @ keyᵀ (times a learnt
/// `scale` with use_scale), masked positions lowered by 1e9, a softmax over the keys, dropout in
/// training, then the weighted sum of the values. Inputs [query, value] or [query, value, key].
public final class DotAttention: Layer {
    public override var createsWeights: Bool { useScale }
    public let useScale: Bool
    public let dropout: Double
    public var causal = false
    public var returnScores = false

    public init(context: KerasContext, useScale: Bool, dropout: Double, name: String?) throws {
        self.useScale = useScale; self.dropout = dropout
        try super.init(context: context, name: name, baseName: "attention")
    }
    public override var className: String { "Attention" }

    public override func build(_ inputs: [[Int?]]) throws {
        if useScale { try addWeight("scale", [], initializer: .ones) }
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        guard inputs.count == 2 || inputs.count == 3 else {
            throw KerasError(.value, "Attention layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: \(inputs.count).")
        }
        let (q, v) = (inputs[0], inputs[1])
        return [Array(q.dropLast()) + [v.last ?? nil]] + (returnScores ? [[q[0], q[1], v[1]]] : [])
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let (query, value) = (inputs[0], inputs[1])
        let key = inputs.count == 3 ? inputs[2] : value
        var scores = try Variable.batchMatmul(query, try key.transposed([0, 2, 1]))
        if useScale { scores = try Variable.binary(.mul, scores, try param("scale")) }
        if causal {
            let (tq, tk) = (scores.shape[1], scores.shape[2])
            let lowered = try Tensor.zeros([1, tq, tk], dtype: .float32)
            for i in 0..<tq { for j in 0..<tk where j > i { lowered.setDouble(-1e9, at: i * tk + j) } }
            scores = try Variable.binary(.add, scores, Variable(lowered))
        }
        let weights = try scores.activated(ActivationFunction(.softmax))
        var used = weights
        if training && dropout > 0 { used = try Variable.binary(.mul, used, Variable(try context.dropoutMask(weights.shape, rate: dropout))) }
        return [try Variable.batchMatmul(used, value)] + (returnScores ? [weights] : [])
    }
}
