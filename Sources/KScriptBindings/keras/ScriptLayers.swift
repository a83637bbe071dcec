// Layers written in kscript: `class MyLayer(keras.layers.Layer)` with build() / add_weight() /
// call(), and `keras.layers.Lambda(function)`. The engine runs them through the interpreter;
// output shapes come from compute_output_shape() or from calling them on a batch of zeros.
import KScript
import KTensor
import Keras

/// An engine layer whose computation is a kscript callable.
final class ScriptLayer: Layer {
    unowned let session: KerasSession
    /// The script object (for a subclass of Layer) whose build/call methods run; nil for Lambda.
    weak var instance: PyLayer?
    /// Lambda's function.
    let function: Value?
    let kind: String

    init(session: KerasSession, kind: String, function: Value?, name: String?) throws {
        self.session = session; self.function = function; self.kind = kind
        try super.init(context: session.context, name: name, baseName: KerasContext.snakeCase(kind))
    }

    override var className: String { kind }
    override var createsWeights: Bool { function == nil }
    /// A keras.ops call on symbolic tensors: a node of the graph, not a layer of the model.
    var operation = false
    override var isOperation: Bool { operation }

    var interp: Interpreter { session.interp }

    func method(_ name: String) -> Value? {
        guard let inst = instance, let f = inst.cls.lookup(name), session.layerType.dict[name].map({ $0.object !== f.object }) ?? true else { return nil }
        return try? interp.getAttr(.obj(inst), name)
    }

    func shapeValue(_ s: [Int?]) -> Value { .obj(PyTuple(s.map { $0.map { Value.int($0) } ?? .none })) }

    override func build(_ inputs: [[Int?]]) throws {
        guard let b = method("build") else { return }
        try bindingCall { _ = try interp.call(b, [inputs.count == 1 ? shapeValue(inputs[0]) : .obj(PyList(inputs.map(shapeValue)))]) }
    }

    /// compute_output_shape() when the script defines it; otherwise the shape of a call on zeros.
    override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        if let c = method("compute_output_shape") {
            let r = try bindingCall { try interp.call(c, [inputs.count == 1 ? shapeValue(inputs[0]) : .obj(PyList(inputs.map(shapeValue)))]) }
            return [try bindingCall { try session.shapeArg(r) }]
        }
        let probes = try inputs.map { s in Variable(try Tensor.zeros([2] + s.dropFirst().map { $0 ?? 1 })) }
        let outs = try forward(probes, training: false)
        return zip(outs, inputs).map { out, s in [s.first ?? nil] + out.shape.dropFirst().map { Optional($0) } } +
            outs.dropFirst(inputs.count).map { [nil] + $0.shape.dropFirst().map { Optional($0) } }
    }

    override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let args: Value = inputs.count == 1 ? .obj(PyVariable(inputs[0])) : .obj(PyList(inputs.map { .obj(PyVariable($0)) }))
        let callee: Value
        var kwargs: KwArgs = []
        if let f = function { callee = f } else {
            guard let c = method("call") else { throw KerasError(.notImplemented, "Layer \(kind) does not have a `call()` method implemented.") }
            callee = c
            if case .obj(let bound as PyBoundMethod) = c, case .obj(let fn as PyFunction) = bound.function,
               fn.code.params.positional.contains("training") || fn.code.params.kwOnly.contains("training") {
                kwargs = [("training", .bool(training))]
            }
        }
        let result = try bindingCall { try interp.call(callee, [args], kwargs) }
        let values: [Value] = (result.object is PyList || result.object is PyTuple) ? try bindingCall { try interp.iterateAll(result) } : [result]
        return try values.map { v in try bindingCall { try ScriptTensors.variable(interp, v) } }
    }

    /// Layers the script assigned to the instance's attributes: their weights are this layer's too.
    var sublayers: [Layer] { instance.map { attributeLayers(of: $0, excluding: self) } ?? [] }

    override func weightEntries() -> [WeightEntry] { super.weightEntries() + sublayers.flatMap { $0.weightEntries() } }
    override var parameterCount: Int { super.parameterCount + sublayers.reduce(0) { $0 + $1.parameterCount } }
    override var trainableParameterCount: Int {
        trainable ? super.trainableParameterCount + sublayers.reduce(0) { $0 + $1.trainableParameterCount } : 0
    }
    override func setTrainable(_ value: Bool) { trainable = value; sublayers.forEach { $0.setTrainable(value) } }
    override func lossesAdded() -> [Variable] { addedLosses + sublayers.flatMap { $0.lossesAdded() } }
    override func clearAddedLosses() { addedLosses = []; sublayers.forEach { $0.clearAddedLosses() } }

    /// Script errors travel through the engine as an error the binding rethrows unchanged.
    func bindingCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as PyError { throw ScriptError(error: e) }
    }
}

/// The layers among a script object's attributes (lists and tuples of layers included), in
/// assignment order: Keras tracks them as the object's own.
func attributeLayers(of inst: PyLayer, excluding owner: Layer) -> [Layer] {
    var found: [Layer] = []
    func visit(_ v: Value) {
        if case .obj(let p as PyLayer) = v, let l = p.layer, l !== owner, !found.contains(where: { $0 === l }) { found.append(l) }
        if case .obj(let list as PyList) = v { list.items.forEach(visit) }
        if case .obj(let tuple as PyTuple) = v { tuple.items.forEach(visit) }
    }
    for (_, v) in inst.attrs { visit(v) }
    return found
}

/// A kscript exception raised inside an engine call, carried back to the script as it was.
struct ScriptError: Error { let error: PyError }

/// A model whose call() is written in the script (`class MyModel(keras.Model)`); its layers are
/// the layers assigned to its attributes, in assignment order, as Keras tracks them.
final class ScriptModel: Model {
    unowned let session: KerasSession
    weak var instance: PyLayer?
    let kind: String

    init(session: KerasSession, kind: String, name: String?) throws {
        self.session = session; self.kind = kind
        try super.init(context: session.context, name: name, baseName: KerasContext.snakeCase(kind))
    }

    override var className: String { kind }
    override var isSequentialLike: Bool { true }

    func refreshLayers() {
        guard let inst = instance else { return }
        layers = attributeLayers(of: inst, excluding: self)
    }

    override func weightEntries() -> [WeightEntry] {
        refreshLayers()
        let own = weights.indices.map { WeightEntry(layer: self, index: $0, trainable: trainable && weights[$0].trainable) }
        return own + layers.flatMap { $0.weightEntries() }
    }

    override func setTrainable(_ value: Bool) { refreshLayers(); super.setTrainable(value) }

    override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        guard let inst = instance, let f = inst.cls.lookup("call"), session.modelType.dict["call"].map({ $0.object !== f.object }) ?? true else {
            throw KerasError(.notImplemented, "Model \(kind) does not have a `call()` method implemented.")
        }
        let interp = session.interp
        let previous = session.eagerTraining
        session.eagerTraining = training
        defer { session.eagerTraining = previous; refreshLayers() }
        var kwargs: KwArgs = []
        if case .obj(let fn as PyFunction) = f, fn.code.params.positional.contains("training") || fn.code.params.kwOnly.contains("training") {
            kwargs = [("training", .bool(training))]
        }
        let args: Value = inputs.count == 1 ? .obj(PyVariable(inputs[0])) : .obj(PyList(inputs.map { .obj(PyVariable($0)) }))
        do {
            let result = try interp.call(try interp.getAttr(.obj(inst), "call"), [args], kwargs)
            let values: [Value] = (result.object is PyList || result.object is PyTuple) ? try interp.iterateAll(result) : [result]
            guard values.count == 1 else { throw KerasError(.notImplemented, "subclassed models with several outputs are not supported by kscript yet") }
            return try values.map { try ScriptTensors.variable(interp, $0) }
        } catch let e as PyError { throw ScriptError(error: e) }
    }

    /// Called on symbolic tensors: the shapes of a call on a batch of zeros.
    override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let probes = try inputs.map { s in Variable(try Tensor.zeros([2] + s.dropFirst().map { $0 ?? 1 })) }
        return try forward(probes, training: false).map { [inputs.first?.first ?? nil] + $0.shape.dropFirst().map { Optional($0) } }
    }
}

extension KerasSession {
    /// Whether a layer call's argument is symbolic (KerasTensors) rather than values.
    func isSymbolic(_ v: Value) -> Bool {
        if case .obj(is PyKerasTensor) = v { return true }
        if case .obj(let o) = v, o is PyList || o is PyTuple, let first = (try? interp.iterateAll(v))?.first { return isSymbolic(first) }
        return false
    }

    /// A layer called on values (arrays or tensors in a model's call()): built from their shapes, then run.
    func eagerCall(_ layer: Layer, _ v: Value, training: Bool?) throws -> Value {
        let items: [Value] = (v.object is PyList || v.object is PyTuple) ? try interp.iterateAll(v) : [v]
        let vars = try items.map { try ScriptTensors.variable(interp, $0) }
        // An outermost call starts the layers' added losses afresh, as Keras does.
        if eagerDepth == 0 { layer.clearAddedLosses() }
        eagerDepth += 1
        defer { eagerDepth -= 1 }
        let shapes = vars.map { $0.shape.map { Optional($0) } }
        try kerasCall {
            try tensorCall {
                try layer.checkInputRank(shapes)
                try layer.buildIfNeeded(shapes)
                // The checks a symbolic call makes (a crop longer than the input, a size a reshape
                // cannot take) before the values are touched; a script's layer runs its own call.
                if let model = layer as? Model { try model.checkInputShapes(vars.map { $0.shape }) }
                else if !(layer is ScriptLayer) { _ = try layer.outputShapes(shapes) }
            }
        }
        let outs = try kerasCall { try tensorCall { try layer.forward(vars, training: training ?? eagerTraining) } }
        return outs.count == 1 ? .obj(PyVariable(outs[0])) : .obj(PyList(outs.map { .obj(PyVariable($0)) }))
    }

    /// keras.layers.Layer as a base class: __init__(name=, trainable=, **kwargs), add_weight, weights.
    func defineScriptLayerBase() {
        let t = layerType
        t.makeInstance = { type in PyLayer(cls: type) }
        t.def("__init__", ["**kwargs"]) { [unowned self] interp, a in
            guard case .obj(let p as PyLayer) = a[0] else { return .none }
            var name: String? = nil
            if case .obj(let d as PyDict) = a[1] {
                for (k, v) in d.storage {
                    guard case .str(let key) = k.value else { continue }
                    switch key.value {
                    case "name": name = v.isNone ? nil : try interp.strArg(v, "name")
                    case "trainable", "dtype", "input_shape", "input_dim", "autocast", "activity_regularizer": break
                    default: throw PyError.value("Unrecognized keyword arguments passed to \(p.cls.name): {'\(key.value)': \(try interp.repr(v))}")
                    }
                }
            }
            if p.layer == nil { try self.attachScriptLayer(p, name: name) }
            if case .obj(let d as PyDict) = a[1], let tr = d.get("trainable") { p.layer.trainable = try interp.truthy(tr) }
            return .none
        }
        t.def("add_loss", ["loss"]) { interp, a in
            guard case .obj(let p as PyLayer) = a[0], let layer = p.layer else { return .none }
            layer.addedLosses.append(try ScriptTensors.variable(interp, a[1]))
            return .none
        }
        t.def("add_weight", ["shape", "initializer", "dtype", "trainable", "name", "regularizer", "constraint"],
              defaults: [.none, .none, .none, .bool(true), .none, .none, .none]) { [unowned self] interp, a in
            guard case .obj(let p as PyLayer) = a[0] else { return .none }
            if p.layer == nil { try self.attachScriptLayer(p, name: nil) }
            let shape = a[1].isNone ? [] : try self.shapeArg(a[1]).map { $0 ?? 1 }
            let weightName = a[5].isNone ? "variable" : try interp.strArg(a[5], "name")
            let role = "weight_\(p.layer.weights.count)"
            for (key, v) in [("initializer", a[2]), ("regularizer", a[6]), ("constraint", a[7])] where !v.isNone {
                try self.checkConfigArgument("\(role)_\(key)", v)
                try self.applyConfigArgument(p.layer, "\(role)_\(key)", v)
            }
            let initializer = p.layer.initializers.removeValue(forKey: role) ?? (a[2].isNone ? .glorotUniform : nil)
            let trainable = try interp.truthy(a[4])
            let v = try kerasCall { try tensorCall { try p.layer.addWeight(weightName, shape, trainable: trainable, initializer: initializer, role: role) } }
            return .obj(self.wrapWeight(v, name: weightName, path: "\(p.layer.name)/\(weightName)", trainable: trainable))
        }
    }

    func attachScriptLayer(_ p: PyLayer, name: String?) throws {
        let layer = try kerasCall { try ScriptLayer(session: self, kind: p.cls.name, function: nil, name: name) }
        layer.instance = p
        p.layer = layer
        layer.binding = p
        keepAlive.append(p)
    }

    func lambdaLayerType() -> PyType {
        let t = PyType(name: "Lambda", bases: [layerType], module: "keras.layers")
        let sig = NativeSignature("Lambda.__init__", ["function", "output_shape", "mask", "arguments", "**kwargs"], defaults: [.none, .none, .none])
        t.construct = { [unowned self] interp, type, args, kw in
            let a = try sig.bind(args, kw)
            guard a[0].isCallable(interp) else { throw PyError.type("Lambda's `function` must be callable, got \(try interp.repr(a[0]))") }
            if !a[3].isNone { throw PyError.notImplemented("Lambda(arguments=...) is not supported by kscript yet") }
            var name: String? = nil
            if case .obj(let d as PyDict) = a[4], let n = d.get("name"), !n.isNone { name = try interp.strArg(n, "name") }
            let layer = try kerasCall { try ScriptLayer(session: self, kind: "Lambda", function: a[0], name: name) }
            return .obj(PyLayer.wrap(layer, session: self))
        }
        return t
    }
}

extension Value {
    func isCallable(_ interp: Interpreter) -> Bool {
        guard case .obj(let o) = self else { return false }
        return o is PyFunction || o is PyNativeFunction || o is PyBoundMethod || o is PyType || o.pyType.lookup("__call__") != nil
    }
}
