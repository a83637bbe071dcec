// keras.ops on symbolic tensors (`keras.ops.mean(x, axis=1)` between an Input and a Dense): as in
// Keras 3, each call is an operation node of the functional graph (`mean (Mean)` in the summary,
// not a layer of the model) that runs the same op on the values when the model runs.
import KScript
import KTensor
import Keras

extension KerasSession {
    /// `function`, also accepting symbolic tensors (top level or inside lists) in place of values.
    func acceptingSymbolicTensors(_ name: String, _ function: Value) -> Value {
        let kind = name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return nativeFunction(name, ["*args", "**kwargs"]) { [unowned self] interp, a in
            guard case .obj(let args as PyTuple) = a[0], case .obj(let kw as PyDict) = a[1] else { return .none }
            let kwargs: KwArgs = kw.storage.compactMap { k, v in if case .str(let s) = k.value { return (s.value, v) }; return nil }
            // The symbolic tensors, in order, wherever they stand among the arguments.
            var symbolic: [KerasTensor] = []
            func scan(_ v: Value) {
                if case .obj(let t as PyKerasTensor) = v { symbolic.append(t.tensor) }
                if case .obj(let l as PyList) = v { l.items.forEach(scan) }
                if case .obj(let t as PyTuple) = v { t.items.forEach(scan) }
            }
            args.items.forEach(scan)
            kwargs.forEach { scan($0.1) }
            guard !symbolic.isEmpty else { return try interp.call(function, args.items, kwargs) }
            // The node's computation: the same call with the values in the tensors' places.
            let run = nativeFunction(name, ["inputs"]) { interp, b in
                var values = symbolic.count == 1 ? [b[0]] : try interp.iterateAll(b[0])
                func substitute(_ v: Value) -> Value {
                    if case .obj(is PyKerasTensor) = v { return values.removeFirst() }
                    if case .obj(let l as PyList) = v { return .obj(PyList(l.items.map(substitute))) }
                    if case .obj(let t as PyTuple) = v { return .obj(PyTuple(t.items.map(substitute))) }
                    return v
                }
                let positional = args.items.map(substitute)
                let named = kwargs.map { ($0.0, substitute($0.1)) }
                return try interp.call(function, positional, named)
            }
            let layer = try kerasCall { try ScriptLayer(session: self, kind: kind, function: run, name: nil) }
            layer.operation = true
            let outputs = try kerasCall { try layer.call(symbolic) }
            return outputs.count == 1 ? .obj(PyKerasTensor.wrap(outputs[0])) : self.wrapOutputs(outputs, tuple: true)
        }
    }
}
