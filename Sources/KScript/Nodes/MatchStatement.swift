// The `match` statement (structural pattern matching, Python 3.10): literal, capture, wildcard,
// value (dotted name), sequence, mapping, class, OR and AS patterns, with guards.

public indirect enum Pattern {
    case wildcard
    case capture(NameExpr)
    /// A literal or dotted name, compared with `==`.
    case value(Expr)
    /// None, True or False, compared by identity.
    case singleton(Value)
    /// `[a, *rest, b]`: the patterns, the position of the starred one and what it binds (nil for `*_`).
    case sequence([Pattern], star: Int?, starTarget: NameExpr?)
    case mapping([(Expr, Pattern)], rest: NameExpr?)
    case classPattern(Expr, [Pattern], [(String, Pattern)])
    case or([Pattern])
    case asPattern(Pattern, NameExpr)
}

public final class MatchStmt: Stmt {
    public struct Case {
        let pattern: Pattern
        let guardExpr: Expr?
        let body: [Stmt]
        let line: Int
    }
    let subject: Expr
    let cases: [Case]
    init(_ subject: Expr, _ cases: [Case], line: Int) { self.subject = subject; self.cases = cases; super.init(line: line) }

    public override func exec(_ f: Frame) throws -> Flow {
        let value = try subject.eval(f)
        for c in cases {
            f.line = c.line
            guard try matches(c.pattern, value, f) else { continue }
            if let g = c.guardExpr, !(try f.interp.truthy(try g.eval(f))) { continue }
            return try execBlock(c.body, f)
        }
        return .normal
    }

    func matches(_ pattern: Pattern, _ v: Value, _ f: Frame) throws -> Bool {
        let interp = f.interp
        switch pattern {
        case .wildcard: return true
        case .capture(let n): try n.assign(f, v); return true
        case .value(let e): return try interp.equals(v, try e.eval(f))
        case .singleton(let s): return interp.identical(v, s)
        case .asPattern(let p, let n):
            guard try matches(p, v, f) else { return false }
            try n.assign(f, v)
            return true
        case .or(let options):
            for p in options where try matches(p, v, f) { return true }
            return false
        case .sequence(let items, let star, let starTarget):
            // Sequences are lists, tuples and ranges (not strings, bytes or dicts), as in CPython.
            guard case .obj(let o) = v, o is PyList || o is PyTuple || o is PyRange || o.pyType.lookup("__match_sequence__") != nil else { return false }
            let elements = try interp.iterateAll(v)
            guard let s = star else {
                guard elements.count == items.count else { return false }
                for (p, e) in zip(items, elements) where !(try matches(p, e, f)) { return false }
                return true
            }
            let after = items.count - s - 1
            guard elements.count >= items.count - 1 else { return false }
            for i in 0..<s where !(try matches(items[i], elements[i], f)) { return false }
            for i in 0..<after where !(try matches(items[s + 1 + i], elements[elements.count - after + i], f)) { return false }
            if let t = starTarget { try t.assign(f, .obj(PyList(Array(elements[s..<(elements.count - after)])))) }
            return true
        case .mapping(let entries, let rest):
            guard case .obj(let d as PyDict) = v else { return false }
            var used: [HashKey] = []
            for (keyExpr, p) in entries {
                let key = try interp.hashKey(try keyExpr.eval(f))
                guard let item = d.storage[key], try matches(p, item, f) else { return false }
                used.append(key)
            }
            if let r = rest {
                let remaining = PyDict(d.storage)
                for k in used { remaining.storage.removeValue(forKey: k) }
                try r.assign(f, .obj(remaining))
            }
            return true
        case .classPattern(let clsExpr, let positional, let keywords):
            let cls = try clsExpr.eval(f)
            guard case .obj(let type as PyType) = cls else { throw PyError.type("called match pattern must be a class") }
            guard try interp.isInstance(v, cls) else { return false }
            if !positional.isEmpty {
                // Builtin scalar and container types match themselves with one positional pattern.
                if type.isBuiltin {
                    guard positional.count == 1 else { throw PyError.type("\(type.name)() accepts 1 positional sub-pattern (\(positional.count) given)") }
                    return try matches(positional[0], v, f)
                }
                guard let args = type.lookup("__match_args__") else {
                    throw PyError.type("\(type.name)() accepts 0 positional sub-patterns (\(positional.count) given)")
                }
                let names = try interp.iterateAll(args).map { try interp.strArg($0, "__match_args__ item") }
                guard positional.count <= names.count else {
                    throw PyError.type("\(type.name)() accepts \(names.count) positional sub-pattern\(names.count == 1 ? "" : "s") (\(positional.count) given)")
                }
                for (p, name) in zip(positional, names) {
                    guard let attr = try interp.lookupAttr(v, name), try matches(p, attr, f) else { return false }
                }
            }
            for (name, p) in keywords {
                guard let attr = try interp.lookupAttr(v, name), try matches(p, attr, f) else { return false }
            }
            return true
        }
    }
}
