// The interactive prompt: `>>>` and `...`, multi-line blocks, echo of values, tracebacks that
// never end the session, Ctrl-C to discard a line or stop running code, Ctrl-D to leave.
import Foundation
import KScript

struct REPL {
    let interp: Interpreter
    let module: PyModule
    let editor: LineEditor

    static var historyPath: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".kscript_history")
    }

    init(interp: Interpreter, module: PyModule) {
        self.interp = interp
        self.module = module
        editor = LineEditor(historyPath: REPL.historyPath)
        LineEditor.complete = { [interp, module] text in interp.completions(for: text, module: module) }
    }

    static let banner = """
    \(KScriptCommand.version) — the Python of Keras tutorials, on a native engine (linux)
    Type help(object) for help on anything; exit() or Ctrl-D to leave.
    """

    /// Runs the session; returns the exit status.
    func run(showBanner: Bool = true) -> Int32 {
        if showBanner { FileHandle.standardError.write((REPL.banner + "\n").data(using: .utf8)!) }
        defer { editor.saveHistory() }
        var buffer: [String] = []
        while true {
            interp.out.flush()
            switch editor.read(prompt: buffer.isEmpty ? ">>> " : "... ") {
            case .endOfInput:
                return 0
            case .interrupted:
                interp.err.write("KeyboardInterrupt\n")
                buffer = []
            case .line(let line):
                buffer.append(line)
                let source = buffer.joined(separator: "\n")
                if interp.inputState(source) == .incomplete { continue }
                buffer = []
                if source.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
                do {
                    try interp.runInteractive(source + "\n", module: module)
                } catch let e as PyError {
                    if e.isInstance(of: ExcTypes.systemExit) { return interp.report(e) }
                    _ = interp.report(e)
                } catch let e as PythonConvertibleError {
                    _ = interp.report(e.pythonError)
                } catch {
                    interp.err.write("kscript: internal error: \(error)\n")
                }
                SignalFlag.interrupt.pointee = 0
            }
        }
    }
}
