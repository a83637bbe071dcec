// str: constructor and methods (split, join, strip, replace, find, format, ...).
import Foundation

enum StrMethods {
    static func s(_ v: Value) throws -> String {
        guard case .str(let x) = v else { throw PyError.type("descriptor requires a 'str' object") }
        return x.value
    }
    static func scal(_ v: Value) throws -> PyStr {
        guard case .str(let x) = v else { throw PyError.type("descriptor requires a 'str' object") }
        return x
    }

    static func register(_ t: PyType) {
        t.construct1 = { interp, x in .string(try interp.str(x)) }
        t.construct = { interp, _, args, kw in
            if args.count == 1 && kw.isEmpty { return .string(try interp.str(args[0])) }
            let b = try NativeSignature("str", ["object", "encoding", "errors"], defaults: [.string(""), .none, .none]).bind(args, kw)
            if case .obj(let bytes as PyBytes) = b[0], !b[1].isNone {
                guard let s = String(bytes: bytes.bytes, encoding: .utf8) else {
                    throw PyError(ExcTypes.unicodeDecodeError, "'utf-8' codec can't decode bytes")
                }
                return .string(s)
            }
            return .string(try interp.str(b[0]))
        }
        t.def1("join", "iterable") { interp, sv, iterable in
            let sep = try s(sv)
            let items = try interp.iterateAll(iterable)
            var total = sep.utf8.count * max(items.count - 1, 0)
            for (k, v) in items.enumerated() {
                guard case .str(let x) = v else {
                    throw PyError.type("sequence item \(k): expected str instance, \(interp.typeName(v)) found")
                }
                total += x.value.utf8.count
            }
            var out = ""
            out.reserveCapacity(total)
            for (k, v) in items.enumerated() {
                if k > 0 && !sep.isEmpty { out += sep }
                if case .str(let x) = v { out += x.value }
            }
            return .string(out)
        }
        t.def("split", ["sep", "maxsplit"], defaults: [.none, .int(-1)]) { interp, a in
            .obj(PyList(try split(try s(a[0]), a[1], try interp.intArg(a[2]), interp).map { .string($0) }))
        }
        t.def("rsplit", ["sep", "maxsplit"], defaults: [.none, .int(-1)]) { interp, a in
            let str = try s(a[0])
            let maxs = try interp.intArg(a[2])
            if maxs < 0 { return .obj(PyList(try split(str, a[1], -1, interp).map { .string($0) })) }
            let rev = String(str.reversed())
            let sepRev: Value = a[1].isNone ? .none : .string(String(try s(a[1]).reversed()))
            let parts = try split(rev, sepRev, maxs, interp).map { String($0.reversed()) }.reversed()
            return .obj(PyList(parts.map { .string($0) }))
        }
        t.def("splitlines", ["keepends"], defaults: [.bool(false)]) { interp, a in
            let str = try s(a[0])
            let keep = try interp.truthy(a[1])
            var out: [Value] = []
            var cur = ""
            var it = Array(str).makeIterator()
            var pending: Character? = nil
            while let c = pending ?? it.next() {
                pending = nil
                if c == "\n" || c == "\r" || c == "\r\n" {
                    out.append(.string(keep ? cur + String(c) : cur)); cur = ""
                } else { cur.append(c) }
            }
            if !cur.isEmpty { out.append(.string(cur)) }
            return .obj(PyList(out))
        }
        for (name, mode) in [("strip", 0), ("lstrip", 1), ("rstrip", 2)] {
            t.def(name, ["chars"], defaults: [.none]) { interp, a in
                let str = try s(a[0])
                let chars: Set<Unicode.Scalar>? = a[1].isNone ? nil : Set(try interp.strArg(a[1], "\(name) arg").unicodeScalars)
                return .string(strip(str, chars, mode))
            }
        }
        t.def("replace", ["old", "new", "count"], defaults: [.int(-1)]) { interp, a in
            let str = try s(a[0]), old = try interp.strArg(a[1], "replace() argument 1"), new = try interp.strArg(a[2], "replace() argument 2")
            let count = try interp.intArg(a[3])
            if count < 0 {
                if old.isEmpty { return .string(new + str.map { String($0) + new }.joined()) }
                return .string(str.replacingOccurrences(of: old, with: new))
            }
            var result = str
            var done = 0
            var searchStart = result.startIndex
            while done < count, let r = result.range(of: old, range: searchStart..<result.endIndex), !old.isEmpty {
                result.replaceSubrange(r, with: new)
                searchStart = result.index(r.lowerBound, offsetBy: new.count)
                done += 1
            }
            return .string(result)
        }
        t.def("startswith", ["prefix", "start", "end"], defaults: [.none, .none]) { interp, a in
            try affix(interp, a) { $0.hasPrefix($1) }
        }
        t.def("endswith", ["suffix", "start", "end"], defaults: [.none, .none]) { interp, a in
            try affix(interp, a) { $0.hasSuffix($1) }
        }
        t.def("find", ["sub", "start", "end"], defaults: [.none, .none]) { interp, a in .int(try find(interp, a, reverse: false)) }
        t.def("rfind", ["sub", "start", "end"], defaults: [.none, .none]) { interp, a in .int(try find(interp, a, reverse: true)) }
        t.def("index", ["sub", "start", "end"], defaults: [.none, .none]) { interp, a in
            let i = try find(interp, a, reverse: false)
            if i < 0 { throw PyError.value("substring not found") }
            return .int(i)
        }
        t.def("rindex", ["sub", "start", "end"], defaults: [.none, .none]) { interp, a in
            let i = try find(interp, a, reverse: true)
            if i < 0 { throw PyError.value("substring not found") }
            return .int(i)
        }
        t.def("count", ["sub", "start", "end"], defaults: [.none, .none]) { interp, a in
            let str = try scal(a[0]), sub = try interp.strArg(a[1], "must be str")
            let (lo, hi) = try window(interp, str, a[2], a[3])
            if lo > hi { return .int(0) }
            let needle = Array(sub.unicodeScalars)
            if needle.isEmpty { return .int(hi - lo + 1) }
            let hay = Array(str.scalars[lo..<hi])
            var n = 0, i = 0
            while i + needle.count <= hay.count {
                if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { n += 1; i += needle.count } else { i += 1 }
            }
            return .int(n)
        }
        t.def("upper") { _, a in .string(try s(a[0]).uppercased()) }
        t.def("lower") { _, a in .string(try s(a[0]).lowercased()) }
        t.def("casefold") { _, a in .string(try s(a[0]).folding(options: [.caseInsensitive], locale: nil)) }
        t.def("swapcase") { _, a in .string(String(try s(a[0]).map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })) }
        t.def("capitalize") { _, a in
            let str = try s(a[0])
            guard let f = str.first else { return .string("") }
            return .string(f.uppercased() + str.dropFirst().lowercased())
        }
        t.def("title") { _, a in
            var out = ""
            var prevCased = false
            for c in try s(a[0]) {
                out += prevCased ? c.lowercased() : c.uppercased()
                prevCased = c.isLetter
            }
            return .string(out)
        }
        let predicates: [(String, (String) -> Bool)] = [
            ("isdigit", { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal || $0.properties.numericType == .digit } }),
            ("isdecimal", { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal } }),
            ("isnumeric", { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.properties.numericType != nil } }),
            ("isalpha", { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic } }),
            ("isalnum", { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil } }),
            ("isspace", { !$0.isEmpty && $0.unicodeScalars.allSatisfy { $0.properties.isWhitespace } }),
            ("isupper", { $0.contains { $0.isCased } && !$0.contains { $0.isLowercase } }),
            ("islower", { $0.contains { $0.isCased } && !$0.contains { $0.isUppercase } }),
            ("isidentifier", { s in guard let f = s.unicodeScalars.first else { return false }; return (f == "_" || f.properties.isXIDStart) && s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue } }),
            ("istitle", { s in
                var sawCased = false, previousCased = false
                for c in s {
                    if c.isUppercase { if previousCased { return false }; previousCased = true; sawCased = true }
                    else if c.isLowercase { if !previousCased { return false }; previousCased = true; sawCased = true }
                    else { previousCased = false }
                }
                return sawCased
            }),
            ("isascii", { $0.unicodeScalars.allSatisfy { $0.isASCII } }),
            ("isprintable", { $0.unicodeScalars.allSatisfy { Interpreter.isPrintable($0) } }),
        ]
        for (name, pred) in predicates { t.def(name) { _, a in .bool(pred(try s(a[0]))) } }
        t.def("center", ["width", "fillchar"], defaults: [.string(" ")]) { interp, a in try justify(interp, a, "^") }
        t.def("ljust", ["width", "fillchar"], defaults: [.string(" ")]) { interp, a in try justify(interp, a, "<") }
        t.def("rjust", ["width", "fillchar"], defaults: [.string(" ")]) { interp, a in try justify(interp, a, ">") }
        t.def("zfill", ["width"]) { interp, a in
            let str = try s(a[0]); let w = try interp.intArg(a[1])
            let n = str.unicodeScalars.count
            if n >= w { return .string(str) }
            try AllocationGuard.check(w, bytesEach: 1)
            let pad = String(repeating: "0", count: w - n)
            if let f = str.first, f == "-" || f == "+" { return .string(String(f) + pad + str.dropFirst()) }
            return .string(pad + str)
        }
        t.def("partition", ["sep"]) { interp, a in
            let str = try s(a[0]), sep = try interp.strArg(a[1], "partition() argument")
            if sep.isEmpty { throw PyError.value("empty separator") }
            guard let r = str.range(of: sep) else { return .obj(PyTuple([.string(str), .string(""), .string("")])) }
            return .obj(PyTuple([.string(String(str[..<r.lowerBound])), .string(sep), .string(String(str[r.upperBound...]))]))
        }
        t.def("rpartition", ["sep"]) { interp, a in
            let str = try s(a[0]), sep = try interp.strArg(a[1], "rpartition() argument")
            if sep.isEmpty { throw PyError.value("empty separator") }
            guard let r = str.range(of: sep, options: .backwards) else { return .obj(PyTuple([.string(""), .string(""), .string(str)])) }
            return .obj(PyTuple([.string(String(str[..<r.lowerBound])), .string(sep), .string(String(str[r.upperBound...]))]))
        }
        t.def("format", ["*args", "**kwargs"]) { interp, a in
            guard case .obj(let args as PyTuple) = a[1], case .obj(let kw as PyDict) = a[2] else { return .none }
            return .string(try strFormat(try s(a[0]), args.items, kw, interp))
        }
        t.def("format_map", ["mapping"]) { interp, a in
            guard case .obj(let kw as PyDict) = a[1] else { throw PyError.type("format_map() argument must be a dict") }
            return .string(try strFormat(try s(a[0]), [], kw, interp))
        }
        t.def("encode", ["encoding", "errors"], defaults: [.string("utf-8"), .string("strict")]) { interp, a in
            .obj(PyBytes(try Codecs.encode(try s(a[0]), try interp.strArg(a[1], "encoding"), try interp.strArg(a[2], "errors"))))
        }
        t.def("expandtabs", ["tabsize"], defaults: [.int(8)]) { interp, a in
            let n = try interp.intArg(a[1])
            try AllocationGuard.check(n, bytesEach: 1)
            var out = ""; var col = 0
            for c in try s(a[0]) {
                if c == "\t" { let k = n > 0 ? n - col % n : 0; out += String(repeating: " ", count: k); col += k }
                else if c == "\n" || c == "\r" { out.append(c); col = 0 } else { out.append(c); col += 1 }
            }
            return .string(out)
        }
        t.def("removeprefix", ["prefix"]) { interp, a in
            let str = try s(a[0]), p = try interp.strArg(a[1], "removeprefix() argument")
            return .string(str.hasPrefix(p) ? String(str.dropFirst(p.count)) : str)
        }
        t.def("removesuffix", ["suffix"]) { interp, a in
            let str = try s(a[0]), p = try interp.strArg(a[1], "removesuffix() argument")
            return .string(str.hasSuffix(p) && !p.isEmpty ? String(str.dropLast(p.count)) : str)
        }
        t.def("__len__") { _, a in .int(try scal(a[0]).count) }
        t.def("__contains__", ["x"]) { interp, a in .bool(try interp.contains(a[0], a[1])) }
        t.def("__getitem__", ["i"]) { interp, a in try interp.getItem(a[0], a[1]) }
        t.def("__add__", ["x"]) { interp, a in try interp.binary(.add, a[0], a[1]) }
        t.def("__mul__", ["x"]) { interp, a in try interp.binary(.mul, a[0], a[1]) }
        t.def("__mod__", ["x"]) { interp, a in try interp.binary(.mod, a[0], a[1]) }
        t.def("__hash__") { _, a in .int(try s(a[0]).hashValue) }
        t.def("__format__", ["spec"]) { interp, a in .string(try Formatter.format(a[0], try interp.strArg(a[1], "format spec"), interp)) }
        t.dict["maketrans"] = .obj(PyStaticMethod(nativeFunction("maketrans", ["x", "y", "z"], defaults: [.unbound, .unbound]) { interp, a in
            let d = PyDict()
            if case .str(let x) = a[0], case .str(let y) = a[1] {
                guard x.value.unicodeScalars.count == y.value.unicodeScalars.count else {
                    throw PyError.value("the first two maketrans arguments must have equal length")
                }
                for (c1, c2) in zip(x.value.unicodeScalars, y.value.unicodeScalars) { d.storage[HashKey(.int(Int(c1.value)))] = .int(Int(c2.value)) }
                if case .str(let z) = a[2] { for c in z.value.unicodeScalars { d.storage[HashKey(.int(Int(c.value)))] = .none } }
            } else if case .obj(let m as PyDict) = a[0] {
                for (k, v) in m.storage {
                    if case .str(let ks) = k.value, let u = ks.value.unicodeScalars.first { d.storage[HashKey(.int(Int(u.value)))] = v } else { d.storage[k] = v }
                }
            } else { throw PyError.type("maketrans() argument must be a dict or two strings") }
            return .obj(d)
        }))
        t.def("translate", ["table"]) { interp, a in
            var out = ""
            for c in try s(a[0]).unicodeScalars {
                let r: Value
                do { r = try interp.getItem(a[1], .int(Int(c.value))) } catch let e as PyError where e.isInstance(of: ExcTypes.lookupError) {
                    out.unicodeScalars.append(c); continue
                }
                switch r {
                case .none: break
                case .str(let x): out += x.value
                case .int(let i): if let u = Unicode.Scalar(UInt32(i)) { out.unicodeScalars.append(u) }
                default: throw PyError.type("character mapping must return integer, None or str")
                }
            }
            return .string(out)
        }
    }

    static func strip(_ str: String, _ chars: Set<Unicode.Scalar>?, _ mode: Int) -> String {
        let sc = Array(str.unicodeScalars)
        func drop(_ c: Unicode.Scalar) -> Bool { chars.map { $0.contains(c) } ?? c.properties.isWhitespace }
        var lo = 0, hi = sc.count
        if mode != 2 { while lo < hi && drop(sc[lo]) { lo += 1 } }
        if mode != 1 { while hi > lo && drop(sc[hi - 1]) { hi -= 1 } }
        var out = ""
        out.unicodeScalars.append(contentsOf: sc[lo..<hi])
        return out
    }

    static func split(_ str: String, _ sepV: Value, _ maxsplit: Int, _ interp: Interpreter) throws -> [String] {
        if sepV.isNone, maxsplit < 0, str.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII fast path: split on the six ASCII whitespace bytes.
            var out: [String] = []
            let bytes = Array(str.utf8)
            var start = -1
            for (k, b) in bytes.enumerated() {
                let ws = b == 32 || (b >= 9 && b <= 13)
                if ws { if start >= 0 { out.append(String(decoding: bytes[start..<k], as: UTF8.self)); start = -1 } }
                else if start < 0 { start = k }
            }
            if start >= 0 { out.append(String(decoding: bytes[start...], as: UTF8.self)) }
            return out
        }
        if sepV.isNone {
            var out: [String] = []
            var cur = ""
            var inWord = false
            var splits = 0
            var sc = str.unicodeScalars[...]
            while let c = sc.first {
                if c.properties.isWhitespace {
                    if inWord {
                        out.append(cur); cur = ""; inWord = false; splits += 1
                        if maxsplit >= 0 && splits >= maxsplit {
                            let rest = String(String.UnicodeScalarView(sc)).drop { $0.isWhitespace }
                            if !rest.isEmpty { out.append(String(rest)) }
                            return out
                        }
                    }
                } else { cur.unicodeScalars.append(c); inWord = true }
                sc = sc.dropFirst()
            }
            if inWord { out.append(cur) }
            return out
        }
        let sep = try interp.strArg(sepV, "must be str or None")
        if sep.isEmpty { throw PyError.value("empty separator") }
        if maxsplit < 0 { return str.components(separatedBy: sep) }
        var out: [String] = []
        var rest = Substring(str)
        while out.count < maxsplit, let r = rest.range(of: sep) {
            out.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        out.append(String(rest))
        return out
    }

    static func window(_ interp: Interpreter, _ str: PyStr, _ start: Value, _ end: Value) throws -> (Int, Int) {
        let n = str.count
        func clamp(_ v: Value, _ def: Int) throws -> Int {
            if v.isNone { return def }
            var i = try interp.intArg(v)
            if i < 0 { i += n }
            return min(max(i, 0), n)
        }
        return (try clamp(start, 0), try clamp(end, n))
    }

    static func substring(_ str: PyStr, _ lo: Int, _ hi: Int) -> String {
        if lo == 0 && hi == str.count { return str.value }
        if lo >= hi { return "" }
        var out = ""
        out.unicodeScalars.append(contentsOf: str.scalars[lo..<hi])
        return out
    }

    static func affix(_ interp: Interpreter, _ a: [Value], _ test: (String, String) -> Bool) throws -> Value {
        let str = try scal(a[0])
        let (lo, hi) = try window(interp, str, a[2], a[3])
        let sub = substring(str, lo, hi)
        if case .obj(let t as PyTuple) = a[1] {
            for x in t.items where test(sub, try interp.strArg(x, "tuple for startswith must only contain str")) { return .bool(true) }
            return .bool(false)
        }
        guard case .str(let p) = a[1] else {
            throw PyError.type("startswith first arg must be str or a tuple of str, not \(interp.typeName(a[1]))")
        }
        if lo > hi { return .bool(false) }
        return .bool(p.value.isEmpty || test(sub, p.value))
    }

    static func find(_ interp: Interpreter, _ a: [Value], reverse: Bool) throws -> Int {
        let str = try scal(a[0])
        let sub = try interp.strArg(a[1], "must be str")
        let (lo, hi) = try window(interp, str, a[2], a[3])
        if lo > hi { return -1 }
        let hay = Array(str.scalars[lo..<hi]), needle = Array(sub.unicodeScalars)
        if needle.isEmpty { return reverse ? hi : lo }
        if needle.count > hay.count { return -1 }
        let range = Array(0...(hay.count - needle.count))
        for i in (reverse ? range.reversed() : range) where hay[i] == needle[0] {
            if Array(hay[i..<(i + needle.count)]) == needle { return lo + i }
        }
        return -1
    }

    static func justify(_ interp: Interpreter, _ a: [Value], _ align: Character) throws -> Value {
        let str = try s(a[0]); let w = try interp.intArg(a[1])
        let fill = try interp.strArg(a[2], "fillchar")
        guard fill.unicodeScalars.count == 1 else { throw PyError.type("The fill character must be exactly one character long") }
        let n = str.unicodeScalars.count
        if n >= w { return .string(str) }
        try AllocationGuard.check(w, bytesEach: 1)
        let k = w - n
        let f = fill
        switch align {
        case "<": return .string(str + String(repeating: f, count: k))
        case ">": return .string(String(repeating: f, count: k) + str)
        default:
            let left = k / 2 + (k & w & 1)
            return .string(String(repeating: f, count: left) + str + String(repeating: f, count: k - left))
        }
    }

    /// str.format: `{}`, `{0}`, `{name}`, `{0.attr}`, `{0[key]}`, `!r`, `:spec` (with nested fields).
    static func strFormat(_ fmt: String, _ args: [Value], _ kw: PyDict, _ interp: Interpreter) throws -> String {
        let c = Array(fmt)
        var out = ""
        var i = 0
        var auto = 0
        var usedManual = false, usedAuto = false
        func field(_ text: String) throws -> String {
            var name = text, conv: Character? = nil, spec = ""
            if let colon = firstTopLevel(name, ":") { spec = String(name[name.index(after: colon)...]); name = String(name[..<colon]) }
            if let bang = name.firstIndex(of: "!") {
                let rest = name[name.index(after: bang)...]
                guard rest.count == 1 else { throw PyError.value("expected ':' after conversion specifier") }
                conv = rest.first; name = String(name[..<bang])
            }
            if spec.contains("{") { spec = try strFormat(spec, args, kw, interp) }
            var head = name
            var tail = ""
            if let k = name.firstIndex(where: { $0 == "." || $0 == "[" }) { head = String(name[..<k]); tail = String(name[k...]) }
            var v: Value
            if head.isEmpty {
                if usedManual { throw PyError.value("cannot switch from manual field specification to automatic field numbering") }
                usedAuto = true
                guard auto < args.count else { throw PyError.index("Replacement index \(auto) out of range for positional args tuple") }
                v = args[auto]; auto += 1
            } else if let n = Int(head) {
                if usedAuto { throw PyError.value("cannot switch from automatic field numbering to manual field specification") }
                usedManual = true
                guard n < args.count else { throw PyError.index("Replacement index \(n) out of range for positional args tuple") }
                v = args[n]
            } else {
                guard let x = kw.get(head) else { throw PyError.key(.string(head)) }
                v = x
            }
            var t = Substring(tail)
            while let f = t.first {
                if f == "." {
                    t = t.dropFirst()
                    let attr = t.prefix { $0 != "." && $0 != "[" }
                    v = try interp.getAttr(v, String(attr)); t = t.dropFirst(attr.count)
                } else {
                    t = t.dropFirst()
                    let key = t.prefix { $0 != "]" }
                    v = try interp.getItem(v, Int(key).map { .int($0) } ?? .string(String(key)))
                    t = t.dropFirst(key.count + 1)
                }
            }
            switch conv {
            case "r": v = .string(try interp.repr(v))
            case "s": v = .string(try interp.str(v))
            case "a": v = .string(Formatter.asciiEscape(try interp.repr(v)))
            case nil: break
            default: throw PyError.value("Unknown conversion specifier \(conv!)")
            }
            return try Formatter.format(v, spec, interp)
        }
        while i < c.count {
            let ch = c[i]
            if ch == "{" {
                if i + 1 < c.count && c[i + 1] == "{" { out.append("{"); i += 2; continue }
                var depth = 1; var j = i + 1; var text = ""
                while j < c.count {
                    if c[j] == "{" { depth += 1 } else if c[j] == "}" { depth -= 1; if depth == 0 { break } }
                    text.append(c[j]); j += 1
                }
                guard j < c.count else { throw PyError.value("expected '}' before end of string") }
                out += try field(text)
                i = j + 1
            } else if ch == "}" {
                if i + 1 < c.count && c[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw PyError.value("Single '}' encountered in format string")
            } else { out.append(ch); i += 1 }
        }
        return out
    }

    static func firstTopLevel(_ s: String, _ ch: Character) -> String.Index? {
        var depth = 0
        for i in s.indices {
            if s[i] == "[" { depth += 1 } else if s[i] == "]" { depth -= 1 } else if s[i] == ch && depth == 0 { return i }
        }
        return nil
    }
}
