// Compound statements: if, while, for, try/except/finally and with.

public final class IfStmt: Stmt {
    public let test: Expr
    public let body: [Stmt]
    public let orelse: [Stmt]
    public init(_ test: Expr, _ body: [Stmt], _ orelse: [Stmt], line: Int) { self.test = test; self.body = body; self.orelse = orelse; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        let t = try test.eval(f)
        let yes: Bool
        if case .bool(let b) = t { yes = b } else { yes = try f.interp.truthy(t) }
        return try execBlock(yes ? body : orelse, f)
    }
}

public final class WhileStmt: Stmt {
    public let test: Expr
    public let body: [Stmt]
    public let orelse: [Stmt]
    public init(_ test: Expr, _ body: [Stmt], _ orelse: [Stmt], line: Int) { self.test = test; self.body = body; self.orelse = orelse; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        while true {
            f.line = line
            let t = try test.eval(f)
            if case .bool(let b) = t { if !b { break } } else if !(try f.interp.truthy(t)) { break }
            try f.interp.checkInterrupt()
            switch try execBlock(body, f) {
            case .breakLoop: return .normal
            case .returned: return .returned
            default: continue
            }
        }
        return try execBlock(orelse, f)
    }
}

public final class ForStmt: Stmt {
    public let target: Expr
    public let iter: Expr
    public let body: [Stmt]
    public let orelse: [Stmt]
    public init(_ target: Expr, _ iter: Expr, _ body: [Stmt], _ orelse: [Stmt], line: Int) {
        self.target = target; self.iter = iter; self.body = body; self.orelse = orelse; super.init(line: line)
    }

    public override func exec(_ f: Frame) throws -> Flow {
        let seq = try iter.eval(f)
        /// Runs the body for one item; a non-nil result ends the loop with that flow.
        @inline(__always) func step(_ v: Value, _ k: Int) throws -> Flow? {
            try target.assign(f, v)
            switch try execBlock(body, f) {
            case .breakLoop: return .normal
            case .returned: return .returned
            default:
                if k & 0x3ff == 0x3ff { try f.interp.checkInterrupt() }
                return nil
            }
        }
        if case .obj(let r as PyRange) = seq {
            var i = r.start
            for k in 0..<r.count {
                if let done = try step(.int(i), k) { return done }
                i &+= r.step
            }
        } else if case .obj(let l as PyList) = seq {
            var k = 0
            while k < l.items.count {
                if let done = try step(l.items[k], k) { return done }
                k += 1
            }
        } else {
            let it = try f.interp.iterate(seq)
            var k = 0
            while let v = try it.next() {
                if let done = try step(v, k) { return done }
                k += 1
            }
        }
        return try execBlock(orelse, f)
    }
}

public struct ExceptHandler {
    public let type: Expr?
    public let name: NameExpr?
    public let body: [Stmt]
    public let line: Int
}

public final class TryStmt: Stmt {
    public let body: [Stmt]
    public let handlers: [ExceptHandler]
    public let orelse: [Stmt]
    public let finalbody: [Stmt]
    public init(_ body: [Stmt], _ handlers: [ExceptHandler], _ orelse: [Stmt], _ finalbody: [Stmt], line: Int) {
        self.body = body; self.handlers = handlers; self.orelse = orelse; self.finalbody = finalbody; super.init(line: line)
    }

    public override func exec(_ f: Frame) throws -> Flow {
        var flow = Flow.normal
        var pending: Error? = nil
        do {
            var caught: PyError? = nil
            do { flow = try execBlock(body, f) } catch let e as PyError { caught = e } catch let e as PythonConvertibleError { caught = e.pythonError }
            if let e = caught {
                // The traceback of a caught exception ends at the frame that catches it.
                e.exc.leaveFrame(file: f.code.file, line: f.line, function: f.code.name)
                guard let h = try matchingHandler(e, f) else {
                    e.exc.reraised = true
                    throw e
                }
                let saved = f.handling, savedHandled = f.interp.handledException
                f.handling = e.exc
                f.interp.handledException = e.exc
                defer { f.handling = saved; f.interp.handledException = savedHandled }
                f.line = h.line
                try h.name?.assign(f, .obj(e.exc))
                do {
                    flow = try execBlock(h.body, f)
                } catch let inner as PyError {
                    if inner.exc !== e.exc && inner.exc.context == nil { inner.exc.context = e.exc }
                    if let n = h.name { try? n.delete(f) }
                    throw inner
                }
                if let n = h.name { try? n.delete(f) }
            } else if case .normal = flow, !orelse.isEmpty {
                flow = try execBlock(orelse, f)
            }
        } catch {
            pending = error
        }
        if !finalbody.isEmpty {
            let savedReturn = f.returnValue
            let ff = try execBlock(finalbody, f)
            if case .normal = ff {} else { return ff }
            f.returnValue = savedReturn
        }
        if let e = pending { throw e }
        return flow
    }

    func matchingHandler(_ e: PyError, _ f: Frame) throws -> ExceptHandler? {
        for h in handlers {
            guard let te = h.type else { return h }
            if try f.interp.exceptionMatches(e.exc, try te.eval(f)) { return h }
        }
        return nil
    }
}

public final class WithStmt: Stmt {
    public let items: [(Expr, Expr?)]
    public let body: [Stmt]
    public init(_ items: [(Expr, Expr?)], _ body: [Stmt], line: Int) { self.items = items; self.body = body; super.init(line: line) }

    public override func exec(_ f: Frame) throws -> Flow { try run(0, f) }

    func run(_ k: Int, _ f: Frame) throws -> Flow {
        if k == items.count { return try execBlock(body, f) }
        let interp = f.interp
        let mgr = try items[k].0.eval(f)
        let exit = try interp.getAttr(mgr, "__exit__")
        let entered = try interp.call(try interp.getAttr(mgr, "__enter__"), [], [])
        if let t = items[k].1 { try t.assign(f, entered) }
        let flow: Flow
        do {
            flow = try run(k + 1, f)
        } catch let e as PyError {
            let r = try interp.call(exit, [.obj(e.exc.cls), .obj(e.exc), .none], [])
            if try interp.truthy(r) { return .normal }
            throw e
        }
        _ = try interp.call(exit, [.none, .none, .none], [])
        return flow
    }
}
