// Arithmetic, boolean, comparison and conditional expressions, with unboxed int/float fast paths.

public enum BinOp: String {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
    case matmul = "@", lshift = "<<", rshift = ">>", and = "&", or = "|", xor = "^"

    public var dunder: String {
        switch self {
        case .add: return "add"; case .sub: return "sub"; case .mul: return "mul"; case .div: return "truediv"
        case .floorDiv: return "floordiv"; case .mod: return "mod"; case .pow: return "pow"; case .matmul: return "matmul"
        case .lshift: return "lshift"; case .rshift: return "rshift"; case .and: return "and"; case .or: return "or"; case .xor: return "xor"
        }
    }
}

public enum CmpOp: String {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case isOp = "is", isNot = "is not", inOp = "in", notIn = "not in"
}

public final class BinaryExpr: Expr {
    public let op: BinOp
    public let left: Expr, right: Expr
    let opPos: SourcePos
    let opLength: Int
    public init(_ op: BinOp, _ l: Expr, _ r: Expr, _ pos: SourcePos, opToken: Token) {
        self.op = op; left = l; right = r
        opPos = opToken.pos; opLength = op.rawValue.count
        super.init(pos)
    }

    public override var errorPosition: ErrorPosition {
        var p = ErrorPosition(start: pos, end: end, anchors: nil)
        if pos.line == end.line && opPos.line == pos.line {
            let a = Int(opPos.col - pos.col)
            p.anchors = (a, a + opLength)
        }
        return p
    }

    /// For `a + b + c + ...`: the additions, innermost first (nil unless this is such a chain).
    lazy var additionChain: [BinaryExpr]? = {
        guard op == .add, let l = left as? BinaryExpr, l.op == .add else { return nil }
        var nodes: [BinaryExpr] = [self]
        var cur = l
        while true {
            nodes.append(cur)
            guard let n = cur.left as? BinaryExpr, n.op == .add else { break }
            cur = n
        }
        return nodes.reversed()
    }()

    public override func eval(_ f: Frame) throws -> Value {
        if let chain = additionChain { return try evalChain(chain, f) }
        do { return try evalOp(f) } catch let e as PyError { throw mark(e) }
    }

    /// Evaluates a chain of additions left to right; runs of strings are joined in one buffer
    /// instead of making an intermediate string object at every `+`.
    func evalChain(_ chain: [BinaryExpr], _ f: Frame) throws -> Value {
        var acc = try chain[0].left.eval(f)
        var buffer: String? = nil
        for node in chain {
            let v = try node.right.eval(f)
            if case .str(let s) = v {
                if buffer != nil { buffer! += s.value; continue }
                if case .str(let a) = acc {
                    var b = ""
                    b.reserveCapacity(a.value.utf8.count + s.value.utf8.count + 16 * (chain.count - 1))
                    b += a.value
                    b += s.value
                    buffer = b
                    continue
                }
            }
            if let b = buffer { acc = .string(b); buffer = nil }
            do { acc = try node.combine(acc, v, f) } catch let e as PyError { throw node.mark(e) }
        }
        if let b = buffer { return .string(b) }
        return acc
    }

    @inline(__always) func evalOp(_ f: Frame) throws -> Value {
        try combine(try left.eval(f), try right.eval(f), f)
    }

    /// `a op b` for evaluated operands.
    @inline(__always) func combine(_ a: Value, _ b: Value, _ f: Frame) throws -> Value {
        if case .int(let x) = a, case .int(let y) = b {
            switch op {
            case .add: let (r, o) = x.addingReportingOverflow(y); if !o { return .int(r) }
            case .sub: let (r, o) = x.subtractingReportingOverflow(y); if !o { return .int(r) }
            case .mul: let (r, o) = x.multipliedReportingOverflow(by: y); if !o { return .int(r) }
            case .mod where y > 0: let r = x % y; return .int(r < 0 ? r + y : r)
            case .floorDiv where y > 0: let q = x / y; return .int((x % y != 0 && x < 0) ? q - 1 : q)
            default: break
            }
        } else if case .str(let x) = a, case .str(let y) = b, op == .add {
            return .string(x.value + y.value)
        } else if case .float(let x) = a, case .float(let y) = b {
            switch op {
            case .add: return .float(x + y)
            case .sub: return .float(x - y)
            case .mul: return .float(x * y)
            case .div where y != 0: return .float(x / y)
            default: break
            }
        }
        return try f.interp.binary(op, a, b)
    }
}

public final class UnaryExpr: Expr {
    public enum Op: String { case neg = "-", pos = "+", invert = "~", not = "not" }
    public let op: Op
    public let operand: Expr
    public init(_ op: Op, _ e: Expr, _ pos: SourcePos) { self.op = op; operand = e; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        do {
            let v = try operand.eval(f)
            if op == .not { return .bool(!(try f.interp.truthy(v))) }
            return try f.interp.unary(op, v)
        } catch let e as PyError { throw mark(e) }
    }
}

public final class BoolOpExpr: Expr {
    public let isAnd: Bool
    public let values: [Expr]
    public init(isAnd: Bool, _ values: [Expr], _ pos: SourcePos) { self.isAnd = isAnd; self.values = values; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        var v = Value.none
        for (k, e) in values.enumerated() {
            v = try e.eval(f)
            if k == values.count - 1 { break }
            let t = try f.interp.truthy(v)
            if isAnd ? !t : t { return v }
        }
        return v
    }
}

public final class CompareExpr: Expr {
    public let first: Expr
    public let ops: [CmpOp]
    public let rest: [Expr]
    public init(_ first: Expr, _ ops: [CmpOp], _ rest: [Expr], _ pos: SourcePos) {
        self.first = first; self.ops = ops; self.rest = rest; super.init(pos)
    }
    public override func eval(_ f: Frame) throws -> Value {
        do { return try evalCompare(f) } catch let e as PyError { throw mark(e) }
    }

    @inline(__always) func evalCompare(_ f: Frame) throws -> Value {
        var a = try first.eval(f)
        if ops.count == 1 {
            let b = try rest[0].eval(f)
            if case .int(let x) = a, case .int(let y) = b {
                switch ops[0] {
                case .lt: return .bool(x < y); case .le: return .bool(x <= y)
                case .gt: return .bool(x > y); case .ge: return .bool(x >= y)
                case .eq: return .bool(x == y); case .ne: return .bool(x != y)
                default: break
                }
            }
            return try f.interp.compare(ops[0], a, b)
        }
        var result = Value.bool(true)
        for (k, op) in ops.enumerated() {
            let b = try rest[k].eval(f)
            result = try f.interp.compare(op, a, b)
            if !(try f.interp.truthy(result)) { return result }
            a = b
        }
        return result
    }
}

public final class IfExpr: Expr {
    public let test: Expr, body: Expr, orelse: Expr
    public init(_ test: Expr, _ body: Expr, _ orelse: Expr, _ pos: SourcePos) {
        self.test = test; self.body = body; self.orelse = orelse; super.init(pos)
    }
    public override func eval(_ f: Frame) throws -> Value {
        try f.interp.truthy(try test.eval(f)) ? try body.eval(f) : try orelse.eval(f)
    }
}

/// `name := value`
public final class NamedExpr: Expr {
    public let target: NameExpr, value: Expr
    public init(_ target: NameExpr, _ value: Expr, _ pos: SourcePos) { self.target = target; self.value = value; super.init(pos) }
    public override func eval(_ f: Frame) throws -> Value {
        let v = try value.eval(f)
        try target.assign(f, v)
        return v
    }
}
