// The `keras` modules for one interpreter: the engine context (names, counters) and the layer
// classes exposed to scripts, with Keras's argument names, defaults and errors.
import Foundation
import KScript
import Keras
import KTensor

final class KerasSession {
    let context = KerasContext()
    var types: [String: PyType] = [:]
    /// Each layer class's constructor parameters (what a saved config may pass back).
    var layerParameters: [String: [String]] = [:]
    var keepAlive: [PyLayer] = []
    /// One script object per layer weight, so `layer.weights` and `self.w` are the same objects.
    var weightWrappers: [ObjectIdentifier: PyVariable] = [:]
    /// How many eager layer calls are running (the outermost one clears the added losses).
    var eagerDepth = 0

    /// Keras's default configuration of each layer class, once a get_config() needed it.
    var layerDefaultsTable: PyModule?
    /// The base classes of keras.initializers/regularizers/constraints objects, once imported.
    var configBases: [String: PyType] = [:]
    /// keras.losses functions, so compile(loss=keras.losses.mse) knows which loss it is given.
    var lossFunctions: [ObjectIdentifier: Loss.Kind] = [:]
    /// keras.activations functions, so Dense(activation=keras.activations.relu) knows which it is.
    var activationFunctions: [ObjectIdentifier: String] = [:]
    /// The script's own activation functions (kept alive by their closures in the context), by
    /// the name their layers use.
    var scriptActivationNames: [ObjectIdentifier: String] = [:]
    unowned let interp: Interpreter

    static let kerasTensorType: PyType = {
        let t = PyType(name: "KerasTensor", bases: [BuiltinTypes.object], module: "keras")
        t.getter("shape") { _, v in
            guard case .obj(let k as PyKerasTensor) = v else { return .none }
            return .obj(PyTuple(k.tensor.shape.map { $0.map { Value.int($0) } ?? .none }))
        }
        t.getter("dtype") { _, v in .string((v.object as? PyKerasTensor)?.tensor.dtype ?? "") }
        t.getter("name") { _, v in .string((v.object as? PyKerasTensor)?.tensor.name ?? "") }
        return t
    }()

    let layerType: PyType
    let modelType: PyType

    /// Whether fit is running a model right now (layers called on values inside call() follow it).
    var eagerTraining = false

    /// keras.callbacks.Callback: its hooks do nothing until a script's subclass overrides them.
    lazy var callbackBase: PyType = {
        let t = PyType(name: "Callback", bases: [BuiltinTypes.object], module: "keras.callbacks")
        t.def("__init__") { _, _ in .none }
        for hook in KerasSession.callbackHooks { t.def(hook, ["*args", "**kwargs"]) { _, _ in .none } }
        t.def("set_model", ["model"]) { interp, a in try interp.setAttr(a[0], "model", a[1]); return .none }
        return t
    }()
    /// What fit returns: `.history`, `.epoch`, `.params`, `.model`.
    lazy var historyType = PyType(name: "History", bases: [callbackBase], module: "keras.callbacks")

    init(_ interp: Interpreter) {
        self.interp = interp
        layerType = PyType(name: "Layer", bases: [BuiltinTypes.object], module: "keras.layers")
        modelType = PyType(name: "Model", bases: [layerType], module: "keras.models")
        defineLayerBase()
        defineScriptLayerBase()
        defineModelMethods()
        defineConfigMethods()
        types["Functional"] = PyType(name: "Functional", bases: [modelType], module: "keras.src.models.functional")
    }

    /// Keyword arguments every layer accepts (Keras's base Layer arguments).
    static let baseLayerArguments: Set<String> = [
        "name", "input_shape", "input_dim", "batch_size", "batch_input_shape", "dtype", "trainable",
        "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "bias_constraint", "recurrent_initializer",
        "recurrent_regularizer", "recurrent_constraint", "embeddings_initializer", "embeddings_regularizer",
        "embeddings_constraint", "mask_zero", "input_length", "seed", "noise_shape",
    ]

    static let activations: Set<String> = [
        "linear", "relu", "sigmoid", "softmax", "tanh", "elu", "selu", "softplus", "softsign", "hard_sigmoid",
        "exponential", "gelu", "swish", "silu", "leaky_relu", "relu6", "mish", "log_softmax", "hard_silu", "hard_swish",
    ]

    func activationArg(_ v: Value) throws -> String {
        switch v {
        case .none: return "linear"
        case .str(let s):
            guard KerasSession.activations.contains(s.value) else {
                throw PyError.value("Could not interpret activation function identifier: \(s.value)")
            }
            return s.value
        case .obj(let f) where activationFunctions[ObjectIdentifier(f)] != nil:
            return activationFunctions[ObjectIdentifier(f)]!
        case .obj(let f) where f is PyFunction || f is PyBoundMethod || f.pyType.lookup("__call__") != nil:
            return try scriptActivationName(f)
        default:
            throw PyError.value("Could not interpret activation function identifier: \(try interp.repr(v))")
        }
    }

    /// A function of the script's given as an activation (`Dense(8, activation=my_fn)`): layers
    /// know it by its name (made unique), and call it on their outputs as a `keras.ops` function.
    func scriptActivationName(_ f: PyObject) throws -> String {
        if let known = scriptActivationNames[ObjectIdentifier(f)] { return known }
        let base = (f as? PyFunction)?.name ?? (try? interp.str(try interp.getAttr(.obj(f), "__name__"))) ?? KerasContext.snakeCase(f.pyType.name)
        var name = base, n = 1
        while context.scriptActivations[name] != nil || KerasSession.activations.contains(name) { name = "\(base)_\(n)"; n += 1 }
        let function = Value.obj(f)
        context.scriptActivations[name] = { [unowned self] x in
            do { return try ScriptTensors.variable(self.interp, try self.interp.call(function, [.obj(PyVariable(x))])) }
            catch let e as PyError { throw ScriptError(error: e) }
        }
        scriptActivationNames[ObjectIdentifier(f)] = name
        return name
    }

    /// Defines a layer class: `params` are Keras's constructor arguments with their defaults.
    func defineLayer(_ name: String, _ params: [String], defaults: [Value], base: PyType? = nil,
                     make: @escaping (KerasSession, [Value], String?) throws -> Layer) {
        let t = PyType(name: name, bases: [base ?? layerType], module: "keras.layers")
        let sig = NativeSignature("\(name).__init__", params, defaults: defaults)
        t.construct = { [unowned self] interp, type, args, kw in
            var known: KwArgs = [], base: [String: Value] = [:], unknown: [String] = []
            for (k, v) in kw {
                if sig.spec.positional.contains(k) || sig.spec.kwOnly.contains(k) { known.append((k, v)) }
                else if KerasSession.baseLayerArguments.contains(k) { base[k] = v }
                else { unknown.append("'\(k)': \(try interp.repr(v))") }
            }
            // Python binds the constructor's own parameters before Keras looks at the rest.
            let bound = try sig.bind(args, known)
            if !unknown.isEmpty {
                throw PyError.value("Unrecognized keyword arguments passed to \(name): {\(unknown.joined(separator: ", "))}")
            }
            let layerName = try base["name"].flatMap { $0.isNone ? nil : try interp.strArg($0, "name") }
            try self.refuseUnsupportedArguments(name, Dictionary(uniqueKeysWithValues: zip(params, bound)), base)
            let layer = try kerasCall { try make(self, bound, layerName) }
            for (k, v) in base where k != "name" {
                try self.checkConfigArgument(k, v)
                try self.applyConfigArgument(layer, k, v)
            }
            if let tr = base["trainable"] { layer.trainable = try interp.truthy(tr) }
            let py = PyLayer.wrap(layer, session: self)
            try self.applyInputShape(py, base)
            py.arguments = Array(zip(params, bound))
            py.baseArguments = base.filter { $0.key != "name" && $0.key != "trainable" }
            for (param, value) in zip(params, bound) where type.lookup(param) == nil {
                py.attrs[param] = try self.constructorAttribute(name, param, value, bound: Dictionary(uniqueKeysWithValues: zip(params, bound)))
            }
            return .obj(py)
        }
        t.dict["__signature__"] = nativeFunction(name, params, defaults: defaults) { _, _ in .none }
        types[name] = t
        layerParameters[name] = params
    }

    /// Arguments whose effect kscript does not compute yet: refused by name rather than ignored.
    func refuseUnsupportedArguments(_ layer: String, _ arguments: [String: Value], _ base: [String: Value]) throws {
        if case .str(let f)? = arguments["data_format"], f.value != "channels_last" {
            throw PyError.notImplemented("\(layer)(data_format='\(f.value)') is not supported by kscript yet; kscript's layers are channels-last, as Keras's default")
        }
        if layer.hasPrefix("UpSampling"), case .str(let i)? = arguments["interpolation"], i.value != "nearest" {
            throw PyError.notImplemented("\(layer)(interpolation='\(i.value)') is not supported by kscript yet; 'nearest' is")
        }
    }

    /// A constructor argument as the layer's attribute holds it in Keras: sizes as tuples of the
    /// layer's rank, activations as functions, padding in lower case, the default data format.
    func constructorAttribute(_ layer: String, _ param: String, _ value: Value, bound: [String: Value]) throws -> Value {
        let rank = layer.contains("1D") ? 1 : (layer.contains("2D") ? 2 : 0)
        switch param {
        case "padding" where layer == "ZeroPadding1D", "cropping" where layer == "Cropping1D":
            if case .int = value { return .obj(PyTuple([value, value])) }
            return .obj(PyTuple(try interp.iterateAll(value)))
        case "kernel_size", "strides", "pool_size", "dilation_rate", "size":
            // Sizes become tuples of the layer's rank (UpSampling1D keeps its size as given).
            guard rank > 0 && layer != "UpSampling1D" else { return value }
            if value.isNone, param == "strides", let pool = bound["pool_size"] {
                return try constructorAttribute(layer, "pool_size", pool, bound: bound)
            }
            if value.isNone { return value }
            if case .int = value { return .obj(PyTuple(Array(repeating: value, count: rank))) }
            return .obj(PyTuple(try interp.iterateAll(value)))
        case "padding":
            if case .str(let s) = value { return .string(s.value.lowercased()) }
            return value
        case "data_format":
            return value.isNone ? .string("channels_last") : value
        case "activation", "recurrent_activation":
            guard let functions = try? interp.importNative("keras.activations") else { return value }
            if value.isNone { return functions.get("linear") ?? value }
            if case .str(let s) = value { return functions.get(s.value) ?? value }
            return value
        case "dropout", "recurrent_dropout":
            // Recurrent layers keep min(1.0, max(0.0, value)): a float.
            guard layer != "Dropout" else { return value }
            return .float(Swift.min(1, Swift.max(0, try interp.floatArg(value))))
        default:
            return value
        }
    }

    /// `input_shape=`/`input_dim=` on a layer: Sequential starts from an Input of that shape.
    func applyInputShape(_ py: PyLayer, _ base: [String: Value]) throws {
        var shape: [Int?]? = nil
        if let s = base["input_shape"], !s.isNone { shape = try shapeArg(s) }
        if let d = base["input_dim"], !d.isNone { shape = [try interp.intArg(d)] }
        if let s = shape {
            let batch = try base["batch_size"].flatMap { $0.isNone ? nil : try interp.intArg($0) }
            py.attrs["_input_shape"] = .obj(PyTuple(s.map { $0.map { Value.int($0) } ?? .none }))
            py.attrs["_batch_size"] = batch.map { .int($0) }
        }
    }

    /// A shape tuple with possible None entries.
    func shapeArg(_ v: Value) throws -> [Int?] {
        if case .int(let n) = v { return [n] }
        return try interp.iterateAll(v).map { $0.isNone ? nil : try interp.intArg($0) }
    }

    func pair(_ v: Value, _ what: String, allowZero: Bool = false) throws -> (Int, Int) {
        let values = try intTuple(v, 2, what, allowZero: allowZero)
        return (values[0], values[1])
    }

    /// An int, or the single entry of a 1-tuple (`kernel_size=3` or `(3,)`).
    func single(_ v: Value, _ what: String) throws -> Int {
        try intTuple(v, 1, what, allowZero: false)[0]
    }

    /// Dot's `axes`: an int or two (negative ones count from the end), with Keras's errors.
    func dotAxes(_ v: Value) throws -> (Int, Int) {
        if case .int(let k) = v { return (k, k) }
        let shown = try interp.str(v)
        guard case .obj(let o) = v, o is PyList || o is PyTuple else {
            throw PyError.type("Invalid type for argument `axes`: it should be a list or an int. Received: axes=\(shown)")
        }
        let items = try interp.iterateAll(v)
        guard items.count == 2 else { throw PyError.value("Invalid format for argument `axes`: it should contain two elements. Received: axes=\(shown)") }
        guard case .int(let first) = items[0], case .int(let second) = items[1] else {
            throw PyError.value("Invalid format for argument `axes`: list elements should be integers. Received: axes=\(shown)")
        }
        return (first, second)
    }

    /// An int (repeated n times) or n ints, all positive (or not negative with `allowZero`), checked
    /// as Keras's standardize_tuple checks them, with its messages.
    func intTuple(_ v: Value, _ n: Int, _ what: String, allowZero: Bool) throws -> [Int] {
        var message = "The `\(what)` argument must be a tuple of \(n) integers. Received \(what)=\(try interp.str(v))"
        var values: [Int] = []
        if case .int(let k) = v {
            values = Array(repeating: k, count: n)
        } else {
            guard let items = try? interp.iterateAll(v), items.count == n else { throw PyError.value(message) }
            for item in items {
                guard case .int(let k)? = try? interp.call(.obj(BuiltinTypes.int), [item]) else {
                    message += "including element \(try interp.str(item)) of type \(try interp.repr(.obj(interp.typeOf(item))))"
                    throw PyError.value(message)
                }
                values.append(k)
            }
        }
        let unqualified = values.filter { allowZero ? $0 < 0 : $0 <= 0 }
        if !unqualified.isEmpty {
            let set = try interp.call(.obj(BuiltinTypes.set), [.obj(PyList(unqualified.map { .int($0) }))])
            message += ", including values \(try interp.repr(set)) that do not satisfy `value \(allowZero ? ">= 0" : "> 0")`"
            throw PyError.value(message)
        }
        return values
    }

    /// ZeroPadding2D/Cropping2D amounts: n, (rows, cols) or ((top, bottom), (left, right)).
    func edgePairs(_ v: Value) throws -> ((Int, Int), (Int, Int)) {
        if case .int(let n) = v { return ((n, n), (n, n)) }
        let items = try interp.iterateAll(v)
        guard items.count == 2 else { throw PyError.value("`padding` should have two elements. Received: \(try interp.repr(v)).") }
        func pairOf(_ x: Value) throws -> (Int, Int) {
            if case .int(let n) = x { return (n, n) }
            let p = try interp.iterateAll(x).map { try interp.intArg($0) }
            guard p.count == 2 else { throw PyError.value("`padding[i]` should have two elements. Received: \(try interp.repr(x)).") }
            return (p[0], p[1])
        }
        return (try pairOf(items[0]), try pairOf(items[1]))
    }

    /// A functional model's inputs or outputs: one tensor, a list or tuple of them, or a dict of
    /// them (in its order); anything else is Keras's ValueError.
    func modelTensors(_ v: Value, role: String) throws -> [KerasTensor] {
        let items: [Value]
        switch v {
        case .obj(let d as PyDict): items = d.storage.map { $0.1 }
        case .obj(let o) where o is PyList || o is PyTuple: items = try interp.iterateAll(v)
        default: items = [v]
        }
        return try items.map { x in
            guard case .obj(let k as PyKerasTensor) = x else {
                throw PyError.value("All `\(role)` values must be KerasTensors. Received: \(role)=\(try interp.str(v)) including invalid value \(try interp.str(x)) of type <class '\(interp.typeName(x))'>")
            }
            return k.tensor
        }
    }

    /// Symbolic tensors from a call argument (one tensor or a list of them).
    func tensors(_ v: Value) throws -> [KerasTensor] {
        if case .obj(let k as PyKerasTensor) = v { return [k.tensor] }
        if case .obj(let o) = v, o is PyList || o is PyTuple {
            return try interp.iterateAll(v).map { x in
                guard case .obj(let k as PyKerasTensor) = x else {
                    throw PyError.type("A layer called on a list of KerasTensors got \(try interp.repr(x)) (of type \(interp.typeName(x))) among them: every item must be a KerasTensor (the result of keras.Input or of another layer)")
                }
                return k.tensor
            }
        }
        if case .obj(is PyNDArray) = v {
            throw PyError.notImplemented("calling a layer on a numpy array (eager execution) is not supported by kscript yet")
        }
        throw PyError.type("Layers must be called on a KerasTensor (the result of keras.Input or of another layer). Received: \(try interp.repr(v)) (of type \(interp.typeName(v)))")
    }

    /// One tensor bare; several as a list, or as a tuple where Keras makes one (a layer's several
    /// outputs, such as a recurrent layer's output and states).
    func wrapOutputs(_ ts: [KerasTensor], tuple: Bool = false) -> Value {
        if ts.count == 1 { return .obj(PyKerasTensor.wrap(ts[0])) }
        let items: [Value] = ts.map { .obj(PyKerasTensor.wrap($0)) }
        return tuple ? .obj(PyTuple(items)) : .obj(PyList(items))
    }

    func defineLayerBase() {
        let t = layerType
        t.def("__call__", ["inputs", "**kwargs"]) { [unowned self] interp, a in
            guard case .obj(let p as PyLayer) = a[0] else { return .none }
            if p.layer == nil { try self.attachScriptLayer(p, name: nil) }
            // An LSTM's initial_state=[h, c] joins its inputs.
            var initialState: Value? = nil
            if case .obj(let d as PyDict) = a[2], let s = d.get("initial_state"), !s.isNone {
                guard p.layer is LSTM || p.layer is GRU || p.layer is SimpleRNN else {
                    throw PyError.notImplemented("initial_state on a \(p.layer.className) layer is not supported by kscript yet (LSTM, GRU and SimpleRNN take it)")
                }
                initialState = s
            }
            if !self.isSymbolic(a[1]) {
                var training: Bool? = nil
                if case .obj(let d as PyDict) = a[2], let tr = d.get("training"), !tr.isNone { training = try interp.truthy(tr) }
                let inputs = try initialState.map { .obj(PyList([a[1]] + (try interp.iterateAll($0)))) } ?? a[1]
                return try self.eagerCall(p.layer, inputs, training: training)
            }
            let ins = try self.tensors(a[1]) + (try initialState.map { try self.tensors($0) } ?? [])
            return self.wrapOutputs(try kerasCall { try p.layer.call(ins) }, tuple: !(p.layer is Model))
        }
        t.getter("name") { _, v in .string((v.object as? PyLayer)?.layer.name ?? "") }
        t.getter("built") { _, v in .bool((v.object as? PyLayer)?.layer.built ?? false) }
        t.property("trainable", get: { _, v in .bool((v.object as? PyLayer)?.layer.trainable ?? false) },
                   set: { interp, v, x in (v.object as? PyLayer)?.layer.setTrainable(try interp.truthy(x)) })
        func variables(_ v: Value, _ keep: (WeightEntry) -> Bool) -> Value {
            let layer = (v.object as? PyLayer)?.layer
            return .obj(PyList((layer?.weightEntries() ?? []).filter(keep).map { .obj(self.wrapWeight($0, scope: layer)) }))
        }
        t.getter("weights") { _, v in variables(v) { _ in true } }
        t.getter("trainable_weights") { _, v in variables(v) { $0.trainable } }
        // The added losses of the latest call, then the weights' regularization penalties, as Keras lists them.
        t.getter("losses") { _, v in
            guard let l = (v.object as? PyLayer)?.layer else { return .obj(PyList()) }
            var out: [Value] = l.lossesAdded().map { .obj(PyVariable($0)) }
            for e in l.weightEntries() {
                if let r = e.layer.regularizers[e.role] { out.append(.obj(PyVariable(try tensorCall { try r.penalty(Variable(e.variable.value)) }))) }
            }
            return .obj(PyList(out))
        }
        t.getter("non_trainable_weights") { _, v in variables(v) { !$0.trainable } }
        t.getter("output") { [unowned self] _, v in
            // A functional model's output is its own graph's (a Sequential has none until called, as in Keras 3).
            if let given = (v.object as? PyLayer)?.attrs["_output_structure"] { return given }
            if let m = (v.object as? PyLayer)?.layer as? Model, !(m is Sequential), !m.outputs.isEmpty { return self.wrapOutputs(m.outputs) }
            guard let l = (v.object as? PyLayer)?.layer, let n = l.inboundNodes.first else {
                throw PyError.attribute("The layer \((v.object as? PyLayer)?.layer.name ?? "") has never been called and thus has no defined output.")
            }
            return self.wrapOutputs(n.outputs, tuple: !(l is Model))
        }
        t.getter("input") { [unowned self] _, v in
            if let given = (v.object as? PyLayer)?.attrs["_input_structure"] { return given }
            if let m = (v.object as? PyLayer)?.layer as? Model, !(m is Sequential), !m.inputs.isEmpty { return self.wrapOutputs(m.inputs) }
            guard let l = (v.object as? PyLayer)?.layer, let n = l.inboundNodes.first else {
                throw PyError.attribute("The layer \((v.object as? PyLayer)?.layer.name ?? "") has never been called and thus has no defined input.")
            }
            return n.inputs.isEmpty ? self.wrapOutputs(n.outputs) : self.wrapOutputs(n.inputs)
        }
        t.def("count_params") { _, a in .int((a[0].object as? PyLayer)?.layer.parameterCount ?? 0) }
        t.def("get_config") { [unowned self] _, a in
            guard let py = a[0].object as? PyLayer else { return .obj(PyDict()) }
            return .obj(try self.layerConfig(py))
        }
        t.def("get_weights") { _, a in
            guard let l = (a[0].object as? PyLayer)?.layer else { return .none }
            return .obj(PyList(l.weightEntries().map { .obj(PyNDArray((try? $0.variable.value.astype(.float32, copy: true)) ?? $0.variable.value)) }))
        }
        t.def("set_weights", ["weights"]) { interp, a in
            guard let l = (a[0].object as? PyLayer)?.layer else { return .none }
            let values = try interp.iterateAll(a[1]).map { try NumpyModule.toTensor(interp, $0, dtype: nil) }
            try kerasCall { try tensorCall { try setWeights(of: l, values) } }
            return .none
        }

    }

    func defineModelMethods() {
        let t = modelType
        t.def("summary", ["line_length", "positions", "print_fn", "expand_nested", "show_trainable", "layer_range"],
              defaults: [.none, .none, .none, .bool(false), .bool(false), .none]) { [unowned self] interp, a in
            guard case .obj(let p as PyLayer) = a[0], let m = p.layer as? Model else { return .none }
            let length = a[1].isNone ? nil : try interp.intArg(a[1])
            let text = Summary.render(m, lineLength: length, terminalColumns: self.terminalColumns(),
                                      expandNested: try interp.truthy(a[4]), showTrainable: try interp.truthy(a[5]))
            if !a[3].isNone, case .obj = a[3] { _ = try interp.call(a[3], [.string(text)], []) } else { interp.out.write(text) }
            return .none
        }
        t.getter("layers") { [unowned self] _, v in
            guard let m = (v.object as? PyLayer)?.layer as? Model else { return .obj(PyList()) }
            (m as? ScriptModel)?.refreshLayers()
            // Operation nodes (arithmetic on symbolic tensors) are not layers, as in Keras 3.
            return .obj(PyList(m.layers.filter { !$0.isOperation }.map { .obj(PyLayer.wrap($0, session: self)) }))
        }
        t.getter("loss") { _, v in
            guard case .obj(let given as PyDict)? = (v.object as? PyLayer)?.attrs["_compile_arguments"] else { return .none }
            return given.get("loss") ?? .none
        }
        t.getter("inputs") { _, v in
            guard let m = (v.object as? PyLayer)?.layer as? Model else { return .none }
            return .obj(PyList(m.inputs.map { .obj(PyKerasTensor.wrap($0)) }))
        }
        t.getter("outputs") { _, v in
            guard let m = (v.object as? PyLayer)?.layer as? Model else { return .none }
            return .obj(PyList(m.outputs.map { .obj(PyKerasTensor.wrap($0)) }))
        }
        // A model's input_shape/output_shape: one shape tuple, or a list of them for several.
        for (name, side) in [("input_shape", \Model.inputs), ("output_shape", \Model.outputs)] {
            t.getter(name) { _, v in
                guard let m = (v.object as? PyLayer)?.layer as? Model, !m[keyPath: side].isEmpty else {
                    throw PyError.attribute("The layer \((v.object as? PyLayer)?.layer.name ?? "") has never been called and thus has no defined \(name == "input_shape" ? "input" : "output").")
                }
                let shapes = m[keyPath: side].map { Value.obj(PyTuple($0.shape.map { $0.map { Value.int($0) } ?? .none })) }
                return shapes.count == 1 ? shapes[0] : .obj(PyList(shapes))
            }
        }
        t.def("get_layer", ["name", "index"], defaults: [.none, .none]) { [unowned self] interp, a in
            guard let m = (a[0].object as? PyLayer)?.layer as? Model else { return .none }
            if !a[2].isNone {
                let i = try interp.intArg(a[2])
                guard i >= 0 && i < m.layers.count else { throw PyError.value("Was asked to retrieve layer at index \(i) but model only has \(m.layers.count) layers.") }
                return .obj(PyLayer.wrap(m.layers[i], session: self))
            }
            let n = try interp.strArg(a[1], "name")
            guard let l = m.layer(named: n) else {
                throw PyError.value("No such layer: \(n). Existing layers are: \(m.layers.map { $0.name }).")
            }
            return .obj(PyLayer.wrap(l, session: self))
        }
        defineTrainingMethods()
        t.def("save_weights", ["filepath", "overwrite"], defaults: [.bool(true)]) { [unowned self] interp, a in
            let m = try self.model(a[0])
            do { try WeightsFile.save(m, to: try interp.str(a[1])) } catch let e as WeightsFile.Failure { throw PyError.value(e.message) }
            return .none
        }
        t.def("load_weights", ["filepath", "skip_mismatch"], defaults: [.bool(false)]) { [unowned self] interp, a in
            let m = try self.model(a[0])
            let path = try interp.str(a[1])
            if !FileManager.default.fileExists(atPath: path) { throw PyError.os(errno: ENOENT, filename: path) }
            do { try WeightsFile.load(m, from: path) } catch let e as WeightsFile.Failure { throw PyError.value(e.message) }
            return .none
        }
        t.def("save", ["filepath", "overwrite", "zipped"], defaults: [.bool(true), .none]) { [unowned self] interp, a in
            guard let py = a[0].object as? PyLayer else { return .none }
            try self.saveModel(py, to: try interp.str(a[1]))
            return .none
        }
    }

    /// Keras sizes its table from shutil.get_terminal_size(): $COLUMNS, the terminal, else 80.
    func terminalColumns() -> Int {
        if ProcessInfo.processInfo.environment["COLUMNS"] != nil || interp.out.isTerminal { return Int(terminalWidth()) }
        return 80
    }
}
