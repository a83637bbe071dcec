// Keras engine objects as kscript values: layers (and models), symbolic tensors.
import KScript
import Keras

final class PyLayer: PyInstance, PyRepresentable {
    var layer: Layer!
    /// The constructor's arguments as given (what a saved model's config holds).
    var arguments: [(String, Value)] = []
    /// The base Layer arguments given (initializers, regularizers, constraints, ...), for get_config.
    var baseArguments: [String: Value] = [:]

    static func wrap(_ layer: Layer, session: KerasSession) -> PyLayer {
        if let b = layer.binding as? PyLayer { return b }
        let t = session.types[layer.className] ?? (layer is Model ? session.modelType : session.layerType)
        let p = PyLayer(cls: t)
        p.layer = layer
        layer.binding = p
        session.keepAlive.append(p)
        return p
    }

    func repr(_ interp: Interpreter) throws -> String {
        if let m = layer as? Model {
            return "<\(m.className) name=\(m.name), built=\(m is Sequential ? ((m as! Sequential).isBuilt ? "True" : "False") : "True")>"
        }
        return "<\(layer.className) name=\(layer.name), built=\(layer.built ? "True" : "False")>"
    }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

final class PyKerasTensor: PyObject, PyRepresentable {
    let tensor: KerasTensor
    private init(_ t: KerasTensor) { tensor = t }
    /// The one script object for `t`.
    static func wrap(_ t: KerasTensor) -> PyKerasTensor {
        if let existing = t.binding as? PyKerasTensor { return existing }
        let made = PyKerasTensor(t)
        t.binding = made
        return made
    }
    override var pyType: PyType { KerasSession.kerasTensorType }
    func repr(_ interp: Interpreter) throws -> String { tensor.description }
    func str(_ interp: Interpreter) throws -> String { tensor.description }
}

extension PyError {
    static func from(_ e: KerasError) -> PyError {
        switch e.kind {
        case .value: return PyError.value(e.message)
        case .type: return PyError.type(e.message)
        case .notImplemented: return PyError.notImplemented(e.message)
        }
    }
}

extension KerasError: PythonConvertibleError {
    public var pythonError: PyError { PyError.from(self) }
}

@inline(__always) func kerasCall<T>(_ body: () throws -> T) throws -> T {
    // The Keras engine's errors, and the tensor engine's from inside it.
    do { return try body() } catch let e as ScriptError { throw e.error } catch let e as PythonConvertibleError { throw e.pythonError }
}
