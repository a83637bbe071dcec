// keras.layers.MultiHeadAttention and Attention: made like any layer, called as Keras calls them,
// `mha(query, value, key=None, attention_mask=None, return_attention_scores=False,
// training=None, use_causal_mask=False)` and `attention([query, value], return_attention_scores=False,
// training=None, use_causal_mask=False)`, on symbolic tensors or on values.
import KScript
import KTensor
import Keras

extension KerasSession {
    func defineAttentionLayers() {
        defineLayer("MultiHeadAttention", ["num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape", "attention_axes"],
                    defaults: [.none, .float(0), .bool(true), .none, .none]) { s, a, name in
            if !a[5].isNone { throw PyError.notImplemented("MultiHeadAttention(output_shape=...) is not supported by kscript yet") }
            // Attention over the sequence axis (1, what Keras picks for (batch, steps, features)) is the one kscript computes.
            if !a[6].isNone {
                let axes = (a[6].object is PyList || a[6].object is PyTuple) ? try s.interp.iterateAll(a[6]) : [a[6]]
                let first = try axes.first.map { try s.interp.intArg($0) }
                if axes.count != 1 || first != 1 {
                    throw PyError.notImplemented("MultiHeadAttention(attention_axes=\(try s.interp.repr(a[6]))) is not supported by kscript yet (only (1,))")
                }
            }
            return try MultiHeadAttention(context: s.context, heads: try s.interp.intArg(a[0]), keyDim: try s.interp.intArg(a[1]),
                                          valueDim: a[2].isNone ? nil : try s.interp.intArg(a[2]), dropout: try s.interp.floatArg(a[3]),
                                          useBias: try s.interp.truthy(a[4]), name: name)
        }
        types["MultiHeadAttention"]!.def("__call__", ["query", "value", "key", "query_mask", "value_mask", "key_mask", "attention_mask",
                                                      "return_attention_scores", "training", "use_causal_mask"],
                                         defaults: [.none, .none, .none, .none, .none, .bool(false), .none, .bool(false)]) { [unowned self] interp, a in
            guard let p = a[0].object as? PyLayer, let layer = p.layer as? MultiHeadAttention else { return .none }
            for (i, what) in [(4, "query_mask"), (5, "value_mask"), (6, "key_mask")] where !a[i].isNone {
                throw PyError.notImplemented("MultiHeadAttention(\(what)=...) is not supported by kscript yet; pass attention_mask")
            }
            layer.callHasKey = !a[3].isNone
            layer.callHasMask = !a[7].isNone
            layer.returnScores = try interp.truthy(a[8])
            layer.causal = try interp.truthy(a[10])
            let parts = [a[1], a[2]] + (a[3].isNone ? [] : [a[3]]) + (a[7].isNone ? [] : [a[7]])
            let training: Bool? = a[9].isNone ? nil : try interp.truthy(a[9])
            return try self.callAttention(layer, parts, training: training)
        }
        defineLayer("Attention", ["use_scale", "score_mode", "dropout", "seed"], defaults: [.bool(false), .string("dot"), .float(0), .none]) { s, a, name in
            if try s.interp.strArg(a[1], "score_mode") != "dot" { throw PyError.notImplemented("Attention(score_mode='concat') is not supported by kscript yet") }
            return try DotAttention(context: s.context, useScale: try s.interp.truthy(a[0]), dropout: try s.interp.floatArg(a[2]), name: name)
        }
        types["Attention"]!.def("__call__", ["inputs", "mask", "training", "return_attention_scores", "use_causal_mask"],
                                defaults: [.none, .none, .bool(false), .bool(false)]) { [unowned self] interp, a in
            guard let p = a[0].object as? PyLayer, let layer = p.layer as? DotAttention else { return .none }
            if !a[2].isNone { throw PyError.notImplemented("Attention(mask=...) is not supported by kscript yet") }
            layer.returnScores = try interp.truthy(a[4])
            layer.causal = try interp.truthy(a[5])
            guard a[1].object is PyList || a[1].object is PyTuple else {
                let shape = try (a[1].object as? PyKerasTensor).map { KerasTensor.describe($0.tensor.shape) }
                    ?? Tensor.describe(try ScriptTensors.variable(interp, a[1]).shape)
                throw PyError.value("Attention layer must be called on a list of inputs, namely [query, value] or [query, value, key]. Received: inputs=\(shape).")
            }
            return try self.callAttention(layer, try interp.iterateAll(a[1]), training: a[3].isNone ? nil : try interp.truthy(a[3]))
        }
    }

    /// An attention layer on symbolic inputs (a graph node) or on values (computed now); several
    /// outputs come back as a tuple.
    func callAttention(_ layer: Layer, _ parts: [Value], training: Bool?) throws -> Value {
        let symbolic = parts.map { isSymbolic($0) }
        if symbolic.contains(true) {
            guard !symbolic.contains(false) else {
                throw PyError.notImplemented("calling \(layer.className) on symbolic tensors and arrays together is not supported by kscript yet")
            }
            return wrapOutputs(try kerasCall { try layer.call(try parts.flatMap { try self.tensors($0) }) }, tuple: true)
        }
        let result = try eagerCall(layer, .obj(PyList(parts)), training: training)
        if case .obj(let list as PyList) = result { return .obj(PyTuple(list.items)) }
        return result
    }
}
