// Expression statements, assignments, del, pass, return, raise, assert, global/nonlocal.

public final class ExprStmt: Stmt {
    public let expr: Expr
    public init(_ e: Expr, line: Int) { expr = e; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        let v = try expr.eval(f)
        if let echo = f.interp.echo, f.code.name == "<module>", !v.isNone { try echo(v) }
        return .normal
    }
}

public final class AssignStmt: Stmt {
    public let targets: [Expr]
    public let value: Expr
    public init(_ targets: [Expr], _ value: Expr, line: Int) { self.targets = targets; self.value = value; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        let v = try value.eval(f)
        for t in targets { try t.assign(f, v) }
        return .normal
    }
}

public final class AugAssignStmt: Stmt {
    public let target: Expr
    public let op: BinOp
    public let value: Expr
    public init(_ target: Expr, _ op: BinOp, _ value: Expr, line: Int) { self.target = target; self.op = op; self.value = value; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        switch target {
        case let n as NameExpr:
            let a = try n.eval(f)
            let b = try value.eval(f)
            if case .int(let x) = a, case .int(let y) = b {
                if op == .add { let (r, o) = x.addingReportingOverflow(y); if !o { try n.assign(f, .int(r)); return .normal } }
                if op == .sub { let (r, o) = x.subtractingReportingOverflow(y); if !o { try n.assign(f, .int(r)); return .normal } }
            }
            try n.assign(f, try f.interp.inplace(op, a, b))
        case let s as SubscriptExpr:
            let o = try s.object.eval(f)
            let k = try s.index.eval(f)
            let cur = try f.interp.getItem(o, k)
            try f.interp.setItem(o, k, try f.interp.inplace(op, cur, try value.eval(f)))
        case let a as AttributeExpr:
            let o = try a.object.eval(f)
            let cur = try f.interp.getAttr(o, a.name)
            try f.interp.setAttr(o, a.name, try f.interp.inplace(op, cur, try value.eval(f)))
        default:
            throw PyError.runtime("internal error: bad augmented assignment target")
        }
        return .normal
    }
}

/// `x: T = v`. In a class body or at module level the annotation of a plain name is evaluated and
/// recorded in `__annotations__` (what dataclasses read); elsewhere it is not evaluated, as in CPython.
public final class AnnAssignStmt: Stmt {
    public let target: Expr
    public let annotation: Expr?
    public let value: Expr?
    public init(_ target: Expr, _ annotation: Expr?, _ value: Expr?, line: Int) {
        self.target = target; self.annotation = annotation; self.value = value; super.init(line: line)
    }
    public override func exec(_ f: Frame) throws -> Flow {
        if let v = value { try target.assign(f, try v.eval(f)) }
        if let a = annotation, let name = (target as? NameExpr)?.name {
            let annotations: PyDict
            let current = f.namespace.map { $0.get("__annotations__") } ?? f.module.get("__annotations__")
            if case .obj(let d as PyDict)? = current { annotations = d } else {
                annotations = PyDict()
                if let ns = f.namespace { ns.set("__annotations__", .obj(annotations)) } else { f.module.set("__annotations__", .obj(annotations)) }
            }
            annotations.set(name, try a.eval(f))
        }
        return .normal
    }
}

public final class DeleteStmt: Stmt {
    public let targets: [Expr]
    public init(_ targets: [Expr], line: Int) { self.targets = targets; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        for t in targets { try t.delete(f) }
        return .normal
    }
}

public final class PassStmt: Stmt {}

public final class BreakStmt: Stmt {
    public override func exec(_ f: Frame) throws -> Flow { .breakLoop }
}

public final class ContinueStmt: Stmt {
    public override func exec(_ f: Frame) throws -> Flow { .continueLoop }
}

public final class ReturnStmt: Stmt {
    public let value: Expr?
    public init(_ value: Expr?, line: Int) { self.value = value; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        f.returnValue = try value?.eval(f) ?? .none
        return .returned
    }
}

public final class RaiseStmt: Stmt {
    public let exc: Expr?
    public let cause: Expr?
    public init(_ exc: Expr?, cause: Expr?, line: Int) { self.exc = exc; self.cause = cause; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        guard let e = exc else {
            guard let h = f.handling else { throw PyError.runtime("No active exception to reraise") }
            h.reraised = true
            throw PyError(h)
        }
        let obj = try f.interp.makeException(try e.eval(f))
        if let c = cause {
            let cv = try c.eval(f)
            if cv.isNone { obj.cause = nil } else { obj.cause = try f.interp.makeException(cv) }
            obj.suppressContext = true
        }
        if let h = f.handling, obj.context == nil, h !== obj { obj.context = h }
        throw PyError(obj)
    }
}

public final class AssertStmt: Stmt {
    public let test: Expr
    public let message: Expr?
    public init(_ test: Expr, _ message: Expr?, line: Int) { self.test = test; self.message = message; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        if try f.interp.truthy(try test.eval(f)) { return .normal }
        if let m = message { throw test.mark(PyError(ExcTypes.assertionError, args: [try m.eval(f)])) }
        throw test.mark(PyError(ExcTypes.assertionError, args: []))
    }
}
