// Constants, f-strings and the displays that build lists, tuples, sets and dicts.

public final class ConstExpr: Expr {
    public let value: Value
    public init(_ value: Value, _ pos: SourcePos) { self.value = value; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value { value }
}

/// An element of a display: a plain expression or `*iterable`.
public final class StarredExpr: Expr {
    public let value: Expr
    public init(_ value: Expr, _ pos: SourcePos) { self.value = value; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        throw PyError.runtime("internal error: starred expression evaluated alone")
    }
}

/// Evaluates display elements, expanding `*x` entries.
@inline(__always) func evalElements(_ elts: [Expr], _ f: Frame) throws -> [Value] {
    var out: [Value] = []
    out.reserveCapacity(elts.count)
    for e in elts {
        if let s = e as? StarredExpr {
            let it = try f.interp.iterate(try s.value.eval(f))
            while let v = try it.next() { out.append(v) }
        } else {
            out.append(try e.eval(f))
        }
    }
    return out
}

public final class ListExpr: Expr {
    public let elts: [Expr]
    public init(_ elts: [Expr], _ pos: SourcePos) { self.elts = elts; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value { .obj(PyList(try evalElements(elts, f))) }
    public override func assign(_ f: Frame, _ v: Value) throws {
        do { try unpackAssign(elts, v, f) } catch let e as PyError { throw mark(e) }
    }
    public override func delete(_ f: Frame) throws { for e in elts { try e.delete(f) } }
}

public final class TupleExpr: Expr {
    public let elts: [Expr]
    public init(_ elts: [Expr], _ pos: SourcePos) { self.elts = elts; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        if elts.isEmpty { return .obj(PyTuple.empty) }
        return .obj(PyTuple(try evalElements(elts, f)))
    }
    public override func assign(_ f: Frame, _ v: Value) throws {
        do { try unpackAssign(elts, v, f) } catch let e as PyError { throw mark(e) }
    }
    public override func delete(_ f: Frame) throws { for e in elts { try e.delete(f) } }
}

/// `a, b = v` and `a, *rest, b = v`: unpacks an iterable into targets with CPython's errors.
func unpackAssign(_ targets: [Expr], _ v: Value, _ f: Frame) throws {
    let values: [Value]
    switch v {
    case .obj(let t as PyTuple): values = t.items
    case .obj(let l as PyList): values = l.items
    default:
        let it = try f.interp.iterate(v, unpacking: true)
        var acc: [Value] = []
        while let x = try it.next() { acc.append(x) }
        values = acc
    }
    if let star = targets.firstIndex(where: { $0 is StarredExpr }) {
        let after = targets.count - star - 1
        if values.count < targets.count - 1 {
            throw PyError.value("not enough values to unpack (expected at least \(targets.count - 1), got \(values.count))")
        }
        for k in 0..<star { try targets[k].assign(f, values[k]) }
        let mid = Array(values[star..<(values.count - after)])
        try (targets[star] as! StarredExpr).value.assign(f, .obj(PyList(mid)))
        for k in 0..<after { try targets[star + 1 + k].assign(f, values[values.count - after + k]) }
        return
    }
    if values.count != targets.count {
        if values.count > targets.count { throw PyError.value("too many values to unpack (expected \(targets.count))") }
        throw PyError.value("not enough values to unpack (expected \(targets.count), got \(values.count))")
    }
    for k in 0..<targets.count { try targets[k].assign(f, values[k]) }
}

public final class SetExpr: Expr {
    public let elts: [Expr]
    public init(_ elts: [Expr], _ pos: SourcePos) { self.elts = elts; super.init(pos) }
    /// CPython folds a display of three or more constants into a frozenset constant (rebuilt once
    /// when the compiler merges constants), which is then merged into a new set.
    lazy var constantFold: Bool = elts.count > 2 && elts.allSatisfy { $0 is ConstExpr }

    public override func eval(_ f: Frame) throws -> Value {
        var keys = SetStorage()
        for v in try evalElements(elts, f) { keys.append(try f.interp.hashKey(v)) }
        if constantFold { return .obj(PySet(SetStorage(keys).copy())) }
        return .obj(PySet(keys))
    }
}

public final class DictExpr: Expr {
    /// `nil` key means `**mapping`.
    public let items: [(Expr?, Expr)]
    public init(_ items: [(Expr?, Expr)], _ pos: SourcePos) { self.items = items; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        let d = PyDict()
        for (k, v) in items {
            if let k = k {
                let key = try f.interp.hashKey(try k.eval(f))
                d.storage[key] = try v.eval(f)
            } else {
                try f.interp.mergeMapping(into: d, try v.eval(f))
            }
        }
        return .obj(d)
    }
}

/// f"...": concatenates literal parts with formatted expressions.
public final class FStringExpr: Expr {
    public enum Part { case literal(String), expr(Expr, conversion: Character?, spec: [Part]?, selfDoc: String?) }
    public let parts: [Part]
    /// Format specs made only of literal text, rendered once (most specs, like `.2f`).
    let constantSpecs: [String?]

    public init(_ parts: [Part], _ pos: SourcePos) {
        self.parts = parts
        constantSpecs = parts.map { part in
            guard case .expr(_, _, let spec?, _) = part else { return nil }
            var text = ""
            for s in spec { guard case .literal(let l) = s else { return nil }; text += l }
            return text
        }
        super.init(pos)
    }

    /// A guess of the result's length, so the text is built without regrowing.
    lazy var expectedLength: Int = parts.reduce(0) { n, p in
        if case .literal(let s) = p { return n + s.utf8.count }
        return n + 12
    }

    public override func eval(_ f: Frame) throws -> Value {
        var out = ""
        out.reserveCapacity(expectedLength)
        for (k, p) in parts.enumerated() {
            switch p {
            case .literal(let s): out += s
            case .expr(let e, let conv, let spec, let selfDoc):
                let v = try e.eval(f)
                if conv == nil && selfDoc == nil && spec == nil {
                    // The common `{x}`: strings and ints need no formatting machinery.
                    switch v {
                    case .str(let s): out += s.value; continue
                    case .int(let i): out += String(i); continue
                    default: break
                    }
                }
                if conv == nil && selfDoc == nil, case .float(let d) = v, let text = constantSpecs[k], let fixed = FStringExpr.fixed(d, text) {
                    out += fixed
                    continue
                }
                let specText = try constantSpecs[k] ?? spec.map { try FStringExpr.render($0, f) } ?? ""
                out += try FStringExpr.formatted(v, conv, specText, selfDoc, hasSpec: spec != nil, f)
            }
        }
        return .string(out)
    }

    /// `{x:.2f}` on a float: the exact fixed-point digits, without parsing the spec each time.
    static func fixed(_ d: Double, _ spec: String) -> String? {
        let u = spec.utf8
        guard u.count == 3, u.first == UInt8(ascii: "."), u.last == UInt8(ascii: "f") else { return nil }
        let digit = Int(u[u.index(after: u.startIndex)]) - 48
        guard digit >= 0 && digit <= 9 else { return nil }
        return FixedPoint.format(d, precision: digit)
    }

    static func formatted(_ v: Value, _ conv: Character?, _ specText: String, _ selfDoc: String?, hasSpec: Bool, _ f: Frame) throws -> String {
        var out = selfDoc ?? ""
        switch conv {
        case "r": out += try Formatter.format(.string(try f.interp.repr(v)), specText, f.interp)
        case "s": out += try Formatter.format(.string(try f.interp.str(v)), specText, f.interp)
        case "a": out += try Formatter.format(.string(Formatter.asciiEscape(try f.interp.repr(v))), specText, f.interp)
        default:
            if selfDoc != nil && !hasSpec { out += try f.interp.repr(v) } else { out += try Formatter.format(v, specText, f.interp) }
        }
        return out
    }

    /// Renders nested parts (a format spec with replacement fields).
    static func render(_ parts: [Part], _ f: Frame) throws -> String {
        var out = ""
        for p in parts {
            switch p {
            case .literal(let s): out += s
            case .expr(let e, let conv, let spec, let selfDoc):
                let specText = try spec.map { try render($0, f) } ?? ""
                out += try formatted(try e.eval(f), conv, specText, selfDoc, hasSpec: spec != nil, f)
            }
        }
        return out
    }
}

/// `"format" % (a, b)` with a literal format and a tuple display: compiled once, and applied to
/// the evaluated items without building the tuple.
public final class PercentFormatExpr: Expr {
    let format: PyStr
    let items: [Expr]
    let compiled: Result<PercentFormat, Error>
    let operatorColumn: SourcePos
    public init(format: PyStr, items: [Expr], operatorAt: SourcePos, _ pos: SourcePos) {
        self.format = format; self.items = items; operatorColumn = operatorAt
        compiled = Result { try PercentFormat(format.value) }
        super.init(pos)
    }

    /// Errors point at the `%` as they do for any binary operation.
    public override var errorPosition: ErrorPosition {
        var p = ErrorPosition(start: pos, end: end, anchors: nil)
        if pos.line == end.line && operatorColumn.line == pos.line {
            let a = Int(operatorColumn.col - pos.col)
            p.anchors = (a, a + 1)
        }
        return p
    }
    public override func eval(_ f: Frame) throws -> Value {
        do {
            let args = try items.map { try $0.eval(f) }
            return .string(try compiled.get().apply(arguments: args, f.interp))
        } catch let e as PyError { throw mark(e) }
    }
}
