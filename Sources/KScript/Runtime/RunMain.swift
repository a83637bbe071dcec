// Running a program to completion: uncaught exceptions print their traceback, SystemExit sets the
// exit status, output is flushed — the behaviour of `python file.py`.

extension Interpreter {
    /// Runs `source` as the main program and returns the process exit status.
    public func runMain(source: String, file: String, module: PyModule) -> Int32 {
        err.flushFirst = out
        defer { PyFile.closeAll(); out.flush(); err.flush() }
        do {
            try run(source: source, file: file, module: module)
            return 0
        } catch let e as PyError {
            return report(e)
        } catch let e as PythonConvertibleError {
            return report(e.pythonError)
        } catch {
            err.write("kscript: internal error: \(error)\n")
            return 1
        }
    }

    /// Prints an uncaught exception (or handles SystemExit); returns the exit status.
    public func report(_ e: PyError) -> Int32 {
        if e.isInstance(of: ExcTypes.systemExit) {
            guard let code = e.exc.args.first else { return 0 }
            switch code {
            case .none: return 0
            case .int(let i): return Int32(truncatingIfNeeded: i)
            case .bool(let b): return b ? 1 : 0
            default:
                out.flush()
                err.write(((try? str(code)) ?? "") + "\n")
                return 1
            }
        }
        out.flush()
        err.write(formatException(e.exc))
        return 1
    }
}
