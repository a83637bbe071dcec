// eval(), exec(), globals(), locals(), and vars() and dir() without an argument: the builtins that need the
// namespace of the code calling them. Calls to these names are compiled as FrameAwareCall, which
// tells the interpreter the calling frame.
import Foundation

extension Interpreter {
    func registerDynamicCodeBuiltins() {
        let b = builtins
        func add(_ name: String, _ params: [String], defaults: [Value] = [], _ body: @escaping (Interpreter, [Value]) throws -> Value) {
            b.set(name, nativeFunction(name, params, defaults: defaults, doc: Interpreter.builtinDocs[name], body))
        }
        add("globals", []) { interp, _ in .obj(interp.globalsSnapshot(interp.callingModule)) }
        add("locals", []) { interp, _ in try interp.callerLocals() }
        add("vars", ["object", "/"], defaults: [.unbound]) { interp, a in
            a[0].isUnbound ? try interp.callerLocals() : try interp.getAttr(a[0], "__dict__")
        }
        add("dir", ["object", "/"], defaults: [.unbound]) { interp, a in
            guard a[0].isUnbound else { return .obj(PyList(try interp.dir(a[0]).map { .string($0) })) }
            guard case .obj(let names as PyDict) = try interp.callerLocals() else { return .obj(PyList([])) }
            let sorted = names.storage.compactMap { key, _ -> String? in if case .str(let s) = key.value { return s.value }; return nil }.sorted()
            return .obj(PyList(sorted.map { .string($0) }))
        }
        add("eval", ["source", "globals", "locals", "/"], defaults: [.none, .none]) { interp, a in
            try interp.runDynamic(a[0], globals: a[1], locals: a[2], function: "eval", isExpression: true)
        }
        add("exec", ["source", "globals", "locals", "/"], defaults: [.none, .none]) { interp, a in
            _ = try interp.runDynamic(a[0], globals: a[1], locals: a[2], function: "exec", isExpression: false)
            return .none
        }
    }

    /// The module of the code that called the running builtin (the main module when unknown).
    var callingModule: PyModule { callerFrame?.module ?? modules["__main__"] ?? builtins }

    /// A dict of a module's bound names: a copy, not the live namespace CPython gives.
    func globalsSnapshot(_ module: PyModule) -> PyDict {
        let d = PyDict()
        for (name, value) in module.items { d.set(name, value) }
        return d
    }

    /// `locals()`: a function's bound local variables, a class body's namespace, or a module's globals.
    func callerLocals() throws -> Value {
        guard let f = callerFrame else { return .obj(globalsSnapshot(callingModule)) }
        if let namespace = f.namespace { return .obj(namespace) }
        if f.runsModule { return .obj(globalsSnapshot(f.module)) }
        let d = PyDict()
        for (i, name) in f.code.slotNames.enumerated() where !f.slots[i].isUnbound { d.set(name, f.slots[i]) }
        for (i, name) in (f.code.cellNames + f.code.freeNames).enumerated() where i < f.cells.count && !f.cells[i].value.isUnbound {
            d.set(name, f.cells[i].value)
        }
        return .obj(d)
    }

    /// Runs eval()/exec() source. Without namespaces it runs in the caller's: a module's directly,
    /// a function's or class body's on a copy of its names (assignments do not reach its locals,
    /// as in CPython). With a globals dict it runs on that dict, and the names it binds go back
    /// into the dict (into the locals dict when one is given).
    func runDynamic(_ sourceValue: Value, globals: Value, locals: Value, function: String, isExpression: Bool) throws -> Value {
        let source: String
        switch sourceValue {
        case .str(let s): source = s.value
        case .obj(let b as PyBytes): source = String(decoding: b.bytes, as: UTF8.self)
        default: throw PyError.type("\(function)() arg 1 must be a string, bytes or code object")
        }
        if !globals.isNone && !(globals.object is PyDict) {
            throw PyError.type("\(function)() globals must be a dict, not \(typeName(globals))")
        }
        let globalsDict = globals.object as? PyDict, localsDict = locals.object as? PyDict
        let module: PyModule
        if globalsDict == nil, let f = callerFrame, !f.runsModule {
            module = PyModule(name: f.module.name, file: f.module.file, builtins: builtins)
            for (name, value) in f.module.items { module.set(name, value) }
            if case .obj(let names as PyDict) = try callerLocals() { copyNames(names, into: module) }
        } else if let g = globalsDict {
            module = PyModule(name: "builtins", builtins: builtins)
            copyNames(g, into: module)
            if let l = localsDict { copyNames(l, into: module) }
        } else {
            module = callingModule
        }
        let file = "<string>"
        let code: CodeObject
        do {
            code = isExpression ? try Parser.parseEval(source, file: file, module: module)
                                : try Parser.parseModule(source, file: file, module: module)
        } catch let e as SyntaxErrorInfo {
            throw e.asPyError()
        }
        let frame = Frame(interp: self, code: code, module: module, closure: [])
        let result: Value
        do {
            result = try withExtendedLifetime((code, module)) { try runFrame(frame) }
        } catch let e as PyError {
            e.exc.leaveFrame(file: file, line: frame.line, function: "<module>")
            throw e
        }
        if !isExpression, let target = localsDict ?? globalsDict {
            for (name, value) in module.items where !["__name__", "__file__"].contains(name) || target.get(name) != nil {
                target.set(name, value)
            }
        }
        return result
    }

    private func copyNames(_ names: PyDict, into module: PyModule) {
        for (key, value) in names.storage {
            if case .str(let name) = key.value, name.value != "__builtins__" { module.set(name.value, value) }
        }
    }
}

extension Frame {
    /// Whether this frame runs a module's top level (not a function, comprehension or class body).
    var runsModule: Bool { namespace == nil && code.name == "<module>" }
}
