// get_config() of layers and models as Keras 3 returns it: every key of the class's configuration
// in Keras's order, the layer's own arguments in place of the defaults (activations by name,
// initializers, regularizers and constraints as their serialized dicts), and for models the
// layers and, for functional ones, the graph's calls.
import KScript
import Foundation
import Keras

extension KerasSession {
    /// Each layer class's configuration with default arguments (LayerDefaultsSource), loaded once.
    func layerDefaults(_ className: String) throws -> [(String, Value)]? {
        guard let entries = try layerDefaultsModule().get("LAYER_DEFAULTS").flatMap({ (v: Value) -> Value? in
            if case .obj(let d as PyDict) = v { return d.get(className) }
            return nil
        }) else { return nil }
        return try interp.iterateAll(entries).map { pair in
            let kv = try interp.iterateAll(pair)
            return (try interp.strArg(kv[0], "key"), kv[1])
        }
    }

    func layerDefaultsModule() throws -> PyModule {
        if let m = layerDefaultsTable { return m }
        let m = interp.makeNativeModule("keras._layer_defaults", [])
        try interp.run(source: LayerDefaultsSource.text, file: LayerDefaultsSource.file, module: m)
        layerDefaultsTable = m
        return m
    }

    /// Whether Keras records the input shape a layer of this class was built for.
    func recordsBuildShape(_ layer: Layer) throws -> Bool {
        if layer is Model { return true }
        guard case .obj(let classes as PySet)? = try layerDefaultsModule().get("BUILD_CONFIG_CLASSES") else { return false }
        return classes.storage.contains(HashKey(.string(layer.className)))
    }

    /// Keras's dtype policy entry (a fresh dict each time: configs are the caller's to change).
    static func policy() -> Value {
        .obj(dict([("module", .string("keras")), ("class_name", .string("DTypePolicy")),
                   ("config", .obj(dict([("name", .string("float32"))]))), ("registered_name", .none)]))
    }

    static func dict(_ items: [(String, Value)]) -> PyDict {
        let d = PyDict()
        for (k, v) in items { d.set(k, v) }
        return d
    }

    static func shapeTuple(_ shape: [Int?]) -> Value { .obj(PyTuple(shape.map { $0.map { .int($0) } ?? .none })) }

    /// A layer's get_config().
    func layerConfig(_ py: PyLayer) throws -> PyDict {
        let layer: Layer = py.layer
        if let model = layer as? Model, model is Sequential || model is Functional { return try modelConfig(model) }
        if let input = layer as? InputLayer {
            return Self.dict([("batch_shape", Self.shapeTuple(input.output.shape)), ("dtype", .string(input.output.dtype)), ("sparse", .bool(false)),
                              ("ragged", .bool(false)), ("name", .string(layer.name)), ("optional", .bool(false))])
        }
        if layer.className == "RNN" {
            throw PyError.notImplemented("get_config (and saving) of a keras.layers.RNN layer is not supported by kscript yet; the LSTM, GRU and SimpleRNN layers have it")
        }
        guard let defaults = try layerDefaults(layer.className) else {
            return Self.dict([("name", .string(layer.name)), ("trainable", .bool(layer.trainable)), ("dtype", Self.policy())])
        }
        let given = Dictionary(py.arguments, uniquingKeysWith: { a, _ in a })
        let config = Self.dict(try defaults.map { key, standard in
            switch key {
            case "name": return (key, .string(layer.name))
            case "trainable": return (key, .bool(layer.trainable))
            default:
                if let v = py.baseArguments[key] { return (key, try configValue(v, key: key)) }
                if let v = given[key] { return (key, try configValue(py.attrs[key] ?? v, key: key)) }
                return (key, standard)
            }
        })
        // Bidirectional names its two copies of the wrapped layer forward_… and backward_….
        if let b = layer as? Bidirectional {
            for (key, prefix) in [("layer", "forward_"), ("backward_layer", "backward_")] {
                let entry = try serializedLayer(b.forward)
                if case .obj(let c as PyDict)? = entry.get("config") {
                    c.set("name", .string(prefix + b.forward.name))
                    if key == "backward_layer", case .bool(let back)? = c.get("go_backwards") { c.set("go_backwards", .bool(!back)) }
                }
                entry.storage.removeValue(forKey: HashKey(.string("build_config")))
                config.set(key, .obj(entry))
            }
        }
        // MultiHeadAttention fills in value_dim, and its attention axes once built.
        if let m = layer as? MultiHeadAttention {
            config.set("value_dim", .int(m.valueDim))
            if m.built { config.set("attention_axes", .obj(PyTuple([.int(1)]))) }
        }
        return config
    }

    /// A layer as a model's config lists it: {module, class_name, config, registered_name[, build_config]}.
    func serializedLayer(_ layer: Layer) throws -> PyDict {
        let py = PyLayer.wrap(layer, session: self)
        var items: [(String, Value)] = [("module", .string(layer is Model ? "keras" : "keras.layers")), ("class_name", .string(layer.className)),
                                        ("config", .obj(try layerConfig(py))), ("registered_name", .none)]
        if let node = layer.inboundNodes.first, try recordsBuildShape(layer) {
            let shapes = node.inputs.map { Self.shapeTuple($0.shape) }
            items.append(("build_config", .obj(Self.dict([("input_shape", shapes.count == 1 ? shapes[0] : .obj(PyList(shapes)))]))))
        }
        return Self.dict(items)
    }

    func modelConfig(_ model: Model) throws -> PyDict {
        if let op = model.layers.first(where: { $0.isOperation }) {
            throw PyError.notImplemented("get_config (and saving) of a model with arithmetic on its symbolic tensors (\(op.name)) is not supported by kscript yet; use keras.layers.Add, Multiply, ... instead")
        }
        if let s = model as? Sequential {
            var layers: [Value] = []
            if let input = s.inputs.first?.layer as? InputLayer { layers.append(.obj(try serializedLayer(input))) }
            layers += try s.layers.map { .obj(try serializedLayer($0)) }
            var items: [(String, Value)] = [("name", .string(s.name)), ("trainable", .bool(s.trainable)), ("dtype", Self.policy()), ("layers", .obj(PyList(layers)))]
            if let shape = s.inputs.first?.shape { items.append(("build_input_shape", Self.shapeTuple(shape))) }
            return Self.dict(items)
        }
        guard let functional = model as? Functional else { return Self.dict([("name", .string(model.name)), ("trainable", .bool(model.trainable))]) }
        // [layer name, call number within this model, output number]: Keras's keras_history.
        func history(_ t: KerasTensor) -> Value {
            let calls = t.layer.map { functional.graphCalls(of: $0) } ?? []
            let call = calls.firstIndex { $0.outputs.contains { $0 === t } } ?? 0
            return .obj(PyList([.string(t.layer?.name ?? ""), .int(call), .int(t.tensorIndex)]))
        }
        func tensor(_ t: KerasTensor) -> Value {
            .obj(Self.dict([("class_name", .string("__keras_tensor__")),
                            ("config", .obj(Self.dict([("shape", Self.shapeTuple(t.shape)), ("dtype", .string(t.dtype)), ("keras_history", history(t))])))]))
        }
        func call(_ node: Node) -> Value {
            if (node.layer is LSTM && node.inputs.count == 3) || ((node.layer is GRU || node.layer is SimpleRNN) && node.inputs.count == 2) {
                return .obj(Self.dict([("args", .obj(PyTuple([tensor(node.inputs[0])]))),
                                       ("kwargs", .obj(Self.dict([("initial_state", .obj(PyList(node.inputs[1...].map(tensor))))])))]))
            }
            // MultiHeadAttention takes its query and value as two arguments, the key and the mask by name.
            if let m = node.layer as? MultiHeadAttention {
                var kwargs: [(String, Value)] = []
                if m.callHasKey { kwargs.append(("key", tensor(node.inputs[2]))) }
                if m.callHasMask { kwargs.append(("attention_mask", tensor(node.inputs[m.callHasKey ? 3 : 2]))) }
                if m.returnScores { kwargs.append(("return_attention_scores", .bool(true))) }
                if m.causal { kwargs.append(("use_causal_mask", .bool(true))) }
                return .obj(Self.dict([("args", .obj(PyTuple([tensor(node.inputs[0]), tensor(node.inputs[1])]))), ("kwargs", .obj(Self.dict(kwargs)))]))
            }
            let args: Value = node.inputs.count == 1 ? tensor(node.inputs[0]) : .obj(PyList(node.inputs.map(tensor)))
            var kwargs: [(String, Value)] = []
            if let a = node.layer as? DotAttention {
                if a.returnScores { kwargs.append(("return_attention_scores", .bool(true))) }
                if a.causal { kwargs.append(("use_causal_mask", .bool(true))) }
            }
            return .obj(Self.dict([("args", .obj(PyTuple([args]))), ("kwargs", .obj(Self.dict(kwargs)))]))
        }
        let layers: [Value] = try functional.layers.map { layer in
            let entry = try serializedLayer(layer)
            entry.set("name", .string(layer.name))
            entry.set("inbound_nodes", .obj(PyList(functional.graphCalls(of: layer).filter { !$0.inputs.isEmpty }.map(call))))
            return .obj(entry)
        }
        // One tensor is written bare, several as a list, as Keras writes them.
        let ends = { (ts: [KerasTensor]) -> Value in ts.count == 1 ? history(ts[0]) : .obj(PyList(ts.map(history))) }
        return Self.dict([("name", .string(functional.name)), ("trainable", .bool(functional.trainable)), ("layers", .obj(PyList(layers))),
                          ("input_layers", ends(functional.inputs)), ("output_layers", ends(functional.outputs))])
    }

    /// An argument as Keras's config holds it.
    func configValue(_ v: Value, key: String) throws -> Value {
        switch v {
        case .str(let s) where key.hasSuffix("_initializer") || key.hasSuffix("_regularizer") || key.hasSuffix("_constraint"):
            let kind = key.hasSuffix("_initializer") ? "initializers" : key.hasSuffix("_regularizer") ? "regularizers" : "constraints"
            guard let type = try interp.importNative("keras." + kind).get(KerasSession.aliases[s.value] ?? s.value) else { return v }
            return try configValue(try interp.call(type, [], []), key: key)
        case .obj(let o):
            if let name = activationFunctions[ObjectIdentifier(o)] { return .string(name) }
            if let f = o as? PyFunction {
                // A plain function, as Keras serializes one it has not registered.
                return .obj(Self.dict([("module", .string("builtins")), ("class_name", .string("function")), ("config", .string(f.name)),
                                       ("registered_name", .string("function"))]))
            }
            if let inner = o as? PyLayer { return .obj(try serializedLayer(inner.layer)) }
            if let t = o as? PyTuple { return .obj(PyTuple(try t.items.map { try configValue($0, key: key) })) }
            if let l = o as? PyList { return .obj(PyList(try l.items.map { try configValue($0, key: key) })) }
            if let inst = o as? PyInstance, let kind = configBases.first(where: { inst.cls.isSubtype(of: $0.value) })?.key,
               let getConfig = inst.cls.lookup("get_config") {
                return .obj(Self.dict([("module", .string("keras.\(kind.lowercased())s")), ("class_name", .string(inst.cls.name)),
                                       ("config", try interp.call(getConfig, [v])), ("registered_name", .none)]))
            }
            return v
        default:
            return v
        }
    }
}

// MARK: models from configs: to_json, model_from_json, from_config, clone_model

extension KerasSession {
    /// A whole model as Keras serializes it (what to_json writes).
    func serializedModel(_ py: PyLayer, _ model: Model) throws -> PyDict {
        let sequential = model is Sequential
        let built: Value = sequential ? (model.inputs.first.map { Self.shapeTuple($0.shape) } ?? .none) : .none
        let compiled = try compileConfig(py).map { try pythonValue($0) } ?? .obj(PyDict())
        return Self.dict([("module", .string(sequential ? "keras" : "keras.src.models.functional")),
                          ("class_name", .string(sequential ? "Sequential" : "Functional")), ("config", .obj(try modelConfig(model))),
                          ("registered_name", sequential ? .none : .string("Functional")),
                          ("build_config", .obj(Self.dict([("input_shape", built)]))), ("compile_config", compiled)])
    }

    /// A config of kscript values as the JSON objects the model loader reads.
    func jsonObject(_ v: Value) throws -> Any {
        switch v {
        case .none: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .float(let d): return d
        case .str(let s): return s.value
        case .obj(let t as PyTuple): return try t.items.map(jsonObject)
        case .obj(let l as PyList): return try l.items.map(jsonObject)
        case .obj(let d as PyDict):
            var out: [String: Any] = [:]
            for (k, value) in d.storage { out[try interp.str(k.value)] = try jsonObject(value) }
            return out
        default: throw PyError.type("Object of type \(interp.typeName(v)) is not JSON serializable")
        }
    }

    func defineConfigMethods() {
        modelType.def("to_json", ["**kwargs"]) { [unowned self] interp, a in
            guard let py = a[0].object as? PyLayer, let model = py.layer as? Model else { return .none }
            let dumps = try interp.importNative("json").get("dumps")!
            let kwargs = try interp.iterateAll(a[1]).map { k in (try interp.str(k), try interp.getItem(a[1], k)) }
            return try interp.call(dumps, [.obj(try self.serializedModel(py, model))], kwargs)
        }
        // Model.from_config(config) and Sequential.from_config(config): the layers made again, with fresh weights.
        for (type, kind) in [(modelType, "Functional"), (sequentialClass(), "Sequential")] {
            type.dict["from_config"] = .obj(PyClassMethod(nativeFunction("from_config", ["cls", "config", "custom_objects"], defaults: [.none]) { [unowned self] _, a in
                let config = try self.jsonObject(a[1])
                var sequential = kind == "Sequential"
                if case .obj(let cls as PyType) = a[0], cls === self.sequentialClass() { sequential = true }
                return try self.buildModel(["class_name": sequential ? "Sequential" : "Functional", "config": config])
            }))
        }
        layerType.dict["from_config"] = .obj(PyClassMethod(nativeFunction("from_config", ["cls", "config"]) { [unowned self] interp, a in
            guard case .obj(let cls as PyType) = a[0] else { return .none }
            // A layer class written in the script is made as Keras makes it: cls(**config).
            if !cls.isBuiltin {
                let kwargs = try interp.iterateAll(a[1]).map { k in (try interp.strArg(k, "config key"), try interp.getItem(a[1], k)) }
                return try interp.call(a[0], [], kwargs)
            }
            return try self.makeLayer(["class_name": cls.name, "config": try self.jsonObject(a[1])])
        }))
    }

    func modelFromJSONFunction() -> Value {
        nativeFunction("model_from_json", ["json_string", "custom_objects"], defaults: [.none]) { [unowned self] interp, a in
            let text = try interp.strArg(a[0], "json_string")
            guard let entry = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw PyError.value("model_from_json needs the JSON text of a model (what to_json returns)")
            }
            return try self.buildModel(entry)
        }
    }

    /// keras.models.clone_model: the same architecture with new weights (drawn afresh).
    func cloneModelFunction() -> Value {
        nativeFunction("clone_model", ["model", "input_tensors", "clone_function", "call_function", "recursive"],
                       defaults: [.none, .none, .none, .bool(false)]) { [unowned self] _, a in
            guard let py = a[0].object as? PyLayer, let model = py.layer as? Model, model is Sequential || model is Functional else {
                throw PyError.value("Expected `model` argument to be a `Model` instance. Received: model=\(try self.interp.repr(a[0]))")
            }
            for arg in a[1...] where !arg.isNone {
                if case .bool(false) = arg { continue }
                throw PyError.notImplemented("clone_model with input_tensors, clone_function or call_function is not supported by kscript yet")
            }
            guard let entry = try self.jsonObject(.obj(try self.serializedModel(py, model))) as? [String: Any] else { return .none }
            return try self.buildModel(entry)
        }
    }
}
