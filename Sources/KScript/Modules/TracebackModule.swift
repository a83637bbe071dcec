// The traceback module: the handled exception's traceback as text (format_exc, print_exc) and any
// exception's (format_exception, print_exception), in the form an uncaught one is printed.

extension Interpreter {
    func makeTracebackModule() -> PyModule {
        /// The exception an argument names: an exception object, or the one being handled.
        func exception(_ v: Value) -> PyExceptionObject? {
            if case .obj(let e as PyExceptionObject) = v { return e }
            return v.isUnbound ? handledException : nil
        }
        func text(_ e: PyExceptionObject?) -> String { e.map { formatException($0) } ?? "NoneType: None\n" }
        /// The text as format_exception gives it: a list of strings, one per line.
        func lines(_ s: String) -> Value {
            var out: [Value] = [], line = ""
            for c in s {
                line.append(c)
                if c == "\n" { out.append(.string(line)); line = "" }
            }
            if !line.isEmpty { out.append(.string(line)) }
            return .obj(PyList(out))
        }
        func write(_ s: String, _ file: Value) throws {
            if file.isNone { err.write(s) } else { try self.write(s, to: file) }
        }
        return makeNativeModule("traceback", [
            ("format_exc", nativeFunction("format_exc", ["limit", "chain"], defaults: [.none, .bool(true)]) { interp, _ in
                .string(text(interp.handledException))
            }),
            ("print_exc", nativeFunction("print_exc", ["limit", "file", "chain"], defaults: [.none, .none, .bool(true)]) { interp, a in
                try write(text(interp.handledException), a[1])
                return .none
            }),
            ("format_exception", nativeFunction("format_exception", ["exc", "value", "tb", "limit", "chain"], defaults: [.unbound, .unbound, .none, .bool(true)]) { _, a in
                lines(text(exception(a[1]) ?? exception(a[0])))
            }),
            ("print_exception", nativeFunction("print_exception", ["exc", "value", "tb", "limit", "file", "chain"], defaults: [.unbound, .unbound, .none, .none, .bool(true)]) { _, a in
                try write(text(exception(a[1]) ?? exception(a[0])), a[4])
                return .none
            }),
            ("format_exception_only", nativeFunction("format_exception_only", ["exc", "value"], defaults: [.unbound]) { interp, a in
                guard let e = exception(a[1]) ?? exception(a[0]) else { return lines("NoneType: None\n") }
                return lines(interp.exceptionLine(e) + "\n")
            }),
        ])
    }
}
