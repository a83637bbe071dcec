// `def` and `class` statements: they build function and class objects at run time.

public final class FunctionDefStmt: Stmt {
    public let code: CodeObject
    public let target: NameExpr
    public let decorators: [Expr]
    public let defaults: [Expr]
    public let kwDefaults: [(String, Expr)]
    public init(_ code: CodeObject, target: NameExpr, decorators: [Expr], defaults: [Expr], kwDefaults: [(String, Expr)], line: Int) {
        self.code = code; self.target = target; self.decorators = decorators
        self.defaults = defaults; self.kwDefaults = kwDefaults; super.init(line: line)
    }
    public override func exec(_ f: Frame) throws -> Flow {
        let decs = try decorators.map { try $0.eval(f) }
        var v = Value.obj(try makeFunction(code, defaults: defaults, kwDefaults: kwDefaults, f))
        for d in decs.reversed() { v = try f.interp.call(d, [v], []) }
        try target.assign(f, v)
        return .normal
    }
}

public final class ClassDefStmt: Stmt {
    public let name: String
    public let code: CodeObject
    public let target: NameExpr
    public let bases: [CallArg]
    public let decorators: [Expr]
    public init(name: String, code: CodeObject, target: NameExpr, bases: [CallArg], decorators: [Expr], line: Int) {
        self.name = name; self.code = code; self.target = target; self.bases = bases; self.decorators = decorators
        super.init(line: line)
    }

    public override func exec(_ f: Frame) throws -> Flow {
        let interp = f.interp
        let decs = try decorators.map { try $0.eval(f) }
        var baseTypes: [PyType] = []
        var metaclass: PyType? = nil
        var keywords: KwArgs = []
        for b in bases {
            switch b {
            case .positional(let e):
                let v = try e.eval(f)
                guard case .obj(let t as PyType) = v else {
                    throw PyError.type("bases must be types")
                }
                baseTypes.append(t)
            case .keyword(let k, let e) where k == "metaclass":
                guard case .obj(let m as PyType) = try e.eval(f), m.isSubtype(of: BuiltinTypes.type) else {
                    throw PyError.notImplemented("a metaclass that is not a subclass of type is not supported by kscript")
                }
                if m !== BuiltinTypes.type { metaclass = m }
            case .keyword(let k, let e): keywords.append((k, try e.eval(f)))
            default: throw PyError.notImplemented("unpacking arguments into a class's bases is not supported by kscript")
            }
        }
        let ns = PyDict()
        ns.set("__module__", f.module.get("__name__") ?? .string(f.module.name))
        ns.set("__qualname__", .string(code.qualname))
        let body = Frame(interp: interp, code: code, module: f.module, closure: code.freeSources.map { f.cells[$0] })
        body.namespace = ns
        try interp.runFrame(body)
        let cls = try interp.makeClass(name: name, qualname: code.qualname, bases: baseTypes, namespace: ns, module: f.module, metaclass: metaclass, keywords: keywords)
        var v = Value.obj(cls)
        for d in decs.reversed() { v = try interp.call(d, [v], []) }
        try target.assign(f, v)
        return .normal
    }
}

public final class GlobalStmt: Stmt {}
