// printf-style `%` formatting: the format string is compiled once into literal pieces and
// conversion fields, then applied to each argument tuple or mapping.
import BigInt

struct PercentFormat {
    struct Field {
        var key: String?
        var spec = Formatter.Spec()
        var leftAlign = false
        var starWidth = false
        var starPrecision = false
        var conversion: Character = "s"
        var index = 0
    }
    enum Piece { case literal(String), field(Field) }

    let pieces: [Piece]
    let usesMapping: Bool

    init(_ fmt: String) throws {
        let c = fmt.unicodeScalars.map(Character.init)
        var pieces: [Piece] = []
        var literal = ""
        var i = 0
        var mapping = false
        while i < c.count {
            if c[i] != "%" { literal.append(c[i]); i += 1; continue }
            i += 1
            guard i < c.count else { throw PyError.value("incomplete format") }
            if c[i] == "%" { literal.append("%"); i += 1; continue }
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
            var f = Field()
            if c[i] == "(" {
                var depth = 1, key = ""
                i += 1
                while i < c.count {
                    if c[i] == "(" { depth += 1 } else if c[i] == ")" { depth -= 1; if depth == 0 { break } }
                    key.append(c[i]); i += 1
                }
                guard i < c.count else { throw PyError.value("incomplete format key") }
                i += 1
                f.key = key
                mapping = true
            }
            while i < c.count, "-+ #0".contains(c[i]) {
                switch c[i] {
                case "-": f.leftAlign = true
                case "+": f.spec.sign = "+"
                case " ": if f.spec.sign != "+" { f.spec.sign = " " }
                case "#": f.spec.alternate = true
                default: f.spec.zeroPad = true
                }
                i += 1
            }
            var w = ""
            if i < c.count && c[i] == "*" { f.starWidth = true; i += 1 }
            while i < c.count && c[i].isASCII && c[i].isNumber { w.append(c[i]); i += 1 }
            f.spec.width = Int(w) ?? 0
            if i < c.count && c[i] == "." {
                i += 1
                var p = ""
                if i < c.count && c[i] == "*" { f.starPrecision = true; i += 1 }
                while i < c.count && c[i].isASCII && c[i].isNumber { p.append(c[i]); i += 1 }
                f.spec.precision = Int(p) ?? 0
            }
            while i < c.count, "hlL".contains(c[i]) { i += 1 }
            guard i < c.count else { throw PyError.value("incomplete format") }
            f.conversion = c[i]
            f.index = i
            if !"sraciduxXoeEfFgG".contains(f.conversion) {
                let code = f.conversion.unicodeScalars.first!.value
                throw PyError.value("unsupported format character '\(f.conversion)' (0x\(String(code, radix: 16))) at index \(i)")
            }
            if f.leftAlign { f.spec.align = "<"; f.spec.zeroPad = false }
            pieces.append(.field(f))
            i += 1
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        self.pieces = pieces
        usesMapping = mapping
    }

    func apply(_ argsValue: Value, _ interp: Interpreter) throws -> String {
        var args: [Value]
        var mapping: Value? = nil
        switch argsValue {
        case .obj(let t as PyTuple): args = t.items
        case .obj(let d as PyDict): args = [argsValue]; mapping = .obj(d)
        default:
            if usesMapping, case .obj(let o) = argsValue, o.pyType.lookup("__getitem__") != nil { mapping = argsValue }
            args = [argsValue]
        }
        return try apply(args, mapping: mapping, interp)
    }

    /// Applied to the items of a tuple display.
    func apply(arguments args: [Value], _ interp: Interpreter) throws -> String {
        try apply(args, mapping: nil, interp)
    }

    func apply(_ args: [Value], mapping: Value?, _ interp: Interpreter) throws -> String {
        var next = 0
        func take() throws -> Value {
            guard next < args.count else { throw PyError.type("not enough arguments for format string") }
            defer { next += 1 }
            return args[next]
        }
        var out = ""
        out.reserveCapacity(32)
        for piece in pieces {
            switch piece {
            case .literal(let s): out += s
            case .field(let field) where !field.starWidth && !field.starPrecision && field.key == nil:
                out += try render(field, try take(), interp)
            case .field(var f):
                if f.starWidth {
                    guard case .int(let n) = try take() else { throw PyError.type("* wants int") }
                    f.spec.width = abs(n)
                    if n < 0 { f.spec.align = "<"; f.spec.zeroPad = false }
                }
                if f.starPrecision {
                    guard case .int(let n) = try take() else { throw PyError.type("* wants int") }
                    f.spec.precision = max(n, 0)
                }
                let v: Value
                if let k = f.key {
                    guard let m = mapping else { throw PyError.type("format requires a mapping") }
                    v = try interp.getItem(m, .string(k))
                } else {
                    v = try take()
                }
                out += try render(f, v, interp)
            }
        }
        if next < args.count && mapping == nil { throw PyError.type("not all arguments converted during string formatting") }
        return out
    }

    func render(_ f: Field, _ v: Value, _ interp: Interpreter) throws -> String {
        let spec = f.spec
        var textSpec: Formatter.Spec { Formatter.Spec(fill: " ", align: spec.align ?? ">", width: spec.width) }
        switch f.conversion {
        case "s":
            let s = try interp.str(v)
            if spec.width == 0 && spec.precision == nil { return s }
            return try Formatter.pad(spec.precision.map { String(s.unicodeScalars.prefix($0)) } ?? s, textSpec, numeric: false)
        case "r": return try Formatter.pad(try interp.repr(v), textSpec, numeric: false)
        case "a": return try Formatter.pad(Formatter.asciiEscape(try interp.repr(v)), textSpec, numeric: false)
        case "c":
            if case .str(let s) = v, s.count == 1 { return try Formatter.pad(s.value, textSpec, numeric: false) }
            if case .int(let n) = v, let u = UInt32(exactly: n).flatMap({ $0 < 0x110000 ? Unicode.Scalar($0) : nil }) {
                return try Formatter.pad(String(Character(u)), textSpec, numeric: false)
            }
            if case .int = v { throw PyError.overflow("%c arg not in range(0x110000)") }
            if case .obj(let o) = v, o is PyBigInt { throw PyError.overflow("%c arg not in range(0x110000)") }
            throw PyError.type("%c requires int or char")
        case "d", "i", "u", "x", "X", "o":
            if case .int(let x) = v, f.conversion == "d" || f.conversion == "i" || f.conversion == "u",
               spec.width == 0, spec.precision == nil, spec.sign == "-" {
                return String(x)
            }
            let n: BigInt
            switch v {
            case .int(let x): n = BigInt(x)
            case .bool(let b): n = b ? 1 : 0
            case .float(let d):
                if "xXo".contains(f.conversion) { throw PyError.type("%\(f.conversion) format: an integer is required, not float") }
                if d.isNaN { throw PyError.value("cannot convert float NaN to integer") }
                if !d.isFinite { throw PyError.overflow("cannot convert float infinity to integer") }
                n = BigInt(d.rounded(.towardZero))
            case .obj(let b as PyBigInt): n = b.value
            case .obj(let o) where o.pyType.lookup("__index__") != nil || ("diu".contains(f.conversion) && o.pyType.lookup("__int__") != nil):
                // Objects that convert themselves (a numpy scalar, say): __int__ for %d, __index__ for %x.
                let method = ("diu".contains(f.conversion) ? o.pyType.lookup("__int__") : nil) ?? o.pyType.lookup("__index__")!
                let r: Value
                // CPython reports a conversion's TypeError as the format's own.
                do { r = try interp.call(method, [v], []) } catch let e as PyError where e.type === ExcTypes.typeError {
                    throw PyError.type("%\(f.conversion) format: a real number is required, not \(interp.typeName(v))")
                }
                switch r {
                case .int(let x): n = BigInt(x)
                case .obj(let b as PyBigInt): n = b.value
                default: throw PyError.type("__index__ returned non-int (type \(interp.typeName(r)))")
                }
            default:
                throw PyError.type("%\(f.conversion) format: a real number is required, not \(interp.typeName(v))")
            }
            var s = spec
            s.type = "diu".contains(f.conversion) ? "d" : f.conversion
            var body = try Formatter.formatInt(n, Formatter.Spec(type: s.type))
            if body.hasPrefix("-") { body.removeFirst() }
            if spec.alternate && "xXo".contains(f.conversion) { body = (f.conversion == "o" ? "0o" : f.conversion == "x" ? "0x" : "0X") + body }
            if let p = spec.precision, body.count < p { body = String(repeating: "0", count: p - body.count) + body }
            return try Formatter.pad(body, s, numeric: true, signPrefix: Formatter.signText(n < 0, s))
        default:
            let d: Double
            switch v {
            case .int(let x): d = Double(x)
            case .bool(let b): d = b ? 1 : 0
            case .float(let x): d = x
            case .obj(let b as PyBigInt): d = b.value.nearestDouble
            case .obj(let o) where o.pyType.lookup("__float__") != nil: d = try interp.floatArg(v)
            default: throw PyError.type("must be real number, not \(interp.typeName(v))")
            }
            var s = spec
            s.type = f.conversion
            if s.precision == nil { s.precision = 6 }
            return try Formatter.formatFloat(d, s)
        }
    }
}
