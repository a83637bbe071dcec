// Tab completion for the REPL: keywords and names in scope, attributes after `obj.`, and
// keyword arguments inside a call of a known function (`Dense(32, act` → `activation=`).

extension Interpreter {
    /// Completions for the word that ends at the end of `text` (the line up to the cursor).
    /// Each result replaces that whole word.
    public func completions(for text: String, module: PyModule) -> [String] {
        let word = Interpreter.trailingWord(text)
        if let dot = word.lastIndex(of: ".") {
            let base = String(word[..<dot]), partial = String(word[word.index(after: dot)...])
            guard let obj = evaluateDotted(base, module: module) else { return [] }
            let names = ((try? dir(obj)) ?? []).filter { $0.hasPrefix(partial) && (partial.hasPrefix("_") || !$0.hasPrefix("_")) }
            return names.map { base + "." + $0 }
        }
        var out: [String] = []
        if let callee = Interpreter.enclosingCallee(text), let fn = evaluateDotted(callee, module: module) {
            out += keywordParameters(of: fn).filter { $0.hasPrefix(word) }.map { $0 + "=" }
        }
        var names = Set(pythonKeywords)
        names.formUnion(module.items.map { $0.0 })
        names.formUnion(builtins.items.map { $0.0 })
        out += names.filter { $0.hasPrefix(word) && (word.hasPrefix("_") || !$0.hasPrefix("_")) }.sorted()
        return out
    }

    /// The identifier-and-dots word at the end of `text`.
    static func trailingWord(_ text: String) -> String {
        var chars: [Character] = []
        for c in text.reversed() {
            if c.isLetter || c.isNumber || c == "_" || c == "." { chars.append(c) } else { break }
        }
        return String(chars.reversed())
    }

    /// The dotted name being called at the end of `text`, when the cursor is inside its parentheses.
    static func enclosingCallee(_ text: String) -> String? {
        var depth = 0
        var i = text.endIndex
        while i > text.startIndex {
            i = text.index(before: i)
            switch text[i] {
            case ")", "]", "}": depth += 1
            case "[", "{": if depth == 0 { return nil }; depth -= 1
            case "(":
                if depth == 0 {
                    let name = trailingWord(String(text[..<i]))
                    return name.isEmpty ? nil : name
                }
                depth -= 1
            default: break
            }
        }
        return nil
    }

    /// Looks up `a.b.c` without calling anything but attribute access.
    func evaluateDotted(_ dotted: String, module: PyModule) -> Value? {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else { return nil }
        guard var v = module.get(first) ?? builtins.get(first) else { return nil }
        for p in parts.dropFirst() {
            guard !p.isEmpty, let next = try? lookupAttr(v, p) else { return nil }
            v = next
        }
        return v
    }

    /// Names that a callable accepts as keyword arguments.
    func keywordParameters(of v: Value) -> [String] {
        switch v {
        case .obj(let f as PyFunction):
            let p = f.code.params
            return Array(p.positional.dropFirst(p.posOnlyCount)) + p.kwOnly
        case .obj(let n as PyNativeFunction):
            return n.parameters.compactMap { p in
                if p.hasPrefix("*") || p == "/" { return nil }
                return String(p.split(separator: "=").first ?? "")
            }
        case .obj(let m as PyBoundMethod):
            return Array(keywordParameters(of: m.function).dropFirst(1))
        case .obj(let t as PyType):
            if let initFn = t.lookup("__init__"), case .obj(let o) = initFn, o is PyFunction {
                return Array(keywordParameters(of: initFn).dropFirst(1))
            }
            if let sig = t.dict["__signature__"], case .obj(let n as PyNativeFunction) = sig { return keywordParameters(of: .obj(n)) }
            return []
        default: return []
        }
    }
}
