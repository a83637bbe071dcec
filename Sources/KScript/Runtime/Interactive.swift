// The REPL's view of the language: is an input complete, and run one input echoing its value.

public enum InputState: Equatable {
    case complete
    case incomplete
}

extension Interpreter {
    /// Whether `source` (one or more lines typed at the prompt) is ready to run, CPython-style:
    /// an open bracket, string or block asks for more; a compound statement ends at a blank line.
    public func inputState(_ source: String) -> InputState {
        if source.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) { return .complete }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithBlank = lines.count > 1 && lines.last!.allSatisfy { $0 == " " || $0 == "\t" }
        let scratch = PyModule(name: "__scratch__", builtins: builtins)
        do {
            _ = try Parser.parseModule(source, file: "<stdin>", module: scratch)
        } catch let e as SyntaxErrorInfo {
            if endsWithBlank { return .complete }
            return Interpreter.isEndOfInput(e, source) ? .incomplete : .complete
        } catch {
            return .complete
        }
        // A block (`def`, `for`, ...) stays open until a blank line, even when it parses.
        let first = lines.first.map(String.init) ?? ""
        let opensBlock = first.trimmingTrailingSpaces().hasSuffix(":") || lines.count > 1
        if opensBlock && !endsWithBlank && !Interpreter.isOneLineStatement(first) { return .incomplete }
        return .complete
    }

    /// An error caused only by the input stopping early.
    static func isEndOfInput(_ e: SyntaxErrorInfo, _ source: String) -> Bool {
        let m = e.message
        if m.hasPrefix("unterminated triple-quoted string") || m.contains("was never closed") || m == "unexpected EOF while parsing" {
            return true
        }
        if m.hasPrefix("expected an indented block") {
            let lastLine = source.split(separator: "\n", omittingEmptySubsequences: false).count
            return e.line >= lastLine
        }
        return false
    }

    /// `if x: y` on one line is complete as typed.
    static func isOneLineStatement(_ line: String) -> Bool {
        guard let colon = line.lastIndex(of: ":") else { return true }
        return !line[line.index(after: colon)...].allSatisfy { $0 == " " }
    }

    /// Runs one REPL input in `module`; expression statements print their repr and set `_`.
    public func runInteractive(_ source: String, module: PyModule) throws {
        let saved = echo
        echo = { [unowned self] v in
            self.builtins.set("_", v)
            self.out.write(try self.repr(v) + "\n")
        }
        defer { echo = saved }
        try run(source: source, file: "<stdin>", module: module)
    }
}
