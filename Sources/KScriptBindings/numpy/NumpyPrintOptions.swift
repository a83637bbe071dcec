// np.set_printoptions / np.get_printoptions: precision, suppress, threshold, edgeitems and
// linewidth, kept per interpreter and read by every array print (np.printoptions, the context
// manager, is in the kscript-written extras).
import KScript

enum NumpyPrintOptions {
    static func members() -> [(String, Value)] {
        let names = ["precision", "threshold", "edgeitems", "linewidth", "suppress", "nanstr", "infstr", "formatter", "sign", "floatmode", "legacy", "override_repr"]
        return [
            ("set_printoptions", nativeFunction("set_printoptions", names, defaults: Array(repeating: .none, count: names.count)) { interp, a in
                for (name, value) in zip(names, a).dropFirst(5) where !value.isNone && name != "legacy" {
                    throw PyError.notImplemented("np.set_printoptions(\(name)=...) is not supported by kscript yet")
                }
                var options = current(interp)
                if !a[10].isNone { options.legacy = try legacy(interp, a[10], current: options.legacy) }
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
                    ("legacy", o.legacy.map { .string($0) } ?? .bool(false)), ("override_repr", .none),
                ]
                for (k, v) in entries { d.set(k, v) }
                return .obj(d)
            }),
        ]
    }

    static func current(_ interp: Interpreter) -> ArrayPrinter.Options {
        interp.bindingState[ArrayPrinter.Options.stateKey] as? ArrayPrinter.Options ?? ArrayPrinter.Options()
    }

    /// `legacy=False`, "1.25", "2.1" or "2.2" (whose differences from numpy 2's printing lie only in
    /// scalars' repr or in what kscript does not print); numpy warns of any other value and keeps
    /// the setting it had.
    static func legacy(_ interp: Interpreter, _ v: Value, current: String?) throws -> String? {
        if case .bool(false) = v { return nil }
        let name = try interp.str(v)
        switch name {
        case "1.25", "2.1", "2.2": return name
        case "1.13", "1.21": throw PyError.notImplemented("np.set_printoptions(legacy='\(name)') is not supported by kscript yet")
        default:
            if let warn = try interp.importNative("warnings").get("warn") {
                _ = try interp.call(warn, [.string("legacy printing option can currently only be '1.13', '1.21', '1.25', '2.1', '2.2' or `False`"),
                                           .obj(ExcTypes.userWarning)])
            }
            return current
        }
    }

    /// A non-negative whole-number option.
    static func count(_ interp: Interpreter, _ v: Value, _ name: String) throws -> Int {
        let n = try interp.intArg(v)
        if n < 0 { throw PyError.value("\(name) must be a non-negative integer") }
        return n
    }
}
