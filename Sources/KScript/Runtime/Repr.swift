// repr() and str() of every value, exactly as CPython prints them.
import Foundation

/// Native objects (arrays, layers, models) print themselves through this protocol.
public protocol PyRepresentable: AnyObject {
    func repr(_ interp: Interpreter) throws -> String
    func str(_ interp: Interpreter) throws -> String
}

extension Interpreter {
    public func repr(_ v: Value) throws -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return Interpreter.floatRepr(d)
        case .str(let s): return Interpreter.strRepr(s.value)
        case .unbound: return "<unbound>"
        case .obj(let o): return try objectRepr(o, v)
        }
    }

    public func str(_ v: Value) throws -> String {
        switch v {
        case .str(let s): return s.value
        case .obj(let o):
            if let r = o as? PyRepresentable { return try r.str(self) }
            if let e = o as? PyExceptionObject, !(userDefines(e.cls, "__str__")) { return try exceptionStr(e) }
            if o is PyInstance || o is SubclassableContainer, let f = o.pyType.lookup("__str__"), !isNative(f) {
                let r = try call(f, [v], [])
                guard case .str(let s) = r else { throw PyError.type("__str__ returned non-string (type \(typeName(r)))") }
                return s.value
            }
            return try repr(v)
        default: return try repr(v)
        }
    }

    func userDefines(_ t: PyType, _ name: String) -> Bool {
        guard let f = t.lookup(name) else { return false }
        return !isNative(f)
    }

    func exceptionStr(_ e: PyExceptionObject) throws -> String {
        // OSError(errno, strerror[, filename]) prints as "[Errno 2] No such file or directory: 'x'".
        if e.cls.isSubtype(of: ExcTypes.osError), e.args.count >= 2, case .int(let code) = e.args[0] {
            let text = "[Errno \(code)] \(try str(e.args[1]))"
            if let f = e.attrs["filename"], !f.isNone { return text + ": " + (try repr(f)) }
            return text
        }
        switch e.args.count {
        case 0: return ""
        case 1:
            if e.cls.isSubtype(of: ExcTypes.keyError) { return try repr(e.args[0]) }
            return try str(e.args[0])
        default: return try repr(.obj(PyTuple(e.args)))
        }
    }

    func objectRepr(_ o: PyObject, _ v: Value) throws -> String {
        if let r = o as? PyRepresentable { return try r.repr(self) }
        if let c = o as? SubclassableContainer, let f = userOverride(c.subclass, "__repr__") {
            let r = try call(f, [v], [])
            guard case .str(let s) = r else { throw PyError.type("__repr__ returned non-string (type \(typeName(r)))") }
            return s.value
        }
        switch o {
        case let l as PyList:
            return try guarded(o, "[...]") { "[" + (try l.items.map { try repr($0) }.joined(separator: ", ")) + "]" }
        case let t as PyTuple:
            if t.items.count == 1 { return try guarded(o, "(...)") { "(" + (try repr(t.items[0])) + ",)" } }
            return try guarded(o, "(...)") { "(" + (try t.items.map { try repr($0) }.joined(separator: ", ")) + ")" }
        case let d as PyDict:
            return try guarded(o, "{...}") {
                "{" + (try d.storage.map { try repr($0.key.value) + ": " + repr($0.value) }.joined(separator: ", ")) + "}"
            }
        case let s as PySet:
            if s.storage.isEmpty { return s.frozen ? "frozenset()" : "set()" }
            let body = "{" + (try s.storage.map { try repr($0.value) }.joined(separator: ", ")) + "}"
            return s.frozen ? "frozenset(\(body))" : body
        case let b as PyBigInt:
            if b.value.magnitude.bitWidth > 14_000 {
                let digits = b.value.magnitude.description.count
                if digits > maxStrDigits {
                    throw PyError.value("Exceeds the limit (\(maxStrDigits) digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit")
                }
            }
            return b.value.description
        case let r as PyRange: return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
        case let s as PySlice: return "slice(\(try repr(s.start)), \(try repr(s.stop)), \(try repr(s.step)))"
        case let b as PyBytes: return Interpreter.bytesRepr(b.bytes)
        case let f as PyFunction: return "<function \(f.qualname) at \(address(f))>"
        case let n as PyNativeFunction: return "<built-in function \(n.name)>"
        case let m as PyBoundMethod:
            return "<bound method \(try callableName(m.function)) of \(try repr(m.selfValue))>"
        case let t as PyType:
            let mod: String
            if case .str(let s)? = t.dict["__module__"] { mod = s.value } else { mod = t.module }
            return mod == "builtins" ? "<class '\(t.qualname)'>" : "<class '\(mod).\(t.qualname)'>"
        case let m as PyModule:
            if let f = m.file { return "<module '\(m.name)' from '\(f)'>" }
            return "<module '\(m.name)' (built-in)>"
        case let s as PySingleton: return s.repr
        case is PyGenerator, is GeneratorExpIterator:
            let n = (o as? PyGenerator)?.name ?? "<genexpr>"
            return "<generator object \(n) at \(address(o))>"
        case let e as PyExceptionObject where !userDefines(e.cls, "__repr__"):
            if e.args.count == 1 { return "\(e.cls.name)(\(try repr(e.args[0])))" }
            return "\(e.cls.name)(\(try e.args.map { try repr($0) }.joined(separator: ", ")))"
        default:
            if o is PyInstance, let f = o.pyType.lookup("__repr__"), !isNative(f) {
                let r = try call(f, [v], [])
                guard case .str(let s) = r else { throw PyError.type("__repr__ returned non-string (type \(typeName(r)))") }
                return s.value
            }
            let t = o.pyType
            let mod: String
            if case .str(let s)? = t.dict["__module__"] { mod = s.value } else { mod = t.module }
            let qual = mod == "builtins" ? t.qualname : "\(mod).\(t.qualname)"
            return "<\(qual) object at \(address(o))>"
        }
    }

    /// Protects recursive containers: a list containing itself prints `[...]`.
    func guarded(_ o: PyObject, _ placeholder: String, _ body: () throws -> String) throws -> String {
        let id = ObjectIdentifier(o)
        if reprInProgress.contains(id) { return placeholder }
        reprInProgress.insert(id)
        defer { reprInProgress.remove(id) }
        return try body()
    }

    func address(_ o: AnyObject) -> String {
        "0x" + String(UInt(bitPattern: ObjectIdentifier(o).hashValue), radix: 16).leftPad(12)
    }

    // MARK: - Literal formats

    /// Shortest repr that round-trips, switching to exponent form as CPython does.
    public static func floatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let (digits, decpt) = shortestDigits(abs(d))
        let sign = d < 0 ? "-" : ""
        if decpt > -4 && decpt <= 16 {
            if decpt <= 0 { return sign + "0." + String(repeating: "0", count: -decpt) + digits }
            if decpt >= digits.count { return sign + digits + String(repeating: "0", count: decpt - digits.count) + ".0" }
            let i = digits.index(digits.startIndex, offsetBy: decpt)
            return sign + digits[..<i] + "." + digits[i...]
        }
        let exp = decpt - 1
        let mant = digits.count == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + String(abs(exp)).leftPad(2)
    }

    /// The shortest round-trip decimal digits of a positive finite double and the decimal point
    /// position (value = 0.DIGITS × 10^decpt).
    public static func shortestDigits(_ d: Double) -> (String, Int) {
        digits(ofShortest: d.description)  // Swift prints the shortest round-trip representation
    }

    /// The same for a float32 value (numpy prints float32 arrays with float32's shortest digits).
    public static func shortestDigits(float32 f: Float) -> (String, Int) { digits(ofShortest: f.description) }

    static func digits(ofShortest s: String) -> (String, Int) {
        var mantissa = Substring(s)
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = s[..<e]
            exp = Int(s[s.index(after: e)...]) ?? 0
        }
        var intPart = mantissa, frac = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            frac = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(intPart) + String(frac)
        var decpt = intPart.count + exp
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); decpt -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, decpt)
    }

    public static func strRepr(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "'" where !useDouble: out += "\\'"
            default:
                if c.value < 0x20 || c.value == 0x7f { out += "\\x" + String(c.value, radix: 16).leftPad(2) }
                else if c.value >= 0x80 && !isPrintable(c) {
                    if c.value <= 0xff { out += "\\x" + String(c.value, radix: 16).leftPad(2) }
                    else if c.value <= 0xffff { out += "\\u" + String(c.value, radix: 16).leftPad(4) }
                    else { out += "\\U" + String(c.value, radix: 16).leftPad(8) }
                } else { out.unicodeScalars.append(c) }
            }
        }
        out.append(q)
        return out
    }

    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: return false
        case .spaceSeparator: return c == " "
        default: return true
        }
    }

    public static func bytesRepr(_ b: [UInt8]) -> String {
        let useDouble = b.contains(39) && !b.contains(34)
        var out = useDouble ? "b\"" : "b'"
        for x in b {
            switch x {
            case 92: out += "\\\\"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            case 39 where !useDouble: out += "\\'"
            case 32..<127: out.unicodeScalars.append(Unicode.Scalar(x))
            default: out += "\\x" + String(x, radix: 16).leftPad(2)
            }
        }
        return out + (useDouble ? "\"" : "'")
    }
}
