// Python's operator semantics: arithmetic with big-integer promotion, true and floor division,
// comparisons, truth values and the dunder protocol for user classes and native objects.
import Foundation
import BigInt
import OrderedCollections

/// Native objects (arrays, tensors) implement their own operators through this protocol.
public protocol PyOperand: AnyObject {
    /// Returns nil when the operation is not supported for `other` (like NotImplemented).
    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    func compare(_ op: CmpOp, _ other: Value, _ interp: Interpreter) throws -> Value?
    func unary(_ op: UnaryExpr.Op, _ interp: Interpreter) throws -> Value?
}

extension Interpreter {
    enum Num { case int(Int), big(BigInt), float(Double) }

    func num(_ v: Value) -> Num? {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .float(d)
        case .obj(let o):
            // An exact class check: cheaper than a dynamic cast on this hot path.
            if type(of: o) == PyBigInt.self { return .big(unsafeDowncast(o, to: PyBigInt.self).value) }
            return nil
        default: return nil
        }
    }

    func big(_ n: Num) -> BigInt {
        switch n { case .int(let i): return BigInt(i); case .big(let b): return b; case .float(let d): return BigInt(d) }
    }

    func toDouble(_ n: Num) throws -> Double {
        switch n {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .big(let b):
            let d = b.nearestDouble
            if d.isInfinite { throw PyError.overflow("int too large to convert to float") }
            return d
        }
    }

    public func binary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
        if let x = num(a), let y = num(b) { return try numeric(op, x, y) }
        switch (a, b) {
        case (.str(let x), .str(let y)) where op == .add: return .string(x.value + y.value)
        case (.str(let s), _) where op == .mod:
            if s.compiledPercentFormat == nil { s.compiledPercentFormat = try PercentFormat(s.value) }
            return .string(try s.compiledPercentFormat!.apply(b, self))
        case (.str(let s), .int(let n)) where op == .mul, (.int(let n), .str(let s)) where op == .mul:
            if n <= 0 { return .string("") }
            try AllocationGuard.check(n, bytesEach: s.value.utf8.count)
            return .string(String(repeating: s.value, count: n))
        case (.str(let s), .bool(let n)) where op == .mul: return n ? .str(s) : .string("")
        default: break
        }
        if case .obj(let oa) = a {
            switch (oa, b) {
            case (let x as PyList, .obj(let y as PyList)) where op == .add: return .obj(PyList(x.items + y.items))
            case (let x as PyTuple, .obj(let y as PyTuple)) where op == .add: return .obj(PyTuple(x.items + y.items))
            case (let x as PyList, .int(let n)) where op == .mul: return .obj(PyList(try repeatItems(x.items, n)))
            case (let x as PyTuple, .int(let n)) where op == .mul: return .obj(PyTuple(try repeatItems(x.items, n)))
            case (let x as PySet, .obj(let y as PySet)): if let r = try setOp(op, x, y) { return r }
            // A dict subclass's own `|` (Counter's) goes through the dunder protocol below.
            case (let x as PyDict, .obj(let y as PyDict)) where op == .or && userOverride(x.subclass, "__or__") == nil:
                let d = PyDict(x.storage); for (k, v) in y.storage { d.storage[k] = v }; return .obj(d)
            case (let x as PyBytes, .obj(let y as PyBytes)) where op == .add: return .obj(PyBytes(x.bytes + y.bytes))
            default: break
            }
        }
        if case .int(let n) = a, op == .mul, case .obj(let ob) = b {
            if let x = ob as? PyList { return .obj(PyList(try repeatItems(x.items, n))) }
            if let x = ob as? PyTuple { return .obj(PyTuple(try repeatItems(x.items, n))) }
        }
        if let r = try dunderBinary(op, a, b) { return r }
        throw binaryTypeError(op, a, b)
    }

    /// CPython's wording for an operator that does not apply to its operands.
    func binaryTypeError(_ op: BinOp, _ a: Value, _ b: Value) -> PyError {
        func isSeq(_ v: Value) -> Bool {
            switch v { case .str, .obj(is PyList), .obj(is PyTuple), .obj(is PyBytes): return true; default: return false }
        }
        /// The builtin sequence type's own name, also for an instance of a script's subclass of it.
        func seqName(_ v: Value) -> String {
            switch v { case .obj(is PyList): return "list"; case .obj(is PyTuple): return "tuple"; default: return typeName(v) }
        }
        if op == .add && isSeq(a) {
            return PyError.type("can only concatenate \(seqName(a)) (not \"\(typeName(b))\") to \(seqName(a))")
        }
        if op == .mul && (isSeq(a) || isSeq(b)) {
            let other = isSeq(a) ? b : a
            if case .obj(let o) = other, o is PyBigInt { return PyError.overflow("cannot fit 'int' into an index-sized integer") }
            return PyError.type("can't multiply sequence by non-int of type '\(typeName(other))'")
        }
        return PyError.type("unsupported operand type(s) for \(op.rawValue): '\(typeName(a))' and '\(typeName(b))'")
    }

    func repeatItems(_ items: [Value], _ n: Int) throws -> [Value] {
        if n <= 0 || items.isEmpty { return [] }
        try AllocationGuard.check(n, bytesEach: items.count * MemoryLayout<Value>.stride)
        var out: [Value] = []
        out.reserveCapacity(items.count * n)
        for _ in 0..<n { out.append(contentsOf: items) }
        return out
    }

    /// Set algebra with CPython's algorithms, so results iterate in CPython's order.
    func setOp(_ op: BinOp, _ x: PySet, _ y: PySet) throws -> Value? {
        var r: SetStorage
        switch op {
        case .or:
            r = x.storage.copy()
            r.merge(y.storage)
        case .and:
            let (walk, probe) = y.storage.count > x.storage.count ? (x, y) : (y, x)
            r = walk.storage.filter { probe.storage.contains($0) }
        case .sub:
            if x.storage.count >> 2 > y.storage.count {
                r = x.storage.copy()
                for k in y.storage { r.remove(k) }
            } else {
                r = x.storage.filter { !y.storage.contains($0) }
            }
        case .xor:
            r = y.storage.copy()
            for k in x.storage { if r.contains(k) { r.remove(k) } else { r.append(k) } }
        default: return nil
        }
        return .obj(PySet(r, frozen: x.frozen))
    }

    /// `a.__op__(b)`, then `b.__rop__(a)`, for user classes and native operands.
    func dunderBinary(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value? {
        if case .obj(let o) = a, let n = o as? PyOperand, let r = try n.binary(op, b, reflected: false, self) { return r }
        if case .obj(let o) = b, let n = o as? PyOperand, let r = try n.binary(op, a, reflected: true, self) { return r }
        if case .obj(let o) = a, isScriptObject(o), let f = o.pyType.lookup("__\(op.dunder)__") {
            let r = try call(f, [a, b], [])
            if !isNotImplemented(r) { return r }
        }
        if case .obj(let o) = b, isScriptObject(o), let f = o.pyType.lookup("__r\(op.dunder)__") {
            let r = try call(f, [b, a], [])
            if !isNotImplemented(r) { return r }
        }
        return nil
    }

    func isNotImplemented(_ v: Value) -> Bool {
        if case .obj(let o) = v { return o === PySingleton.notImplemented }
        return false
    }

    /// `a op= b`: lists extend in place, user classes may define `__iop__`.
    public func inplace(_ op: BinOp, _ a: Value, _ b: Value) throws -> Value {
        if case .obj(let o) = a {
            if let l = o as? PyList, op == .add {
                let it = try iterate(b)
                while let v = try it.next() { l.items.append(v) }
                return a
            }
            if let s = o as? PySet, !s.frozen, case .obj(let ob as PySet) = b, let r = try setOp(op, s, ob), case .obj(let rs as PySet) = r {
                s.storage = rs.storage
                return a
            }
            if let n = o as? PyOperand, let r = try n.binary(op, b, reflected: false, self) { return r }
            if isScriptObject(o), let f = o.pyType.lookup("__i\(op.dunder)__") {
                let r = try call(f, [a, b], [])
                if !isNotImplemented(r) { return r }
            }
        }
        return try binary(op, a, b)
    }

    func numeric(_ op: BinOp, _ x: Num, _ y: Num) throws -> Value {
        if case .float = x { return try floatOp(op, try toDouble(x), try toDouble(y)) }
        if case .float = y { return try floatOp(op, try toDouble(x), try toDouble(y)) }
        if case .int(let i) = x, case .int(let j) = y {
            switch op {
            case .add: let (r, o) = i.addingReportingOverflow(j); if !o { return .int(r) }
            case .sub: let (r, o) = i.subtractingReportingOverflow(j); if !o { return .int(r) }
            case .mul: let (r, o) = i.multipliedReportingOverflow(by: j); if !o { return .int(r) }
            case .div:
                if j == 0 { throw PyError.zeroDivision("division by zero") }
                if abs(i) < (1 << 53) && abs(j) < (1 << 53) { return .float(Double(i) / Double(j)) }
            case .floorDiv:
                if j == 0 { throw PyError.zeroDivision("integer division or modulo by zero") }
                if !(i == Int.min && j == -1) {
                    let q = i / j
                    return .int((i % j != 0) && ((i < 0) != (j < 0)) ? q - 1 : q)
                }
            case .mod:
                if j == 0 { throw PyError.zeroDivision("integer modulo by zero") }
                if j == -1 { return .int(0) }
                let r = i % j
                return .int(r != 0 && ((r < 0) != (j < 0)) ? r + j : r)
            case .and: return .int(i & j)
            case .or: return .int(i | j)
            case .xor: return .int(i ^ j)
            case .lshift:
                if j < 0 { throw PyError.value("negative shift count") }
                if j < 63 && (i == 0 || (i.magnitude.leadingZeroBitCount > j + 1)) { return .int(i << j) }
            case .rshift:
                if j < 0 { throw PyError.value("negative shift count") }
                return .int(j >= 64 ? (i < 0 ? -1 : 0) : i >> j)
            case .pow:
                if j < 0 { return try floatOp(.pow, Double(i), Double(j)) }
                var result = 1, base = i, e = j, overflow = false
                while e > 0 && !overflow {
                    if e & 1 == 1 { let (r, o) = result.multipliedReportingOverflow(by: base); result = r; overflow = overflow || o }
                    e >>= 1
                    if e > 0 { let (r, o) = base.multipliedReportingOverflow(by: base); base = r; overflow = overflow || o }
                }
                if !overflow { return .int(result) }
            case .matmul: break
            }
        }
        let a = big(x), b = big(y)
        switch op {
        case .add: return .bigint(a + b)
        case .sub: return .bigint(a - b)
        case .mul: return .bigint(a * b)
        case .div:
            if b == 0 { throw PyError.zeroDivision("division by zero") }
            return .float(try bigTrueDivide(a, b))
        case .floorDiv:
            if b == 0 { throw PyError.zeroDivision("integer division or modulo by zero") }
            return .bigint(floorDivMod(a, b).0)
        case .mod:
            if b == 0 { throw PyError.zeroDivision("integer modulo by zero") }
            return .bigint(floorDivMod(a, b).1)
        case .pow:
            if b < 0 { return try floatOp(.pow, try toDouble(x), try toDouble(y)) }
            if b > 1_000_000 && a.magnitude > 1 { throw PyError.memory("integer power too large") }
            return .bigint(a.power(Int(b)))
        case .and: return .bigint(a & b)
        case .or: return .bigint(a | b)
        case .xor: return .bigint(a ^ b)
        case .lshift:
            if b < 0 { throw PyError.value("negative shift count") }
            if b > 100_000_000 { throw PyError.overflow("too many digits in integer") }
            return .bigint(a << Int(b))
        case .rshift:
            if b < 0 { throw PyError.value("negative shift count") }
            return .bigint(a >> Int(min(b, 1 << 40)))
        case .matmul:
            throw PyError.type("unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    func floorDivMod(_ a: BigInt, _ b: BigInt) -> (BigInt, BigInt) {
        var (q, r) = a.quotientAndRemainder(dividingBy: b)
        if r != 0 && ((r < 0) != (b < 0)) { q -= 1; r += b }
        return (q, r)
    }

    func bigTrueDivide(_ a: BigInt, _ b: BigInt) throws -> Double {
        let da = a.nearestDouble, db = b.nearestDouble
        if da.isFinite && db.isFinite && a.magnitude.bitWidth <= 53 && b.magnitude.bitWidth <= 53 { return da / db }
        // Scale so the quotient keeps 64 significant bits, then divide exactly.
        let shift = max(0, 64 + b.magnitude.bitWidth - a.magnitude.bitWidth)
        let q = (a << shift) / b
        let r = scalbn(q.nearestDouble, -shift)
        if r.isInfinite { throw PyError.overflow("integer division result too large for a float") }
        return r
    }

    func floatOp(_ op: BinOp, _ x: Double, _ y: Double) throws -> Value {
        switch op {
        case .add: return .float(x + y)
        case .sub: return .float(x - y)
        case .mul: return .float(x * y)
        case .div:
            if y == 0 { throw PyError.zeroDivision("float division by zero") }
            return .float(x / y)
        case .floorDiv:
            if y == 0 { throw PyError.zeroDivision("float floor division by zero") }
            return .float(floatDivMod(x, y).0)
        case .mod:
            if y == 0 { throw PyError.zeroDivision("float modulo") }
            return .float(floatDivMod(x, y).1)
        case .pow:
            if x == 0 && y < 0 { throw PyError.zeroDivision("0.0 cannot be raised to a negative power") }
            if x < 0 && y != y.rounded() { throw PyError.value("complex results are not supported by kscript (negative number raised to a fractional power)") }
            let r = Foundation.pow(x, y)
            if r.isInfinite && x.isFinite && y.isFinite { throw PyError(ExcTypes.overflowError, args: [.int(34), .string("Numerical result out of range")]) }
            return .float(r)
        default:
            throw PyError.type("unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    /// CPython's float divmod: the remainder has the sign of the divisor.
    func floatDivMod(_ x: Double, _ y: Double) -> (Double, Double) {
        var mod = fmod(x, y)
        var div = (x - mod) / y
        if mod != 0 {
            if (y < 0) != (mod < 0) { mod += y; div -= 1 }
        } else {
            mod = copysign(0, y)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = copysign(0, x / y)
        }
        return (floordiv, mod)
    }

    public func unary(_ op: UnaryExpr.Op, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.neg, .int(let i)): return i == Int.min ? .bigint(-BigInt(i)) : .int(-i)
        case (.neg, .float(let d)): return .float(-d)
        case (.neg, .bool(let b)): return .int(b ? -1 : 0)
        case (.pos, .int), (.pos, .float): return v
        case (.pos, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bool(let b)): return .int(~(b ? 1 : 0))
        case (.neg, .obj(let o as PyBigInt)): return .bigint(-o.value)
        case (.pos, .obj(let o as PyBigInt)): return .obj(o)
        case (.invert, .obj(let o as PyBigInt)): return .bigint(-o.value - 1)
        default: break
        }
        if case .obj(let o) = v {
            if let n = o as? PyOperand, let r = try n.unary(op, self) { return r }
            let name = op == .neg ? "__neg__" : op == .pos ? "__pos__" : "__invert__"
            if isScriptObject(o), let f = o.pyType.lookup(name) { return try call(f, [v], []) }
        }
        throw PyError.type("bad operand type for unary \(op.rawValue): '\(typeName(v))'")
    }

    // MARK: - Truth and comparison

    public func truthy(_ v: Value) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .none, .unbound: return false
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.value.isEmpty
        case .obj(let o):
            switch o {
            case let l as PyList: return !l.items.isEmpty
            case let t as PyTuple: return !t.items.isEmpty
            case let d as PyDict: return !d.storage.isEmpty
            case let s as PySet: return !s.storage.isEmpty
            case let r as PyRange: return r.count != 0
            case let b as PyBigInt: return b.value != 0
            case let b as PyBytes: return !b.bytes.isEmpty
            default:
                if let f = o.pyType.lookup("__bool__") {
                    let r = try call(f, [v], [])
                    guard case .bool(let b) = r else { throw PyError.type("__bool__ should return bool, returned \(typeName(r))") }
                    return b
                }
                if let f = o.pyType.lookup("__len__") { return try truthy(try call(f, [v], [])) }
                return true
            }
        }
    }

    public func compare(_ op: CmpOp, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .isOp: return .bool(identical(a, b))
        case .isNot: return .bool(!identical(a, b))
        case .inOp: return .bool(try contains(b, a))
        case .notIn: return .bool(!(try contains(b, a)))
        default: break
        }
        if case .obj(let o) = a, let n = o as? PyOperand, let r = try n.compare(op, b, self) { return r }
        if case .obj(let o) = b, let n = o as? PyOperand, let r = try n.compare(op.swapped, a, self) { return r }
        switch op {
        case .eq: return .bool(try equals(a, b))
        case .ne: return .bool(!(try equals(a, b)))
        default: return .bool(try order(op, a, b))
        }
    }

    public func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
        case (.str(let x), .str(let y)): return x === y || (x.value == y.value && x.count <= 1)
        case (.obj(let x), .obj(let y)): return x === y
        default: return false
        }
    }

    public func equals(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.str(let x), .str(let y)): return x === y || x.value == y.value
        case (.float(let x), .float(let y)): return x == y
        case (.none, .none): return true
        default: break
        }
        if let x = num(a), let y = num(b) {
            switch (x, y) {
            case (.float, _), (_, .float):
                if case .big(let bi) = x, case .float(let d) = y { return d.isFinite && d == d.rounded() && BigInt(d) == bi }
                if case .float(let d) = x, case .big(let bi) = y { return d.isFinite && d == d.rounded() && BigInt(d) == bi }
                return try toDouble(x) == toDouble(y)
            default: return big(x) == big(y)
            }
        }
        guard case .obj(let oa) = a, case .obj(let ob) = b else {
            if case .obj(let o) = a, o is PyInstance { return try userEquals(a, b) }
            if case .obj(let o) = b, o is PyInstance { return try userEquals(b, a) }
            if case .obj(let o as PyOperand) = a, let r = try o.compare(.eq, b, self) { return try truthy(r) }
            if case .obj(let o as PyOperand) = b, let r = try o.compare(.eq, a, self) { return try truthy(r) }
            return false
        }
        if oa === ob && !(oa is PyInstance) { return true }
        if let c = oa as? SubclassableContainer, userOverride(c.subclass, "__eq__") != nil { return try userEquals(a, b) }
        if let c = ob as? SubclassableContainer, userOverride(c.subclass, "__eq__") != nil { return try userEquals(b, a) }
        switch (oa, ob) {
        case (let x as PyList, let y as PyList): return try seqEquals(x.items, y.items)
        case (let x as PyTuple, let y as PyTuple): return try seqEquals(x.items, y.items)
        case (let x as PyDict, let y as PyDict):
            guard x.storage.count == y.storage.count else { return false }
            for (k, v) in x.storage { guard let w = y.storage[k], try equals(v, w) else { return false } }
            return true
        case (let x as PySet, let y as PySet): return x.storage.count == y.storage.count && x.storage.allSatisfy { y.storage.contains($0) }
        case (let x as PyBytes, let y as PyBytes): return x.bytes == y.bytes
        case (let x as PyRange, let y as PyRange):
            return x.count == y.count && (x.count == 0 || (x.start == y.start && (x.count == 1 || x.step == y.step)))
        default:
            if oa is PyInstance { return try userEquals(a, b) }
            if ob is PyInstance { return try userEquals(b, a) }
            // Native operands (numpy dtypes, arrays) decide equality themselves, as `==` does.
            if let x = oa as? PyOperand, let r = try x.compare(.eq, b, self) { return try truthy(r) }
            if let y = ob as? PyOperand, let r = try y.compare(.eq, a, self) { return try truthy(r) }
            return oa === ob
        }
    }

    func userEquals(_ a: Value, _ b: Value) throws -> Bool {
        if case .obj(let o) = a, let f = o.pyType.lookup("__eq__"), !(isNative(f)) {
            let r = try call(f, [a, b], [])
            if !isNotImplemented(r) { return try truthy(r) }
        }
        if case .obj(let o) = b, isScriptObject(o), let f = o.pyType.lookup("__eq__"), !(isNative(f)) {
            let r = try call(f, [b, a], [])
            if !isNotImplemented(r) { return try truthy(r) }
        }
        if case .obj(let x) = a, case .obj(let y) = b { return x === y }
        return false
    }

    func isNative(_ v: Value) -> Bool { if case .obj(let o) = v { return o is PyNativeFunction }; return false }

    func seqEquals(_ x: [Value], _ y: [Value]) throws -> Bool {
        guard x.count == y.count else { return false }
        for k in 0..<x.count where !(identical(x[k], y[k])) {
            if !(try equals(x[k], y[k])) { return false }
        }
        return true
    }

    /// `<`, `<=`, `>`, `>=` with CPython's TypeError for unorderable types.
    func order(_ op: CmpOp, _ a: Value, _ b: Value) throws -> Bool {
        if let x = num(a), let y = num(b) {
            let c: Int
            switch (x, y) {
            case (.int(let i), .int(let j)): c = i < j ? -1 : (i > j ? 1 : 0)
            case (.float, _), (_, .float):
                let dx = (try? toDouble(x)) ?? (big(x) > 0 ? .infinity : -.infinity)
                let dy = (try? toDouble(y)) ?? (big(y) > 0 ? .infinity : -.infinity)
                if dx.isNaN || dy.isNaN { return false }
                c = dx < dy ? -1 : (dx > dy ? 1 : 0)
            default: let p = big(x), q = big(y); c = p < q ? -1 : (p > q ? 1 : 0)
            }
            return op.holds(c)
        }
        switch (a, b) {
        case (.str(let x), .str(let y)):
            return op.holds(compareStrings(x.value, y.value))
        case (.obj(let x as PyList), .obj(let y as PyList)): return try orderSeq(op, x.items, y.items)
        case (.obj(let x as PyTuple), .obj(let y as PyTuple)): return try orderSeq(op, x.items, y.items)
        case (.obj(let x as PySet), .obj(let y as PySet)):
            let sub = x.storage.allSatisfy { y.storage.contains($0) }, sup = y.storage.allSatisfy { x.storage.contains($0) }
            switch op {
            case .le: return sub
            case .lt: return sub && x.storage.count < y.storage.count
            case .ge: return sup
            default: return sup && x.storage.count > y.storage.count
            }
        default: break
        }
        // Native operands order themselves (numpy's scalars in sorted(), min() and max()).
        if case .obj(let o as PyOperand) = a, let r = try o.compare(op, b, self) { return try truthy(r) }
        if case .obj(let o as PyOperand) = b, let r = try o.compare(op.swapped, a, self) { return try truthy(r) }
        let names: [CmpOp: (String, String)] = [.lt: ("__lt__", "__gt__"), .le: ("__le__", "__ge__"), .gt: ("__gt__", "__lt__"), .ge: ("__ge__", "__le__")]
        let (fwd, rev) = names[op]!
        if case .obj(let o) = a, isScriptObject(o), let f = o.pyType.lookup(fwd) {
            let r = try call(f, [a, b], [])
            if !isNotImplemented(r) { return try truthy(r) }
        }
        if case .obj(let o) = b, isScriptObject(o), let f = o.pyType.lookup(rev) {
            let r = try call(f, [b, a], [])
            if !isNotImplemented(r) { return try truthy(r) }
        }
        throw PyError.type("'\(op.rawValue)' not supported between instances of '\(typeName(a))' and '\(typeName(b))'")
    }

    func orderSeq(_ op: CmpOp, _ x: [Value], _ y: [Value]) throws -> Bool {
        for k in 0..<min(x.count, y.count) where !(try equals(x[k], y[k])) {
            return try order(op, x[k], y[k])
        }
        let c = x.count < y.count ? -1 : (x.count > y.count ? 1 : 0)
        return op.holds(c)
    }

    /// Code-point order, as Python compares strings.
    func compareStrings(_ a: String, _ b: String) -> Int {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x.value < y.value ? -1 : 1 }
            }
        }
    }

    /// The key under which a value is stored in a dict or set (TypeError when unhashable).
    public func hashKey(_ v: Value) throws -> HashKey {
        if case .obj(let o) = v {
            switch o {
            case is PyList, is PyDict: throw PyError.type("unhashable type: '\(typeName(v))'")
            case let s as PySet where !s.frozen: throw PyError.type("unhashable type: 'set'")
            case let t as PyTuple: for x in t.items { _ = try hashKey(x) }
            case let inst as PyInstance:
                if let eq = o.pyType.lookup("__eq__"), !isNative(eq), o.pyType.lookup("__hash__").map({ $0.isNone }) ?? true {
                    throw PyError.type("unhashable type: '\(typeName(v))'")
                }
                // A class's own __hash__ places its objects; its __eq__ then tells equal keys apart.
                if let f = o.pyType.lookup("__hash__"), !f.isNone, !isNative(f) {
                    ScriptKeys.exist = true  // (set when the class was made; a class changed some other way)
                    switch try call(f, [v], []) {
                    case .int(let h): inst.keyHash = h
                    case .bool(let b): inst.keyHash = b ? 1 : 0
                    case .obj(let b as PyBigInt): inst.keyHash = PythonHash.of(.obj(b))
                    default: throw PyError.type("__hash__ method should return an integer")
                    }
                }
            default: break
            }
        }
        return HashKey(v)
    }
}

extension CmpOp {
    func holds(_ c: Int) -> Bool {
        switch self {
        case .lt: return c < 0
        case .le: return c <= 0
        case .gt: return c > 0
        case .ge: return c >= 0
        case .eq: return c == 0
        case .ne: return c != 0
        default: return false
        }
    }
    var swapped: CmpOp {
        switch self {
        case .lt: return .gt
        case .gt: return .lt
        case .le: return .ge
        case .ge: return .le
        default: return self
        }
    }
}
