// The builtins module: print, len, range, sorted, isinstance, open, ... and the builtin types.
import Foundation
import BigInt

extension Interpreter {
    func registerBuiltins() {
        let b = builtins
        func fast1(_ name: String, _ f: @escaping (Interpreter, Value) throws -> Value) {
            if case .obj(let n as PyNativeFunction)? = b.get(name) { n.call1 = f }
        }
        func fast2(_ name: String, _ f: @escaping (Interpreter, Value, Value) throws -> Value) {
            if case .obj(let n as PyNativeFunction)? = b.get(name) { n.call2 = f }
        }
        func add(_ name: String, _ params: [String], defaults: [Value] = [], kwDefaults: [String: Value] = [:],
                 _ body: @escaping (Interpreter, [Value]) throws -> Value) {
            b.set(name, nativeFunction(name, params, defaults: defaults, kwDefaults: kwDefaults, doc: Interpreter.builtinDocs[name], body))
        }
        for t in [BuiltinTypes.object, BuiltinTypes.type, BuiltinTypes.int, BuiltinTypes.bool, BuiltinTypes.float,
                  BuiltinTypes.str, BuiltinTypes.bytes, BuiltinTypes.list, BuiltinTypes.tuple, BuiltinTypes.dict,
                  BuiltinTypes.set, BuiltinTypes.frozenset, BuiltinTypes.range, BuiltinTypes.slice,
                  BuiltinTypes.property, BuiltinTypes.staticmethod, BuiltinTypes.classmethod] {
            b.set(t.name, .obj(t))
        }
        for e in ExcTypes.all { b.set(e.name, .obj(e)) }
        b.set("IOError", .obj(ExcTypes.osError))
        b.set("EnvironmentError", .obj(ExcTypes.osError))
        b.set("super", .obj(BuiltinTypes.superType))
        b.set("NotImplemented", .obj(PySingleton.notImplemented))
        b.set("Ellipsis", .obj(PySingleton.ellipsis))
        b.set("__debug__", .bool(true))

        b.set("print", .obj(PyNativeFunction("print", doc: Interpreter.builtinDocs["print"], parameters: ["*values", "sep=' '", "end='\\n'", "file=None", "flush=False"]) { interp, args, kw in
            var sep = " ", end = "\n", flush = false
            var file: Value = .none
            for (k, v) in kw {
                switch k {
                case "sep": sep = v.isNone ? " " : try interp.strArg(v, "sep")
                case "end": end = v.isNone ? "\n" : try interp.strArg(v, "end")
                case "file": file = v
                case "flush": flush = try interp.truthy(v)
                default: throw PyError.type("'\(k)' is an invalid keyword argument for print()")
                }
            }
            var text = ""
            for (i, a) in args.enumerated() {
                if i > 0 { text += sep }
                text += try interp.str(a)
            }
            text += end
            try interp.write(text, to: file)
            if flush { interp.out.flush() }
            return .none
        }))
        add("len", ["obj", "/"]) { interp, a in .int(try interp.len(a[0])) }
        fast1("len") { interp, x in .int(try interp.len(x)) }
        add("repr", ["obj", "/"]) { interp, a in .string(try interp.repr(a[0])) }
        add("ascii", ["obj", "/"]) { interp, a in .string(Formatter.asciiEscape(try interp.repr(a[0]))) }
        add("format", ["value", "format_spec", "/"], defaults: [.string("")]) { interp, a in
            .string(try Formatter.format(a[0], try interp.strArg(a[1], "format() argument 2"), interp))
        }
        add("abs", ["x", "/"]) { interp, a in
            switch a[0] {
            case .int(let i): return i == Int.min ? .bigint(-BigInt(i)) : .int(abs(i))
            case .bool(let v): return .int(v ? 1 : 0)
            case .float(let d): return .float(abs(d))
            case .obj(let o as PyBigInt): return .bigint(o.value < 0 ? -o.value : o.value)
            case .obj(let o):
                if let f = o.pyType.lookup("__abs__") { return try interp.call(f, [a[0]], []) }
            default: break
            }
            throw PyError.type("bad operand type for abs(): '\(interp.typeName(a[0]))'")
        }
        add("round", ["number", "ndigits"], defaults: [.none]) { interp, a in try interp.round(a[0], a[1]) }
        add("pow", ["base", "exp", "mod"], defaults: [.none]) { interp, a in
            if a[2].isNone { return try interp.binary(.pow, a[0], a[1]) }
            guard let x = interp.bigArg(a[0]), let y = interp.bigArg(a[1]), let m = interp.bigArg(a[2]) else {
                throw PyError.type("pow() 3rd argument not allowed unless all arguments are integers")
            }
            if m == 0 { throw PyError.value("pow() 3rd argument cannot be 0") }
            var r: BigInt
            if y < 0 {
                // A negative exponent raises the inverse of the base modulo |m|.
                let modulus = BigInt(m.magnitude)
                if modulus == 1 { return .int(0) }
                guard let inverse = x.inverse(modulus) else { throw PyError.value("base is not invertible for the given modulus") }
                r = inverse.power(-y, modulus: modulus)
            } else {
                r = x.power(y, modulus: m)
            }
            if r != 0 && (r < 0) != (m < 0) { r += m }
            return .bigint(r)
        }
        add("divmod", ["a", "b", "/"]) { interp, a in
            .obj(PyTuple([try interp.binary(.floorDiv, a[0], a[1]), try interp.binary(.mod, a[0], a[1])]))
        }
        add("min", ["*args", "key", "default"], kwDefaults: ["key": .none, "default": .unbound]) { interp, a in
            try interp.extreme(a, name: "min", op: .lt)
        }
        add("max", ["*args", "key", "default"], kwDefaults: ["key": .none, "default": .unbound]) { interp, a in
            try interp.extreme(a, name: "max", op: .gt)
        }
        add("sum", ["iterable", "/", "start"], defaults: [.int(0)]) { interp, a in
            var acc = a[1]
            if case .str = acc { throw PyError.type("sum() can't sum strings [use ''.join(seq) instead]") }
            let it = try interp.iterate(a[0])
            while let v = try it.next() {
                if case .int(let x) = acc, case .int(let y) = v {
                    let (r, o) = x.addingReportingOverflow(y)
                    if !o { acc = .int(r); continue }
                }
                if case .float(let x) = acc, case .float(let y) = v { acc = .float(x + y); continue }
                acc = try interp.binary(.add, acc, v)
            }
            return acc
        }
        add("any", ["iterable", "/"]) { interp, a in
            let it = try interp.iterate(a[0])
            while let v = try it.next() { if try interp.truthy(v) { return .bool(true) } }
            return .bool(false)
        }
        add("all", ["iterable", "/"]) { interp, a in
            let it = try interp.iterate(a[0])
            while let v = try it.next() { if !(try interp.truthy(v)) { return .bool(false) } }
            return .bool(true)
        }
        add("sorted", ["iterable", "*", "key", "reverse"], kwDefaults: ["key": .none, "reverse": .bool(false)]) { interp, a in
            .obj(PyList(try ListMethods.sorted(interp, try interp.iterateAll(a[0]), key: a[1], reverse: try interp.truthy(a[2]))))
        }
        add("reversed", ["sequence"]) { interp, a in
            if case .obj(let o) = a[0], o is PyInstance, let f = o.pyType.lookup("__reversed__") { return try interp.call(f, [a[0]], []) }
            switch a[0] {
            case .obj(is PyDict), .obj(is PyDictView):
                return .obj(ArrayIterator(try interp.iterateAll(a[0]).reversed()))
            case .obj(is PyIterator), .obj(is PySet):
                throw PyError.type("'\(interp.typeName(a[0]))' object is not reversible")
            default:
                return .obj(ArrayIterator(try interp.iterateAll(a[0]).reversed()))
            }
        }
        add("enumerate", ["iterable", "start"], defaults: [.int(0)]) { interp, a in
            let it = try interp.iterate(a[0])
            var i = try interp.intArg(a[1])
            return .obj(ClosureIterator {
                guard let v = try it.next() else { return nil }
                defer { i += 1 }
                return .obj(PyTuple([.int(i), v]))
            })
        }
        add("zip", ["*iterables", "strict"], kwDefaults: ["strict": .bool(false)]) { interp, a in
            let its = try interp.iterateAll(a[0]).map { try interp.iterate($0) }
            let strict = try interp.truthy(a[1])
            return .obj(ClosureIterator {
                if its.isEmpty { return nil }
                var row: [Value] = []
                for (k, it) in its.enumerated() {
                    guard let v = try it.next() else {
                        if strict && k > 0 {
                            throw PyError.value("zip() argument \(k + 1) is shorter than argument\(k > 1 ? "s 1-\(k)" : " 1")")
                        }
                        if strict {
                            for (j, other) in its.enumerated().dropFirst() where try other.next() != nil {
                                throw PyError.value("zip() argument \(j + 1) is longer than argument\(j > 1 ? "s 1-\(j)" : " 1")")
                            }
                        }
                        return nil
                    }
                    row.append(v)
                }
                return .obj(PyTuple(row))
            })
        }
        add("map", ["function", "*iterables"]) { interp, a in
            let its = try interp.iterateAll(a[1]).map { try interp.iterate($0) }
            if its.isEmpty { throw PyError.type("map() must have at least two arguments.") }
            let fn = a[0]
            return .obj(ClosureIterator {
                var args: [Value] = []
                for it in its { guard let v = try it.next() else { return nil }; args.append(v) }
                return try interp.call(fn, args, [])
            })
        }
        add("filter", ["function", "iterable"]) { interp, a in
            let it = try interp.iterate(a[1])
            let fn = a[0]
            return .obj(ClosureIterator {
                while let v = try it.next() {
                    let keep = fn.isNone ? v : try interp.call(fn, [v], [])
                    if try interp.truthy(keep) { return v }
                }
                return nil
            })
        }
        add("iter", ["object", "sentinel", "/"], defaults: [.unbound]) { interp, a in
            if a[1].isUnbound { return .obj(try interp.iterate(a[0])) }
            let fn = a[0], sentinel = a[1]
            return .obj(ClosureIterator {
                let v = try interp.call(fn, [], [])
                return try interp.equals(v, sentinel) ? nil : v
            })
        }
        add("next", ["iterator", "default", "/"], defaults: [.unbound]) { interp, a in
            guard case .obj(let o) = a[0] else { throw PyError.type("'\(interp.typeName(a[0]))' object is not an iterator") }
            let v: Value?
            if let it = o as? PyIterator {
                v = try it.next()
                if v == nil && a[1].isUnbound { throw it.exhausted() }
            }
            else if let f = o.pyType.lookup("__next__") {
                do { v = try interp.call(f, [a[0]], []) } catch let e as PyError where e.isInstance(of: ExcTypes.stopIteration) && !a[1].isUnbound { v = nil }
            } else { throw PyError.type("'\(interp.typeName(a[0]))' object is not an iterator") }
            if let v = v { return v }
            if !a[1].isUnbound { return a[1] }
            throw PyError.stopIteration()
        }
        add("isinstance", ["obj", "class_or_tuple", "/"]) { interp, a in .bool(try interp.isInstance(a[0], a[1])) }
        fast2("isinstance") { interp, x, t in .bool(try interp.isInstance(x, t)) }
        add("issubclass", ["cls", "class_or_tuple", "/"]) { interp, a in
            guard case .obj(let t as PyType) = a[0] else { throw PyError.type("issubclass() arg 1 must be a class") }
            return .bool(try interp.classMatches(t, a[1], "issubclass"))
        }
        add("callable", ["obj", "/"]) { interp, a in
            guard case .obj(let o) = a[0] else { return .bool(false) }
            return .bool(o is PyFunction || o is PyNativeFunction || o is PyBoundMethod || o is PyType || o.pyType.lookup("__call__") != nil)
        }
        add("hasattr", ["obj", "name", "/"]) { interp, a in
            do { return .bool(try interp.lookupAttr(a[0], try interp.strArg(a[1], "attribute name")) != nil) }
            catch let e as PyError where e.isInstance(of: ExcTypes.attributeError) { return .bool(false) }
        }
        add("__import__", ["name", "globals", "locals", "fromlist", "level"], defaults: [.none, .none, .obj(PyTuple([])), .int(0)]) { interp, a in
            let name = try interp.strArg(a[0], "__import__() argument 1")
            let top = try interp.importNative(name)
            // Without a fromlist, __import__('a.b') gives the top package, as `import a.b` binds `a`.
            let fromlist = try interp.iterateAll(a[3])
            if fromlist.isEmpty, let first = name.split(separator: ".").first, first.count < name.count { return .obj(try interp.importNative(String(first))) }
            return .obj(top)
        }
        add("getattr", ["obj", "name", "default", "/"], defaults: [.unbound]) { interp, a in
            let name = try interp.strArg(a[1], "attribute name")
            do { return try interp.getAttr(a[0], name) }
            catch let e as PyError where e.isInstance(of: ExcTypes.attributeError) && !a[2].isUnbound { return a[2] }
        }
        add("setattr", ["obj", "name", "value", "/"]) { interp, a in
            try interp.setAttr(a[0], try interp.strArg(a[1], "attribute name"), a[2]); return .none
        }
        add("delattr", ["obj", "name", "/"]) { interp, a in
            try interp.delAttr(a[0], try interp.strArg(a[1], "attribute name")); return .none
        }
        add("id", ["obj", "/"]) { interp, a in
            switch a[0] {
            case .obj(let o): return .int(Int(bitPattern: UInt(bitPattern: ObjectIdentifier(o).hashValue)))
            case .str(let s): return .int(Int(bitPattern: UInt(bitPattern: ObjectIdentifier(s).hashValue)))
            default: return .int(HashKey(a[0]).hashValue)
            }
        }
        add("hash", ["obj", "/"]) { interp, a in
            if case .obj(let o) = a[0], o is PyInstance, let f = o.pyType.lookup("__hash__"), !f.isNone, !interp.isNative(f) {
                return try interp.call(f, [a[0]], [])
            }
            return .int(PythonHash.of(try interp.hashKey(a[0]).value))
        }
        add("chr", ["i", "/"]) { interp, a in
            let i = try interp.intArg(a[0])
            guard i >= 0, i <= 0x10FFFF, let u = Unicode.Scalar(UInt32(i)) else { throw PyError.value("chr() arg not in range(0x110000)") }
            return .string(String(Character(u)))
        }
        add("ord", ["c", "/"]) { interp, a in
            switch a[0] {
            case .str(let s):
                guard s.count == 1 else { throw PyError.type("ord() expected a character, but string of length \(s.count) found") }
                return .int(Int(s.value.unicodeScalars.first!.value))
            case .obj(let b as PyBytes) where b.bytes.count == 1: return .int(Int(b.bytes[0]))
            default: throw PyError.type("ord() expected string of length 1, but \(interp.typeName(a[0])) found")
            }
        }
        add("bin", ["x", "/"]) { interp, a in try interp.radixString(a[0], 2, "0b") }
        add("oct", ["x", "/"]) { interp, a in try interp.radixString(a[0], 8, "0o") }
        add("hex", ["x", "/"]) { interp, a in try interp.radixString(a[0], 16, "0x") }
        add("input", ["prompt", "/"], defaults: [.string("")]) { interp, a in
            try interp.write(try interp.str(a[0]), to: .none)
            interp.out.flush()
            guard let line = readLine(strippingNewline: true) else {
                try interp.checkInterrupt()
                throw PyError(ExcTypes.eofError, "EOF when reading a line")
            }
            return .string(line)
        }
        add("open", ["file", "mode", "buffering", "encoding", "errors", "newline"],
            defaults: [.string("r"), .int(-1), .none, .none, .none]) { interp, a in
            let path = try interp.strArg(a[0], "open() argument 'file'")
            let mode = try interp.strArg(a[1], "open() argument 'mode'")
            let valid = Set("rwxabt+")
            guard !mode.isEmpty, mode.allSatisfy({ valid.contains($0) }) else { throw PyError.value("invalid mode: '\(mode)'") }
            return .obj(try PyFile(path: interp.resolvePath(path), mode: mode))
        }
        add("exit", ["code"], defaults: [.none]) { _, a in throw PyError(ExcTypes.systemExit, args: a[0].isNone ? [] : [a[0]]) }
        add("quit", ["code"], defaults: [.none]) { _, a in throw PyError(ExcTypes.systemExit, args: a[0].isNone ? [] : [a[0]]) }
    }

    /// Writes to stdout, stderr or a file object.
    func write(_ text: String, to file: Value) throws {
        switch file {
        case .none: out.write(text)
        case .obj(let s as PyStdStream): (s.isErr ? err : out).write(text)
        default:
            let w = try getAttr(file, "write")
            _ = try call(w, [.string(text)], [])
        }
    }

    func round(_ x: Value, _ nd: Value) throws -> Value {
        switch x {
        case .int, .bool, .obj(is PyBigInt):
            if nd.isNone { return try IntMethods.toInt(self, x) }
            let n = try intArg(nd)
            if n >= 0 { return try IntMethods.toInt(self, x) }
            guard let v = bigArg(x) else { return x }
            let p = BigInt(10).power(-n)
            var (q, r) = v.quotientAndRemainder(dividingBy: p)
            if r < 0 { q -= 1; r += p }
            if r * 2 > p || (r * 2 == p && q % 2 != 0) { q += 1 }
            return .bigint(q * p)
        case .float(let d):
            if nd.isNone {
                if d.isNaN { throw PyError.value("cannot convert float NaN to integer") }
                if d.isInfinite { throw PyError.overflow("cannot convert float infinity to integer") }
                return .bigint(BigInt(d.rounded(.toNearestOrEven)))
            }
            let n = try intArg(nd)
            if !d.isFinite { return x }
            if n > 300 { return x }
            // Correctly rounded: format with n decimals (glibc rounds half-even on the exact binary value).
            let s = String(format: "%.\(max(n, 0))f", n >= 0 ? d : d / Foundation.pow(10, Double(-n)))
            var r = Double(s) ?? d
            if n < 0 { r = r.rounded(.toNearestOrEven) * Foundation.pow(10, Double(-n)) }
            return .float(r)
        default:
            if case .obj(let o) = x, let f = o.pyType.lookup("__round__") {
                return try call(f, nd.isNone ? [x] : [x, nd], [])
            }
            throw PyError.type("type \(typeName(x)) doesn't define __round__ method")
        }
    }

    func extreme(_ a: [Value], name: String, op: CmpOp) throws -> Value {
        guard case .obj(let argsT as PyTuple) = a[0] else { return .none }
        let key = a[1], def = a[2]
        var items: [Value]
        if argsT.items.count == 1 {
            items = try iterateAll(argsT.items[0])
        } else {
            if argsT.items.isEmpty { throw PyError.type("\(name) expected at least 1 argument, got 0") }
            if !def.isUnbound { throw PyError.type("Cannot specify a default for \(name)() with multiple positional arguments") }
            items = argsT.items
        }
        guard var best = items.first else {
            if !def.isUnbound { return def }
            throw PyError.value("\(name)() arg is an empty sequence")
        }
        var bestKey = key.isNone ? best : try call(key, [best], [])
        for v in items.dropFirst() {
            let k = key.isNone ? v : try call(key, [v], [])
            if try truthy(try compare(op, k, bestKey)) { best = v; bestKey = k }
        }
        return best
    }

    func isInstance(_ v: Value, _ spec: Value) throws -> Bool {
        try classMatches(typeOf(v), spec, "isinstance")
    }

    func classMatches(_ t: PyType, _ spec: Value, _ fname: String) throws -> Bool {
        switch spec {
        case .obj(let c as PyType): return t.isSubtype(of: c)
        case .obj(let tu as PyTuple):
            for x in tu.items where try classMatches(t, x, fname) { return true }
            return false
        default:
            throw PyError.type("\(fname)() arg 2 must be a type, a tuple of types, or a union")
        }
    }

    func radixString(_ v: Value, _ radix: Int, _ prefix: String) throws -> Value {
        guard let b = bigArg(v) else {
            if let i = try indexValue(v) { return try radixString(.int(i), radix, prefix) }
            throw PyError.type("'\(typeName(v))' object cannot be interpreted as an integer")
        }
        return .string((b < 0 ? "-" : "") + prefix + String(b.magnitude, radix: radix))
    }

    func dir(_ v: Value) throws -> [String] {
        var names = Set<String>()
        switch v {
        case .obj(let m as PyModule): names.formUnion(m.items.map { $0.0 })
        case .obj(let t as PyType): for x in t.mro { names.formUnion(x.dict.keys) }
        case .obj(let i as PyInstance): names.formUnion(i.attrs.keys); for x in i.cls.mro { names.formUnion(x.dict.keys) }
        default: for x in typeOf(v).mro { names.formUnion(x.dict.keys) }
        }
        return names.sorted()
    }

    /// Relative paths in a script are relative to the working directory, as in Python.
    func resolvePath(_ p: String) -> String { (p as NSString).expandingTildeInPath }
}
