// The parser's entry for `eval()`: one expression (a bare tuple allowed) as code that returns it.

extension Parser {
    /// Parses `source` as an eval() expression, resolved against `module`.
    public static func parseEval(_ source: String, file: String, module: PyModule) throws -> CodeObject {
        // eval() ignores leading spaces and tabs, as CPython does.
        let text = String(source.drop { $0 == " " || $0 == "\t" }) + "\n"
        let (tokens, lexError) = Lexer.tokenizeUntilError(text, file: file)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let code = CodeObject(name: "<module>", qualname: "<module>", file: file, firstLine: 1)
        let root = Scope(.module, code: code, parent: nil)
        let parser = Parser(tokens: tokens, file: file, lines: lines, scope: root)
        parser.lexError = lexError
        while parser.cur.kind == .newline { parser.p += 1 }
        let value = try parser.testListStarExpr()
        while parser.cur.kind == .newline { parser.p += 1 }
        if let e = lexError { throw e }
        guard parser.cur.kind == .eof else { throw parser.error("invalid syntax") }
        code.body = [ReturnStmt(value, line: 1)]
        root.collectNeeds()
        try root.resolve(module: module, visible: [])
        return code
    }
}
