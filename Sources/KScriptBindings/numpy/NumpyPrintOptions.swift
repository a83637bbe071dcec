// np.set_printoptions / np.get_printoptions: precision, suppress, threshold, edgeitems and
// linewidth, kept per interpreter and read by every array print (np.printoptions, the context
// manager, is in the kscript-written extras).
import KScript

enum NumpyPrintOptions {
    static func members() -> [(String, Value)] {
        let names = ["precision", "threshold", "edgeitems", "linewidth", "suppress", "nanstr", "infstr", "formatter", "sign", "floatmode", "legacy", "override_repr"]
        return [
            ("set_printoptions", nativeFunction("set_printoptions", names, defaults: Array(repeating: .none, count: names.count)) { interp, a in
                for (name, value) in zip(names, a).dropFirst(5) where !value.isNone {
                    throw PyError.notImplemented("np.set_printoptions(\(name)=...) is not supported by kscript yet")
                }
                var options = current(interp)
                // Arguments left as None keep their current setting, as in numpy.
                if !a[0].isNone { options.precision = try count(interp, a[0], "precision") }
                if !a[1].isNone { options.threshold = try count(interp, a[1], "threshold") }
                if !a[2].isNone { options.edgeItems = try count(interp, a[2], "edgeitems") }
                if !a[3].isNone { options.lineWidth = try count(interp, a[3], "linewidth") }
                if !a[4].isNone { options.suppress = try interp.truthy(a[4]) }
                interp.bindingState[ArrayPrinter.Options.stateKey] = options
                return .none
            }),
            ("get_printoptions", nativeFunction("get_printoptions", []) { interp, _ in
                let o = current(interp)
                let d = PyDict()
                let entries: [(String, Value)] = [
                    ("edgeitems", .int(o.edgeItems)), ("threshold", .int(o.threshold)), ("floatmode", .string("maxprec")),
                    ("precision", .int(o.precision)), ("suppress", .bool(o.suppress)), ("linewidth", .int(o.lineWidth)),
                    ("nanstr", .string("nan")), ("infstr", .string("inf")), ("sign", .string("-")), ("formatter", .none),
                    ("legacy", .bool(false)), ("override_repr", .none),
                ]
                for (k, v) in entries { d.set(k, v) }
                return .obj(d)
            }),
        ]
    }

    static func current(_ interp: Interpreter) -> ArrayPrinter.Options {
        interp.bindingState[ArrayPrinter.Options.stateKey] as? ArrayPrinter.Options ?? ArrayPrinter.Options()
    }

    /// A non-negative whole-number option.
    static func count(_ interp: Interpreter, _ v: Value, _ name: String) throws -> Int {
        let n = try interp.intArg(v)
        if n < 0 { throw PyError.value("\(name) must be a non-negative integer") }
        return n
    }
}
