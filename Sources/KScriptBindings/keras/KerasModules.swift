// The keras package as scripts import it: keras, keras.layers, keras.models, keras.utils, the
// Keras 2 module paths tutorials still print, and the same under tensorflow.keras.
import Foundation
import KScript
import KTensor
import Keras
import Pictures

extension KerasSession {
    func defineLayers() {
        // Keras names a layer before it checks its activation, so a bad one still uses up the name.
        defineLayer("Dense", ["units", "activation", "use_bias"], defaults: [.none, .bool(true)]) { s, a, name in
            // ... but its units before that: a bad one uses up no name.
            guard let units = try? s.interp.intArg(a[0]), units > 0 else {
                throw PyError.value("Received an invalid value for `units`, expected a positive integer. Received: units=\(try s.interp.str(a[0]))")
            }
            let n = name ?? s.context.uniqueName("dense")
            return try Dense(context: s.context, units: units, activation: try s.activationArg(a[1]), useBias: try s.interp.truthy(a[2]), name: n)
        }
        defineLayer("Activation", ["activation"], defaults: []) { s, a, name in
            let n = name ?? s.context.uniqueName("activation")
            return try Activation(context: s.context, activation: try s.activationArg(a[0]), name: n)
        }
        defineLayer("Dropout", ["rate", "noise_shape", "seed"], defaults: [.none, .none]) { s, a, name in
            try Dropout(context: s.context, rate: try s.interp.floatArg(a[0]), name: name)
        }
        defineLayer("Flatten", ["data_format"], defaults: [.none]) { s, _, name in try Flatten(context: s.context, name: name) }
        defineLayer("Rescaling", ["scale", "offset"], defaults: [.float(0)]) { s, a, name in
            for v in a {
                switch v {
                case .int, .float: continue
                default: throw PyError.notImplemented("Rescaling with a scale or offset per channel is not supported by kscript yet")
                }
            }
            return try Rescaling(context: s.context, scale: try s.interp.floatArg(a[0]), offset: try s.interp.floatArg(a[1]), name: name)
        }
        defineLayer("Conv2D", ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias"],
                    defaults: [.int(1), .string("valid"), .none, .int(1), .int(1), .none, .bool(true)]) { s, a, name in
            if try s.interp.intArg(a[6]) != 1 { throw PyError.notImplemented("Conv2D with groups other than 1 is not supported by kscript yet") }
            let n = name ?? s.context.uniqueName("conv2d")
            return try Conv2D(context: s.context, filters: try s.interp.intArg(a[0]), kernelSize: try s.pair(a[1], "kernel_size"),
                              strides: try s.pair(a[2], "strides"), padding: try s.interp.strArg(a[3], "padding").lowercased(),
                              dilation: try s.pair(a[5], "dilation_rate"),
                              activation: try s.activationArg(a[7]), useBias: try s.interp.truthy(a[8]), name: n)
        }
        defineLayer("Conv2DTranspose", ["filters", "kernel_size", "strides", "padding", "output_padding", "data_format", "dilation_rate", "activation", "use_bias"],
                    defaults: [.int(1), .string("valid"), .none, .none, .int(1), .none, .bool(true)]) { s, a, name in
            let n = name ?? s.context.uniqueName("conv2d_transpose")
            if !a[4].isNone { throw PyError.notImplemented("Conv2DTranspose(output_padding=...) is not supported by kscript yet") }
            if try s.pair(a[6], "dilation_rate") != (1, 1) { throw PyError.notImplemented("Conv2DTranspose with dilation_rate other than 1 is not supported by kscript yet") }
            return try Conv2DTranspose(context: s.context, filters: try s.interp.intArg(a[0]), kernelSize: try s.pair(a[1], "kernel_size"),
                                       strides: try s.pair(a[2], "strides"), padding: try s.interp.strArg(a[3], "padding").lowercased(),
                                       activation: try s.activationArg(a[7]), useBias: try s.interp.truthy(a[8]), name: n)
        }
        defineLayer("DepthwiseConv2D", ["kernel_size", "strides", "padding", "depth_multiplier", "data_format", "dilation_rate", "activation", "use_bias"],
                    defaults: [.int(1), .string("valid"), .int(1), .none, .int(1), .none, .bool(true)]) { s, a, name in
            try DepthwiseConv2D(context: s.context, kernelSize: try s.pair(a[0], "kernel_size"), strides: try s.pair(a[1], "strides"),
                                padding: try s.interp.strArg(a[2], "padding").lowercased(), multiplier: try s.interp.intArg(a[3]),
                                dilation: try s.pair(a[5], "dilation_rate"), activation: try s.activationArg(a[6]), useBias: try s.interp.truthy(a[7]), name: name)
        }
        defineLayer("SeparableConv2D", ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "depth_multiplier", "activation", "use_bias"],
                    defaults: [.int(1), .string("valid"), .none, .int(1), .int(1), .none, .bool(true)]) { s, a, name in
            try SeparableConv2D(context: s.context, filters: try s.interp.intArg(a[0]), kernelSize: try s.pair(a[1], "kernel_size"),
                                strides: try s.pair(a[2], "strides"), padding: try s.interp.strArg(a[3], "padding").lowercased(),
                                multiplier: try s.interp.intArg(a[6]), dilation: try s.pair(a[5], "dilation_rate"),
                                activation: try s.activationArg(a[7]), useBias: try s.interp.truthy(a[8]), name: name)
        }
        defineLayer("MaxPooling2D", ["pool_size", "strides", "padding", "data_format"], defaults: [.int(2), .none, .string("valid"), .none]) { s, a, name in
            try Pooling2D(context: s.context, kind: "MaxPooling2D", poolSize: try s.pair(a[0], "pool_size"), strides: a[1].isNone ? nil : try s.pair(a[1], "strides"),
                          padding: try s.interp.strArg(a[2], "padding").lowercased(), name: name)
        }
        defineLayer("Embedding", ["input_dim", "output_dim"], defaults: []) { s, a, name in
            try Embedding(context: s.context, inputDim: try s.interp.intArg(a[0]), outputDim: try s.interp.intArg(a[1]), name: name)
        }
        defineLayer("LSTM", ["units", "activation", "recurrent_activation", "use_bias", "dropout", "recurrent_dropout", "return_sequences", "return_state", "go_backwards", "stateful", "unroll"],
                    defaults: [.string("tanh"), .string("sigmoid"), .bool(true), .float(0), .float(0), .bool(false), .bool(false), .bool(false), .bool(false), .bool(false)]) { s, a, name in
            try s.checkRecurrentDefaults("LSTM", activation: a[1], recurrentActivation: a[2], useBias: a[3])
            let layer = try LSTM(context: s.context, units: try s.interp.intArg(a[0]), returnSequences: try s.interp.truthy(a[6]), name: name)
            layer.returnState = try s.interp.truthy(a[7])
            layer.options = try s.recurrentOptions(dropout: a[4], recurrentDropout: a[5], goBackwards: a[8], stateful: a[9])
            return layer
        }
        defineLayer("InputLayer", ["shape", "batch_size", "dtype", "sparse", "batch_shape", "input_tensor", "input_shape"],
                    defaults: [.none, .none, .none, .none, .none, .none, .none]) { s, a, name in
            var shape: [Int?]
            var batchSize: Int? = a[1].isNone ? nil : try s.interp.intArg(a[1])
            if !a[4].isNone { let full = try s.shapeArg(a[4]); shape = Array(full.dropFirst()); batchSize = full.first ?? nil }
            else if !a[0].isNone { shape = try s.shapeArg(a[0]) }
            else if !a[6].isNone { shape = try s.shapeArg(a[6]) }
            else { throw PyError.value("You must pass a `shape` argument.") }
            let dtype = a[2].isNone ? "float32" : try s.interp.str(a[2])
            return try InputLayer(context: s.context, shape: shape, batchSize: batchSize, dtype: dtype, name: name)
        }
        defineLayer("TimeDistributed", ["layer"], defaults: []) { s, a, name in
            guard case .obj(let inner as PyLayer) = a[0] else {
                throw PyError.value("Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance. Received: \(try s.interp.repr(a[0]))")
            }
            return try TimeDistributed(context: s.context, layer: inner.layer, name: name)
        }
        defineLayer("Conv1D", ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias"],
                    defaults: [.int(1), .string("valid"), .none, .int(1), .int(1), .none, .bool(true)]) { s, a, name in
            if try s.interp.intArg(a[6]) != 1 { throw PyError.notImplemented("Conv1D with groups other than 1 is not supported by kscript yet") }
            let n = name ?? s.context.uniqueName("conv1d")
            return try Conv1D(context: s.context, filters: try s.interp.intArg(a[0]), kernelSize: try s.single(a[1], "kernel_size"),
                              stride: try s.single(a[2], "strides"), padding: try s.interp.strArg(a[3], "padding").lowercased(),
                              dilation: try s.single(a[5], "dilation_rate"),
                              activation: try s.activationArg(a[7]), useBias: try s.interp.truthy(a[8]), name: n)
        }
        for kind in ["MaxPooling1D", "AveragePooling1D"] {
            // Keras gives MaxPooling1D a default pool size, AveragePooling1D none.
            let defaults: [Value] = kind == "MaxPooling1D" ? [.int(2), .none, .string("valid"), .none] : [.none, .string("valid"), .none]
            defineLayer(kind, ["pool_size", "strides", "padding", "data_format"], defaults: defaults) { s, a, name in
                try Pooling1D(context: s.context, kind: kind, poolSize: try s.single(a[0], "pool_size"), stride: a[1].isNone ? nil : try s.single(a[1], "strides"),
                              padding: try s.interp.strArg(a[2], "padding").lowercased(), name: name)
            }
        }
        defineLayer("AveragePooling2D", ["pool_size", "strides", "padding", "data_format"], defaults: [.none, .string("valid"), .none]) { s, a, name in
            try Pooling2D(context: s.context, kind: "AveragePooling2D", poolSize: try s.pair(a[0], "pool_size"), strides: a[1].isNone ? nil : try s.pair(a[1], "strides"),
                          padding: try s.interp.strArg(a[2], "padding").lowercased(), name: name)
        }
        for (kind, rank) in [("GlobalMaxPooling1D", 1), ("GlobalAveragePooling1D", 1), ("GlobalMaxPooling2D", 2), ("GlobalAveragePooling2D", 2)] {
            defineLayer(kind, ["data_format", "keepdims"], defaults: [.none, .bool(false)]) { s, a, name in
                try GlobalPooling(context: s.context, kind: kind, rank: rank, keepdims: try s.interp.truthy(a[1]), name: name)
            }
        }
        defineLayer("SimpleRNN", ["units", "activation", "use_bias", "dropout", "recurrent_dropout", "return_sequences", "return_state", "go_backwards", "stateful", "unroll"],
                    defaults: [.string("tanh"), .bool(true), .float(0), .float(0), .bool(false), .bool(false), .bool(false), .bool(false), .bool(false)]) { s, a, name in
            // SimpleRNN's kernel applies tanh, relu, sigmoid or linear; the other checks are the recurrent layers'.
            let activation = try s.activationArg(a[1])
            guard let f = RecurrentActivation(rawValue: activation) else {
                throw PyError.notImplemented("SimpleRNN(activation=\(try s.interp.repr(a[1]))) is not supported by kscript yet")
            }
            try s.checkRecurrentDefaults("SimpleRNN", activation: .string("tanh"), recurrentActivation: .string("sigmoid"), useBias: a[2])
            let layer = try SimpleRNN(context: s.context, units: try s.interp.intArg(a[0]), returnSequences: try s.interp.truthy(a[5]), name: name)
            layer.activation = f
            layer.returnState = try s.interp.truthy(a[6])
            layer.options = try s.recurrentOptions(dropout: a[3], recurrentDropout: a[4], goBackwards: a[7], stateful: a[8])
            return layer
        }
        defineLayer("GRU", ["units", "activation", "recurrent_activation", "use_bias", "dropout", "recurrent_dropout", "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "reset_after"],
                    defaults: [.string("tanh"), .string("sigmoid"), .bool(true), .float(0), .float(0), .bool(false), .bool(false), .bool(false), .bool(false), .bool(false), .bool(true)]) { s, a, name in
            try s.checkRecurrentDefaults("GRU", activation: a[1], recurrentActivation: a[2], useBias: a[3])
            let layer = try GRU(context: s.context, units: try s.interp.intArg(a[0]), returnSequences: try s.interp.truthy(a[6]), resetAfter: try s.interp.truthy(a[11]), name: name)
            layer.returnState = try s.interp.truthy(a[7])
            layer.options = try s.recurrentOptions(dropout: a[4], recurrentDropout: a[5], goBackwards: a[8], stateful: a[9])
            return layer
        }
        defineLayer("Bidirectional", ["layer", "merge_mode", "weights", "backward_layer"], defaults: [.string("concat"), .none, .none]) { s, a, name in
            guard case .obj(let inner as PyLayer) = a[0], let back = try inner.layer.twin(named: "backward_" + inner.layer.name) else {
                throw PyError.value("Please initialize `Bidirectional` layer with a `keras.layers.RNN` instance. Received: \(try s.interp.repr(a[0]))")
            }
            // The backward copy returns its states too when the wrapped layer does.
            if let l = inner.layer as? LSTM { (back as? LSTM)?.returnState = l.returnState }
            if let l = inner.layer as? GRU { (back as? GRU)?.returnState = l.returnState }
            if let l = inner.layer as? SimpleRNN { (back as? SimpleRNN)?.returnState = l.returnState }
            let mode: String? = a[1].isNone ? nil : try s.interp.strArg(a[1], "merge_mode")
            return try Bidirectional(context: s.context, layer: inner.layer, backward: back, mergeMode: mode, name: name)
        }
        defineLayer("BatchNormalization", ["axis", "momentum", "epsilon", "center", "scale"],
                    defaults: [.int(-1), .float(0.99), .float(0.001), .bool(true), .bool(true)]) { s, a, name in
            try BatchNormalization(context: s.context, axis: try s.interp.intArg(a[0]), momentum: try s.interp.floatArg(a[1]), epsilon: try s.interp.floatArg(a[2]),
                                   center: try s.interp.truthy(a[3]), scale: try s.interp.truthy(a[4]), name: name)
        }
        defineLayer("Normalization", ["axis", "mean", "variance", "invert"], defaults: [.int(-1), .none, .none, .bool(false)]) { s, a, name in
            func numbers(_ v: Value) throws -> [Double]? {
                if v.isNone { return nil }
                if case .int = v { return [try s.interp.floatArg(v)] }
                if case .float = v { return [try s.interp.floatArg(v)] }
                return try NumpyModule.toTensor(s.interp, v, dtype: .float64).doubles()
            }
            let axes: [Int]? = a[0].isNone ? nil : (NumpyModule.isIntegerValue(a[0]) ? [try s.interp.intArg(a[0])] : try s.interp.iterateAll(a[0]).map { try s.interp.intArg($0) })
            return try Normalization(context: s.context, axes: axes, mean: try numbers(a[1]), variance: try numbers(a[2]), invert: try s.interp.truthy(a[3]), name: name)
        }
        defineRecurrentCells()
        defineAttentionLayers()
        defineImagePreprocessingLayers()
        defineLayerWeightAttributes()
        // Keras 3 gives reset_states and states to the recurrent layers only (not to models).
        for name in ["LSTM", "GRU", "SimpleRNN", "Bidirectional", "RNN"] {
            types[name]!.def("reset_states") { _, a in
                if let l = (a[0].object as? PyLayer)?.layer { try kerasCall { try tensorCall { try resetRecurrentStates(l) } } }
                return .none
            }
        }
        for name in ["LSTM", "GRU", "SimpleRNN", "RNN"] {
            types[name]!.getter("states") { _, v in
                guard let l = (v.object as? PyLayer)?.layer, let states = try kerasCall({ try tensorCall { try recurrentStates(l) } }) else { return .none }
                return .obj(PyList(states.map { .obj(PyVariable(Variable($0))) }))
            }
        }
        let normalization = types["Normalization"]!
        normalization.def("adapt", ["data", "batch_size", "steps"], defaults: [.none, .none]) { interp, a in
            guard let layer = (a[0].object as? PyLayer)?.layer as? Normalization else { return .none }
            let data = try NumpyModule.toTensor(interp, a[1], dtype: nil)
            try kerasCall { try layer.adapt(data) }
            return .none
        }
        for name in ["mean", "variance"] {
            normalization.getter(name) { _, v in
                guard let layer = (v.object as? PyLayer)?.layer as? Normalization, let shape = layer.builtShape,
                      let t = try kerasCall({ try layer.statistic(name, rank: shape.count, shape) }) else { return .none }
                return .obj(PyNDArray(t))
            }
        }
        defineLayer("LayerNormalization", ["axis", "epsilon", "center", "scale"],
                    defaults: [.int(-1), .float(0.001), .bool(true), .bool(true)]) { s, a, name in
            if case .obj(let o) = a[0], o is PyList || o is PyTuple {
                throw PyError.notImplemented("LayerNormalization over several axes (axis=\(try s.interp.repr(a[0]))) is not supported by kscript yet")
            }
            return try LayerNormalization(context: s.context, axis: try s.interp.intArg(a[0]), epsilon: try s.interp.floatArg(a[1]),
                                   center: try s.interp.truthy(a[2]), scale: try s.interp.truthy(a[3]), name: name)
        }
        defineLayer("Reshape", ["target_shape"], defaults: []) { s, a, name in
            try Reshape(context: s.context, targetShape: try s.interp.iterateAll(a[0]).map { try s.interp.intArg($0) }, name: name)
        }
        defineLayer("Permute", ["dims"], defaults: []) { s, a, name in
            try Permute(context: s.context, dims: try s.interp.iterateAll(a[0]).map { try s.interp.intArg($0) }, name: name)
        }
        defineLayer("RepeatVector", ["n"], defaults: []) { s, a, name in try RepeatVector(context: s.context, n: try s.interp.intArg(a[0]), name: name) }
        defineLayer("UpSampling2D", ["size", "data_format", "interpolation"], defaults: [.int(2), .none, .string("nearest")]) { s, a, name in
            try UpSampling2D(context: s.context, size: try s.pair(a[0], "size"), name: name)
        }
        defineLayer("UpSampling1D", ["size"], defaults: [.int(2)]) { s, a, name in
            try UpSampling1D(context: s.context, size: try s.interp.intArg(a[0]), name: name)
        }
        for kind in ["ZeroPadding1D", "Cropping1D"] {
            defineLayer(kind, [kind == "ZeroPadding1D" ? "padding" : "cropping"], defaults: [kind == "ZeroPadding1D" ? .int(1) : .obj(PyTuple([.int(1), .int(1)]))]) { s, a, name in
                try Padding1D(context: s.context, kind: kind, edges: try s.pair(a[0], kind == "ZeroPadding1D" ? "padding" : "cropping", allowZero: true), name: name)
            }
        }
        for kind in ["ZeroPadding2D", "Cropping2D"] {
            defineLayer(kind, [kind == "ZeroPadding2D" ? "padding" : "cropping", "data_format"], defaults: [kind == "ZeroPadding2D" ? .int(1) : .obj(PyTuple([.obj(PyTuple([.int(0), .int(0)])), .obj(PyTuple([.int(0), .int(0)]))])), .none]) { s, a, name in
                let (rows, cols) = try s.edgePairs(a[0])
                return try Padding2D(context: s.context, kind: kind, rows: rows, cols: cols, name: name)
            }
        }
        let activationLayers: [(String, [String], [Value])] = [
            ("ReLU", ["max_value", "negative_slope", "threshold"], [.none, .float(0), .float(0)]),
            ("LeakyReLU", ["negative_slope"], [.float(0.3)]),
            ("ELU", ["alpha"], [.float(1)]),
            ("Softmax", ["axis"], [.int(-1)]),
        ]
        for (kind, params, defaults) in activationLayers {
            defineLayer(kind, params, defaults: defaults) { s, a, name in
                var arguments: [String: Double] = [:]
                for (p, v) in zip(params, a) where !v.isNone && p != "seed" && p != "data_format" { arguments[p] = try s.interp.floatArg(v) }
                return try ElementwiseLayer(context: s.context, kind: kind, arguments: arguments, name: name)
            }
        }
        defineLayer("PReLU", ["alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"], defaults: [.string("Zeros"), .none, .none, .none]) { s, _, name in
            try PReLU(context: s.context, name: name)
        }
        let noiseLayers: [(String, [String], [Value])] = [
            ("GaussianNoise", ["stddev", "seed"], [.none]),
            ("SpatialDropout1D", ["rate", "seed"], [.none]),
            ("SpatialDropout2D", ["rate", "data_format", "seed"], [.none, .none]),
            ("Masking", ["mask_value"], [.float(0)]),
            ("GaussianDropout", ["rate", "seed"], [.none]),
            ("Identity", [], []),
            ("UnitNormalization", ["axis"], [.int(-1)]),
        ]
        for (kind, params, defaults) in noiseLayers {
            defineLayer(kind, params, defaults: defaults) { s, a, name in
                var arguments: [String: Double] = [:]
                for (p, v) in zip(params, a) where !v.isNone && p != "seed" && p != "data_format" { arguments[p] = try s.interp.floatArg(v) }
                return try ElementwiseLayer(context: s.context, kind: kind, arguments: arguments, name: name)
            }
        }
        defineLayer("ActivityRegularization", ["l1", "l2"], defaults: [.float(0), .float(0)]) { s, a, name in
            let layer = try ElementwiseLayer(context: s.context, kind: "ActivityRegularization", name: name)
            layer.activityRegularizer = .l1l2(l1: try s.interp.floatArg(a[0]), l2: try s.interp.floatArg(a[1]))
            return layer
        }
        defineLayer("CategoryEncoding", ["num_tokens", "output_mode", "sparse"], defaults: [.none, .string("multi_hot"), .bool(false)]) { s, a, name in
            guard !a[0].isNone else { throw PyError.value("`num_tokens` must be set to use `CategoryEncoding`.") }
            let mode = try s.interp.strArg(a[1], "output_mode")
            guard ["one_hot", "multi_hot", "count"].contains(mode) else {
                throw PyError.value("Unknown arg for output_mode: \(mode). Expected one of ['count', 'one_hot', 'multi_hot']")
            }
            if try s.interp.truthy(a[2]) { throw PyError.notImplemented("CategoryEncoding(sparse=True) is not supported by kscript yet") }
            return try CategoryEncoding(context: s.context, tokens: try s.interp.intArg(a[0]), mode: mode, name: name)
        }
        for kind in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"] {
            defineLayer(kind, [], defaults: []) { s, _, name in try ElementwiseMerge(context: s.context, kind: kind, name: name) }
        }
        types["Lambda"] = lambdaLayerType()
        defineLayer("Dot", ["axes", "normalize"], defaults: [.bool(false)]) { s, a, name in
            try Dot(context: s.context, axes: try s.dotAxes(a[0]), normalize: try s.interp.truthy(a[1]), name: name)
        }
        defineLayer("Concatenate", ["axis"], defaults: [.int(-1)]) { s, a, name in
            try Concatenate(context: s.context, axis: try s.interp.intArg(a[0]), name: name)
        }
    }

    /// The recurrent kernels run Keras's default cell: tanh, sigmoid gates, a bias.
    func checkRecurrentDefaults(_ layer: String, activation: Value, recurrentActivation: Value, useBias: Value) throws {
        func unsupported(_ what: String) -> PyError { PyError.notImplemented("\(layer)(\(what)) is not supported by kscript yet") }
        if try activationArg(activation) != "tanh" { throw unsupported("activation=\(try interp.repr(activation))") }
        if try activationArg(recurrentActivation) != "sigmoid" { throw unsupported("recurrent_activation=\(try interp.repr(recurrentActivation))") }
        if !(try interp.truthy(useBias)) { throw unsupported("use_bias=False") }
    }

    func recurrentOptions(dropout: Value, recurrentDropout: Value, goBackwards: Value, stateful: Value) throws -> RecurrentOptions {
        var o = RecurrentOptions()
        o.dropout = try interp.floatArg(dropout)
        guard o.dropout >= 0 && o.dropout <= 1 else { throw PyError.value("Invalid value received for argument `dropout`. Expected a float value between 0 and 1. Received: dropout=\(o.dropout)") }
        // Keras clips recurrent_dropout into [0, 1].
        o.recurrentDropout = Swift.min(1, Swift.max(0, try interp.floatArg(recurrentDropout)))
        o.goBackwards = try interp.truthy(goBackwards)
        o.stateful = try interp.truthy(stateful)
        return o
    }

    /// `keras.Input(shape=...)`: the symbolic input of a functional model.
    func inputFunction() -> Value {
        nativeFunction("Input", ["shape", "batch_size", "dtype", "sparse", "batch_shape", "name", "tensor"],
                       defaults: [.none, .none, .none, .none, .none, .none, .none]) { [unowned self] interp, a in
            var shape: [Int?]
            var batchSize: Int? = a[1].isNone ? nil : try interp.intArg(a[1])
            if !a[4].isNone {
                // batch_shape fixes the batch size too.
                let full = try self.shapeArg(a[4])
                shape = Array(full.dropFirst())
                batchSize = full.first ?? nil
            } else if !a[0].isNone {
                shape = try self.shapeArg(a[0])
            } else {
                throw PyError.value("You must pass a `shape` argument.")
            }
            let dtype = a[2].isNone ? "float32" : try interp.str(a[2])
            let name = a[5].isNone ? nil : try interp.strArg(a[5], "name")
            let layer = try kerasCall { try InputLayer(context: self.context, shape: shape, batchSize: batchSize, dtype: dtype, name: name) }
            _ = PyLayer.wrap(layer, session: self)
            return .obj(PyKerasTensor.wrap(layer.output))
        }
    }

    /// keras.Model: a functional model from inputs= and outputs=, or, called from a subclass's
    /// __init__ without them, a model whose call() the script writes.
    func modelClass() -> PyType {
        let t = modelType
        t.makeInstance = { type in PyLayer(cls: type) }
        t.def("__init__", ["*args", "**kwargs"]) { [unowned self] interp, a in
            guard case .obj(let p as PyLayer) = a[0] else { return .none }
            let args = (a[1].object as? PyTuple)?.items ?? []
            var kw: KwArgs = []
            if case .obj(let d as PyDict) = a[2] { for (k, v) in d.storage { kw.append((try interp.str(k.value), v)) } }
            var dict: [String: Value] = [:]
            for (k, v) in kw {
                switch k {
                case "inputs", "input": dict["inputs"] = v
                case "outputs", "output": dict["outputs"] = v
                case "name", "trainable": dict[k] = v
                default: throw PyError.type("Model.__init__() got an unexpected keyword argument '\(k)'")
                }
            }
            if args.count > 0 { dict["inputs"] = args[0] }
            if args.count > 1 { dict["outputs"] = args[1] }
            let name = try dict["name"].flatMap { $0.isNone ? nil : try interp.strArg($0, "name") }
            guard p.layer == nil else { return .none }
            let model: Model
            if let ins = dict["inputs"], let outs = dict["outputs"] {
                let (inputs, outputs) = (try self.modelTensors(ins, role: "inputs"), try self.modelTensors(outs, role: "outputs"))
                model = try kerasCall { try Functional(context: self.context, inputs: inputs, outputs: outputs, name: name) }
                // model.input and model.output give back what was passed: a tensor, a list or a dict.
                p.attrs["_input_structure"] = ins
                p.attrs["_output_structure"] = outs
            } else if p.cls === self.modelType {
                throw PyError.type("Model.__init__() needs inputs= and outputs= (or subclass keras.Model and write call())")
            } else {
                let script = try kerasCall { try ScriptModel(session: self, kind: p.cls.name, name: name) }
                script.instance = p
                model = script
            }
            if let tr = dict["trainable"] { model.trainable = try interp.truthy(tr) }
            p.layer = model
            model.binding = p
            self.keepAlive.append(p)
            return .none
        }
        return t
    }

    func sequentialClass() -> PyType {
        if let existing = types["Sequential"] { return existing }
        let t = PyType(name: "Sequential", bases: [modelType], module: "keras.models")
        types["Sequential"] = t
        t.construct = { [unowned self] interp, _, args, kw in
            let b = try NativeSignature("Sequential", ["layers", "trainable", "name"], defaults: [.none, .bool(true), .none]).bind(args, kw)
            let name = b[2].isNone ? nil : try interp.strArg(b[2], "name")
            let model = try kerasCall { try Sequential(context: self.context, name: name) }
            let py = PyLayer.wrap(model, session: self)
            if !b[0].isNone {
                for l in try interp.iterateAll(b[0]) { try self.add(model, l, rebuild: false) }
                model.noteRebuild()
            }
            return .obj(py)
        }
        t.def("add", ["layer"]) { [unowned self] _, a in
            guard let m = (a[0].object as? PyLayer)?.layer as? Sequential else { return .none }
            try self.add(m, a[1])
            return .none
        }
        t.def("pop") { _, a in
            guard let m = (a[0].object as? PyLayer)?.layer as? Sequential else { return .none }
            try kerasCall { try m.pop() }
            return .none
        }
        t.def("build", ["input_shape"], defaults: [.none]) { interp, a in
            guard let m = (a[0].object as? PyLayer)?.layer as? Sequential else { return .none }
            if a[1].isNone {
                if m.isBuilt { return .none }
                throw PyError.value("You must provide an `input_shape` argument.")
            }
            let shape = try interp.iterateAll(a[1]).map { $0.isNone ? nil : try interp.intArg($0) } as [Int?]
            if m.isBuilt { return .none }
            try kerasCall { try m.build(inputShape: shape) }
            return .none
        }
        return t
    }

    func add(_ model: Sequential, _ v: Value, rebuild: Bool = true) throws {
        if case .obj(let k as PyKerasTensor) = v, let input = k.tensor.layer as? InputLayer {
            try kerasCall { try model.add(input, rebuild: rebuild) }
            return
        }
        if case .obj(let p as PyLayer) = v, let input = p.layer as? InputLayer {
            try kerasCall { try model.add(input, rebuild: rebuild) }
            return
        }
        guard case .obj(let p as PyLayer) = v else {
            throw PyError.type("Only instances of `keras.Layer` can be added to a Sequential model. Received: \(try interp.repr(v)) (of type \(interp.typeName(v)))")
        }
        if !model.isBuilt, model.layers.isEmpty, case .obj(let shape as PyTuple)? = p.attrs["_input_shape"] {
            let batch: Int? = { if case .int(let b)? = p.attrs["_batch_size"] { return b }; return nil }()
            let input = try kerasCall { try InputLayer(context: context, shape: shape.items.map { $0.isNone ? nil : (try? interp.intArg($0)) }, batchSize: batch, name: nil) }
            try kerasCall { try model.add(input, rebuild: false) }
        }
        try kerasCall { try model.add(p.layer, rebuild: rebuild) }
    }
}

extension KerasSession {
    /// keras.layers' second names for its classes.
    static let layerAliases: [(String, String)] = [
        ("Convolution1D", "Conv1D"), ("Convolution2D", "Conv2D"), ("Convolution2DTranspose", "Conv2DTranspose"),
        ("SeparableConvolution2D", "SeparableConv2D"), ("MaxPool1D", "MaxPooling1D"), ("MaxPool2D", "MaxPooling2D"),
        ("AvgPool1D", "AveragePooling1D"), ("AvgPool2D", "AveragePooling2D"), ("GlobalMaxPool1D", "GlobalMaxPooling1D"),
        ("GlobalMaxPool2D", "GlobalMaxPooling2D"), ("GlobalAvgPool1D", "GlobalAveragePooling1D"), ("GlobalAvgPool2D", "GlobalAveragePooling2D"),
    ]

    /// Keras 3's layers kscript does not have: the name is there, and making one says so.
    static let layersNotYet = [
        "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D", "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D",
        "AdaptiveMaxPooling3D", "AdditiveAttention", "AlphaDropout", "AugMix", "AutoContrast", "AveragePooling3D", "AvgPool3D",
        "ContrastLimitedAdaptiveHistogramEqualization", "Conv1DTranspose", "Conv3D", "Conv3DTranspose", "ConvLSTM1D", "ConvLSTM2D",
        "ConvLSTM3D", "Convolution1DTranspose", "Convolution3D", "Convolution3DTranspose", "Cropping3D", "CutMix", "DepthwiseConv1D",
        "Discretization", "EinsumDense", "Equalization", "GlobalAveragePooling3D", "GlobalAvgPool3D", "GlobalMaxPool3D",
        "GlobalMaxPooling3D", "GroupNormalization", "GroupQueryAttention", "HashedCrossing", "Hashing", "IntegerLookup",
        "MaxNumBoundingBoxes", "MaxPool3D", "MaxPooling3D", "MelSpectrogram", "MixUp", "Pipeline", "RMSNormalization", "RandAugment",
        "RandomBrightness", "RandomColorDegeneration", "RandomColorJitter", "RandomElasticTransform", "RandomErasing",
        "RandomGaussianBlur", "RandomGrayscale", "RandomHue", "RandomInvert", "RandomPerspective", "RandomPosterization",
        "RandomSaturation", "RandomSharpness", "RandomShear", "ReversibleEmbedding", "STFTSpectrogram", "SeparableConv1D",
        "SeparableConvolution1D", "Solarization", "SpatialDropout3D", "SpectralNormalization", "StackedRNNCells", "StringLookup",
        "TextVectorization", "UpSampling3D", "ZeroPadding3D",
    ]
}

extension Bindings {
    static func installKeras(into interp: Interpreter) {
        var session: KerasSession?
        func getSession(_ interp: Interpreter) -> KerasSession {
            if let s = session { return s }
            let s = KerasSession(interp)
            s.defineLayers()
            session = s
            return s
        }
        let layerPaths = ["keras.layers", "keras.layers.core", "keras.layers.convolutional", "keras.layers.pooling",
                          "keras.layers.recurrent", "keras.layers.merge", "keras.layers.embeddings", "keras.layers.wrappers"]
        for prefix in ["", "tensorflow."] {
            for path in layerPaths {
                interp.nativeModules[prefix + path] = { interp in
                    let s = getSession(interp)
                    var members: [(String, Value)] = s.types.filter { $0.key != "Sequential" && $0.key != "Functional" }.map { ($0.key, .obj($0.value)) }
                    // Keras's other names for the same classes (`MaxPool2D is MaxPooling2D`).
                    for (alias, name) in KerasSession.layerAliases { if let t = s.types[name] { members.append((alias, .obj(t))) } }
                    for name in KerasSession.layersNotYet {
                        members.append((name, nativeFunction(name, ["*args", "**kwargs"], doc: "Not in kscript yet: making one raises NotImplementedError.") { _, _ in
                            throw PyError.notImplemented("keras.layers.\(name) is not supported by kscript yet")
                        }))
                    }
                    members.append(("Layer", .obj(s.layerType)))
                    members.append(("Input", s.inputFunction()))
                    // The functional forms: a merge layer called on the tensors (or, eagerly, on arrays).
                    for kind in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"] {
                        members.append((kind.lowercased(), nativeFunction(kind.lowercased(), ["inputs"]) { interp, a in
                            let layer = try kerasCall { try ElementwiseMerge(context: s.context, kind: kind, name: nil) }
                            return try interp.call(.obj(PyLayer.wrap(layer, session: s)), [a[0]], [])
                        }))
                    }
                    members.append(("dot", nativeFunction("dot", ["inputs", "axes", "normalize"], defaults: [.bool(false)]) { interp, a in
                        let layer = try kerasCall { try Dot(context: s.context, axes: try s.dotAxes(a[1]), normalize: try interp.truthy(a[2]), name: nil) }
                        return try interp.call(.obj(PyLayer.wrap(layer, session: s)), [a[0]], [])
                    }))
                    members.append(("concatenate", nativeFunction("concatenate", ["inputs", "axis"], defaults: [.int(-1)]) { interp, a in
                        let layer = try kerasCall { try Concatenate(context: s.context, axis: try interp.intArg(a[1]), name: nil) }
                        return try interp.call(.obj(PyLayer.wrap(layer, session: s)), [a[0]], [])
                    }))
                    return interp.makeNativeModule(prefix + path, members.sorted { $0.0 < $1.0 })
                }
            }
            interp.nativeModules[prefix + "keras.models"] = { interp in
                let s = getSession(interp)
                return interp.makeNativeModule(prefix + "keras.models", [("Model", .obj(s.modelClass())), ("Sequential", .obj(s.sequentialClass())),
                                                                         ("load_model", s.loadModelFunction()), ("model_from_json", s.modelFromJSONFunction()),
                                                                         ("clone_model", s.cloneModelFunction())])
            }
            for utils in ["keras.utils", "keras.utils.vis_utils"] {
                interp.nativeModules[prefix + utils] = { interp in
                    let m = interp.makeNativeModule(prefix + utils, [
                        ("to_categorical", nativeFunction("to_categorical", ["x", "num_classes"], defaults: [.none]) { interp, a in
                            try toCategorical(interp, a[0], a[1])
                        }),
                        ("set_random_seed", nativeFunction("set_random_seed", ["seed"]) { interp, a in
                            // Keras seeds Python's random, numpy's and its own generator.
                            let seed = try interp.intArg(a[0])
                            getSession(interp).context.random.reseed(UInt64(truncatingIfNeeded: seed))
                            for module in ["random", "numpy.random"] {
                                if let f = try interp.importNative(module).get("seed") { _ = try interp.call(f, [a[0]]) }
                            }
                            return .none
                        }),
                        ("plot_model", nativeFunction("plot_model", KerasSession.diagramParameters,
                                                      defaults: [.string("model.png")] + KerasSession.diagramDefaults) { interp, a in
                            try getSession(interp).plotModel(a)
                        }),
                        ("model_to_dot", nativeFunction("model_to_dot", Array(KerasSession.diagramParameters.filter { $0 != "to_file" }),
                                                        defaults: KerasSession.diagramDefaults) { interp, a in
                            let s = getSession(interp)
                            return .string(ModelDiagram.dot(try s.modelArg(a[0]), try s.diagramOptions(Array(a[1...]))))
                        }),
                    ])
                    try interp.run(source: KerasUtilsSource.text, file: KerasUtilsSource.file, module: m)
                    m.set("clear_session", try interp.importNative(prefix + "keras.backend").get("clear_session")!)
                    return m
                }
            }
            interp.nativeModules[prefix + "keras.preprocessing.sequence"] = { interp in
                interp.makeNativeModule(prefix + "keras.preprocessing.sequence",
                                        [("pad_sequences", try interp.importNative(prefix + "keras.utils").get("pad_sequences")!)])
            }
            interp.nativeModules[prefix + "keras.saving"] = { interp in
                let utils = try interp.importNative(prefix + "keras.utils")
                return interp.makeNativeModule(prefix + "keras.saving", [("load_model", getSession(interp).loadModelFunction())]
                    + ["register_keras_serializable", "get_custom_objects", "get_registered_name"].map { ($0, utils.get($0)!) })
            }
            interp.nativeModules[prefix + "keras.preprocessing"] = { interp in
                interp.makeNativeModule(prefix + "keras.preprocessing", [("sequence", .obj(try interp.importNative(prefix + "keras.preprocessing.sequence")))])
            }
            let configKinds: [(String, String, [ConfigClass], (String) -> String)] = [
                ("initializers", "Initializer", KerasSession.initializerClasses, { name in
                    ["Constant", "Zeros", "Ones", "Identity"].contains(name) ? "keras.src.initializers.constant_initializers" : "keras.src.initializers.random_initializers" }),
                ("regularizers", "Regularizer", KerasSession.regularizerClasses, { _ in "keras.src.regularizers.regularizers" }),
                ("constraints", "Constraint", KerasSession.constraintClasses, { _ in "keras.src.constraints.constraints" }),
            ]
            let trainingModules: [(String, (KerasSession, Interpreter, String) throws -> PyModule)] = [
                ("optimizers", { s, i, p in try s.optimizersModule(i, p) }), ("losses", { s, i, p in s.lossesModule(i, p) }),
                ("metrics", { s, i, p in s.metricsModule(i, p) }), ("callbacks", { s, i, p in s.callbacksModule(i, p) }),
                ("ops", { s, i, p in ScriptTensors.opsModule(i, p, s) }), ("random", { s, i, p in KerasRandom.module(s, i, p) }),
                ("activations", { s, i, p in s.activationsModule(i, p) }), ("backend", { s, i, p in s.backendModule(i, p) }),
            ]
            for (module, make) in trainingModules {
                interp.nativeModules[prefix + "keras." + module] = { interp in try make(getSession(interp), interp, prefix + "keras." + module) }
            }
            Datasets.modules(interp, prefix: prefix)
            interp.nativeModules[prefix + "keras.optimizers.schedules"] = { interp in
                guard case .obj(let m as PyModule)? = try interp.importNative(prefix + "keras.optimizers").get("schedules") else {
                    throw PyError.notImplemented("keras.optimizers.schedules")
                }
                return m
            }
            for (module, kind, classes, typeModule) in configKinds {
                interp.nativeModules[prefix + "keras." + module] = { interp in
                    getSession(interp).configModule(interp, prefix + "keras." + module, kind: kind, classes: classes, typeModule: typeModule)
                }
            }
            interp.nativeModules[prefix + "keras"] = { interp in
                let s = getSession(interp)
                let layers = try interp.importNative(prefix + "keras.layers")
                let models = try interp.importNative(prefix + "keras.models")
                let utils = try interp.importNative(prefix + "keras.utils")
                return interp.makeNativeModule(prefix + "keras", [
                    ("layers", .obj(layers)), ("models", .obj(models)), ("utils", .obj(utils)),
                    ("initializers", .obj(try interp.importNative(prefix + "keras.initializers"))),
                    ("regularizers", .obj(try interp.importNative(prefix + "keras.regularizers"))),
                    ("constraints", .obj(try interp.importNative(prefix + "keras.constraints"))),
                    ("optimizers", .obj(try interp.importNative(prefix + "keras.optimizers"))),
                    ("losses", .obj(try interp.importNative(prefix + "keras.losses"))),
                    ("metrics", .obj(try interp.importNative(prefix + "keras.metrics"))),
                    ("callbacks", .obj(try interp.importNative(prefix + "keras.callbacks"))),
                    ("ops", .obj(try interp.importNative(prefix + "keras.ops"))),
                    ("random", .obj(try interp.importNative(prefix + "keras.random"))),
                    ("datasets", .obj(try interp.importNative(prefix + "keras.datasets"))),
                    ("activations", .obj(try interp.importNative(prefix + "keras.activations"))),
                    ("backend", .obj(try interp.importNative(prefix + "keras.backend"))),
                    ("preprocessing", .obj(try interp.importNative(prefix + "keras.preprocessing"))),
                    ("saving", .obj(try interp.importNative(prefix + "keras.saving"))),
                    ("Input", s.inputFunction()), ("Model", models.get("Model")!), ("Sequential", models.get("Sequential")!),
                    ("Variable", .obj(s.variableClass())), ("__version__", .string("3.15.1")),
                ])
            }
        }
        // tf.random.set_seed seeds the graph-level generator TensorFlow draws weights and dropout
        // from: in kscript, the engine's generator (Python's and numpy's are left alone, as in TF).
        interp.nativeModules["tensorflow.random"] = { interp in
            interp.makeNativeModule("tensorflow.random", [("set_seed", nativeFunction("set_seed", ["seed"]) { interp, a in
                getSession(interp).context.random.reseed(UInt64(truncatingIfNeeded: try interp.intArg(a[0])))
                return .none
            })])
        }
        interp.nativeModules["tensorflow"] = { interp in
            interp.makeNativeModule("tensorflow", [("keras", .obj(try interp.importNative("tensorflow.keras"))), ("__version__", .string("2.21.0")),
                                                   ("random", .obj(try interp.importNative("tensorflow.random")))])
        }
    }
}

/// keras.utils.to_categorical: one-hot rows (float64, as Keras makes them with numpy) for integer class labels; a trailing axis of
/// size 1 is dropped first, as Keras does.
func toCategorical(_ interp: Interpreter, _ x: Value, _ numClasses: Value) throws -> Value {
    let labels = try NumpyModule.toTensor(interp, x, dtype: nil)
    var shape = labels.shape
    if shape.count > 1 && shape.last == 1 { shape.removeLast() }
    // As Keras: labels become int64 (floats truncated), and index the classes as numpy does, a
    // negative label counting from the last class.
    let values = labels.doubles().map { Int(Tensor.truncatedInt64($0)) }
    let n = numClasses.isNone ? (values.max() ?? -1) + 1 : try interp.intArg(numClasses)
    for v in values where v >= n || v < -n {
        throw PyError.index("index \(v) is out of bounds for axis 1 with size \(n)")
    }
    let out = try tensorCall { try Tensor.zeros(shape + [n], dtype: .float64) }
    for (i, v) in values.enumerated() { out.setDouble(1, at: i * n + (v < 0 ? v + n : v)) }
    return .obj(PyNDArray(out))
}

/// The terminal width Python's shutil would report: $COLUMNS, the terminal, or 80.
func terminalWidth() -> Int32 {
    if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int32(c), n > 0 { return n }
    var w = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &w) == 0 && w.ws_col > 0 { return Int32(w.ws_col) }
    return 80
}
