// The keras package as scripts import it: keras, keras.layers, keras.models, keras.utils, the
// Keras 2 module paths tutorials still print, and the same under tensorflow.keras.
import Foundation
import KScript
import KTensor
import Keras

extension KerasSession {
    func defineLayers() {
        // Keras names a layer before it checks its activation, so a bad one still uses up the name.
        defineLayer("Dense", ["units", "activation", "use_bias"], defaults: [.none, .bool(true)]) { s, a, name in
            let units = try s.interp.intArg(a[0])
            let n = name ?? s.context.uniqueName("dense")
            return try Dense(context: s.context, units: units, activation: try s.activationArg(a[1]), useBias: try s.interp.truthy(a[2]), name: n)
        }
        defineLayer("Activation", ["activation"], defaults: []) { s, a, name in
            let n = name ?? s.context.uniqueName("activation")
            return try Activation(context: s.context, activation: try s.activationArg(a[0]), name: n)
        }
        defineLayer("Dropout", ["rate"], defaults: []) { s, a, name in
            try Dropout(context: s.context, rate: try s.interp.floatArg(a[0]), name: name)
        }
        defineLayer("Flatten", ["data_format"], defaults: [.none]) { s, _, name in try Flatten(context: s.context, name: name) }
        defineLayer("Conv2D", ["filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation", "use_bias"],
                    defaults: [.int(1), .string("valid"), .none, .int(1), .int(1), .none, .bool(true)]) { s, a, name in
            let n = name ?? s.context.uniqueName("conv2d")
            return try Conv2D(context: s.context, filters: try s.interp.intArg(a[0]), kernelSize: try s.pair(a[1], "kernel_size"),
                              strides: try s.pair(a[2], "strides"), padding: try s.interp.strArg(a[3], "padding").lowercased(),
                              activation: try s.activationArg(a[7]), useBias: try s.interp.truthy(a[8]), name: n)
        }
        defineLayer("MaxPooling2D", ["pool_size", "strides", "padding", "data_format"], defaults: [.int(2), .none, .string("valid"), .none]) { s, a, name in
            try MaxPooling2D(context: s.context, poolSize: try s.pair(a[0], "pool_size"), strides: a[1].isNone ? nil : try s.pair(a[1], "strides"),
                             padding: try s.interp.strArg(a[2], "padding").lowercased(), name: name)
        }
        defineLayer("Embedding", ["input_dim", "output_dim"], defaults: []) { s, a, name in
            try Embedding(context: s.context, inputDim: try s.interp.intArg(a[0]), outputDim: try s.interp.intArg(a[1]), name: name)
        }
        defineLayer("LSTM", ["units", "activation", "recurrent_activation", "use_bias", "dropout", "recurrent_dropout", "return_sequences", "return_state", "go_backwards", "stateful", "unroll"],
                    defaults: [.string("tanh"), .string("sigmoid"), .bool(true), .float(0), .float(0), .bool(false), .bool(false), .bool(false), .bool(false), .bool(false)]) { s, a, name in
            if try s.interp.truthy(a[7]) { throw PyError.notImplemented("LSTM(return_state=True) is not supported by kscript yet") }
            return try LSTM(context: s.context, units: try s.interp.intArg(a[0]), returnSequences: try s.interp.truthy(a[6]), name: name)
        }
        defineLayer("InputLayer", ["shape", "batch_size", "dtype", "sparse", "batch_shape", "input_tensor", "input_shape"],
                    defaults: [.none, .none, .none, .none, .none, .none, .none]) { s, a, name in
            var shape: [Int?]
            if !a[4].isNone { shape = Array(try s.shapeArg(a[4]).dropFirst()) }
            else if !a[0].isNone { shape = try s.shapeArg(a[0]) }
            else if !a[6].isNone { shape = try s.shapeArg(a[6]) }
            else { throw PyError.value("You must pass a `shape` argument.") }
            let dtype = a[2].isNone ? "float32" : try s.interp.str(a[2])
            return try InputLayer(context: s.context, shape: shape, batchSize: a[1].isNone ? nil : try s.interp.intArg(a[1]), dtype: dtype, name: name)
        }
        defineLayer("TimeDistributed", ["layer"], defaults: []) { s, a, name in
            guard case .obj(let inner as PyLayer) = a[0] else {
                throw PyError.value("Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance. Received: \(try s.interp.repr(a[0]))")
            }
            return try TimeDistributed(context: s.context, layer: inner.layer, name: name)
        }
        defineLayer("Concatenate", ["axis"], defaults: [.int(-1)]) { s, a, name in
            try Concatenate(context: s.context, axis: try s.interp.intArg(a[0]), name: name)
        }
    }

    /// `keras.Input(shape=...)`: the symbolic input of a functional model.
    func inputFunction() -> Value {
        nativeFunction("Input", ["shape", "batch_size", "dtype", "sparse", "batch_shape", "name", "tensor"],
                       defaults: [.none, .none, .none, .none, .none, .none, .none]) { [unowned self] interp, a in
            var shape: [Int?]
            if !a[4].isNone {
                let full = try self.shapeArg(a[4])
                shape = Array(full.dropFirst())
            } else if !a[0].isNone {
                shape = try self.shapeArg(a[0])
            } else {
                throw PyError.value("You must pass a `shape` argument.")
            }
            let dtype = a[2].isNone ? "float32" : try interp.str(a[2])
            let name = a[5].isNone ? nil : try interp.strArg(a[5], "name")
            let layer = try kerasCall { try InputLayer(context: self.context, shape: shape, batchSize: a[1].isNone ? nil : try interp.intArg(a[1]), dtype: dtype, name: name) }
            _ = PyLayer.wrap(layer, session: self)
            return .obj(PyKerasTensor(layer.output))
        }
    }

    func modelClass() -> PyType {
        let t = modelType
        t.construct = { [unowned self] interp, _, args, kw in
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
            guard let ins = dict["inputs"], let outs = dict["outputs"] else {
                throw PyError.notImplemented("subclassing keras.Model (a model without inputs= and outputs=) is not supported by kscript yet")
            }
            let name = try dict["name"].flatMap { $0.isNone ? nil : try interp.strArg($0, "name") }
            let model = try kerasCall { try Functional(context: self.context, inputs: try self.tensors(ins), outputs: try self.tensors(outs), name: name) }
            return .obj(PyLayer.wrap(model, session: self))
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
            if !b[0].isNone { for l in try interp.iterateAll(b[0]) { try self.add(model, l) } }
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
        return t
    }

    func add(_ model: Sequential, _ v: Value) throws {
        if case .obj(let k as PyKerasTensor) = v, let input = k.tensor.layer as? InputLayer {
            try kerasCall { try model.add(input) }
            return
        }
        if case .obj(let p as PyLayer) = v, let input = p.layer as? InputLayer {
            try kerasCall { try model.add(input) }
            return
        }
        guard case .obj(let p as PyLayer) = v else {
            throw PyError.type("Only instances of `keras.Layer` can be added to a Sequential model. Received: \(try interp.repr(v)) (of type \(interp.typeName(v)))")
        }
        if !model.isBuilt, model.layers.isEmpty, case .obj(let shape as PyTuple)? = p.attrs["_input_shape"] {
            let batch: Int? = { if case .int(let b)? = p.attrs["_batch_size"] { return b }; return nil }()
            let input = try kerasCall { try InputLayer(context: context, shape: shape.items.map { $0.isNone ? nil : (try? interp.intArg($0)) }, batchSize: batch, name: nil) }
            try kerasCall { try model.add(input) }
        }
        try kerasCall { try model.add(p.layer) }
    }
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
                    var members: [(String, Value)] = s.types.filter { $0.key != "Sequential" }.map { ($0.key, .obj($0.value)) }
                    members.append(("Layer", .obj(s.layerType)))
                    members.append(("Input", s.inputFunction()))
                    members.append(("concatenate", nativeFunction("concatenate", ["inputs", "axis"], defaults: [.int(-1)]) { interp, a in
                        let layer = try kerasCall { try Concatenate(context: s.context, axis: try interp.intArg(a[1]), name: nil) }
                        _ = PyLayer.wrap(layer, session: s)
                        return s.wrapOutputs(try kerasCall { try layer.call(try s.tensors(a[0])) })
                    }))
                    return interp.makeNativeModule(prefix + path, members.sorted { $0.0 < $1.0 })
                }
            }
            interp.nativeModules[prefix + "keras.models"] = { interp in
                let s = getSession(interp)
                return interp.makeNativeModule(prefix + "keras.models", [("Model", .obj(s.modelClass())), ("Sequential", .obj(s.sequentialClass()))])
            }
            for utils in ["keras.utils", "keras.utils.vis_utils"] {
                interp.nativeModules[prefix + utils] = { interp in
                    interp.makeNativeModule(prefix + utils, [
                        ("to_categorical", nativeFunction("to_categorical", ["x", "num_classes"], defaults: [.none]) { interp, a in
                            try toCategorical(interp, a[0], a[1])
                        }),
                        ("plot_model", nativeFunction("plot_model", ["model", "to_file", "show_shapes", "show_dtype", "show_layer_names", "rankdir", "expand_nested", "dpi", "show_layer_activations", "show_trainable"],
                                                      defaults: [.string("model.png"), .bool(false), .bool(false), .bool(true), .string("TB"), .bool(false), .int(200), .bool(false), .bool(false)]) { _, _ in
                            throw PyError.notImplemented("keras.utils.plot_model is not implemented in kscript yet (it will draw with Graphviz)")
                        }),
                    ])
                }
            }
            interp.nativeModules[prefix + "keras"] = { interp in
                let s = getSession(interp)
                let layers = try interp.importNative(prefix + "keras.layers")
                let models = try interp.importNative(prefix + "keras.models")
                let utils = try interp.importNative(prefix + "keras.utils")
                return interp.makeNativeModule(prefix + "keras", [
                    ("layers", .obj(layers)), ("models", .obj(models)), ("utils", .obj(utils)),
                    ("Input", s.inputFunction()), ("Model", models.get("Model")!), ("Sequential", models.get("Sequential")!),
                    ("__version__", .string("3.15.1")),
                ])
            }
        }
        interp.nativeModules["tensorflow"] = { interp in
            interp.makeNativeModule("tensorflow", [("keras", .obj(try interp.importNative("tensorflow.keras"))), ("__version__", .string("2.21.0"))])
        }
    }
}

/// keras.utils.to_categorical: one-hot rows (float64, as Keras makes them with numpy) for integer class labels; a trailing axis of
/// size 1 is dropped first, as Keras does.
func toCategorical(_ interp: Interpreter, _ x: Value, _ numClasses: Value) throws -> Value {
    let labels = try NumpyModule.toTensor(interp, x, dtype: nil)
    var shape = labels.shape
    if shape.count > 1 && shape.last == 1 { shape.removeLast() }
    let values = labels.doubles()
    for v in values where v < 0 || v != v.rounded() {
        throw PyError.value("to_categorical expects non-negative integer class labels; found \(Interpreter.floatRepr(v))")
    }
    let n = numClasses.isNone ? Int((values.max() ?? -1) + 1) : try interp.intArg(numClasses)
    if let m = values.max(), Int(m) >= n {
        throw PyError.index("index \(Int(m)) is out of bounds for axis 1 with size \(n)")
    }
    let out = try tensorCall { try Tensor.zeros(shape + [n], dtype: .float64) }
    for (i, v) in values.enumerated() { out.setDouble(1, at: i * n + Int(v)) }
    return .obj(PyNDArray(out))
}

/// The terminal width Python's shutil would report: $COLUMNS, the terminal, or 80.
func terminalWidth() -> Int32 {
    if let c = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int32(c), n > 0 { return n }
    var w = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &w) == 0 && w.ws_col > 0 { return Int32(w.ws_col) }
    return 80
}
