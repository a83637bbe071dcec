// The format-spec mini-language (f-strings, format(), str.format) and printf-style `%` formatting.
import Foundation
import BigInt
import CFormat

public enum Formatter {
    struct Spec {
        var fill: Character = " "
        var explicitFill = false
        var align: Character? = nil
        var sign: Character = "-"
        var explicitSign = false
        var alternate = false
        var zeroPad = false
        var width = 0
        var grouping: Character? = nil
        var precision: Int? = nil
        var type: Character? = nil
    }

    static func parseSpec(_ s: String) throws -> Spec {
        var spec = Spec()
        let c = s.unicodeScalars.map(Character.init)
        var i = 0
        func isAlign(_ ch: Character) -> Bool { "<>=^".contains(ch) }
        if c.count >= 2 && isAlign(c[1]) { spec.fill = c[0]; spec.explicitFill = true; spec.align = c[1]; i = 2 }
        else if c.count >= 1 && isAlign(c[0]) { spec.align = c[0]; i = 1 }
        if i < c.count && "+- ".contains(c[i]) { spec.sign = c[i]; spec.explicitSign = true; i += 1 }
        if i < c.count && c[i] == "z" { i += 1 }
        if i < c.count && c[i] == "#" { spec.alternate = true; i += 1 }
        if i < c.count && c[i] == "0" { spec.zeroPad = true; i += 1 }
        var w = ""
        while i < c.count && c[i].isASCII && c[i].isNumber { w.append(c[i]); i += 1 }
        spec.width = Int(w) ?? 0
        if i < c.count && (c[i] == "," || c[i] == "_") { spec.grouping = c[i]; i += 1 }
        if i < c.count && c[i] == "." {
            i += 1
            var p = ""
            while i < c.count && c[i].isASCII && c[i].isNumber { p.append(c[i]); i += 1 }
            if p.isEmpty { throw PyError.value("Format specifier missing precision") }
            spec.precision = Int(p)
        }
        if i < c.count { spec.type = c[i]; i += 1 }
        if i < c.count { throw PyError.value("Invalid format specifier '\(s)'") }
        return spec
    }

    /// format(value, spec)
    public static func format(_ v: Value, _ specText: String, _ interp: Interpreter) throws -> String {
        if case .obj(let o as PyFormattable) = v { return try o.format(specText, interp) }
        if case .obj(let o) = v, o is PyInstance, let f = o.pyType.lookup("__format__"), !interp.isNative(f) {
            let r = try interp.call(f, [v, .string(specText)], [])
            guard case .str(let s) = r else { throw PyError.type("__format__ must return a str") }
            return s.value
        }
        if specText.isEmpty { return try interp.str(v) }
        // object.__format__ refuses any spec, valid or not.
        switch v {
        case .int, .bool, .float, .str: break
        case .obj(let o) where o is PyBigInt || o is PyRepresentable: break
        default: throw PyError.type("unsupported format string passed to \(interp.typeName(v)).__format__")
        }
        let spec: Spec
        if let cached = interp.specCache[specText] { spec = cached } else {
            do { spec = try parseSpec(specText) } catch let e as PyError where e.isInstance(of: ExcTypes.valueError) {
                // CPython names the type whose format was asked for.
                guard case .str(let m)? = e.exc.args.first, m.value.hasPrefix("Invalid format specifier") else { throw e }
                throw PyError.value("\(m.value) for object of type '\(interp.typeName(v))'")
            }
            if interp.specCache.count < 256 { interp.specCache[specText] = spec }
        }
        switch v {
        case .int(let i) where spec.type == nil || spec.type == "d":
            if spec.precision != nil { throw PyError.value("Precision not allowed in integer format specifier") }
            var body = String(i.magnitude)
            if let g = spec.grouping { body = group(body, g) }
            return try pad(body, spec, numeric: true, signPrefix: signText(i < 0, spec))
        case .int, .bool, .obj(is PyBigInt):
            let big: BigInt
            switch v { case .int(let i): big = BigInt(i); case .bool(let b): big = b ? 1 : 0; case .obj(let o as PyBigInt): big = o.value; default: big = 0 }
            if let t = spec.type, "eEfFgG%".contains(t) { return try formatFloat(big.nearestDouble, spec) }
            return try formatInt(big, spec, typeName: interp.typeName(v))
        case .float(let d):
            if let t = spec.type, !"eEfFgGn%".contains(t) {
                throw PyError.value("Unknown format code '\(t)' for object of type 'float'")
            }
            return try formatFloat(d, spec)
        case .str(let s):
            if let t = spec.type, t != "s" { throw PyError.value("Unknown format code '\(t)' for object of type 'str'") }
            if spec.explicitSign { throw PyError.value("Sign not allowed in string format specifier") }
            if spec.alternate { throw PyError.value("Alternate form (#) not allowed in string format specifier") }
            if let g = spec.grouping { throw PyError.value("Cannot specify '\(g)' with 's'.") }
            if spec.align == "=" { throw PyError.value("'=' alignment not allowed in string format specifier") }
            var text = s.value
            if let p = spec.precision { text = String(text.unicodeScalars.prefix(p).map(Character.init)) }
            return try pad(text, spec, numeric: false)
        default:
            let text = try interp.str(v)
            if !specText.isEmpty && !(v.object is PyRepresentable) {
                throw PyError.type("unsupported format string passed to \(interp.typeName(v)).__format__")
            }
            return try pad(text, spec, numeric: false)
        }
    }

    static func pad(_ body: String, _ spec: Spec, numeric: Bool, signPrefix: String = "") throws -> String {
        if spec.width == 0 { return signPrefix + body }
        try AllocationGuard.check(spec.width, bytesEach: 1)
        let total = body.unicodeScalars.count + signPrefix.unicodeScalars.count
        if total >= spec.width { return signPrefix + body }
        let n = spec.width - total
        var align = spec.align ?? (numeric ? ">" : "<")
        var fill = spec.fill
        // The 0 flag pads with zeros unless a fill is given: after the sign for numbers when no
        // alignment is given, else as the alignment says.
        if spec.zeroPad && !spec.explicitFill {
            fill = "0"
            if spec.align == nil { align = numeric ? "=" : "<" }
        }
        let f = String(fill)
        switch align {
        case "<": return signPrefix + body + String(repeating: f, count: n)
        case "^": return String(repeating: f, count: n / 2) + signPrefix + body + String(repeating: f, count: n - n / 2)
        case "=": return signPrefix + String(repeating: f, count: n) + body
        default: return String(repeating: f, count: n) + signPrefix + body
        }
    }

    static func group(_ digits: String, _ sep: Character, every: Int = 3) -> String {
        var out: [Character] = []
        for (k, ch) in digits.reversed().enumerated() {
            if k > 0 && k % every == 0 { out.append(sep) }
            out.append(ch)
        }
        return String(out.reversed())
    }

    static func signText(_ negative: Bool, _ spec: Spec) -> String {
        if negative { return "-" }
        return spec.sign == "+" ? "+" : spec.sign == " " ? " " : ""
    }

    static func formatInt(_ v: BigInt, _ spec: Spec, typeName: String = "int") throws -> String {
        if spec.precision != nil { throw PyError.value("Precision not allowed in integer format specifier") }
        if let g = spec.grouping, spec.type == "n" { throw PyError.value("Cannot specify '\(g)' with 'n'.") }
        let mag = v.magnitude
        var body: String
        var prefix = ""
        switch spec.type {
        case nil, "d", "n": body = String(mag)
        case "x": body = String(mag, radix: 16); prefix = spec.alternate ? "0x" : ""
        case "X": body = String(mag, radix: 16).uppercased(); prefix = spec.alternate ? "0X" : ""
        case "o": body = String(mag, radix: 8); prefix = spec.alternate ? "0o" : ""
        case "b": body = String(mag, radix: 2); prefix = spec.alternate ? "0b" : ""
        case "c":
            guard Int(exactly: v) != nil else { throw PyError.overflow("Python int too large to convert to C long") }
            guard let code = UInt32(exactly: v), code < 0x110000 else { throw PyError.overflow("%c arg not in range(0x110000)") }
            guard let s = Unicode.Scalar(code) else { throw PyError.value("%c arg is a surrogate code point, which kscript strings cannot hold") }
            return try pad(String(Character(s)), spec, numeric: true)
        case let t?: throw PyError.value("Unknown format code '\(t)' for object of type '\(typeName)'")
        }
        if let g = spec.grouping { body = group(body, g, every: spec.type == nil || spec.type == "d" ? 3 : 4) }
        return try pad(body, spec, numeric: true, signPrefix: signText(v < 0, spec) + prefix)
    }

    static func formatFloat(_ d: Double, _ spec: Spec) throws -> String {
        var body: String
        let neg = d.sign == .minus && !(d.isNaN)
        let a = abs(d)
        var type = spec.type
        var percent = false
        if type == "%" { percent = true; type = "f" }
        if type == "n" { type = "g" }
        let value = percent ? a * 100 : a
        if value.isNaN || value.isInfinite {
            body = value.isNaN ? "nan" : "inf"
            if let t = type, t.isUppercase { body = body.uppercased() }
        } else {
            switch type {
            case nil:
                if let p = spec.precision {
                    body = cFormat(value, "g", max(p, 1), alternate: spec.alternate)
                    if !body.contains(".") && !body.contains("e") && !body.contains("inf") { body += ".0" }
                } else {
                    body = Interpreter.floatRepr(value)
                }
            case "f", "F": body = cFormat(value, "f", spec.precision ?? 6, alternate: spec.alternate)
            case "e", "E": body = cFormat(value, String(type!), spec.precision ?? 6, alternate: spec.alternate)
            case "g", "G":
                body = cFormat(value, String(type!), spec.precision.map { max($0, 1) } ?? 6, alternate: spec.alternate)
            default: body = Interpreter.floatRepr(value)
            }
        }
        if let g = spec.grouping {
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let intPart = String(parts[0])
            if intPart.allSatisfy({ $0.isNumber }) {
                body = group(intPart, g) + (parts.count > 1 ? "." + parts[1] : "")
            }
        }
        if percent { body += "%" }
        return try pad(body, spec, numeric: true, signPrefix: signText(neg, spec))
    }

    /// C's printf for one double (glibc rounds correctly, as CPython does).
    static func cFormat(_ d: Double, _ conv: String, _ precision: Int, alternate: Bool = false) -> String {
        if conv == "f" || conv == "F", let s = FixedPoint.format(d, precision: precision), !(alternate && precision == 0) { return s }
        let fmt = "%" + (alternate ? "#" : "") + "." + String(precision) + conv
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 512) { buf in
            let n = kscript_format_double(buf.baseAddress!, 512, fmt, d)
            if n >= 0 && n < 512 { return String(cString: buf.baseAddress!) }
            return String(format: fmt, d)
        }
    }

    static func asciiEscape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c.value < 128 { out.unicodeScalars.append(c) }
            else if c.value <= 0xff { out += "\\x" + String(c.value, radix: 16).leftPad(2) }
            else if c.value <= 0xffff { out += "\\u" + String(c.value, radix: 16).leftPad(4) }
            else { out += "\\U" + String(c.value, radix: 16).leftPad(8) }
        }
        return out
    }

}

/// A native object with its own `__format__` (numpy's 0-d arrays format as their scalar).
public protocol PyFormattable: AnyObject {
    func format(_ spec: String, _ interp: Interpreter) throws -> String
}
