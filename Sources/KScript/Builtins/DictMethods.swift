// dict, set and frozenset: constructors and methods; views are returned as lists of snapshots.
import OrderedCollections

/// dict.keys()/values()/items(): iterable, sized, printable like CPython's views.
final class PyDictView: PyObject, PyRepresentable {
    enum Kind: String { case keys = "dict_keys", values = "dict_values", items = "dict_items" }
    let dict: PyDict
    let kind: Kind
    init(_ d: PyDict, _ k: Kind) { dict = d; kind = k }
    override var pyType: PyType { DictMethods.viewType }
    var items: [Value] {
        switch kind {
        case .keys: return dict.storage.keys.map { $0.value }
        case .values: return Array(dict.storage.values)
        case .items: return dict.storage.map { .obj(PyTuple([$0.key.value, $0.value])) }
        }
    }
    func repr(_ interp: Interpreter) throws -> String {
        "\(kind.rawValue)([\(try items.map { try interp.repr($0) }.joined(separator: ", "))])"
    }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

/// Keys and items views are set-like: &, |, - and ^ with any iterable give a set.
extension PyDictView: PyOperand {
    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard kind != .values, [.and, .or, .sub, .xor].contains(op) else { return nil }
        let mine = try interp.call(.obj(BuiltinTypes.set), [.obj(PyList(items))], [])
        guard let theirs = try? interp.call(.obj(BuiltinTypes.set), [other], []) else { return nil }
        return reflected ? try interp.binary(op, theirs, mine) : try interp.binary(op, mine, theirs)
    }
    func compare(_ op: CmpOp, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }
    func unary(_ op: UnaryExpr.Op, _ interp: Interpreter) throws -> Value? { nil }
}

enum DictMethods {
    static let viewType: PyType = {
        let t = PyType(name: "dict_view", bases: [BuiltinTypes.object])
        t.def("__iter__") { _, a in
            let view = a[0].object as! PyDictView
            return .obj(SizeCheckedIterator.dict(view.dict, view.items))
        }
        t.def("__len__") { _, a in .int((a[0].object as! PyDictView).dict.storage.count) }
        t.def("__contains__", ["x"]) { interp, a in
            let v = a[0].object as! PyDictView
            if v.kind == .keys { return .bool(v.dict.storage[try interp.hashKey(a[1])] != nil) }
            for x in v.items where try interp.equals(x, a[1]) { return .bool(true) }
            return .bool(false)
        }
        return t
    }()

    static func dict(_ v: Value) throws -> PyDict {
        guard case .obj(let d as PyDict) = v else { throw PyError.type("descriptor requires a 'dict' object") }
        return d
    }

    static func register(_ t: PyType) {
        t.construct = { interp, _, args, kw in
            if args.count > 1 { throw PyError.type("dict expected at most 1 argument, got \(args.count)") }
            let d = PyDict()
            if let src = args.first { try update(interp, d, src) }
            for (k, v) in kw { d.set(k, v) }
            return .obj(d)
        }
        t.def2("get", ["key", "default"], default: .none) { interp, s, k, d in
            try dict(s).storage[try interp.hashKey(k)] ?? d
        }
        t.def("keys") { _, a in .obj(PyDictView(try dict(a[0]), .keys)) }
        t.def("values") { _, a in .obj(PyDictView(try dict(a[0]), .values)) }
        t.def("items") { _, a in .obj(PyDictView(try dict(a[0]), .items)) }
        t.def("pop", ["key", "default"], defaults: [.unbound]) { interp, a in
            let d = try dict(a[0])
            if let v = d.storage.removeValue(forKey: try interp.hashKey(a[1])) { return v }
            if !a[2].isUnbound { return a[2] }
            throw PyError.key(a[1])
        }
        t.def("popitem") { _, a in
            let d = try dict(a[0])
            guard let last = d.storage.last else { throw PyError(ExcTypes.keyError, "popitem(): dictionary is empty") }
            d.storage.removeLast()
            return .obj(PyTuple([last.key.value, last.value]))
        }
        t.def("setdefault", ["key", "default"], defaults: [.none]) { interp, a in
            let d = try dict(a[0]); let k = try interp.hashKey(a[1])
            if let v = d.storage[k] { return v }
            d.storage[k] = a[2]
            return a[2]
        }
        t.def("update", ["other", "**kwargs"], defaults: [.unbound]) { interp, a in
            let d = try dict(a[0])
            if !a[1].isUnbound { try update(interp, d, a[1]) }
            if case .obj(let kw as PyDict) = a[2] { for (k, v) in kw.storage { d.storage[k] = v } }
            return .none
        }
        t.def("clear") { _, a in try dict(a[0]).storage.removeAll(); return .none }
        t.def("copy") { _, a in .obj(PyDict(try dict(a[0]).storage)) }
        t.dict["fromkeys"] = .obj(PyClassMethod(nativeFunction("fromkeys", ["cls", "iterable", "value"], defaults: [.none]) { interp, a in
            let d = PyDict()
            for k in try interp.iterateAll(a[1]) { d.storage[try interp.hashKey(k)] = a[2] }
            return .obj(d)
        }))
        t.def("__len__") { _, a in .int(try dict(a[0]).storage.count) }
        t.def("__getitem__", ["k"]) { interp, a in try interp.getItem(a[0], a[1]) }
        t.def("__setitem__", ["k", "v"]) { interp, a in try interp.setItem(a[0], a[1], a[2]); return .none }
        t.def("__contains__", ["k"]) { interp, a in .bool(try interp.contains(a[0], a[1])) }
        t.def("__iter__") { interp, a in .obj(try interp.iterate(a[0])) }
        t.dict["__hash__"] = Value.none
    }

    static func update(_ interp: Interpreter, _ d: PyDict, _ src: Value) throws {
        if case .obj(let o) = src, o is PyDict || o.pyType.lookup("keys") != nil {
            try interp.mergeMapping(into: d, src)
            return
        }
        for (k, item) in try interp.iterateAll(src).enumerated() {
            let pair: [Value]
            do { pair = try interp.iterateAll(item) } catch let e as PyError where e.isInstance(of: ExcTypes.typeError) {
                throw PyError.type("cannot convert dictionary update sequence element #\(k) to a sequence")
            }
            guard pair.count == 2 else {
                throw PyError.value("dictionary update sequence element #\(k) has length \(pair.count); 2 is required")
            }
            d.storage[try interp.hashKey(pair[0])] = pair[1]
        }
    }
}

enum SetMethods {
    static func set(_ v: Value) throws -> PySet {
        guard case .obj(let s as PySet) = v else { throw PyError.type("descriptor requires a 'set' object") }
        return s
    }

    /// The keys of an iterable as a new set table (a set argument is merged, as CPython does).
    static func keys(_ interp: Interpreter, _ v: Value) throws -> SetStorage {
        if case .obj(let s as PySet) = v { return s.storage.copy() }
        var out = SetStorage()
        for x in try interp.iterateAll(v) { out.append(try interp.hashKey(x)) }
        return out
    }

    /// set.update(x): a set merges, anything else adds its items one by one.
    static func update(_ interp: Interpreter, _ s: inout SetStorage, _ v: Value) throws {
        if case .obj(let o as PySet) = v { s.merge(o.storage); return }
        for x in try interp.iterateAll(v) { s.append(try interp.hashKey(x)) }
    }

    static func registerCommon(_ t: PyType, frozen: Bool) {
        t.construct = { interp, _, args, _ in
            if args.count > 1 { throw PyError.type("\(frozen ? "frozenset" : "set") expected at most 1 argument, got \(args.count)") }
            return .obj(PySet(try args.first.map { try keys(interp, $0) } ?? SetStorage(), frozen: frozen))
        }
        t.def("union", ["*others"]) { interp, a in
            var r = try set(a[0]).storage.copy()
            for o in try interp.iterateAll(a[1]) { try update(interp, &r, o) }
            return .obj(PySet(r, frozen: frozen))
        }
        t.def("intersection", ["*others"]) { interp, a in
            var r: Value = .obj(PySet(try set(a[0]).storage.copy(), frozen: frozen))
            for o in try interp.iterateAll(a[1]) { r = try interp.binary(.and, r, .obj(PySet(try keys(interp, o)))) }
            return r
        }
        t.def("difference", ["*others"]) { interp, a in
            var r: Value = .obj(PySet(try set(a[0]).storage.copy(), frozen: frozen))
            for o in try interp.iterateAll(a[1]) { r = try interp.binary(.sub, r, .obj(PySet(try keys(interp, o)))) }
            return r
        }
        t.def("symmetric_difference", ["other"]) { interp, a in
            try interp.binary(.xor, .obj(PySet(try keys(interp, a[1]), frozen: frozen)), a[0])
        }
        t.def("issubset", ["other"]) { interp, a in let o = try keys(interp, a[1]); return .bool(try set(a[0]).storage.allSatisfy { o.contains($0) }) }
        t.def("issuperset", ["other"]) { interp, a in let s = try set(a[0]).storage; return .bool(try keys(interp, a[1]).allSatisfy { s.contains($0) }) }
        t.def("isdisjoint", ["other"]) { interp, a in let s = try set(a[0]).storage; return .bool(!(try keys(interp, a[1]).contains { s.contains($0) })) }
        t.def("copy") { _, a in .obj(PySet(try set(a[0]).storage.copy(), frozen: frozen)) }
        t.def("__len__") { _, a in .int(try set(a[0]).storage.count) }
        t.def("__contains__", ["x"]) { interp, a in .bool(try interp.contains(a[0], a[1])) }
        t.def("__iter__") { interp, a in .obj(try interp.iterate(a[0])) }
    }

    static func register(_ t: PyType) {
        registerCommon(t, frozen: false)
        t.def1("add", "elem") { interp, s, x in try set(s).storage.append(try interp.hashKey(x)); return .none }
        t.def("remove", ["elem"]) { interp, a in
            if try set(a[0]).storage.remove(try interp.hashKey(a[1])) == nil { throw PyError.key(a[1]) }
            return .none
        }
        t.def("discard", ["elem"]) { interp, a in _ = try set(a[0]).storage.remove(try interp.hashKey(a[1])); return .none }
        t.def("pop") { _, a in
            let s = try set(a[0])
            guard !s.storage.isEmpty else { throw PyError(ExcTypes.keyError, "pop from an empty set") }
            return s.storage.removeFirst().value
        }
        t.def("clear") { _, a in try set(a[0]).storage.removeAll(); return .none }
        t.def("update", ["*others"]) { interp, a in
            let s = try set(a[0])
            for o in try interp.iterateAll(a[1]) { try update(interp, &s.storage, o) }
            return .none
        }
        t.def("intersection_update", ["*others"]) { interp, a in
            let s = try set(a[0])
            for o in try interp.iterateAll(a[1]) { let k = try keys(interp, o); s.storage = s.storage.filter { k.contains($0) } }
            return .none
        }
        t.def("difference_update", ["*others"]) { interp, a in
            let s = try set(a[0])
            for o in try interp.iterateAll(a[1]) { let k = try keys(interp, o); s.storage = s.storage.filter { !k.contains($0) } }
            return .none
        }
        t.dict["__hash__"] = Value.none
    }

    static func registerFrozen(_ t: PyType) { registerCommon(t, frozen: true) }
}
