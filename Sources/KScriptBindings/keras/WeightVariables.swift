// Layer and metric weights as the script sees them: Keras 3's Variable (a tensor with a name, a
// path like `sequential/dense/kernel`, trainable, value), one object per weight.
import KScript
import KTensor
import Keras

class PyWeight: PyVariable {
    let name: String
    let path: String
    let trainable: Bool
    init(_ v: Variable, name: String, path: String, trainable: Bool) {
        self.name = name; self.path = path; self.trainable = trainable
        super.init(v)
    }
    override var pyType: PyType { WeightVariables.type }
    override func repr(_ interp: Interpreter) throws -> String {
        let value = variable.value
        // A scalar shows as the backend's scalar array does: a float32 value widened, in full.
        let shown = value.rank == 0 && value.dtype.isFloating ? try interp.repr(.float(value.double(at: 0))) : ArrayPrinter(interp).str(value)
        return "<Variable path=\(path), shape=\(Tensor.describe(value.shape)), dtype=\(value.dtype.rawValue), value=\(shown)>"
    }
    override func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

enum WeightVariables {
    static let type: PyType = {
        let t = PyType(name: "Variable", bases: [ScriptTensors.type], module: "keras")
        t.getter("name") { _, v in .string((v.object as! PyWeight).name) }
        t.getter("path") { _, v in .string((v.object as! PyWeight).path) }
        t.getter("trainable") { _, v in .bool((v.object as! PyWeight).trainable) }
        t.getter("value") { _, v in .obj(PyVariable((v.object as! PyWeight).variable)) }
        return t
    }()

    /// The sub-layer a recurrent layer keeps its weights in (`lstm/lstm_cell/kernel`).
    static func cellName(_ layer: Layer) -> String? {
        switch layer {
        case let l as LSTM: return l.cellName ?? "lstm_cell"
        case let l as GRU: return l.cellName ?? "gru_cell"
        case let l as SimpleRNN: return l.cellName ?? "simple_rnn_cell"
        default: return nil
        }
    }
}

extension KerasSession {
    /// `keras.Variable(initializer, shape, dtype, trainable, name)`: a weight of the script's own,
    /// from initial values or from an initializer and a shape.
    func variableClass() -> PyType {
        let t = WeightVariables.type
        let sig = NativeSignature("Variable", ["initializer", "shape", "dtype", "trainable", "autocast", "aggregation", "synchronization", "name"],
                                  defaults: [.none, .none, .bool(true), .bool(true), .string("none"), .string("auto"), .none])
        t.construct = { [unowned self] interp, _, args, kw in
            let a = try sig.bind(args, kw)
            let value: Tensor
            if let (name, initArgs) = self.configObject(a[0], KerasSession.initializerClasses) {
                guard !a[1].isNone else {
                    throw PyError.value("When creating a Variable from an initializer, the `shape` argument should be specified. Received: initializer=\(try interp.repr(a[0])) and shape=None")
                }
                value = try self.initialValues(name, initArgs, shape: a[1], dtype: a[2])
            } else {
                let type = a[2].isNone ? DType.float32 : try NumpyModule.dtypeArg(interp, a[2])
                value = try tensorCall { try NumpyModule.toTensor(interp, a[0], dtype: nil).astype(type, copy: true) }
                if !a[1].isNone, try self.shapeArg(a[1]).map({ $0 ?? -1 }) != value.shape {
                    throw PyError.value("Initial value has shape \(Tensor.describe(value.shape)), but the `shape` argument is \(try interp.repr(a[1]))")
                }
            }
            let name = a[7].isNone ? self.context.uniqueName("variable") : try interp.strArg(a[7], "name")
            let trainable = try interp.truthy(a[3])
            return .obj(PyWeight(Variable(value, requiresGrad: trainable), name: name, path: name, trainable: trainable))
        }
        return t
    }

    /// The script object of a weight, made once, so `layer.weights == [self.w, self.b]` holds.
    func wrapWeight(_ v: Variable, name: String, path: @autoclosure () -> String, trainable: Bool) -> PyVariable {
        if let w = weightWrappers[ObjectIdentifier(v)] { return w }
        let w = PyWeight(v, name: name, path: path(), trainable: trainable)
        weightWrappers[ObjectIdentifier(v)] = w
        return w
    }

    /// A layer weight's object; its path starts with the Sequential model it was reached through,
    /// as Keras builds a Sequential's layers inside the model's name scope.
    func wrapWeight(_ entry: WeightEntry, scope: Layer?) -> PyVariable {
        let spec = entry.spec
        var parts = [entry.layer.name]
        if let cell = WeightVariables.cellName(entry.layer) { parts.append(cell) }
        // A Bidirectional keeps its two layers' weights under its own name (forward_lstm/..., backward_lstm/...).
        let wrappers = ((scope as? Model)?.layers ?? []) + (scope.map { [$0] } ?? [])
        if let b = wrappers.lazy.compactMap({ $0 as? Bidirectional }).first(where: { $0.forward === entry.layer || $0.backward === entry.layer }) {
            if b.forward === entry.layer { parts[0] = "forward_" + entry.layer.name }
            parts.insert(b.name, at: 0)
        }
        if let s = scope as? Sequential, s !== entry.layer { parts.insert(s.name, at: 0) }
        return wrapWeight(entry.variable, name: spec.name, path: (parts + [spec.name]).joined(separator: "/"), trainable: entry.trainable)
    }
}
