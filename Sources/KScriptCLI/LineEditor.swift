// Reading REPL lines: GNU readline on a terminal (editing, history, Ctrl-R, tab completion),
// plain reads otherwise. Uses readline's callback interface so Ctrl-C can discard a line.
import Foundation
import CReadline

enum LineResult {
    case line(String)
    case interrupted
    case endOfInput
}

final class LineEditor {
    let interactive: Bool
    let historyPath: String
    static let historyLimit: Int32 = 1000
    /// Completion source: the text before the cursor → the candidate words.
    static var complete: ((String) -> [String])?
    // The callback interface delivers lines through a C function pointer.
    private static var received: LineResult?

    init(historyPath: String) {
        let dumb = ProcessInfo.processInfo.environment["TERM"].map { $0 == "dumb" || $0.isEmpty } ?? true
        interactive = isatty(0) != 0 && isatty(1) != 0 && !dumb
        self.historyPath = historyPath
        if interactive {
            rl_readline_name = UnsafePointer(strdup("kscript"))
            rl_catch_signals = 0
            rl_attempted_completion_function = { text, start, end in LineEditor.completionMatches(text, start, end) }
            rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"'`@$><=;|&{([,+-*/%~^!:"))
            using_history()
            stifle_history(LineEditor.historyLimit)
            read_history(historyPath)
        }
    }

    func read(prompt: String) -> LineResult {
        interactive ? readEdited(prompt: prompt) : readPlain(prompt: prompt)
    }

    private func readPlain(prompt: String) -> LineResult {
        FileHandle.standardError.write(prompt.data(using: .utf8)!)
        SignalFlag.interrupt.pointee = 0
        guard let line = readLine(strippingNewline: true) else {
            if SignalFlag.interrupt.pointee != 0 { SignalFlag.interrupt.pointee = 0; return .interrupted }
            return .endOfInput
        }
        return .line(line)
    }

    private func readEdited(prompt: String) -> LineResult {
        LineEditor.received = nil
        SignalFlag.interrupt.pointee = 0
        rl_callback_handler_install(prompt) { raw in
            if let raw = raw {
                let s = String(cString: raw)
                if !s.trimmingCharacters(in: .whitespaces).isEmpty { add_history(raw) }
                free(raw)
                LineEditor.received = .line(s)
            } else {
                LineEditor.received = .endOfInput
            }
            rl_callback_handler_remove()
        }
        var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        while LineEditor.received == nil {
            if SignalFlag.interrupt.pointee != 0 {
                SignalFlag.interrupt.pointee = 0
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_callback_handler_remove()
                FileHandle.standardOutput.write("\n".data(using: .utf8)!)
                return .interrupted
            }
            let r = poll(&fds, 1, 100)
            if r > 0 { rl_callback_read_char() }
        }
        if case .endOfInput = LineEditor.received! { FileHandle.standardOutput.write("\n".data(using: .utf8)!) }
        return LineEditor.received!
    }

    func saveHistory() {
        if interactive { write_history(historyPath) }
    }

    /// Readline's completion hook: candidates for the word before the cursor.
    private static func completionMatches(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1
        guard let buffer = rl_line_buffer, let complete = complete else { return nil }
        let line = String(cString: buffer)
        let prefix = String(line.utf8.prefix(Int(end))) ?? line
        let words = complete(prefix)
        if words.isEmpty { return nil }
        // Readline wants a NULL-terminated array: the common prefix first, then the matches.
        let common = words.dropFirst().reduce(words[0]) { acc, w in String(zip(acc, w).prefix { $0 == $1 }.map { $0.0 }) }
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: words.count + 2)
        array[0] = strdup(common)
        for (i, w) in words.enumerated() { array[i + 1] = strdup(w) }
        array[words.count + 1] = nil
        if words.count == 1 && (words[0].hasSuffix("=") || words[0].hasSuffix(".")) { rl_completion_append_character = 0 }
        else { rl_completion_append_character = words.count == 1 ? 0 : 32 }
        return array
    }
}
