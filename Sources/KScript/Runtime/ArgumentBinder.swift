// The one argument binder: matches positional and keyword arguments to parameters for kscript
// functions and native builtins alike, raising CPython's TypeErrors.
import OrderedCollections

public enum ArgumentBinder {
    /// Fills `slots` (length `spec.slotCount`, pre-set to `.unbound`) from the call's arguments.
    public static func bind(_ spec: ParamSpec, name: String, defaults: [Value], kwDefaults: [String: Value],
                            args: [Value], kwargs: KwArgs, into slots: UnsafeMutablePointer<Value>) throws {
        let np = spec.positional.count
        if args.count > np {
            if let _ = spec.varargs {
                slots[spec.varargsSlot] = .obj(PyTuple(Array(args[np...])))
            } else {
                let kwGiven = kwargs.filter { k, _ in spec.kwOnly.contains(k) }.count
                let minPos = np - defaults.count
                let takes = minPos == np ? "\(np) positional argument\(np == 1 ? "" : "s")" : "from \(minPos) to \(np) positional arguments"
                let extra = kwGiven > 0 ? " positional argument\(args.count == 1 ? "" : "s") (and \(kwGiven) keyword-only argument\(kwGiven == 1 ? "" : "s"))" : ""
                let given = "\(args.count)\(extra)"
                throw PyError.type("\(name)() takes \(takes) but \(given) \(args.count == 1 && kwGiven == 0 ? "was" : "were") given")
            }
        } else if spec.varargs != nil {
            slots[spec.varargsSlot] = .obj(PyTuple.empty)
        }
        for k in 0..<min(args.count, np) { slots[k] = args[k] }
        if !kwargs.isEmpty && np > 0 && spec.varkw == nil && spec.kwOnly.isEmpty && spec.posOnlyCount == np {
            throw PyError.type("\(name)() takes no keyword arguments")
        }
        if spec.varkw == nil && spec.posOnlyCount > 0 {
            // CPython names every positional-only parameter given by keyword, in parameter order,
            // before it looks at unexpected keywords.
            let given = spec.positional.prefix(spec.posOnlyCount).filter { name in kwargs.contains { $0.0 == name } }
            if !given.isEmpty {
                throw PyError.type("\(name)() got some positional-only arguments passed as keyword arguments: '\(given.joined(separator: ", "))'")
            }
        }
        var extraKw: DictStorage? = spec.varkw != nil ? DictStorage() : nil
        for (key, v) in kwargs {
            if let i = spec.positional.firstIndex(of: key), i >= spec.posOnlyCount {
                if !slots[i].isUnbound { throw PyError.type("\(name)() got multiple values for argument '\(key)'") }
                slots[i] = v
            } else if let j = spec.kwOnly.firstIndex(of: key) {
                slots[spec.kwOnlyStart + j] = v
            } else if extraKw != nil {
                extraKw![HashKey(.string(key))] = v
            } else {
                throw PyError.type("\(name)() got an unexpected keyword argument '\(key)'")
            }
        }
        if let kw = extraKw { slots[spec.varkwSlot] = .obj(PyDict(kw)) }
        // Defaults, then the missing ones.
        let firstDefault = np - defaults.count
        var missing: [String] = []
        for i in 0..<np where slots[i].isUnbound {
            if i >= firstDefault { slots[i] = defaults[i - firstDefault] } else { missing.append(spec.positional[i]) }
        }
        if !missing.isEmpty { throw missingError(name, missing, "positional") }
        var missingKw: [String] = []
        for (j, k) in spec.kwOnly.enumerated() where slots[spec.kwOnlyStart + j].isUnbound {
            if let d = kwDefaults[k] { slots[spec.kwOnlyStart + j] = d } else { missingKw.append(k) }
        }
        if !missingKw.isEmpty { throw missingError(name, missingKw, "keyword-only") }
    }

    static func missingError(_ name: String, _ names: [String], _ kind: String) -> PyError {
        let quoted = names.map { "'\($0)'" }
        let list: String
        switch quoted.count {
        case 1: list = quoted[0]
        case 2: list = "\(quoted[0]) and \(quoted[1])"
        default: list = quoted.dropLast().joined(separator: ", ") + ", and " + quoted.last!
        }
        return PyError.type("\(name)() missing \(names.count) required \(kind) argument\(names.count == 1 ? "" : "s"): \(list)")
    }

    /// Binds a native function's arguments; returns one value per parameter (`.unbound` when absent
    /// and without default). `defaults` align with the last positional parameters.
    public static func bind(_ name: String, _ spec: ParamSpec, defaults: [Value] = [], kwDefaults: [String: Value] = [:],
                            _ args: [Value], _ kwargs: KwArgs) throws -> [Value] {
        var out = [Value](repeating: .unbound, count: spec.slotCount)
        try out.withUnsafeMutableBufferPointer { buf in
            try bind(spec, name: name, defaults: defaults, kwDefaults: kwDefaults, args: args, kwargs: kwargs, into: buf.baseAddress!)
        }
        return out
    }
}

/// A native function's signature: parameter names, the defaults of the trailing ones.
public struct NativeSignature {
    public let name: String
    public let spec: ParamSpec
    public let defaults: [Value]
    public let kwDefaults: [String: Value]

    /// `params` like ["x", "axis"] with `defaults` for the trailing ones; "*" starts keyword-only
    /// parameters (defaults in `kwDefaults`), "*args" and "**kw" collect the rest, "/" ends positional-only ones.
    public init(_ name: String, _ params: [String], defaults: [Value] = [], kwDefaults: [String: Value] = [:]) {
        self.name = name
        var s = ParamSpec()
        var star = false
        for p in params {
            if p == "*" { star = true; continue }
            if p.hasPrefix("**") { s.varkw = String(p.dropFirst(2)); continue }
            if p.hasPrefix("*") { s.varargs = String(p.dropFirst()); star = true; continue }
            if p == "/" { s.posOnlyCount = s.positional.count; continue }
            if star { s.kwOnly.append(p) } else { s.positional.append(p) }
        }
        spec = s
        self.defaults = defaults
        self.kwDefaults = kwDefaults
    }

    public func bind(_ args: [Value], _ kwargs: KwArgs) throws -> [Value] {
        try ArgumentBinder.bind(name, spec, defaults: defaults, kwDefaults: kwDefaults, args, kwargs)
    }

    /// The parameters written as in a signature: `x`, `axis=None`, `*args`, `*`, `key=None`, `**kw`.
    public var displayParameters: [String] {
        func shown(_ v: Value) -> String {
            switch v {
            case .unbound: return "<unset>"
            case .none: return "None"
            case .bool(let b): return b ? "True" : "False"
            case .int(let i): return String(i)
            case .float(let d): return Interpreter.floatRepr(d)
            case .str(let s): return Interpreter.strRepr(s.value)
            default: return "..."
            }
        }
        var out: [String] = []
        let firstDefault = spec.positional.count - defaults.count
        for (i, p) in spec.positional.enumerated() {
            out.append(i >= firstDefault && !defaults[i - firstDefault].isUnbound ? "\(p)=\(shown(defaults[i - firstDefault]))" : p)
            if spec.posOnlyCount > 0 && i == spec.posOnlyCount - 1 { out.append("/") }
        }
        if let v = spec.varargs { out.append("*" + v) } else if !spec.kwOnly.isEmpty { out.append("*") }
        for k in spec.kwOnly { out.append(kwDefaults[k].map { $0.isUnbound ? k : "\(k)=\(shown($0))" } ?? k) }
        if let k = spec.varkw { out.append("**" + k) }
        return out
    }
}
