// Turns source text into tokens: names, numbers, strings and f-strings, operators, NEWLINE/INDENT/DEDENT.
import BigInt

public struct Lexer {
    let file: String
    let src: [Unicode.Scalar]
    let lines: [String]
    var i = 0
    var line = 1
    var lineStart = 0
    var depth = 0
    var brackets: [(Character, SourcePos)] = []
    var indents: [Int] = [0]
    var altIndents: [Int] = [0]
    var tokens: [Token] = []
    var atLineStart = true

    public init(_ source: String, file: String) {
        self.file = file
        var s = Array(source.unicodeScalars)
        if s.first == "\u{FEFF}" { s.removeFirst() }
        self.src = s
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
    }

    public static func tokenize(_ source: String, file: String) throws -> [Token] {
        var lx = Lexer(source, file: file)
        try lx.run()
        return lx.tokens
    }

    /// The tokens before the first error, ended by an end-of-file token, and that error. CPython's
    /// parser reads tokens as it goes, so a syntax error earlier in the text is reported first.
    static func tokenizeUntilError(_ source: String, file: String) -> ([Token], SyntaxErrorInfo?) {
        var lx = Lexer(source, file: file)
        do {
            try lx.run()
            return (lx.tokens, nil)
        } catch let e as SyntaxErrorInfo {
            let pos = SourcePos(line: e.line, col: Swift.max(e.col - 1, 0))
            lx.tokens.append(Token(kind: .eof, text: "", value: .none, pos: pos, endCol: Int32(pos.col), endLine: Int32(pos.line)))
            return (lx.tokens, e)
        } catch {
            return (lx.tokens, SyntaxErrorInfo(.syntax, "\(error)", file: file, line: 1, col: 1, text: ""))
        }
    }

    func lineText(_ n: Int) -> String { n - 1 < lines.count && n >= 1 ? lines[n - 1] : "" }

    func error(_ msg: String, line l: Int? = nil, col: Int? = nil, kind: SyntaxErrorInfo.Kind = .syntax) -> SyntaxErrorInfo {
        let ln = l ?? line
        return SyntaxErrorInfo(kind, msg, file: file, line: ln, col: (col ?? (i - lineStart)) + 1, text: lineText(ln))
    }

    var col: Int { i - lineStart }
    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < src.count ? src[i + k] : nil }

    mutating func add(_ kind: TokenKind, _ text: String, _ value: TokenValue = .none, start: SourcePos) {
        tokens.append(Token(kind: kind, text: text, value: value, pos: start, endCol: Int32(col), endLine: Int32(line)))
    }

    mutating func newline() { line += 1; lineStart = i }

    mutating func run() throws {
        while true {
            if atLineStart && depth == 0 {
                if try handleIndentation() { continue }
            }
            guard let c = peek() else { break }
            if c == " " || c == "\t" || c == "\u{0C}" { i += 1; continue }
            if c == "#" { while let d = peek(), d != "\n" { i += 1 }; continue }
            if c == "\r" { i += 1; continue }
            if c == "\n" {
                if depth == 0 { add(.newline, "\n", start: SourcePos(line: line, col: col)); atLineStart = true }
                i += 1; newline(); continue
            }
            if c == "\\" {
                if peek(1) == "\n" || (peek(1) == "\r" && peek(2) == "\n") {
                    i += peek(1) == "\r" ? 3 : 2; newline()
                    if peek() == nil { throw error("unexpected EOF while parsing") }
                    continue
                }
                throw error("unexpected character after line continuation character")
            }
            let start = SourcePos(line: line, col: col)
            if isIdentStart(c) {
                if let q = try stringPrefix() { try lexString(prefix: q, start: start); continue }
                var s = ""
                while let d = peek(), isIdentContinue(d) { s.unicodeScalars.append(d); i += 1 }
                add(.name, s, start: start)
                continue
            }
            if c == "\"" || c == "'" { try lexString(prefix: "", start: start); continue }
            if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) { try lexNumber(start: start); continue }
            try lexOperator(start: start)
        }
        if let (open, pos) = brackets.last {
            throw SyntaxErrorInfo(.syntax, "'\(open)' was never closed", file: file, line: Int(pos.line), col: Int(pos.col) + 1, text: lineText(Int(pos.line)))
        }
        let end = SourcePos(line: line, col: col)
        if let last = tokens.last, last.kind != .newline, last.kind != .dedent, last.kind != .indent {
            add(.newline, "", start: end)
        }
        while indents.count > 1 { indents.removeLast(); add(.dedent, "", start: end) }
        add(.eof, "", start: end)
    }

    /// Measures the indentation of a new logical line; returns true when the line was blank or a comment.
    mutating func handleIndentation() throws -> Bool {
        var width = 0, alt = 0
        let startI = i
        while let c = peek() {
            if c == " " { width += 1; alt += 1 } else if c == "\t" { width = (width / 8 + 1) * 8; alt += 1 } else if c == "\u{0C}" { width = 0; alt = 0 } else { break }
            i += 1
        }
        guard let c = peek() else { return false }
        if c == "\n" || c == "#" || c == "\r" {
            while let d = peek(), d != "\n" { i += 1 }
            if peek() == "\n" { i += 1; newline() }
            return true
        }
        if c == "\\" && (peek(1) == "\n") { i = startI; atLineStart = false; return false }
        atLineStart = false
        let pos = SourcePos(line: line, col: col)
        if width > indents.last! {
            if alt <= altIndents.last! { throw error("inconsistent use of tabs and spaces in indentation", kind: .tab) }
            if tokens.last?.kind != .newline && !tokens.isEmpty || tokens.isEmpty {
                throw error("unexpected indent", kind: .indentation)
            }
            indents.append(width); altIndents.append(alt)
            add(.indent, "", start: pos)
        } else {
            while width < indents.last! {
                indents.removeLast(); altIndents.removeLast()
                add(.dedent, "", start: pos)
            }
            if width != indents.last! {
                // CPython points just past the line's first token.
                var end = i
                while end < src.count, src[end].properties.isXIDContinue || src[end] == "_" { end += 1 }
                throw error("unindent does not match any outer indentation level", col: Swift.max(end, i + 1) - lineStart, kind: .indentation)
            }
            if alt != altIndents.last! { throw error("inconsistent use of tabs and spaces in indentation", kind: .tab) }
        }
        return false
    }

    func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c.value > 127 && c.properties.isXIDStart)
    }
    func isIdentContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentStart(c) || isDigit(c) || (c.value > 127 && c.properties.isXIDContinue)
    }

    /// A string prefix (r, b, f, u and their combinations) directly followed by a quote.
    mutating func stringPrefix() throws -> String? {
        var k = 0
        var p = ""
        while let c = peek(k), k < 2, "rRbBfFuU".unicodeScalars.contains(c) { p.unicodeScalars.append(c); k += 1 }
        guard !p.isEmpty, let q = peek(k), q == "'" || q == "\"" else { return nil }
        let lower = p.lowercased()
        let valid: Set<String> = ["r", "b", "f", "u", "rb", "br", "fr", "rf"]
        guard valid.contains(lower) else { return nil }
        i += k
        return lower
    }

    mutating func lexString(prefix: String, start: SourcePos) throws {
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        i += triple ? 3 : 1
        let raw = prefix.contains("r"), isBytes = prefix.contains("b"), isF = prefix.contains("f")
        var body: [Unicode.Scalar] = []
        var bodyStart: [(Int, Int)] = []  // (line, col) of each body scalar, for f-string positions
        while true {
            guard let c = peek() else {
                if triple { throw SyntaxErrorInfo(.syntax, "unterminated triple-quoted string literal (detected at line \(line))", file: file, line: Int(start.line), col: Int(start.col) + 1, text: lineText(Int(start.line))) }
                throw error("unterminated string literal (detected at line \(line))", line: Int(start.line), col: Int(start.col))
            }
            if c == quote {
                if !triple { i += 1; break }
                if peek(1) == quote && peek(2) == quote { i += 3; break }
            }
            if c == "\n" && !triple {
                throw error("unterminated string literal (detected at line \(line))", line: Int(start.line), col: Int(start.col))
            }
            if c == "\\", let n = peek(1) {
                body.append(c); bodyStart.append((line, col)); i += 1
                body.append(n); bodyStart.append((line, col)); i += 1
                if n == "\n" { newline() }
                continue
            }
            body.append(c); bodyStart.append((line, col)); i += 1
            if c == "\n" { newline() }
        }
        if isF {
            let parts = try parseFString(body, bodyStart, raw: raw)
            add(.fstring, "f", .fstring(parts), start: start)
        } else if isBytes {
            var bytes: [UInt8] = []
            let text = raw ? body : try unescape(body, bytes: true, startLine: Int(start.line))
            for s in text {
                guard s.value < 128 || raw == false && s.value < 256 else { throw error("bytes can only contain ASCII literal characters", line: Int(start.line), col: Int(start.col)) }
                bytes.append(UInt8(s.value))
            }
            add(.bytes, "b", .bytes(bytes), start: start)
        } else {
            var s = ""
            s.unicodeScalars.append(contentsOf: raw ? body : try unescape(body, bytes: false, startLine: Int(start.line)))
            add(.string, "s", .string(s), start: start)
        }
    }

    func unescape(_ body: [Unicode.Scalar], bytes: Bool, startLine: Int) throws -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(body.count)
        var k = 0
        func hex(_ n: Int, _ what: String) throws -> Unicode.Scalar {
            guard k + n <= body.count else { throw error("(unicode error) 'unicodeescape' codec can't decode bytes: truncated \(what) escape", line: startLine, col: 0) }
            var v: UInt32 = 0
            for j in 0..<n {
                guard let d = UInt32(String(body[k + j]), radix: 16) else {
                    throw error("(unicode error) 'unicodeescape' codec can't decode bytes: truncated \(what) escape", line: startLine, col: 0)
                }
                v = v * 16 + d
            }
            k += n
            guard let s = Unicode.Scalar(v) else { throw error("(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character", line: startLine, col: 0) }
            return s
        }
        while k < body.count {
            let c = body[k]
            if c != "\\" || k + 1 >= body.count { out.append(c); k += 1; continue }
            let n = body[k + 1]
            k += 2
            switch n {
            case "\n": break
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "x": out.append(try hex(2, "\\xXX"))
            case "u" where !bytes: out.append(try hex(4, "\\uXXXX"))
            case "U" where !bytes: out.append(try hex(8, "\\UXXXXXXXX"))
            case "N" where !bytes:
                let start = k - 2
                guard k < body.count, body[k] == "{", let close = body[k...].firstIndex(of: "}"),
                      let scalar = Lexer.scalar(named: String(String.UnicodeScalarView(body[(k + 1)..<close]))) else {
                    throw error("(unicode error) 'unicodeescape' codec can't decode bytes in position \(start)-\(start + 1): malformed \\N character escape", line: startLine, col: 0)
                }
                out.append(scalar)
                k = close + 1
            case "0"..."7":
                var v = n.value - 48
                var m = 0
                while m < 2, k < body.count, body[k] >= "0", body[k] <= "7" { v = v * 8 + body[k].value - 48; k += 1; m += 1 }
                out.append(Unicode.Scalar(v)!)
            default:
                out.append("\\"); out.append(n)
            }
        }
        return out
    }

    /// The code point with a Unicode name, for `\N{...}` (names compare case-insensitively).
    static func scalar(named name: String) -> Unicode.Scalar? {
        let want = name.uppercased()
        for range in [0...0x3FFFF, 0xE0000...0xE01EF] {
            for v in range {
                if let s = Unicode.Scalar(UInt32(v)), s.properties.name == want || s.properties.nameAlias == want { return s }
            }
        }
        return nil
    }

    /// Splits an f-string body into literal text and `{expression!conv:spec}` parts.
    func parseFString(_ body: [Unicode.Scalar], _ pos: [(Int, Int)], raw: Bool) throws -> [FStringPart] {
        var parts: [FStringPart] = []
        var lit: [Unicode.Scalar] = []
        var k = 0
        func flush() throws {
            if lit.isEmpty { return }
            var s = ""
            s.unicodeScalars.append(contentsOf: raw ? lit : try unescape(lit, bytes: false, startLine: line))
            parts.append(.literal(s))
            lit = []
        }
        while k < body.count {
            let c = body[k]
            if c == "{" {
                if k + 1 < body.count && body[k + 1] == "{" { lit.append("{"); k += 2; continue }
                try flush()
                let (part, next) = try fstringField(body, pos, from: k + 1, raw: raw)
                parts.append(part)
                k = next
                continue
            }
            if c == "}" {
                if k + 1 < body.count && body[k + 1] == "}" { lit.append("}"); k += 2; continue }
                throw error("f-string: single '}' is not allowed", line: pos[k].0, col: pos[k].1)
            }
            lit.append(c); k += 1
        }
        try flush()
        return parts
    }

    /// Reads one replacement field starting after its `{`; returns the part and the index after `}`.
    func fstringField(_ body: [Unicode.Scalar], _ pos: [(Int, Int)], from start: Int, raw: Bool) throws -> (FStringPart, Int) {
        var k = start
        var depthB = 0
        var quote: Unicode.Scalar? = nil
        var expr: [Unicode.Scalar] = []
        while k < body.count {
            let c = body[k]
            if let q = quote {
                if c == q { quote = nil }
                expr.append(c); k += 1; continue
            }
            if c == "'" || c == "\"" { quote = c; expr.append(c); k += 1; continue }
            if c == "(" || c == "[" || c == "{" { depthB += 1 }
            if c == ")" || c == "]" || (c == "}" && depthB > 0) { depthB -= 1; expr.append(c); k += 1; continue }
            if depthB == 0 && (c == "}" || c == ":" || (c == "!" && k + 1 < body.count && body[k + 1] != "=")) { break }
            expr.append(c); k += 1
        }
        let (l0, c0) = start < pos.count ? pos[start] : (line, 0)
        guard k < body.count else { throw error("f-string: expecting '}'", line: l0, col: c0) }
        var exprText = ""
        exprText.unicodeScalars.append(contentsOf: expr)
        var selfDoc: String? = nil
        let trimmed = exprText.trimmingTrailingSpaces()
        if trimmed.hasSuffix("=") && !trimmed.hasSuffix("==") && !trimmed.hasSuffix("!=") && !trimmed.hasSuffix("<=") && !trimmed.hasSuffix(">=") {
            selfDoc = exprText
            exprText = String(trimmed.dropLast())
        }
        if exprText.allSatisfy({ $0 == " " }) { throw error("f-string: valid expression required before '}'", line: l0, col: c0) }
        var conversion: Character? = nil
        if body[k] == "!" {
            guard k + 1 < body.count, "rsa".unicodeScalars.contains(body[k + 1]) else {
                throw error("f-string: invalid conversion character: expected 's', 'r', or 'a'", line: l0, col: c0)
            }
            conversion = Character(body[k + 1]); k += 2
        }
        var spec: [FStringPart]? = nil
        if k < body.count && body[k] == ":" {
            k += 1
            var specParts: [FStringPart] = []
            var lit = ""
            while k < body.count && body[k] != "}" {
                if body[k] == "{" {
                    if !lit.isEmpty { specParts.append(.literal(lit)); lit = "" }
                    let (p, next) = try fstringField(body, pos, from: k + 1, raw: raw)
                    specParts.append(p); k = next; continue
                }
                lit.unicodeScalars.append(body[k]); k += 1
            }
            if !lit.isEmpty { specParts.append(.literal(lit)) }
            spec = specParts
        }
        guard k < body.count, body[k] == "}" else { throw error("f-string: expecting '}'", line: l0, col: c0) }
        return (.expr(source: exprText, pos: SourcePos(line: l0, col: c0), conversion: conversion, spec: spec, selfDoc: selfDoc), k + 1)
    }

    mutating func lexNumber(start: SourcePos) throws {
        var s = ""
        func digits(_ ok: (Unicode.Scalar) -> Bool) {
            while let c = peek(), ok(c) || (c == "_" && peek(1).map(ok) == true) {
                if c != "_" { s.unicodeScalars.append(c) }
                i += 1
            }
        }
        if peek() == "0", let x = peek(1), "xXoObB".unicodeScalars.contains(x) {
            i += 2
            let radix = (x == "x" || x == "X") ? 16 : (x == "o" || x == "O") ? 8 : 2
            if peek() == "_" { i += 1 }
            digits { c in Int(String(c), radix: radix) != nil }
            if s.isEmpty { throw error("invalid \(radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary") literal") }
            if let v = Int(s, radix: radix) { add(.int, s, .int(v), start: start) } else { add(.int, s, .bigint(BigInt(s, radix: radix)!), start: start) }
            if let c = peek(), isIdentContinue(c) { throw error("invalid \(radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary") literal") }
            return
        }
        var isFloat = false
        digits(isDigit)
        if peek() == "." { isFloat = true; s += "."; i += 1; digits(isDigit) }
        if let e = peek(), e == "e" || e == "E" {
            let save = i, saveS = s
            s += "e"; i += 1
            if let sign = peek(), sign == "+" || sign == "-" { s.unicodeScalars.append(sign); i += 1 }
            let before = s.count
            digits(isDigit)
            if s.count == before { i = save; s = saveS } else { isFloat = true }
        }
        if let j = peek(), j == "j" || j == "J" {
            throw error("complex literals are not supported by kscript")
        }
        if let c = peek(), isIdentStart(c) { throw error("invalid decimal literal") }
        if isFloat {
            add(.float, s, .float(Double(s) ?? .infinity), start: start)
        } else {
            if s.count > 1 && s.hasPrefix("0") && s.contains(where: { $0 != "0" }) {
                throw error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", col: Int(start.col))
            }
            if let v = Int(s) { add(.int, s, .int(v), start: start) } else { add(.int, s, .bigint(BigInt(s)!), start: start) }
        }
    }

    static let ops3: Set<String> = ["**=", "//=", ">>=", "<<=", "...", "!="]
    static let ops2: Set<String> = ["**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":="]
    static let ops1: Set<Unicode.Scalar> = ["+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=", "!"]

    mutating func lexOperator(start: SourcePos) throws {
        func str(_ n: Int) -> String? {
            guard i + n <= src.count else { return nil }
            var s = ""; s.unicodeScalars.append(contentsOf: src[i..<(i + n)]); return s
        }
        if let s = str(3), Lexer.ops3.contains(s) { i += 3; add(.op, s, start: start); return }
        if let s = str(2), Lexer.ops2.contains(s) { i += 2; add(.op, s, start: start); return }
        let c = peek()!
        guard Lexer.ops1.contains(c), c != "!" else {
            if c == "$" || c == "?" || c == "`" || c == "!" { throw error("invalid syntax") }
            throw error("invalid character '\(Character(c))' (U+\(String(c.value, radix: 16, uppercase: true).leftPad(4)))")
        }
        i += 1
        let s = String(Character(c))
        switch c {
        case "(", "[", "{": depth += 1; brackets.append((Character(c), start))
        case ")", "]", "}":
            guard let (open, opos) = brackets.popLast() else { throw error("unmatched '\(s)'", col: Int(start.col)) }
            let want: Character = open == "(" ? ")" : open == "[" ? "]" : "}"
            if want != Character(c) {
                if opos.line == start.line {
                    throw error("closing parenthesis '\(s)' does not match opening parenthesis '\(open)'", col: Int(start.col))
                }
                throw error("closing parenthesis '\(s)' does not match opening parenthesis '\(open)' on line \(opos.line)", col: Int(start.col))
            }
            depth -= 1
        default: break
        }
        add(.op, s, start: start)
    }
}

extension String {
    func leftPad(_ n: Int, _ c: Character = "0") -> String { count >= n ? self : String(repeating: c, count: n - count) + self }
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
