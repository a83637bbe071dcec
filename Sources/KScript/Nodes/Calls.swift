// Function and method calls, with a direct path for plain positional calls of kscript functions.

public enum CallArg {
    case positional(Expr)
    case star(Expr)
    case keyword(String, Expr)
    case doubleStar(Expr)
}

public final class CallExpr: Expr {
    public let callee: Expr
    public let args: [CallArg]
    /// Only plain positional arguments: no keywords, no unpacking.
    let positionalOnly: [Expr]?
    /// The callee when it is `obj.name`, found once rather than cast on every call.
    unowned(unsafe) let attributeCallee: AttributeExpr?
    /// Inline cache for `obj.method(...)` on builtin types (which, with their methods, live forever).
    unowned(unsafe) var cachedType: PyType = BuiltinTypes.object
    unowned(unsafe) var cachedMethod: PyNativeFunction? = nil

    public init(_ callee: Expr, _ args: [CallArg], _ pos: SourcePos) {
        self.callee = callee
        self.args = args
        var plain: [Expr] = []
        for a in args { if case .positional(let e) = a { plain.append(e) } }
        positionalOnly = plain.count == args.count ? plain : nil
        attributeCallee = callee as? AttributeExpr
        super.init(pos)
    }

    public override func eval(_ f: Frame) throws -> Value {
        do { return try evalCall(f) } catch let e as PyError { throw mark(e) }
    }

    @inline(__always) func evalCall(_ f: Frame) throws -> Value {
        let interp = f.interp
        if let attr = attributeCallee {
            let obj = try attr.object.eval(f)
            // Builtin types never change, so their method found here stays valid for this call site.
            if let native = cachedMethod, interp.typeOf(obj) === cachedType {
                if let plain = positionalOnly {
                    if plain.count == 0, let c = native.call1 { return try c(interp, obj) }
                    if plain.count == 1, let c = native.call2 { return try c(interp, obj, try plain[0].eval(f)) }
                    if plain.count == 2, let c = native.call3 { return try c(interp, obj, try plain[0].eval(f), try plain[1].eval(f)) }
                }
                var a: [Value] = []
                a.reserveCapacity(1 + args.count)
                a.append(obj)
                let kw = try evalArgs(f, into: &a)
                return try native.fn(interp, a, kw)
            }
            let fn: Value, bound: Value?
            do { (fn, bound) = try interp.loadMethod(obj, attr.name) } catch let e as PyError { throw attr.mark(e) }
            if let selfArg = bound, case .obj(let fo) = fn, let native = fo as? PyNativeFunction, !(selfArg.object is PyInstance) {
                let t = interp.typeOf(selfArg)
                if t.isBuiltin { cachedType = t; cachedMethod = native }
            }
            if let selfArg = bound {
                var a: [Value] = []
                a.reserveCapacity(1 + args.count)
                a.append(selfArg)
                let kw = try evalArgs(f, into: &a)
                return try interp.call(fn, a, kw)
            }
            var a: [Value] = []
            let kw = try evalArgs(f, into: &a)
            return try interp.call(fn, a, kw)
        }
        let fn = try callee.eval(f)
        if let plain = positionalOnly, case .obj(let o) = fn {
            if let pf = o as? PyFunction, pf.isSimple, pf.code.params.positional.count == plain.count {
                return try interp.callSimple(pf, plain, f)
            }
            if plain.count == 1, let t = o as? PyType, let c = t.construct1 { return try c(interp, try plain[0].eval(f)) }
            if let n = o as? PyNativeFunction {
                if plain.count == 1, let c = n.call1 { return try c(interp, try plain[0].eval(f)) }
                if plain.count == 2, let c = n.call2 { return try c(interp, try plain[0].eval(f), try plain[1].eval(f)) }
            }
        }
        var a: [Value] = []
        let kw = try evalArgs(f, into: &a)
        return try interp.call(fn, a, kw)
    }

    /// Evaluates the arguments left to right, appending positionals to `a`; returns the keywords.
    @inline(__always) func evalArgs(_ f: Frame, into a: inout [Value]) throws -> KwArgs {
        if let plain = positionalOnly {
            for e in plain { a.append(try e.eval(f)) }
            return []
        }
        var kw: KwArgs = []
        for arg in args {
            switch arg {
            case .positional(let e): a.append(try e.eval(f))
            case .star(let e):
                let seq = try e.eval(f)
                let it: PyIterator
                do { it = try f.interp.iterate(seq) } catch let err as PyError where err.isInstance(of: ExcTypes.typeError) {
                    throw PyError.type("\(try f.interp.callableName(try callee.eval(f)))() argument after * must be an iterable, not \(f.interp.typeName(seq))")
                }
                while let v = try it.next() { a.append(v) }
            case .keyword(let name, let e):
                let v = try e.eval(f)
                kw.append((name, v))
            case .doubleStar(let e):
                let m = try e.eval(f)
                for (k, v) in try f.interp.mappingItems(m) {
                    guard case .str(let ks) = k else { throw PyError.type("keywords must be strings") }
                    if kw.contains(where: { $0.0 == ks.value }) {
                        throw PyError.type("\(try f.interp.callableName(try callee.eval(f)))() got multiple values for keyword argument '\(ks.value)'")
                    }
                    kw.append((ks.value, v))
                }
            }
        }
        return kw
    }
}

/// `lambda params: body`
public final class LambdaExpr: Expr {
    public let code: CodeObject
    public let defaults: [Expr]
    public let kwDefaults: [(String, Expr)]
    public init(_ code: CodeObject, defaults: [Expr], kwDefaults: [(String, Expr)], _ pos: SourcePos) {
        self.code = code; self.defaults = defaults; self.kwDefaults = kwDefaults; super.init(pos)
    }
    public override func eval(_ f: Frame) throws -> Value {
        .obj(try makeFunction(code, defaults: defaults, kwDefaults: kwDefaults, f))
    }
}

/// Creates a function object for `code` in frame `f`, capturing the cells it needs.
func makeFunction(_ code: CodeObject, defaults: [Expr], kwDefaults: [(String, Expr)], _ f: Frame) throws -> PyFunction {
    let d = try defaults.map { try $0.eval(f) }
    var kd: [String: Value] = [:]
    for (k, e) in kwDefaults { kd[k] = try e.eval(f) }
    let closure = code.freeSources.map { f.cells[$0] }
    return PyFunction(code: code, module: f.module, defaults: d, kwDefaults: kd, closure: closure)
}

/// `yield value` inside a generator function.
public final class YieldExpr: Expr {
    public let value: Expr?
    public init(_ value: Expr?, _ pos: SourcePos) { self.value = value; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        let v = try value?.eval(f) ?? .none
        guard let g = f.generator else { throw PyError.runtime("internal error: yield outside a generator") }
        return try g.yield(v)
    }
}

/// `yield from iterable`
public final class YieldFromExpr: Expr {
    public let value: Expr
    public init(_ value: Expr, _ pos: SourcePos) { self.value = value; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        guard let g = f.generator else { throw PyError.runtime("internal error: yield outside a generator") }
        let it = try f.interp.iterate(try value.eval(f))
        if let inner = it as? PyGenerator {
            // Values sent to this generator go on to the inner one; its return value is ours.
            var sent: Value = .none
            while let v = try inner.send(sent) { sent = try g.yield(v) }
            return inner.runner.takeReturnValue()
        }
        while let v = try it.next() { _ = try g.yield(v) }
        return .none
    }
}

/// A call to eval, exec, globals, locals, vars or dir: the callee may need the calling frame.
public final class FrameAwareCall: Expr {
    static let names: Set<String> = ["eval", "exec", "globals", "locals", "vars", "dir"]
    let call: CallExpr
    init(_ call: CallExpr) { self.call = call; super.init(call.pos) }
    public override func eval(_ f: Frame) throws -> Value {
        let saved = f.interp.callerFrame
        f.interp.callerFrame = f
        defer { f.interp.callerFrame = saved }
        return try call.eval(f)
    }
}

/// Zero-argument `super()`: the defining class of the running method and its first argument.
public final class SuperExpr: Expr {
    let name: NameExpr
    init(_ name: NameExpr, _ pos: SourcePos) { self.name = name; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        let callee = try name.eval(f)
        guard case .obj(let t as PyType) = callee, t === BuiltinTypes.superType else {
            return try f.interp.call(callee, [], [])
        }
        guard let cls = f.function?.ownerClass else { throw PyError.runtime("super(): __class__ cell not found") }
        guard let first = f.code.params.positional.first else { throw PyError.runtime("super(): no arguments") }
        let selfValue: Value
        if let ci = f.code.cellNames.firstIndex(of: first) { selfValue = f.cells[ci].value } else { selfValue = f.slots[0] }
        if selfValue.isUnbound { throw PyError.runtime("super(): arg[0] deleted") }
        return .obj(PySuper(startAfter: cls, selfValue: selfValue))
    }
}
