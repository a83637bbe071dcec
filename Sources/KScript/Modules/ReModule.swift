// The `re` module: Python's regular expressions on Foundation's ICU engine. Python's syntax is
// translated where ICU's differs (named groups become numbered ones looked up by name, `\Z`);
// positions are Python's code-point indices, whatever the UTF-16 offsets ICU works in.
import Foundation

/// A subject string as ICU sees it (UTF-16), with the code-point positions Python reports.
final class RegexSubject {
    let text: String
    let ns: NSString
    /// UTF-16 offset → code-point index, for strings outside the Basic Multilingual Plane only.
    private let scalarIndex: [Int]?
    private let utf16Offset: [Int]?
    let length: Int

    init(_ text: String) {
        self.text = text
        ns = text as NSString
        let scalars = Array(text.unicodeScalars)
        length = scalars.count
        if ns.length == scalars.count {
            scalarIndex = nil; utf16Offset = nil
        } else {
            var toScalar = [Int](repeating: 0, count: ns.length + 1), toUTF16 = [Int](repeating: 0, count: scalars.count + 1)
            var u = 0
            for (i, s) in scalars.enumerated() {
                toUTF16[i] = u
                for k in 0..<s.utf16.count { toScalar[u + k] = i }
                u += s.utf16.count
            }
            toScalar[u] = scalars.count; toUTF16[scalars.count] = u
            scalarIndex = toScalar; utf16Offset = toUTF16
        }
    }

    func position(_ utf16: Int) -> Int { scalarIndex?[utf16] ?? utf16 }
    func offset(_ position: Int) -> Int { utf16Offset?[position] ?? position }
    func substring(_ r: NSRange) -> String { ns.substring(with: r) }
}

final class PyRePattern: PyObject, PyRepresentable {
    let pattern: String
    let flags: Int
    let regex: NSRegularExpression
    let groupNames: [(String, Int)]
    private var fullRegex: NSRegularExpression?

    init(pattern: String, flags: Int) throws {
        self.pattern = pattern
        self.flags = flags
        let (icu, names) = try PyRePattern.translate(pattern)
        var options: NSRegularExpression.Options = [.useUnixLineSeparators]
        if flags & ReModule.ignoreCase != 0 { options.insert(.caseInsensitive) }
        if flags & ReModule.multiline != 0 { options.insert(.anchorsMatchLines) }
        if flags & ReModule.dotAll != 0 { options.insert(.dotMatchesLineSeparators) }
        if flags & ReModule.verbose != 0 { options.insert(.allowCommentsAndWhitespace) }
        do { regex = try NSRegularExpression(pattern: icu, options: options) } catch {
            throw PyError(ReModule.error, "bad regular expression \(Interpreter.strRepr(pattern))")
        }
        groupNames = names
    }
    override var pyType: PyType { ReModule.patternType }

    func repr(_ interp: Interpreter) throws -> String {
        var flagText = ""
        let names = [(ReModule.ignoreCase, "re.IGNORECASE"), (ReModule.multiline, "re.MULTILINE"), (ReModule.dotAll, "re.DOTALL"), (ReModule.verbose, "re.VERBOSE")]
        let set = names.filter { flags & $0.0 != 0 }.map { $0.1 }
        if !set.isEmpty { flagText = ", " + set.joined(separator: "|") }
        return "re.compile(\(Interpreter.strRepr(pattern))\(flagText))"
    }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }

    var groups: Int { regex.numberOfCaptureGroups }

    /// Python's pattern syntax in ICU's: `(?P<name>...)` as a plain group whose number is
    /// remembered, `(?P=name)` as a numbered back-reference, `\Z` as `\z`.
    static func translate(_ p: String) throws -> (String, [(String, Int)]) {
        let cs = Array(p)
        var out = "", names: [(String, Int)] = []
        var group = 0, i = 0, inClass = false
        while i < cs.count {
            let c = cs[i]
            if c == "\\", i + 1 < cs.count {
                out += cs[i + 1] == "Z" && !inClass ? "\\z" : String([c, cs[i + 1]])
                i += 2; continue
            }
            if inClass {
                if c == "]" { inClass = false }
                out.append(c); i += 1; continue
            }
            if c == "[" {
                inClass = true; out.append(c); i += 1
                if i < cs.count, cs[i] == "^" { out.append("^"); i += 1 }
                if i < cs.count, cs[i] == "]" { out += "\\]"; i += 1 }
                continue
            }
            if c == "(" {
                let rest = String(cs[(i + 1)...])
                if rest.hasPrefix("?P<") {
                    guard let close = cs[(i + 4)...].firstIndex(of: ">") else { throw PyError(ReModule.error, "missing >, unterminated name at position \(i + 4)") }
                    group += 1
                    names.append((String(cs[(i + 4)..<close]), group))
                    out += "("; i = close + 1; continue
                }
                if rest.hasPrefix("?P=") {
                    guard let close = cs[(i + 4)...].firstIndex(of: ")") else { throw PyError(ReModule.error, "missing ), unterminated name at position \(i + 4)") }
                    let name = String(cs[(i + 4)..<close])
                    guard let n = names.first(where: { $0.0 == name })?.1 else { throw PyError(ReModule.error, "unknown group name '\(name)' at position \(i + 4)") }
                    out += "(?:\\\(n))"; i = close + 1; continue
                }
                if !rest.hasPrefix("?") || rest.hasPrefix("?<") && !rest.hasPrefix("?<=") && !rest.hasPrefix("?<!") { group += 1 }
            }
            out.append(c); i += 1
        }
        return (out, names)
    }

    /// The pattern anchored at both ends, for fullmatch.
    func anchoredRegex() throws -> NSRegularExpression {
        if let r = fullRegex { return r }
        let r = try NSRegularExpression(pattern: "(?:" + (try PyRePattern.translate(pattern).0) + ")\\z", options: regex.options)
        fullRegex = r
        return r
    }

    enum Mode { case match, search, full }

    func find(_ subject: RegexSubject, _ pos: Int, _ endpos: Int, _ mode: Mode) throws -> PyReMatch? {
        let lo = subject.offset(max(0, min(pos, subject.length))), hi = subject.offset(max(0, min(endpos, subject.length)))
        if lo > hi { return nil }
        let range = NSRange(location: lo, length: hi - lo)
        let r: NSTextCheckingResult?
        switch mode {
        case .search: r = regex.firstMatch(in: subject.text, options: [], range: range)
        case .match: r = regex.firstMatch(in: subject.text, options: [.anchored], range: range)
        case .full: r = try anchoredRegex().firstMatch(in: subject.text, options: [.anchored], range: range)
        }
        return r.map { PyReMatch(self, subject, $0, pos: pos, endpos: endpos) }
    }

    func all(_ subject: RegexSubject, _ pos: Int = 0, _ endpos: Int? = nil) -> [PyReMatch] {
        let end = endpos ?? subject.length
        let lo = subject.offset(max(0, min(pos, subject.length))), hi = subject.offset(max(0, min(end, subject.length)))
        if lo > hi { return [] }
        return regex.matches(in: subject.text, options: [], range: NSRange(location: lo, length: hi - lo)).map {
            PyReMatch(self, subject, $0, pos: pos, endpos: end)
        }
    }
}

final class PyReMatch: PyObject, PyRepresentable {
    let pattern: PyRePattern
    let subject: RegexSubject
    let result: NSTextCheckingResult
    let pos: Int, endpos: Int

    init(_ pattern: PyRePattern, _ subject: RegexSubject, _ result: NSTextCheckingResult, pos: Int, endpos: Int) {
        self.pattern = pattern; self.subject = subject; self.result = result; self.pos = pos; self.endpos = endpos
    }
    override var pyType: PyType { ReModule.matchType }

    func repr(_ interp: Interpreter) throws -> String {
        let (s, e) = span(0)
        return "<re.Match object; span=(\(s), \(e)), match=\(Interpreter.strRepr(group(0) ?? ""))>"
    }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }

    func index(_ interp: Interpreter, _ g: Value) throws -> Int {
        if case .str(let name) = g {
            guard let n = pattern.groupNames.first(where: { $0.0 == name.value })?.1 else { throw PyError(ExcTypes.indexError, "no such group") }
            return n
        }
        guard case .int(let n) = g, n >= 0, n <= pattern.groups else { throw PyError(ExcTypes.indexError, "no such group") }
        return n
    }

    func group(_ n: Int) -> String? {
        let r = result.range(at: n)
        return r.location == NSNotFound ? nil : subject.substring(r)
    }

    func span(_ n: Int) -> (Int, Int) {
        let r = result.range(at: n)
        if r.location == NSNotFound { return (-1, -1) }
        return (subject.position(r.location), subject.position(r.location + r.length))
    }

    func value(_ n: Int, _ absent: Value = .none) -> Value { group(n).map { .string($0) } ?? absent }
    var groupValues: [Value] { (0...pattern.groups).map { value($0) } }
}

enum ReModule {
    static let ignoreCase = 2, multiline = 8, dotAll = 16, verbose = 64, ascii = 256, unicode = 32

    static let error: PyType = PyType(name: "error", bases: [ExcTypes.exception], module: "re")

    static func subject(_ interp: Interpreter, _ v: Value) throws -> RegexSubject {
        guard case .str(let s) = v else { throw PyError.type("expected string or bytes-like object, got '\(interp.typeName(v))'") }
        return RegexSubject(s.value)
    }

    static func pattern(_ interp: Interpreter, _ v: Value, _ flags: Value) throws -> PyRePattern {
        if case .obj(let p as PyRePattern) = v { return p }
        guard case .str(let s) = v else { throw PyError.type("first argument must be string or compiled pattern") }
        let f = flags.isNone ? 0 : try interp.intArg(flags)
        let key = "\(f)\u{0}\(s.value)"
        if let cached = interp.regexCache[key] as? PyRePattern { return cached }
        let p = try PyRePattern(pattern: s.value, flags: f)
        if interp.regexCache.count >= 512 { interp.regexCache.removeAll() }  // CPython's cache is bounded too
        interp.regexCache[key] = p
        return p
    }

    /// findall's item for one match: the whole match, the one group, or a tuple of the groups.
    static func found(_ m: PyReMatch) -> Value {
        switch m.pattern.groups {
        case 0: return m.value(0)
        case 1: return m.value(1, .string(""))
        default: return .obj(PyTuple((1...m.pattern.groups).map { m.value($0, .string("")) }))
        }
    }

    /// `repl` expanded for one match: a template with `\1`, `\g<1>`, `\g<name>` and escapes, or a function's result.
    static func expand(_ interp: Interpreter, _ repl: Value, _ m: PyReMatch) throws -> String {
        if case .str(let template) = repl {
            let cs = Array(template.value)
            var out = "", i = 0
            while i < cs.count {
                let c = cs[i]
                guard c == "\\", i + 1 < cs.count else { out.append(c); i += 1; continue }
                let d = cs[i + 1]
                if d.isASCII, d.isNumber {
                    var j = i + 1, digits = ""
                    while j < cs.count, cs[j].isASCII, cs[j].isNumber, digits.count < 2 { digits.append(cs[j]); j += 1 }
                    let n = Int(digits)!
                    if n > m.pattern.groups { throw PyError(ReModule.error, "invalid group reference \(n) at position \(i + 1)") }
                    out += m.group(n) ?? ""; i = j; continue
                }
                if d == "g", i + 2 < cs.count, cs[i + 2] == "<", let close = cs[(i + 3)...].firstIndex(of: ">") {
                    let name = String(cs[(i + 3)..<close])
                    let n = try m.index(interp, Int(name).map { .int($0) } ?? .string(name))
                    out += m.group(n) ?? ""; i = close + 1; continue
                }
                let escapes: [Character: String] = ["n": "\n", "t": "\t", "r": "\r", "\\": "\\", "a": "\u{7}", "f": "\u{c}", "v": "\u{b}", "b": "\u{8}"]
                if let e = escapes[d] { out += e; i += 2; continue }
                if d.isLetter { throw PyError(ReModule.error, "bad escape \\\(d) at position \(i)") }
                out += "\\\(d)"; i += 2
            }
            return out
        }
        let r = try interp.call(repl, [.obj(m)], [])
        guard case .str(let s) = r else { throw PyError.type("expected str instance, \(interp.typeName(r)) found") }
        return s.value
    }

    static func substitute(_ interp: Interpreter, _ p: PyRePattern, _ repl: Value, _ s: Value, _ count: Value) throws -> (String, Int) {
        let subject = try subject(interp, s)
        let limit = try interp.intArg(count)
        var out = "", last = 0, n = 0
        for m in p.all(subject) {
            if limit > 0 && n >= limit { break }
            let r = m.result.range
            out += subject.ns.substring(with: NSRange(location: last, length: r.location - last))
            out += try expand(interp, repl, m)
            last = r.location + r.length
            n += 1
        }
        out += subject.ns.substring(from: last)
        return (out, n)
    }

    static func split(_ interp: Interpreter, _ p: PyRePattern, _ s: Value, _ maxsplit: Value) throws -> Value {
        let subject = try subject(interp, s)
        let limit = try interp.intArg(maxsplit)
        var parts: [Value] = [], last = 0, n = 0
        for m in p.all(subject) {
            if limit > 0 && n >= limit { break }
            let r = m.result.range
            parts.append(.string(subject.ns.substring(with: NSRange(location: last, length: r.location - last))))
            if p.groups > 0 { for g in 1...p.groups { parts.append(m.value(g)) } }
            last = r.location + r.length
            n += 1
        }
        parts.append(.string(subject.ns.substring(from: last)))
        return .obj(PyList(parts))
    }

    static func escape(_ s: String) -> String {
        let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{b}\u{c}")
        return String(s.flatMap { special.contains($0) ? ["\\", $0] : [$0] })
    }

    static let patternType: PyType = {
        let t = PyType(name: "Pattern", bases: [BuiltinTypes.object], module: "re")
        func me(_ v: Value) -> PyRePattern { v.object as! PyRePattern }
        func window(_ interp: Interpreter, _ a: [Value], _ subject: RegexSubject) throws -> (Int, Int) {
            func clamp(_ i: Int) -> Int { i < 0 ? 0 : min(i, subject.length) }
            return (clamp(try interp.intArg(a[2])), a[3].isNone ? subject.length : clamp(try interp.intArg(a[3])))
        }
        for (name, mode) in [("match", PyRePattern.Mode.match), ("search", .search), ("fullmatch", .full)] {
            t.def(name, ["string", "pos", "endpos"], defaults: [.int(0), .none]) { interp, a in
                let subject = try subject(interp, a[1])
                let (pos, end) = try window(interp, a, subject)
                return try me(a[0]).find(subject, pos, end, mode).map { .obj($0) } ?? .none
            }
        }
        t.def("findall", ["string", "pos", "endpos"], defaults: [.int(0), .none]) { interp, a in
            let subject = try subject(interp, a[1])
            let (pos, end) = try window(interp, a, subject)
            return .obj(PyList(me(a[0]).all(subject, pos, end).map(found)))
        }
        t.def("finditer", ["string", "pos", "endpos"], defaults: [.int(0), .none]) { interp, a in
            let subject = try subject(interp, a[1])
            let (pos, end) = try window(interp, a, subject)
            return .obj(try interp.iterate(.obj(PyList(me(a[0]).all(subject, pos, end).map { .obj($0) }))))
        }
        t.def("sub", ["repl", "string", "count"], defaults: [.int(0)]) { interp, a in
            .string(try substitute(interp, me(a[0]), a[1], a[2], a[3]).0)
        }
        t.def("subn", ["repl", "string", "count"], defaults: [.int(0)]) { interp, a in
            let (s, n) = try substitute(interp, me(a[0]), a[1], a[2], a[3])
            return .obj(PyTuple([.string(s), .int(n)]))
        }
        t.def("split", ["string", "maxsplit"], defaults: [.int(0)]) { interp, a in try split(interp, me(a[0]), a[1], a[2]) }
        t.getter("pattern") { _, v in .string(me(v).pattern) }
        t.getter("flags") { _, v in .int(me(v).flags | unicode) }
        t.getter("groups") { _, v in .int(me(v).groups) }
        t.getter("groupindex") { _, v in
            let d = PyDict()
            for (name, n) in me(v).groupNames { d.set(name, .int(n)) }
            return .obj(d)
        }
        return t
    }()

    static let matchType: PyType = {
        let t = PyType(name: "Match", bases: [BuiltinTypes.object], module: "re")
        func me(_ v: Value) -> PyReMatch { v.object as! PyReMatch }
        t.def("group", ["*groups"]) { interp, a in
            let m = me(a[0])
            let gs = try interp.iterateAll(a[1])
            if gs.isEmpty { return m.value(0) }
            if gs.count == 1 { return m.value(try m.index(interp, gs[0])) }
            return .obj(PyTuple(try gs.map { m.value(try m.index(interp, $0)) }))
        }
        t.def("__getitem__", ["g"]) { interp, a in me(a[0]).value(try me(a[0]).index(interp, a[1])) }
        t.def("groups", ["default"], defaults: [.none]) { _, a in
            let m = me(a[0])
            return .obj(PyTuple(m.pattern.groups == 0 ? [] : (1...m.pattern.groups).map { m.value($0, a[1]) }))
        }
        t.def("groupdict", ["default"], defaults: [.none]) { _, a in
            let m = me(a[0]), d = PyDict()
            for (name, n) in m.pattern.groupNames { d.set(name, m.value(n, a[1])) }
            return .obj(d)
        }
        t.def("start", ["group"], defaults: [.int(0)]) { interp, a in .int(me(a[0]).span(try me(a[0]).index(interp, a[1])).0) }
        t.def("end", ["group"], defaults: [.int(0)]) { interp, a in .int(me(a[0]).span(try me(a[0]).index(interp, a[1])).1) }
        t.def("span", ["group"], defaults: [.int(0)]) { interp, a in
            let (s, e) = me(a[0]).span(try me(a[0]).index(interp, a[1]))
            return .obj(PyTuple([.int(s), .int(e)]))
        }
        t.def("expand", ["template"]) { interp, a in .string(try expand(interp, a[1], me(a[0]))) }
        t.getter("string") { _, v in .string(me(v).subject.text) }
        t.getter("re") { _, v in .obj(me(v).pattern) }
        t.getter("pos") { _, v in .int(me(v).pos) }
        t.getter("endpos") { _, v in .int(me(v).endpos) }
        t.getter("lastindex") { _, v in
            let m = me(v)
            var best: (Int, Int)? = nil
            for g in stride(from: m.pattern.groups, through: 1, by: -1) where m.group(g) != nil {
                let e = m.span(g).1
                if best == nil || e > best!.1 || (e == best!.1 && g < best!.0) { best = (g, e) }
            }
            return best.map { .int($0.0) } ?? .none
        }
        t.getter("lastgroup") { interp, v in
            guard case .int(let n) = try interp.getAttr(v, "lastindex") else { return .none }
            return me(v).pattern.groupNames.first { $0.1 == n }.map { .string($0.0) } ?? .none
        }
        return t
    }()
}

extension Interpreter {
    func makeReModule() -> PyModule {
        var members: [(String, Value)] = [
            ("error", .obj(ReModule.error)), ("Pattern", .obj(ReModule.patternType)), ("Match", .obj(ReModule.matchType)),
            ("compile", nativeFunction("compile", ["pattern", "flags"], defaults: [.int(0)]) { interp, a in .obj(try ReModule.pattern(interp, a[0], a[1])) }),
            ("escape", nativeFunction("escape", ["pattern"]) { interp, a in .string(ReModule.escape(try interp.strArg(a[0], "pattern"))) }),
            ("purge", nativeFunction("purge", []) { interp, _ in interp.regexCache.removeAll(); return .none }),
        ]
        for (name, value) in [("IGNORECASE", ReModule.ignoreCase), ("I", ReModule.ignoreCase), ("MULTILINE", ReModule.multiline), ("M", ReModule.multiline),
                              ("DOTALL", ReModule.dotAll), ("S", ReModule.dotAll), ("VERBOSE", ReModule.verbose), ("X", ReModule.verbose),
                              ("ASCII", ReModule.ascii), ("A", ReModule.ascii), ("UNICODE", ReModule.unicode), ("U", ReModule.unicode), ("NOFLAG", 0)] {
            members.append((name, .int(value)))
        }
        // The module-level functions compile their pattern (cached) and call the Pattern method.
        for (name, params, defaults) in [("match", ["pattern", "string", "flags"], [Value.int(0)]), ("search", ["pattern", "string", "flags"], [.int(0)]),
                                         ("fullmatch", ["pattern", "string", "flags"], [.int(0)]), ("findall", ["pattern", "string", "flags"], [.int(0)]),
                                         ("finditer", ["pattern", "string", "flags"], [.int(0)])] {
            members.append((name, nativeFunction(name, params, defaults: defaults) { interp, a in
                let p = try ReModule.pattern(interp, a[0], a[2])
                return try interp.call(try interp.getAttr(.obj(p), name), [a[1]], [])
            }))
        }
        members.append(("sub", nativeFunction("sub", ["pattern", "repl", "string", "count", "flags"], defaults: [.int(0), .int(0)]) { interp, a in
            .string(try ReModule.substitute(interp, try ReModule.pattern(interp, a[0], a[4]), a[1], a[2], a[3]).0)
        }))
        members.append(("subn", nativeFunction("subn", ["pattern", "repl", "string", "count", "flags"], defaults: [.int(0), .int(0)]) { interp, a in
            let (s, n) = try ReModule.substitute(interp, try ReModule.pattern(interp, a[0], a[4]), a[1], a[2], a[3])
            return .obj(PyTuple([.string(s), .int(n)]))
        }))
        members.append(("split", nativeFunction("split", ["pattern", "string", "maxsplit", "flags"], defaults: [.int(0), .int(0)]) { interp, a in
            try ReModule.split(interp, try ReModule.pattern(interp, a[0], a[3]), a[1], a[2])
        }))
        return makeNativeModule("re", members)
    }
}
