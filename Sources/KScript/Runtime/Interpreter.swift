// The interpreter context: modules, builtins, output, recursion depth and the calling machinery.
// Everything that would otherwise be global state lives here, so several can coexist.
import Foundation

public final class Interpreter {
    public let builtins: PyModule
    public var modules: [String: PyModule] = [:]
    /// Native modules by dotted name, made on first import.
    public var nativeModules: [String: (Interpreter) throws -> PyModule] = [:]
    /// Compiled regular expressions by flags and pattern, as CPython's re module caches them.
    var regexCache: [String: AnyObject] = [:]
    /// Embedded `.ks` modules by dotted name.
    public var stdlibSources: [String: String] = [:]
    public var searchPaths: [String] = []
    public var argv: [String] = []
    public let out: OutputStream
    public let err: OutputStream
    public var depth = 0
    public var recursionLimit = 1000
    /// Non-zero when Ctrl-C was pressed: a process-wide flag that the CLI's SIGINT handler sets.
    /// Checked at calls and loop back-edges, where it raises KeyboardInterrupt.
    public var interruptFlag: UnsafeMutablePointer<Int32>?
    /// In the REPL: prints the repr of module-level expression statements.
    public var echo: ((Value) throws -> Void)?
    public var random = MersenneTwister(seed: 5489)
    /// The exception the innermost running `except` block handles (sys.exc_info, traceback.format_exc).
    var handledException: PyExceptionObject?
    /// The frame of the code calling eval/exec/globals/locals/vars (set by FrameAwareCall).
    var callerFrame: Frame?
    var reprInProgress = Set<ObjectIdentifier>()
    /// State the bindings keep per interpreter (numpy's print options), by a key they choose.
    public var bindingState: [String: Any] = [:]
    /// Parsed format specs, by their text.
    var specCache: [String: Formatter.Spec] = [:]
    /// Source lines of every file run, for tracebacks.
    var sourceCache: [String: [String]] = [:]

    public init(out: OutputStream = OutputStream(fd: 1), err: OutputStream = OutputStream(fd: 2)) {
        self.out = out
        self.err = err
        builtins = PyModule(name: "builtins", builtins: nil)
        registerBuiltins()
        registerDynamicCodeBuiltins()
        registerHelp()
        registerNativeModules()
        random.seedFromTime()
    }

    // MARK: - Running code

    /// Compiles and runs `source` as the module `module`.
    public func run(source: String, file: String, module: PyModule) throws {
        // Like CPython, code from the REPL, -c or stdin ("<...>") is not shown again in tracebacks.
        if !file.hasPrefix("<") {
            sourceCache[file] = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        let code: CodeObject
        do {
            let (c, warnings) = try Parser.parseModuleWithWarnings(source, file: file, module: module)
            code = c
            for (line, message) in warnings {
                let text = sourceLine(file, line).map { "  " + $0.drop { $0 == " " || $0 == "\t" } + "\n" } ?? ""
                err.write("\(file):\(line): SyntaxWarning: \(message)\n\(text)")
            }
        } catch let e as SyntaxErrorInfo {
            throw e.asPyError()
        }
        let frame = Frame(interp: self, code: code, module: module, closure: [])
        do {
            // A module's frame counts towards the recursion limit, as in CPython.
            try enter()
            defer { depth -= 1 }
            try runFrame(frame)
        } catch let e as PyError {
            e.exc.leaveFrame(file: file, line: frame.line, function: "<module>")
            throw e
        }
    }

    public func makeMainModule(file: String) -> PyModule {
        let m = PyModule(name: "__main__", file: file, builtins: builtins)
        modules["__main__"] = m
        return m
    }

    /// Executes a frame's code; returns its return value.
    @discardableResult
    public func runFrame(_ f: Frame) throws -> Value {
        let flow = try execBlock(f.code.body, f)
        if case .returned = flow { return f.returnValue }
        return .none
    }

    @inline(__always) func enter() throws {
        depth += 1
        if depth > recursionLimit {
            depth -= 1
            throw PyError(ExcTypes.recursionError, "maximum recursion depth exceeded")
        }
        if let flag = interruptFlag, flag.pointee != 0 { try checkInterrupt() }
    }

    public func checkInterrupt() throws {
        if let flag = interruptFlag, flag.pointee != 0 {
            flag.pointee = 0
            throw PyError(ExcTypes.keyboardInterrupt, args: [])
        }
    }

    /// Runs a kscript function in a new frame whose arguments are already bound.
    @inline(__always) func execFunction(_ fn: PyFunction, _ frame: Frame) throws -> Value {
        frame.function = fn
        frame.initCellParams()
        if fn.code.isGenerator { return .obj(PyGenerator(frame: frame, name: fn.name)) }
        try enter()
        defer { depth -= 1 }
        do {
            let flow = try execBlock(fn.code.body, frame)
            if case .returned = flow { return frame.returnValue }
            return .none
        } catch let e as PyError {
            e.exc.leaveFrame(file: fn.code.file, line: frame.line, function: fn.code.name)
            throw e
        }
    }

    /// The fast path for `f(a, b)` when `f` takes exactly those positional parameters.
    @inline(__always) func callSimple(_ fn: PyFunction, _ args: [Expr], _ caller: Frame) throws -> Value {
        let frame = Frame(interp: self, code: fn.code, module: fn.module, closure: fn.closure)
        for (k, a) in args.enumerated() { frame.slots[k] = try a.eval(caller) }
        return try execFunction(fn, frame)
    }

    public func callFunction(_ fn: PyFunction, _ args: [Value], _ kwargs: KwArgs) throws -> Value {
        let frame = Frame(interp: self, code: fn.code, module: fn.module, closure: fn.closure)
        let p = fn.code.params
        if kwargs.isEmpty && fn.isSimple && args.count == p.positional.count {
            for k in 0..<args.count { frame.slots[k] = args[k] }
        } else {
            try ArgumentBinder.bind(p, name: fn.qualname, defaults: fn.defaults, kwDefaults: fn.kwDefaults,
                                    args: args, kwargs: kwargs, into: frame.slots)
        }
        return try execFunction(fn, frame)
    }

    /// Calls any callable value.
    public func call(_ callee: Value, _ args: [Value], _ kwargs: KwArgs = []) throws -> Value {
        guard case .obj(let o) = callee else {
            throw PyError.type("'\(typeName(callee))' object is not callable")
        }
        switch o {
        case let f as PyFunction: return try callFunction(f, args, kwargs)
        case let n as PyNativeFunction:
            try enter()
            defer { depth -= 1 }
            return try n.fn(self, args, kwargs)
        case let m as PyBoundMethod:
            return try call(m.function, [m.selfValue] + args, kwargs)
        case let t as PyType:
            return try instantiate(t, args, kwargs)
        default:
            if let callFn = o.pyType.lookup("__call__") {
                return try call(callFn, [callee] + args, kwargs)
            }
            throw PyError.type("'\(typeName(callee))' object is not callable")
        }
    }

    /// `T(args)`: a builtin type's constructor, or a new instance initialised by `__init__`.
    func instantiate(_ t: PyType, _ args: [Value], _ kwargs: KwArgs) throws -> Value {
        if t.isBuiltin, let c = t.construct { return try c(self, t, args, kwargs) }
        if let newFn = t.lookup("__new__"), !isObjectNew(newFn), case .obj(let nf) = newFn, nf is PyFunction || nf is PyStaticMethod {
            let fnv: Value = (nf as? PyStaticMethod)?.function ?? newFn
            let obj = try call(fnv, [.obj(t)] + args, kwargs)
            if case .obj(let o) = obj, o.pyType.isSubtype(of: t), let initFn = t.lookup("__init__"), !isObjectInit(initFn) {
                _ = try call(initFn, [obj] + args, kwargs)
            }
            return obj
        }
        if let c = t.construct { return try c(self, t, args, kwargs) }
        for b in t.mro where b.construct != nil && b !== BuiltinTypes.object {
            throw PyError.notImplemented("subclassing the builtin type '\(b.name)' is not supported by kscript")
        }
        guard let make = t.makeInstance else { throw PyError.type("cannot create '\(t.name)' instances") }
        let inst = make(t)
        let v = Value.obj(inst)
        if let initFn = t.lookup("__init__") {
            if isObjectInit(initFn) {
                if !args.isEmpty || !kwargs.isEmpty, t.lookup("__new__").map(isObjectNew) ?? true {
                    throw PyError.type("\(t.name)() takes no arguments")
                }
            } else {
                let r = try call(initFn, [v] + args, kwargs)
                if !r.isNone { throw PyError.type("__init__() should return None, not '\(typeName(r))'") }
            }
        }
        return v
    }

    func isObjectNew(_ v: Value) -> Bool {
        if case .obj(let o) = v, let d = BuiltinTypes.object.dict["__new__"], case .obj(let on) = d { return o === on }
        return false
    }

    func isObjectInit(_ v: Value) -> Bool {
        if case .obj(let o) = v, let d = BuiltinTypes.object.dict["__init__"], case .obj(let oi) = d { return o === oi }
        return false
    }

    /// A callable's name for error messages.
    public func callableName(_ v: Value) throws -> String {
        switch v {
        case .obj(let f as PyFunction): return f.qualname
        case .obj(let n as PyNativeFunction): return n.name
        case .obj(let t as PyType): return t.name
        case .obj(let m as PyBoundMethod): return try callableName(m.function)
        default: return typeName(v)
        }
    }

    public func typeName(_ v: Value) -> String { let t = typeOf(v); return t.messageName ?? t.name }

    public func typeOf(_ v: Value) -> PyType {
        switch v {
        case .none: return BuiltinTypes.none
        case .bool: return BuiltinTypes.bool
        case .int: return BuiltinTypes.int
        case .float: return BuiltinTypes.float
        case .str: return BuiltinTypes.str
        case .obj(let o): return o.pyType
        case .unbound: return BuiltinTypes.none
        }
    }

    /// Creates the class object for a `class` statement.
    func makeClass(name: String, qualname: String, bases: [PyType], namespace ns: PyDict, module: PyModule, metaclass: PyType? = nil,
                   keywords: KwArgs = []) throws -> PyType {
        let cls = PyType(name: name, bases: bases.isEmpty ? [BuiltinTypes.object] : bases, module: module.name, isBuiltin: false)
        try cls.computeMRO()
        cls.metaclass = metaclass ?? bases.lazy.compactMap { $0.metaclass }.first
        cls.interpreter = self
        cls.qualname = qualname
        for (k, v) in ns.storage {
            guard case .str(let ks) = k.value else { continue }
            var v = v
            // As in CPython, __init_subclass__ is a classmethod without saying so.
            if ks.value == "__init_subclass__", case .obj(let f as PyFunction) = v { v = .obj(PyClassMethod(.obj(f))) }
            cls.dict[ks.value] = v
            if ks.value == "__hash__" && !v.isNone { ScriptKeys.exist = true }
            var fv = v
            if case .obj(let sm as PyStaticMethod) = v { fv = sm.function }
            if case .obj(let cm as PyClassMethod) = v { fv = cm.function }
            if case .obj(let f as PyFunction) = fv { f.ownerClass = cls }
            if case .obj(let p as PyProperty) = v, case .obj(let g as PyFunction) = p.getter { g.ownerClass = cls }
        }
        if cls.dict["__doc__"] == nil { cls.dict["__doc__"] = Value.none }
        // Descriptors learn their names, then the parent classes hear of the new one.
        for (name, value) in cls.dict {
            if case .obj(let o as PyInstance) = value, let hook = o.cls.lookup("__set_name__") {
                _ = try call(hook, [value, .obj(cls), .string(name)], [])
            }
        }
        if let hook = try superAttr(PySuper(startAfter: cls, selfValue: .obj(cls)), "__init_subclass__") {
            _ = try call(hook, [], keywords)
        }
        return cls
    }

    /// The exception object for `raise X` / `raise X(...)`.
    func makeException(_ v: Value) throws -> PyExceptionObject {
        switch v {
        case .obj(let e as PyExceptionObject): return e
        case .obj(let t as PyType) where t.isSubtype(of: ExcTypes.baseException):
            let r = try call(v, [], [])
            if case .obj(let e as PyExceptionObject) = r { return e }
        default: break
        }
        throw PyError.type("exceptions must derive from BaseException")
    }

    func exceptionMatches(_ exc: PyExceptionObject, _ spec: Value) throws -> Bool {
        switch spec {
        case .obj(let t as PyType):
            guard t.isSubtype(of: ExcTypes.baseException) else {
                throw PyError.type("catching classes that do not inherit from BaseException is not allowed")
            }
            return exc.cls.isSubtype(of: t)
        case .obj(let tup as PyTuple):
            for x in tup.items where try exceptionMatches(exc, x) { return true }
            return false
        default:
            throw PyError.type("catching classes that do not inherit from BaseException is not allowed")
        }
    }

    /// Binds a module-level name from `from m import *`.
    func setGlobal(_ f: Frame, _ name: String, _ v: Value) throws {
        if let ns = f.namespace { ns.set(name, v) } else { f.module.set(name, v) }
    }
}
