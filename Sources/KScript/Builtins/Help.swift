// help(obj): the signature and a short description of any function, class or module.
import Foundation

extension Interpreter {
    /// One-line descriptions of the builtins, written for kscript's users.
    static let builtinDocs: [String: String] = [
        "print": "Print the values to sys.stdout (or file=), separated by sep and followed by end.",
        "len": "Return the number of items in a container.",
        "range": "A sequence of integers from start (default 0) up to, not including, stop, by step.",
        "enumerate": "Yield (index, item) pairs for an iterable, counting from start.",
        "zip": "Yield tuples pairing up the items of several iterables; stops at the shortest.",
        "map": "Apply a function to every item of the iterables, lazily.",
        "filter": "Yield the items for which the function is true (or that are true, for None).",
        "sorted": "Return a new sorted list; key= computes the sort key, reverse=True sorts descending.",
        "reversed": "Iterate over a sequence backwards.",
        "min": "Return the smallest item (of an iterable, or of the arguments); key= and default= as in sorted.",
        "max": "Return the largest item (of an iterable, or of the arguments); key= and default= as in sorted.",
        "sum": "Add up the items of an iterable, starting from start (default 0).",
        "abs": "Return the absolute value of a number.",
        "round": "Round a number to ndigits decimals (half to even); with no ndigits, return an int.",
        "pow": "Return base ** exp, or (base ** exp) % mod for integers.",
        "divmod": "Return the pair (a // b, a % b).",
        "any": "True if any item of the iterable is true.",
        "all": "True if every item of the iterable is true (or it is empty).",
        "repr": "Return the printable representation of an object, as the REPL shows it.",
        "ascii": "Like repr(), with non-ASCII characters escaped.",
        "format": "Format a value with a format spec, as in f'{value:spec}'.",
        "isinstance": "True if the object is an instance of the class (or of one of a tuple of classes).",
        "issubclass": "True if the class derives from the other class (or one of a tuple of classes).",
        "callable": "True if the object can be called.",
        "hasattr": "True if the object has an attribute of that name.",
        "getattr": "Return the named attribute of an object, or default when it has none.",
        "setattr": "Set the named attribute of an object.",
        "delattr": "Delete the named attribute of an object.",
        "id": "Return a number identifying the object for as long as it lives.",
        "hash": "Return the hash value of an object (as CPython computes it for numbers and tuples).",
        "chr": "Return the one-character string for a Unicode code point.",
        "ord": "Return the Unicode code point of a one-character string.",
        "bin": "Return the binary representation of an integer, like '0b101'.",
        "oct": "Return the octal representation of an integer, like '0o17'.",
        "hex": "Return the hexadecimal representation of an integer, like '0xff'.",
        "input": "Print the prompt, then read and return one line typed by the user.",
        "open": "Open a file; mode 'r' reads, 'w' writes (atomically, on close), 'a' appends, 'b' for bytes.",
        "iter": "Return an iterator over an iterable (or call a function until it returns sentinel).",
        "next": "Return the next item of an iterator, or default when it is exhausted.",
        "vars": "Return the attribute dictionary of an object.",
        "dir": "List the attribute names of an object, or the names in the current module.",
        "exit": "Leave kscript, with the given exit status.",
        "quit": "Leave kscript, with the given exit status.",
        "help": "Show the signature and description of an object.",
    ]

    /// The text help(obj) prints.
    public func helpText(_ v: Value) throws -> String {
        switch v {
        case .obj(let n as PyNativeFunction):
            let doc = n.doc ?? Interpreter.builtinDocs[n.name] ?? ""
            return "Help on built-in function \(n.name):\n\n\(n.name)(\(n.parameters.joined(separator: ", ")))\n" + indentDoc(doc)
        case .obj(let f as PyFunction):
            return "Help on function \(f.name) in module \(f.module.name):\n\n\(f.name)(\(signature(f)))\n" + indentDoc(docString(f.code.doc))
        case .obj(let m as PyBoundMethod):
            return try helpText(m.function)
        case .obj(let t as PyType):
            var out = "Help on class \(t.name):\n\nclass \(t.name)(\(t.bases.map { $0.name }.joined(separator: ", ")))\n"
            if let initFn = t.lookup("__init__"), case .obj(let f as PyFunction) = initFn {
                out += " |  \(t.name)(\(signature(f, dropSelf: true)))\n"
            } else if case .obj(let sig as PyNativeFunction)? = t.dict["__signature__"] {
                out += " |  \(t.name)(\(sig.parameters.joined(separator: ", ")))\n"
            }
            out += indentDoc(docString(t.dict["__doc__"] ?? .none), prefix: " |  ")
            let methods = t.dict.keys.filter { !$0.hasPrefix("_") }.sorted()
            if !methods.isEmpty {
                out += " |\n |  Methods and attributes:\n"
                for m in methods { out += " |      \(m)\(firstLine(t.dict[m]!))\n" }
            }
            return out
        case .obj(let m as PyModule):
            let names = m.items.map { $0.0 }.filter { !$0.hasPrefix("_") }.sorted()
            return "Help on module \(m.name):\n\nNAME\n    \(m.name)\n\nCONTENTS\n" + names.map { "    \($0)\n" }.joined()
        default:
            return try helpText(.obj(typeOf(v)))
        }
    }

    func signature(_ f: PyFunction, dropSelf: Bool = false) -> String {
        let p = f.code.params
        var parts: [String] = []
        let firstDefault = p.positional.count - f.defaults.count
        for (i, name) in p.positional.enumerated() {
            if i >= firstDefault, let d = try? repr(f.defaults[i - firstDefault]) { parts.append("\(name)=\(d)") } else { parts.append(name) }
        }
        if let v = p.varargs { parts.append("*" + v) } else if !p.kwOnly.isEmpty { parts.append("*") }
        for k in p.kwOnly { parts.append(f.kwDefaults[k].flatMap { try? repr($0) }.map { "\(k)=\($0)" } ?? k) }
        if let k = p.varkw { parts.append("**" + k) }
        if dropSelf && !parts.isEmpty { parts.removeFirst() }
        return parts.joined(separator: ", ")
    }

    func docString(_ v: Value) -> String { if case .str(let s) = v { return s.value }; return "" }

    func indentDoc(_ doc: String, prefix: String = "    ") -> String {
        if doc.isEmpty { return "" }
        return doc.split(separator: "\n", omittingEmptySubsequences: false).map { prefix + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n") + "\n"
    }

    func firstLine(_ v: Value) -> String {
        var doc = ""
        switch v {
        case .obj(let f as PyFunction): doc = docString(f.code.doc)
        case .obj(let n as PyNativeFunction): doc = n.doc ?? ""
        default: return ""
        }
        let line = doc.split(separator: "\n").first.map(String.init) ?? ""
        return line.isEmpty ? "" : " — " + line
    }

    func registerHelp() {
        builtins.set("help", .obj(PyNativeFunction("help", doc: Interpreter.builtinDocs["help"], parameters: ["obj"]) { interp, args, _ in
            guard let v = args.first else {
                interp.out.write("Type help(object) for the signature and description of any function, class or module,\nfor example help(print) or help(keras.layers.Dense). Documentation: docs/ in the kscript repository.\n")
                return .none
            }
            interp.out.write(try interp.helpText(v) + "\n")
            return .none
        }))
    }
}
