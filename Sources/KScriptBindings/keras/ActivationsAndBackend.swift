// keras.activations (the activation functions, usable on tensors and as `activation=`) and
// keras.backend (Keras 3's few utilities: epsilon, floatx, image_data_format, clear_session).
import KScript
import KTensor
import Keras

extension KerasSession {
    func activationsModule(_ interp: Interpreter, _ path: String) -> PyModule {
        var members: [(String, Value)] = []
        for name in KerasSession.activations.sorted() {
            guard let kind = ActivationFunction(named: name) else { continue }
            let f = nativeFunction(name, ["x"]) { interp, a in
                .obj(PyVariable(try tensorCall { try ScriptTensors.variable(interp, a[0]).activated(kind) }))
            }
            if case .obj(let o) = f { activationFunctions[ObjectIdentifier(o)] = name }
            members.append((name, f))
        }
        members.append(("get", nativeFunction("get", ["identifier"]) { [unowned self] interp, a in
            let name = try self.activationArg(a[0])
            guard let f = members.first(where: { $0.0 == name })?.1 else { throw PyError.value("Could not interpret activation function identifier: \(name)") }
            return f
        }))
        return interp.makeNativeModule(path, members)
    }

    func backendModule(_ interp: Interpreter, _ path: String) -> PyModule {
        interp.makeNativeModule(path, [
            ("epsilon", nativeFunction("epsilon", []) { _, _ in .float(1e-7) }),
            ("floatx", nativeFunction("floatx", []) { _, _ in .string("float32") }),
            ("image_data_format", nativeFunction("image_data_format", []) { _, _ in .string("channels_last") }),
            ("backend", nativeFunction("backend", []) { _, _ in .string("kscript") }),
            ("clear_session", nativeFunction("clear_session", ["free_memory"], defaults: [.bool(true)]) { [unowned self] _, _ in
                self.context.clearSession()
                return .none
            }),
        ])
    }
}
