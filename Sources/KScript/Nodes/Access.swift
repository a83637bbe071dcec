// Attribute access (`obj.name`), subscripts (`obj[key]`) and slice expressions (`a:b:c`).

public final class AttributeExpr: Expr {
    public let object: Expr
    public let name: String
    public init(_ object: Expr, _ name: String, _ pos: SourcePos) { self.object = object; self.name = name; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        do { return try f.interp.getAttr(try object.eval(f), name) } catch let e as PyError { throw mark(e) }
    }
    public override func assign(_ f: Frame, _ v: Value) throws { try f.interp.setAttr(try object.eval(f), name, v) }
    public override func delete(_ f: Frame) throws { try f.interp.delAttr(try object.eval(f), name) }
}

public final class SubscriptExpr: Expr {
    public let object: Expr
    public let index: Expr
    public init(_ object: Expr, _ index: Expr, _ pos: SourcePos) { self.object = object; self.index = index; super.init(pos) }

    public override var errorPosition: ErrorPosition {
        var p = ErrorPosition(start: pos, end: end, anchors: nil)
        if pos.line == end.line && object.end.line == pos.line && index.end.line == pos.line {
            p.anchors = (Int(object.end.col - pos.col), Int(index.end.col - pos.col) + 1)
        }
        return p
    }

    public override func eval(_ f: Frame) throws -> Value {
        do { return try load(f) } catch let e as PyError { throw mark(e) }
    }

    @inline(__always) func load(_ f: Frame) throws -> Value {
        let o = try object.eval(f)
        let k = try index.eval(f)
        if case .obj(let l as PyList) = o, case .int(let i) = k {
            let j = i < 0 ? i + l.items.count : i
            if j >= 0 && j < l.items.count { return l.items[j] }
        }
        return try f.interp.getItem(o, k)
    }
    public override func assign(_ f: Frame, _ v: Value) throws {
        let o = try object.eval(f)
        let k = try index.eval(f)
        if case .obj(let l as PyList) = o, case .int(let i) = k {
            let j = i < 0 ? i + l.items.count : i
            if j >= 0 && j < l.items.count { l.items[j] = v; return }
        }
        try f.interp.setItem(o, k, v)
    }
    public override func delete(_ f: Frame) throws { try f.interp.delItem(try object.eval(f), try index.eval(f)) }
}

public final class SliceExpr: Expr {
    public let lower: Expr?, upper: Expr?, step: Expr?
    public init(_ lower: Expr?, _ upper: Expr?, _ step: Expr?, _ pos: SourcePos) {
        self.lower = lower; self.upper = upper; self.step = step; super.init(pos)
    }
    public override func eval(_ f: Frame) throws -> Value {
        .obj(PySlice(try lower?.eval(f) ?? .none, try upper?.eval(f) ?? .none, try step?.eval(f) ?? .none))
    }
}
