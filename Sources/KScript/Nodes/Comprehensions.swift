// List, set and dict comprehensions and generator expressions, each running in its own scope.

public struct CompClause {
    public let target: Expr
    public let iter: Expr
    public let ifs: [Expr]
}

public final class ComprehensionExpr: Expr {
    public enum Kind { case list, set, dict, generator }
    public let kind: Kind
    public let code: CodeObject
    public let element: Expr
    public let value: Expr?      // the value of a dict comprehension (element is the key)
    public let clauses: [CompClause]

    public init(_ kind: Kind, code: CodeObject, element: Expr, value: Expr?, clauses: [CompClause], _ pos: SourcePos) {
        self.kind = kind; self.code = code; self.element = element; self.value = value; self.clauses = clauses
        super.init(pos)
    }

    public override func eval(_ f: Frame) throws -> Value {
        let first = try f.interp.iterate(try clauses[0].iter.eval(f))
        let frame = Frame(interp: f.interp, code: code, module: f.module, closure: code.freeSources.map { f.cells[$0] })
        if kind == .generator { return .obj(GeneratorExpIterator(self, frame, first)) }
        switch kind {
        case .list:
            var out: [Value] = []
            try run(0, first, frame) { out.append(try self.element.eval(frame)) }
            return .obj(PyList(out))
        case .set:
            let s = PySet()
            try run(0, first, frame) { s.storage.append(try f.interp.hashKey(try self.element.eval(frame))) }
            return .obj(s)
        default:
            let d = PyDict()
            try run(0, first, frame) {
                let k = try f.interp.hashKey(try self.element.eval(frame))
                d.storage[k] = try self.value!.eval(frame)
            }
            return .obj(d)
        }
    }

    func run(_ k: Int, _ it: PyIterator, _ frame: Frame, _ emit: () throws -> Void) throws {
        let c = clauses[k]
        outer: while let v = try it.next() {
            try c.target.assign(frame, v)
            for cond in c.ifs where !(try frame.interp.truthy(try cond.eval(frame))) { continue outer }
            if k + 1 == clauses.count {
                try emit()
            } else {
                try run(k + 1, try frame.interp.iterate(try clauses[k + 1].iter.eval(frame)), frame, emit)
            }
        }
    }
}

/// The lazy iterator a generator expression returns.
final class GeneratorExpIterator: PyIterator {
    let comp: ComprehensionExpr
    let frame: Frame
    var stack: [PyIterator]

    init(_ comp: ComprehensionExpr, _ frame: Frame, _ first: PyIterator) {
        self.comp = comp; self.frame = frame; self.stack = [first]
    }
    override var pyType: PyType { BuiltinTypes.generator }

    override func next() throws -> Value? {
        while let top = stack.last {
            guard let v = try top.next() else { stack.removeLast(); continue }
            let k = stack.count - 1
            let c = comp.clauses[k]
            try c.target.assign(frame, v)
            var ok = true
            for cond in c.ifs where !(try frame.interp.truthy(try cond.eval(frame))) { ok = false; break }
            if !ok { continue }
            if k + 1 == comp.clauses.count { return try comp.element.eval(frame) }
            stack.append(try frame.interp.iterate(try comp.clauses[k + 1].iter.eval(frame)))
        }
        return nil
    }
}
