// Classes a script derives from list, tuple, dict or set: making their instances through the
// `__new__`/`__init__` the builtin bases give them, and finding the methods a script overrides.
import OrderedCollections

extension Interpreter {
    /// A fresh container of class `t` (a subclass of `base`) holding `items` (tuples, frozensets)
    /// or empty, to be filled by `__init__` (lists, dicts, sets).
    func makeContainer(_ t: PyType, base: PyType, items: [Value]) throws -> Value {
        let o: SubclassableContainer
        if base === BuiltinTypes.tuple {
            o = PyTuple(items)
        } else if base === BuiltinTypes.list {
            o = PyList()
        } else if base === BuiltinTypes.dict {
            o = PyDict()
        } else {
            var storage = SetStorage()
            for x in items { storage.append(try hashKey(x)) }
            o = PySet(storage, frozen: base === BuiltinTypes.frozenset)
        }
        if t !== base { o.subclass = SubclassInstance(t) }
        return .obj(o)
    }

    /// An instance of a script's class: operators look for its dunder methods.
    @inline(__always) func isScriptObject(_ o: PyObject) -> Bool {
        o is PyInstance || (o as? SubclassableContainer)?.subclass != nil
    }

    /// The method `name` as a script's class defines it, for an instance of a class derived from
    /// a builtin container (nil when the builtin's own behaviour applies).
    @inline(__always) func userOverride(_ sub: SubclassInstance?, _ name: String) -> Value? {
        guard let sub else { return nil }
        for t in sub.cls.mro {
            if t.isBuiltin { return nil }
            if let f = t.dict[name] { return f }
        }
        return nil
    }
}

enum ContainerSubclassMethods {
    /// `X.__new__(cls, ...)` and `X.__init__(self, ...)` for list, tuple, dict and set, so a derived
    /// class can call them through `super()`.
    static func register(_ t: PyType, immutable: Bool) {
        t.dict["__new__"] = .obj(PyStaticMethod(nativeFunction("__new__", ["cls", "*args", "**kwargs"]) { interp, a in
            guard case .obj(let cls as PyType) = a[0], cls.isSubtype(of: t) else {
                throw PyError.type("\(t.name).__new__(X): X is not a subtype of \(t.name)")
            }
            let rest = try interp.iterateAll(a[1])
            return try interp.makeContainer(cls, base: t, items: immutable && !rest.isEmpty ? try interp.iterateAll(rest[0]) : [])
        }))
        if immutable { return }
        t.dict["__init__"] = .obj(PyNativeFunction("__init__", isMethod: true, doc: nil, parameters: ["self", "/", "*args", "**kwargs"]) { interp, args, kw in
            guard let target = args.first, case .obj(let o) = target, o.pyType.isSubtype(of: t) else {
                throw PyError.type("descriptor '__init__' requires a '\(t.name)' object")
            }
            let fresh = try t.construct!(interp, t, Array(args.dropFirst()), kw)
            switch (o, fresh) {
            case (let l as PyList, .obj(let f as PyList)): l.items = f.items
            case (let d as PyDict, .obj(let f as PyDict)): d.storage = f.storage
            case (let s as PySet, .obj(let f as PySet)): s.storage = f.storage
            default: break
            }
            return .none
        })
    }
}
