// Installs the engine's modules (numpy, and later keras) into an interpreter. The bindings only
// convert arguments and results; the work is done by KTensor and the Keras engine.
import KScript
import KTensor
import Keras

public enum Bindings {
    public static func install(into interp: Interpreter) {
        interp.nativeModules["numpy"] = { withDocs(BindingDocs.numpy, try NumpyModule.make($0)) }
        interp.nativeModules["numpy.random"] = { withDocs(BindingDocs.numpy, NumpyRandom.make($0)) }
        installKeras(into: interp)
        installPyplot(into: interp)
        interp.nativeModules["pandas"] = { PandasModule.make($0) }
        // Every Keras module gets its help texts when it is made.
        for (name, factory) in interp.nativeModules where name.hasPrefix("keras") || name.hasPrefix("tensorflow") {
            interp.nativeModules[name] = { withDocs(BindingDocs.training, withDocs(BindingDocs.keras, try factory($0))) }
        }
    }

    static func withDocs(_ docs: [String: String], _ m: PyModule) -> PyModule {
        BindingDocs.apply(docs, to: m)
        return m
    }
}

extension PyError {
    /// The Python exception for a tensor-core error.
    static func from(_ e: TensorError) -> PyError {
        switch e {
        case .value(let m): return PyError.value(m)
        case .type(let m): return PyError.type(m)
        case .index(let m): return PyError.index(m)
        case .memory(let m): return PyError.memory(m)
        case .axis(let m): return PyError.numpyAxis(m)
        }
    }

    /// numpy's `numpy.exceptions.AxisError`, caught by `except ValueError` and `except IndexError` alike.
    static let axisErrorType: PyType = {
        let t = PyType(name: "AxisError", bases: [ExcTypes.valueError, ExcTypes.indexError], module: "numpy.exceptions", isBuiltin: false)
        t.dict["__module__"] = .string("numpy.exceptions")
        return t
    }()

    static func numpyAxis(_ message: String) -> PyError { PyError(axisErrorType, message) }
}

/// Runs tensor-core code, turning its errors into Python exceptions.
extension TensorError: PythonConvertibleError {
    public var pythonError: PyError { PyError.from(self) }
}

@inline(__always) func tensorCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as TensorError { throw PyError.from(e) }
}
