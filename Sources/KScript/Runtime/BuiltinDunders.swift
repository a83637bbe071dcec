// The operator methods of the builtin types called by name: `(10).__add__(5)`,
// `int.__add__(3, 4)`, `[1].__eq__([1])`, `(5).__format__("03d")`. They are made on lookup from
// the interpreter's own operators, and never stored in the types' dictionaries, where the
// operator protocol looks for methods a script's class defines. As in CPython, a number's
// method given another kind of number (`(1).__add__(2.0)`) and a container's comparison with
// another type return NotImplemented.
import BigInt

extension Interpreter {
    static let binaryDunders: [String: (op: BinOp, reflected: Bool)] = {
        var table: [String: (op: BinOp, reflected: Bool)] = [:]
        for op in [BinOp.add, .sub, .mul, .div, .floorDiv, .mod, .pow, .lshift, .rshift, .and, .or, .xor] {
            table["__\(op.dunder)__"] = (op, false)
            table["__r\(op.dunder)__"] = (op, true)
        }
        return table
    }()
    static let comparisonDunders: [String: CmpOp] = ["__eq__": .eq, "__ne__": .ne, "__lt__": .lt, "__le__": .le, "__gt__": .gt, "__ge__": .ge]
    static let unaryDunders: [String: UnaryExpr.Op] = ["__neg__": .neg, "__pos__": .pos, "__invert__": .invert]

    enum DunderFamily { case integer, float, str, sequence, set, dict }

    static let dunderFamilies: [(PyType, DunderFamily)] = [
        (BuiltinTypes.int, .integer), (BuiltinTypes.float, .float), (BuiltinTypes.str, .str), (BuiltinTypes.list, .sequence),
        (BuiltinTypes.tuple, .sequence), (BuiltinTypes.set, .set), (BuiltinTypes.frozenset, .set), (BuiltinTypes.dict, .dict),
    ]

    /// The builtin type `t` is or derives from, and the family of methods it has.
    func dunderFamily(_ t: PyType) -> (base: PyType, family: DunderFamily)? {
        for base in t.mro {
            if let (_, family) = Interpreter.dunderFamilies.first(where: { $0.0 === base }) { return (base, family) }
        }
        return nil
    }

    /// Whether values of type `t` have the method `name` (CPython's own set for each type).
    func hasBuiltinDunder(_ t: PyType, _ name: String) -> Bool {
        guard let family = dunderFamily(t)?.family else { return false }
        if Interpreter.comparisonDunders[name] != nil { return true }
        if let (op, reflected) = Interpreter.binaryDunders[name] {
            switch family {
            case .integer: return true
            case .float: return ![.lshift, .rshift, .and, .or, .xor].contains(op)
            case .str: return op == .add && !reflected || op == .mul || op == .mod
            case .sequence: return op == .add && !reflected || op == .mul
            case .set: return [.and, .or, .sub, .xor].contains(op)
            case .dict: return op == .or
            }
        }
        let numeric = family == .integer || family == .float
        switch name {
        case "__neg__", "__pos__", "__abs__", "__bool__", "__int__", "__float__": return numeric
        case "__invert__": return family == .integer
        case "__hash__": return numeric || family == .str || t === BuiltinTypes.tuple || t === BuiltinTypes.frozenset
        case "__format__": return true
        default: return false
        }
    }

    /// The method `name` of builtin values of type `t`, taking self first; nil when they have none.
    func builtinDunder(_ t: PyType, _ name: String) -> Value? {
        guard hasBuiltinDunder(t, name), let (base, family) = dunderFamily(t) else { return nil }
        let numeric = family == .integer || family == .float
        /// `int.__add__("a", 1)`: the method of a type called on a value of another.
        func checkSelf(_ interp: Interpreter, _ value: Value) throws {
            guard interp.typeOf(value).mro.contains(where: { $0 === base }) else {
                throw PyError.type("descriptor '\(name)' requires a '\(base.name)' object but received a '\(interp.typeName(value))'")
            }
        }
        /// Whether `other` is a number this family's methods take (an int's, not a float).
        func takes(_ other: Value) -> Bool {
            switch other {
            case .int, .bool: return true
            case .float: return family == .float
            case .obj(let o): return o is PyBigInt
            default: return false
            }
        }
        if let (op, reflected) = Interpreter.binaryDunders[name] {
            return nativeFunction(name, ["self", "other", "/"]) { interp, a in
                try checkSelf(interp, a[0])
                if numeric && !takes(a[1]) { return .obj(PySingleton.notImplemented) }
                do {
                    return reflected ? try interp.binary(op, a[1], a[0]) : try interp.binary(op, a[0], a[1])
                } catch let e as PyError where e.isInstance(of: ExcTypes.typeError) && family == .set {
                    return .obj(PySingleton.notImplemented)
                }
            }
        }
        if let op = Interpreter.comparisonDunders[name] {
            return nativeFunction(name, ["self", "other", "/"]) { interp, a in
                try checkSelf(interp, a[0])
                if numeric ? !takes(a[1]) : !interp.typeOf(a[1]).mro.contains(where: { $0 === base }) { return .obj(PySingleton.notImplemented) }
                return try interp.compare(op, a[0], a[1])
            }
        }
        if let op = Interpreter.unaryDunders[name] {
            return nativeFunction(name, ["self", "/"]) { interp, a in
                try checkSelf(interp, a[0])
                return try interp.unary(op, a[0])
            }
        }
        let builtin = name == "__bool__" ? "bool" : String(name.dropFirst(2).dropLast(2))
        let params = name == "__format__" ? ["self", "format_spec", "/"] : ["self", "/"]
        return nativeFunction(name, params) { interp, a in
            try checkSelf(interp, a[0])
            guard let f = interp.builtins.get(builtin) else { throw PyError.name("name '\(builtin)' is not defined") }
            return try interp.call(f, a, [])
        }
    }

    /// The builtin method `name` of type `t` when the type's own lookup finds nothing of its
    /// own (only `object`'s generic one, or nothing).
    func ownBuiltinDunder(_ t: PyType, _ name: String) -> Value? {
        guard name.hasPrefix("__"), t.mro.first(where: { $0.dict[name] != nil }).map({ $0 === BuiltinTypes.object }) ?? true else { return nil }
        return builtinDunder(t, name)
    }
}
