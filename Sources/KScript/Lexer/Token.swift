// Tokens produced by the lexer, with their source positions.
import BigInt

public struct SourcePos {
    public var line: Int32
    public var col: Int32  // 0-based code-point column
    public init(line: Int, col: Int) { self.line = Int32(line); self.col = Int32(col) }
}

/// One piece of an f-string: literal text, or an expression with its conversion and format spec.
public enum FStringPart {
    case literal(String)
    case expr(source: String, pos: SourcePos, conversion: Character?, spec: [FStringPart]?, selfDoc: String?)
}

public enum TokenKind: Equatable {
    case name, int, float, string, bytes, fstring, op, newline, indent, dedent, eof
}

public enum TokenValue {
    case none
    case int(Int)
    case bigint(BigInt)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case fstring([FStringPart])
}

public struct Token {
    public var kind: TokenKind
    public var text: String       // the name, operator or keyword text
    public var value: TokenValue
    public var pos: SourcePos
    public var endCol: Int32
    public var endLine: Int32 = 0

    public func isOp(_ s: String) -> Bool { kind == .op && text == s }
    public func isKeyword(_ s: String) -> Bool { kind == .name && text == s }
}

public let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
]
