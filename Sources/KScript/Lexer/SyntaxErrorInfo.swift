// A compile-time error (SyntaxError, IndentationError, TabError) located in the source.

public struct SyntaxErrorInfo: Error {
    public enum Kind: String { case syntax = "SyntaxError", indentation = "IndentationError", tab = "TabError" }
    public var kind: Kind
    public var message: String
    public var file: String
    public var line: Int
    /// 1-based column of the caret, as CPython's `offset`.
    public var col: Int
    public var endCol: Int?
    public var text: String

    public init(_ kind: Kind = .syntax, _ message: String, file: String, line: Int, col: Int, endCol: Int? = nil, text: String) {
        self.kind = kind; self.message = message; self.file = file; self.line = line
        self.col = col; self.endCol = endCol; self.text = text
    }

    /// The exception type this error raises as.
    public var type: PyType {
        switch kind {
        case .syntax: return ExcTypes.syntaxError
        case .indentation: return ExcTypes.indentationError
        case .tab: return ExcTypes.tabError
        }
    }

    /// The exception object a script can catch.
    public func asPyError() -> PyError {
        let e = PyError(type, args: [.string(message)])
        e.exc.attrs["msg"] = .string(message)
        e.exc.attrs["filename"] = .string(file)
        e.exc.attrs["lineno"] = .int(line)
        e.exc.attrs["offset"] = .int(col)
        e.exc.attrs["text"] = .string(text)
        if let end = endCol { e.exc.attrs["end_offset"] = .int(end) }
        return e
    }
}
