// Helpers for defining native functions and methods, and for converting their arguments.
import BigInt

extension PyType {
    /// Defines a native method; `body` receives self as `a[0]` followed by the bound parameters.
    public func def(_ name: String, _ params: [String] = [], defaults: [Value] = [], kwDefaults: [String: Value] = [:],
             doc: String? = nil, _ body: @escaping (Interpreter, [Value]) throws -> Value) {
        let sig = NativeSignature("\(self.name).\(name)", params, defaults: defaults, kwDefaults: kwDefaults)
        let simple = sig.spec.varargs == nil && sig.spec.varkw == nil && sig.spec.kwOnly.isEmpty
        let n = sig.spec.positional.count
        let typeName = self.name
        dict[name] = .obj(PyNativeFunction(name, isMethod: true, doc: doc, parameters: sig.displayParameters) { interp, args, kw in
            guard let first = args.first else {
                throw PyError.type("unbound method \(typeName).\(name)() needs an argument")
            }
            if simple && kw.isEmpty && args.count == n + 1 { return try body(interp, args) }
            return try body(interp, [first] + (try sig.bind(Array(args.dropFirst()), kw)))
        })
    }

    /// A method taking one argument, with a direct two-value entry point.
    public func def1(_ name: String, _ param: String, doc: String? = nil, _ body: @escaping (Interpreter, Value, Value) throws -> Value) {
        def(name, [param], doc: doc) { interp, a in try body(interp, a[0], a[1]) }
        if case .obj(let f as PyNativeFunction)? = dict[name] { f.call2 = body }
    }

    /// A method taking one argument and an optional second one (`default`), with direct entry points.
    public func def2(_ name: String, _ params: [String], default: Value, doc: String? = nil,
              _ body: @escaping (Interpreter, Value, Value, Value) throws -> Value) {
        def(name, params, defaults: [`default`], doc: doc) { interp, a in try body(interp, a[0], a[1], a[2]) }
        if case .obj(let f as PyNativeFunction)? = dict[name] {
            f.call2 = { interp, s, x in try body(interp, s, x, `default`) }
            f.call3 = body
        }
    }

    /// Defines a read-only attribute computed from the instance.
    public func getter(_ name: String, _ body: @escaping (Interpreter, Value) throws -> Value) {
        dict[name] = .obj(PyProperty(getter: .obj(PyNativeFunction(name) { interp, args, _ in try body(interp, args[0]) })))
    }
}

/// A native module-level function with bound arguments.
public func nativeFunction(_ name: String, _ params: [String], defaults: [Value] = [], kwDefaults: [String: Value] = [:],
                    doc: String? = nil, _ body: @escaping (Interpreter, [Value]) throws -> Value) -> Value {
    let sig = NativeSignature(name, params, defaults: defaults, kwDefaults: kwDefaults)
    let simple = sig.spec.varargs == nil && sig.spec.varkw == nil && sig.spec.kwOnly.isEmpty
    let n = sig.spec.positional.count
    return .obj(PyNativeFunction(name, doc: doc, parameters: sig.displayParameters) { interp, args, kw in
        if simple && kw.isEmpty && args.count == n { return try body(interp, args) }
        return try body(interp, try sig.bind(args, kw))
    })
}

extension Interpreter {
    /// An `int` argument (bools count; `__index__` honoured).
    public func intArg(_ v: Value, _ what: String = "argument") throws -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .obj(is PyBigInt): throw PyError.overflow("Python int too large to convert to C ssize_t")
        default:
            if let i = try indexValue(v) { return i }
            throw PyError.type("'\(typeName(v))' object cannot be interpreted as an integer")
        }
    }

    public func floatArg(_ v: Value) throws -> Double {
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .obj(let o as PyBigInt):
            let d = o.value.nearestDouble
            if d.isInfinite { throw PyError.overflow("int too large to convert to float") }
            return d
        default:
            if case .obj(let o) = v, let f = o.pyType.lookup("__float__") { return try floatArg(try call(f, [v], [])) }
            throw PyError.type("must be real number, not \(typeName(v))")
        }
    }

    public func strArg(_ v: Value, _ what: String) throws -> String {
        guard case .str(let s) = v else { throw PyError.type("\(what) must be str, not \(typeName(v))") }
        return s.value
    }

    func bigArg(_ v: Value) -> BigInt? {
        switch v {
        case .int(let i): return BigInt(i)
        case .bool(let b): return b ? 1 : 0
        case .obj(let o as PyBigInt): return o.value
        default: return nil
        }
    }
}

extension PyType {
    /// A native property with a getter and a setter.
    public func property(_ name: String, get: @escaping (Interpreter, Value) throws -> Value, set: @escaping (Interpreter, Value, Value) throws -> Void) {
        dict[name] = .obj(PyProperty(getter: .obj(PyNativeFunction(name) { interp, args, _ in try get(interp, args[0]) }),
                                     setter: .obj(PyNativeFunction(name) { interp, args, _ in try set(interp, args[0], args[1]); return .none })))
    }
}
