// keras.layers.LSTMCell, GRUCell and SimpleRNNCell, and keras.layers.RNN(cell): an RNN over one
// of these cells is the matching recurrent layer (the same weights and kernels), shown as Keras
// shows it (`rnn (RNN)`, weights under `rnn/lstm_cell/`).
import KScript
import KTensor
import Keras

/// A cell's configuration, waiting for the RNN layer that runs it.
final class PyRecurrentCell: PyInstance, PyRepresentable {
    var kind = "LSTMCell"
    var name = ""
    /// The RNN layer running this cell, once there is one.
    weak var layer: Layer?
    var units = 1
    var activation = RecurrentActivation.tanh
    var resetAfter = true
    var dropout: Value = .float(0)
    var recurrentDropout: Value = .float(0)

    func repr(_ interp: Interpreter) throws -> String { "<\(kind) name=\(name), built=\(layer?.built == true ? "True" : "False")>" }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

extension KerasSession {
    func defineRecurrentCells() {
        for kind in ["LSTMCell", "GRUCell", "SimpleRNNCell"] {
            let t = PyType(name: kind, bases: [BuiltinTypes.object], module: "keras.layers")
            var params = ["units", "activation", "recurrent_activation", "use_bias", "dropout", "recurrent_dropout"]
            var defaults: [Value] = [.string("tanh"), .string("sigmoid"), .bool(true), .float(0), .float(0)]
            if kind == "GRUCell" { params.append("reset_after"); defaults.append(.bool(true)) }
            if kind == "SimpleRNNCell" { params.remove(at: 2); defaults.remove(at: 1) }
            let sig = NativeSignature("\(kind).__init__", params + ["**kwargs"], defaults: defaults)
            t.construct = { [unowned self] interp, type, args, kw in
                let a = try sig.bind(args, kw)
                let cell = PyRecurrentCell(cls: type)
                cell.kind = kind
                cell.units = try interp.intArg(a[0])
                guard cell.units > 0 else { throw PyError.value("Received an invalid value for argument `units`, expected a positive integer, got \(cell.units).") }
                let activation = try self.activationArg(a[1])
                if kind == "SimpleRNNCell" {
                    guard let f = RecurrentActivation(rawValue: activation) else { throw PyError.notImplemented("SimpleRNNCell(activation=\(try interp.repr(a[1]))) is not supported by kscript yet") }
                    cell.activation = f
                    if !(try interp.truthy(a[2])) { throw PyError.notImplemented("SimpleRNNCell(use_bias=False) is not supported by kscript yet") }
                    (cell.dropout, cell.recurrentDropout) = (a[3], a[4])
                } else {
                    try self.checkRecurrentDefaults(kind, activation: a[1], recurrentActivation: a[2], useBias: a[3])
                    (cell.dropout, cell.recurrentDropout) = (a[4], a[5])
                    if kind == "GRUCell" { cell.resetAfter = try interp.truthy(a[6]) }
                }
                if case .obj(let extra as PyDict) = a[params.count] {
                    for (k, v) in extra.storage where !v.isNone {
                        let key = try interp.str(k.value)
                        if key == "name" || key == "dtype" || key == "seed" || (key == "unit_forget_bias" && (try? interp.truthy(v)) == true) { continue }
                        throw PyError.notImplemented("\(kind)(\(key)=...) is not supported by kscript yet")
                    }
                }
                var cellName: String? = nil
                if case .obj(let extra as PyDict) = a[params.count], let n = extra.get("name"), !n.isNone { cellName = try interp.strArg(n, "name") }
                cell.name = cellName ?? self.context.uniqueName(KerasContext.snakeCase(kind))
                cell.attrs["name"] = .string(cell.name)
                cell.attrs["units"] = .int(cell.units)
                cell.attrs["state_size"] = kind == "LSTMCell" ? .obj(PyList([.int(cell.units), .int(cell.units)])) : .int(cell.units)
                cell.attrs["output_size"] = .int(cell.units)
                return .obj(cell)
            }
            t.def("__call__", ["*args", "**kwargs"]) { _, _ in
                throw PyError.notImplemented("calling a \(kind) directly is not supported by kscript yet; give it to keras.layers.RNN")
            }
            types[kind] = t
        }
        defineLayer("RNN", ["cell", "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask"],
                    defaults: [.bool(false), .bool(false), .bool(false), .bool(false), .bool(false), .bool(false)]) { s, a, name in
            guard case .obj(let cell as PyRecurrentCell) = a[0] else {
                if case .obj(let o) = a[0], o is PyList || o is PyTuple {
                    throw PyError.notImplemented("keras.layers.RNN with a list of cells (StackedRNNCells) is not supported by kscript yet")
                }
                throw PyError.notImplemented("keras.layers.RNN with a cell written in the script is not supported by kscript yet (LSTMCell, GRUCell and SimpleRNNCell are)")
            }
            let n = name ?? s.context.uniqueName("rnn")
            let (sequences, state) = (try s.interp.truthy(a[1]), try s.interp.truthy(a[2]))
            let options = try s.recurrentOptions(dropout: cell.dropout, recurrentDropout: cell.recurrentDropout, goBackwards: a[3], stateful: a[4])
            let layer: Layer
            switch cell.kind {
            case "LSTMCell":
                let l = try LSTM(context: s.context, units: cell.units, returnSequences: sequences, name: n)
                (l.presentedAs, l.cellName, l.returnState, l.options) = ("RNN", cell.name, state, options)
                layer = l
            case "GRUCell":
                let l = try GRU(context: s.context, units: cell.units, returnSequences: sequences, resetAfter: cell.resetAfter, name: n)
                (l.presentedAs, l.cellName, l.returnState, l.options) = ("RNN", cell.name, state, options)
                layer = l
            default:
                let l = try SimpleRNN(context: s.context, units: cell.units, returnSequences: sequences, name: n)
                (l.presentedAs, l.cellName, l.returnState, l.options, l.activation) = ("RNN", cell.name, state, options, cell.activation)
                layer = l
            }
            cell.layer = layer
            return layer
        }
    }
}
