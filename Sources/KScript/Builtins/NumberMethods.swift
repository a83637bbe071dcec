// int, bool and float: their constructors and methods.
import Foundation
import BigInt

/// CPython's limit on decimal digits converted between int and str.
let maxStrDigits = 4300

enum IntMethods {
    static func register(_ t: PyType) {
        t.construct1 = { interp, x in try toInt(interp, x) }
        t.construct = { interp, _, args, kw in
            let b = try NativeSignature("int", ["x", "base"], defaults: [.int(0), .unbound]).bind(args, kw)
            if !b[1].isUnbound {
                let base = try interp.intArg(b[1])
                guard case .str(let s) = b[0] else { throw PyError.type("int() can't convert non-string with explicit base") }
                return try parseInt(s.value, base: base)
            }
            return try toInt(interp, b[0])
        }
        t.def("bit_length") { interp, a in
            guard let v = interp.bigArg(a[0]) else { return .int(0) }
            return .int(v == 0 ? 0 : v.magnitude.bitWidth)
        }
        t.def("__index__") { _, a in a[0] }
        t.def("conjugate") { _, a in a[0] }
        t.def("is_integer") { _, _ in .bool(true) }
        t.getter("real") { _, v in v }
        t.getter("imag") { _, _ in .int(0) }
        t.getter("numerator") { _, v in v }
        t.getter("denominator") { _, _ in .int(1) }
        t.dict["from_bytes"] = .obj(PyClassMethod(nativeFunction("from_bytes", ["cls", "bytes", "byteorder", "*", "signed"],
                                                                  defaults: [.string("big")], kwDefaults: ["signed": .bool(false)]) { interp, a in
            var bytes = try interp.iterateAll(a[1]).map { UInt8(clamping: try interp.intArg($0)) }
            if case .str(let o) = a[2], o.value == "little" { bytes.reverse() }
            var v = BigInt(0)
            for b in bytes { v = (v << 8) | BigInt(b) }
            if try interp.truthy(a[3]), let first = bytes.first, first & 0x80 != 0 { v -= BigInt(1) << (8 * bytes.count) }
            return .bigint(v)
        }))
        t.def("to_bytes", ["length", "byteorder"], defaults: [.int(1), .string("big")]) { interp, a in
            guard let v = interp.bigArg(a[0]) else { return .none }
            let n = try interp.intArg(a[1])
            if v < 0 { throw PyError.overflow("can't convert negative int to unsigned") }
            if n > v.bitWidth / 8 + 8 { try AllocationGuard.check(n, bytesEach: 1) }
            var bytes = [UInt8](repeating: 0, count: n)
            var x = v
            for k in 0..<n { bytes[n - 1 - k] = UInt8(truncatingIfNeeded: Int(x & 0xff)); x >>= 8 }
            if x != 0 { throw PyError.overflow("int too big to convert") }
            if case .str(let o) = a[2], o.value == "little" { bytes.reverse() }
            return .obj(PyBytes(bytes))
        }
    }

    static func toInt(_ interp: Interpreter, _ v: Value) throws -> Value {
        switch v {
        case .int: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if d.isNaN { throw PyError.value("cannot convert float NaN to integer") }
            if d.isInfinite { throw PyError.overflow("cannot convert float infinity to integer") }
            return .bigint(BigInt(d.rounded(.towardZero)))
        case .str(let s): return try parseInt(s.value, base: 10)
        case .obj(let o):
            if o is PyBigInt { return v }
            if let b = o as? PyBytes, let s = String(bytes: b.bytes, encoding: .utf8) { return try parseInt(s, base: 10) }
            for name in ["__int__", "__index__", "__trunc__"] {
                if let f = o.pyType.lookup(name) { return try interp.call(f, [v], []) }
            }
        default: break
        }
        throw PyError.type("int() argument must be a string, a bytes-like object or a real number, not '\(interp.typeName(v))'")
    }

    static func parseInt(_ text: String, base inBase: Int) throws -> Value {
        var s = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let orig = text
        var neg = false
        if s.hasPrefix("-") { neg = true; s.removeFirst() } else if s.hasPrefix("+") { s.removeFirst() }
        var base = inBase
        let lower = s.lowercased()
        if (base == 0 || base == 16) && lower.hasPrefix("0x") { s = String(s.dropFirst(2)); base = 16 }
        else if (base == 0 || base == 8) && lower.hasPrefix("0o") { s = String(s.dropFirst(2)); base = 8 }
        else if (base == 0 || base == 2) && lower.hasPrefix("0b") { s = String(s.dropFirst(2)); base = 2 }
        if base == 0 { base = 10 }
        if base < 2 || base > 36 { throw PyError.value("int() base must be >= 2 and <= 36, or 0") }
        let clean = s.replacingOccurrences(of: "_", with: "")
        if base == 10 && clean.count > maxStrDigits {
            throw PyError.value("Exceeds the limit (\(maxStrDigits) digits) for integer string conversion: value has \(clean.count) digits; use sys.set_int_max_str_digits() to increase the limit")
        }
        guard !clean.isEmpty, !s.hasPrefix("_"), !s.hasSuffix("_"), !s.contains("__"), let b = digitsValue(clean, radix: base) else {
            throw PyError.value("invalid literal for int() with base \(inBase): \(Interpreter.strRepr(orig))")
        }
        return .bigint(neg ? -b : b)
    }

    /// The value of ASCII digits and letters in `radix` (2...36), or nil when one is not a digit
    /// there; read twelve digits at a time (36¹² fits in an Int).
    static func digitsValue(_ digits: String, radix: Int) -> BigInt? {
        var value = BigInt(0)
        var chunk = 0, chunkScale = 1
        for byte in digits.utf8 {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < radix else { return nil }
            chunk = chunk * radix + digit
            chunkScale *= radix
            if chunkScale > Int.max / 36 / 36 {
                value = value * BigInt(chunkScale) + BigInt(chunk)
                chunk = 0; chunkScale = 1
            }
        }
        return chunkScale == 1 ? value : value * BigInt(chunkScale) + BigInt(chunk)
    }
}

enum BoolMethods {
    static func register(_ t: PyType) {
        t.construct = { interp, _, args, _ in
            if args.count > 1 { throw PyError.type("bool expected at most 1 argument, got \(args.count)") }
            return .bool(try args.first.map { try interp.truthy($0) } ?? false)
        }
    }
}

enum FloatMethods {
    static func register(_ t: PyType) {
        t.construct = { interp, _, args, _ in
            if args.count > 1 { throw PyError.type("float expected at most 1 argument, got \(args.count)") }
            guard let v = args.first else { return .float(0) }
            switch v {
            case .str(let s): return .float(try parseFloat(s.value))
            case .float: return v
            default:
                if case .obj(let o) = v, !(o is PyBigInt), o.pyType.lookup("__float__") == nil {
                    throw PyError.type("float() argument must be a string or a real number, not '\(interp.typeName(v))'")
                }
                return .float(try interp.floatArg(v))
            }
        }
        t.def("is_integer") { interp, a in let d = try interp.floatArg(a[0]); return .bool(d.isFinite && d == d.rounded()) }
        t.def("__float__") { _, a in a[0] }
        t.def("conjugate") { _, a in a[0] }
        t.getter("real") { _, v in v }
        t.getter("imag") { _, _ in .float(0) }
        t.def("hex") { interp, a in .string(String(format: "%a", try interp.floatArg(a[0]))) }
        t.def("as_integer_ratio") { interp, a in
            let d = try interp.floatArg(a[0])
            if !d.isFinite { throw PyError.overflow("cannot convert Infinity to integer ratio") }
            var num = d, den = BigInt(1)
            while num != num.rounded() { num *= 2; den *= 2 }
            var n = BigInt(num)
            let g = n.greatestCommonDivisor(with: den)
            n /= g; den /= g
            return .obj(PyTuple([.bigint(n), .bigint(den)]))
        }
    }

    static func parseFloat(_ text: String) throws -> Double {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "_", with: "")
        switch s.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: break
        }
        let allowed = Set("0123456789.eE+-")
        guard !s.isEmpty, s.allSatisfy({ allowed.contains($0) }), let d = Double(s) else {
            throw PyError.value("could not convert string to float: \(Interpreter.strRepr(text))")
        }
        return d
    }
}
