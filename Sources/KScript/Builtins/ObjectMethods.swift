// Methods of object, type, NoneType, the descriptor types, super, iterators, generators and exceptions.

enum ObjectMethods {
    static func register(_ t: PyType) {
        t.construct = { _, type, args, kw in
            if !args.isEmpty || !kw.isEmpty { throw PyError.type("object() takes no arguments") }
            return .obj(PyInstance(cls: type))
        }
        t.def("__init__", ["*args", "**kwargs"]) { _, _ in .none }
        // The end of every `super().__init_subclass__(**kwargs)` chain: it takes no keywords.
        t.dict["__init_subclass__"] = .obj(PyClassMethod(nativeFunction("__init_subclass__", ["cls", "**kwargs"]) { interp, a in
            if case .obj(let d as PyDict) = a[1], !d.storage.isEmpty, case .obj(let cls as PyType) = a[0] {
                throw PyError.type("\(cls.name).__init_subclass__() takes no keyword arguments")
            }
            return .none
        }))
        // `object.__new__(cls)`: a bare instance of a script class, for `__new__` overrides.
        t.dict["__new__"] = .obj(PyStaticMethod(nativeFunction("__new__", ["cls", "*args", "**kwargs"]) { interp, a in
            guard case .obj(let cls as PyType) = a[0] else {
                throw PyError.type("object.__new__(X): X is not a type object (\(interp.typeName(a[0])))")
            }
            guard let make = cls.makeInstance, !cls.isBuiltin else {
                throw PyError.type("object.__new__(\(cls.name)) is not safe, use \(cls.name).__new__()")
            }
            return .obj(make(cls))
        }))
        // Every object has a docstring through its type; types without their own have None.
        t.dict["__doc__"] = Value.none
        t.def("__repr__") { interp, a in .string(try interp.repr(a[0])) }
        t.def("__str__") { interp, a in .string(try interp.str(a[0])) }
        t.def("__eq__", ["other"]) { interp, a in interp.identical(a[0], a[1]) ? .bool(true) : .obj(PySingleton.notImplemented) }
        t.def("__ne__", ["other"]) { interp, a in .bool(!(try interp.equals(a[0], a[1]))) }
        t.def("__setattr__", ["name", "value"]) { interp, a in
            guard case .obj(let inst as PyInstance) = a[0] else { throw PyError.type("object.__setattr__ needs an instance") }
            try interp.genericSetAttr(inst, try interp.strArg(a[1], "attribute name"), a[2])
            return .none
        }
        t.def("__getattribute__", ["name"]) { interp, a in try interp.getAttr(a[0], try interp.strArg(a[1], "attribute name")) }
        t.def("__format__", ["spec"]) { interp, a in .string(try Formatter.format(.string(try interp.str(a[0])), try interp.strArg(a[1], "format spec"), interp)) }
    }
}

enum TypeMethods {
    static func register(_ t: PyType) {
        t.construct = { interp, _, args, kw in
            if args.count == 1 && kw.isEmpty { return .obj(interp.typeOf(args[0])) }
            guard args.count == 3, case .str(let name) = args[0], case .obj(let bases as PyTuple) = args[1], case .obj(let ns as PyDict) = args[2] else {
                throw PyError.type("type() takes 1 or 3 arguments")
            }
            var bt: [PyType] = []
            for b in bases.items { guard case .obj(let x as PyType) = b else { throw PyError.type("bases must be types") }; bt.append(x) }
            let main = interp.modules["__main__"] ?? interp.builtins
            return .obj(try interp.makeClass(name: name.value, qualname: name.value, bases: bt, namespace: ns, module: main))
        }
        t.def("mro") { _, a in
            guard case .obj(let ty as PyType) = a[0] else { return .none }
            return .obj(PyList(ty.mro.map { .obj($0) }))
        }
        t.def("__subclasscheck__", ["sub"]) { _, a in
            guard case .obj(let ty as PyType) = a[0], case .obj(let s as PyType) = a[1] else { return .bool(false) }
            return .bool(s.isSubtype(of: ty))
        }
    }
}

enum NoneMethods {
    static func register(_ t: PyType) {
        t.construct = { _, _, args, _ in
            if !args.isEmpty { throw PyError.type("NoneType takes no arguments") }
            return .none
        }
    }
}

enum PropertyMethods {
    static func register(_ t: PyType) {
        t.construct = { _, _, args, kw in
            let b = try NativeSignature("property", ["fget", "fset", "fdel", "doc"], defaults: [.none, .none, .none, .none]).bind(args, kw)
            return .obj(PyProperty(getter: b[0], setter: b[1], deleter: b[2], doc: b[3]))
        }
        t.def("setter", ["fset"]) { _, a in
            guard case .obj(let p as PyProperty) = a[0] else { return .none }
            return .obj(PyProperty(getter: p.getter, setter: a[1], deleter: p.deleter, doc: p.doc))
        }
        t.def("getter", ["fget"]) { _, a in
            guard case .obj(let p as PyProperty) = a[0] else { return .none }
            return .obj(PyProperty(getter: a[1], setter: p.setter, deleter: p.deleter, doc: p.doc))
        }
        t.def("deleter", ["fdel"]) { _, a in
            guard case .obj(let p as PyProperty) = a[0] else { return .none }
            return .obj(PyProperty(getter: p.getter, setter: p.setter, deleter: a[1], doc: p.doc))
        }
    }
}

enum DescriptorMethods {
    static func registerStatic(_ t: PyType) {
        t.construct = { _, _, args, _ in
            guard args.count == 1 else { throw PyError.type("staticmethod expected 1 argument, got \(args.count)") }
            return .obj(PyStaticMethod(args[0]))
        }
    }
    static func registerClass(_ t: PyType) {
        t.construct = { _, _, args, _ in
            guard args.count == 1 else { throw PyError.type("classmethod expected 1 argument, got \(args.count)") }
            return .obj(PyClassMethod(args[0]))
        }
    }
}

enum SuperMethods {
    static func register(_ t: PyType) {
        // Zero-argument super() is handled by the builtin, which knows the calling frame.
        t.construct = { _, _, args, _ in
            guard args.count == 2, case .obj(let ty as PyType) = args[0] else {
                throw PyError.runtime("super(): no arguments")
            }
            return .obj(PySuper(startAfter: ty, selfValue: args[1]))
        }
    }
}

enum IteratorMethods {
    static func register(_ t: PyType) {
        t.def("__iter__") { _, a in a[0] }
        t.def("__next__") { _, a in
            guard case .obj(let it as PyIterator) = a[0] else { throw PyError.type("not an iterator") }
            guard let v = try it.next() else { throw it.exhausted() }
            return v
        }
    }
}

enum GeneratorMethods {
    static func register(_ t: PyType) {
        IteratorMethods.register(t)
        t.def("send", ["value"]) { _, a in
            guard case .obj(let g as PyGenerator) = a[0] else { throw PyError.type("send() needs a generator") }
            guard let v = try g.send(a[1]) else { throw g.exhausted() }
            return v
        }
        t.def("close") { _, a in
            if case .obj(let g as PyGenerator) = a[0] { g.runner.close() }
            return .none
        }
        // throw(exc) raises exc where the generator is suspended; what it yields next is returned.
        t.def("throw", ["typ", "val", "tb"], defaults: [.none, .none]) { interp, a in
            guard case .obj(let g as PyGenerator) = a[0] else { throw PyError.type("throw() needs a generator") }
            var exception = a[1]
            if case .obj(let type as PyType) = a[1] {
                exception = a[2].isNone ? try interp.call(a[1], [], []) : (try interp.isInstance(a[2], .obj(type)) ? a[2] : try interp.call(a[1], [a[2]], []))
            }
            guard case .obj(let e as PyExceptionObject) = exception else {
                throw PyError.type("exceptions must be classes or instances deriving from BaseException, not \(interp.typeName(a[1]))")
            }
            guard let v = try g.runner.resume(send: .none, throwing: PyError(e)) else { throw g.exhausted() }
            return v
        }
    }
}

enum ExceptionMethods {
    static func register(_ t: PyType) {
        t.def("__init__", ["*args"]) { _, a in
            guard case .obj(let e as PyExceptionObject) = a[0], case .obj(let args as PyTuple) = a[1] else { return .none }
            e.args = args.items
            return .none
        }
        t.getter("args") { _, v in
            guard case .obj(let e as PyExceptionObject) = v else { return .none }
            return .obj(PyTuple(e.args))
        }
        t.getter("__cause__") { _, v in
            guard case .obj(let e as PyExceptionObject) = v, let c = e.cause else { return .none }
            return .obj(c)
        }
        t.getter("__context__") { _, v in
            guard case .obj(let e as PyExceptionObject) = v, let c = e.context else { return .none }
            return .obj(c)
        }
        t.def("with_traceback", ["tb"]) { _, a in a[0] }
        t.def("__str__") { interp, a in
            guard case .obj(let e as PyExceptionObject) = a[0] else { return .string("") }
            return .string(try interp.exceptionStr(e))
        }
        t.def("__repr__") { interp, a in .string(try interp.repr(a[0])) }
    }

    /// `StopIteration.value` (the first argument) and `SystemExit.code` (the one argument, or all of
    /// them when there are several): None without arguments.
    static func registerArgumentAttribute(_ t: PyType, _ name: String, tupleWhenMany: Bool) {
        t.getter(name) { _, v in
            guard case .obj(let e as PyExceptionObject) = v, let first = e.args.first else { return .none }
            return tupleWhenMany && e.args.count > 1 ? .obj(PyTuple(e.args)) : first
        }
    }
}

enum SliceMethods {
    static func register(_ t: PyType) {
        t.construct = { _, _, args, _ in
            switch args.count {
            case 1: return .obj(PySlice(.none, args[0], .none))
            case 2: return .obj(PySlice(args[0], args[1], .none))
            case 3: return .obj(PySlice(args[0], args[1], args[2]))
            default: throw PyError.type("slice expected at least 1 argument, got \(args.count)")
            }
        }
        t.getter("start") { _, v in (v.object as? PySlice)?.start ?? .none }
        t.getter("stop") { _, v in (v.object as? PySlice)?.stop ?? .none }
        t.getter("step") { _, v in (v.object as? PySlice)?.step ?? .none }
        t.def("indices", ["length"]) { interp, a in
            guard let s = a[0].object as? PySlice else { return .none }
            let r = try s.indices(try interp.intArg(a[1]))
            return .obj(PyTuple([.int(r.start), .int(r.stop), .int(r.step)]))
        }
    }
}

enum RangeMethods {
    static func register(_ t: PyType) {
        t.construct = { interp, _, args, kw in
            if !kw.isEmpty { throw PyError.type("range() takes no keyword arguments") }
            let n = try args.map { v -> Int in
                if case .float = v { throw PyError.type("'float' object cannot be interpreted as an integer") }
                return try interp.intArg(v)
            }
            switch n.count {
            case 1: return .obj(PyRange(0, n[0], 1))
            case 2: return .obj(PyRange(n[0], n[1], 1))
            case 3:
                if n[2] == 0 { throw PyError.value("range() arg 3 must not be zero") }
                return .obj(PyRange(n[0], n[1], n[2]))
            case 0: throw PyError.type("range expected at least 1 argument, got 0")
            default: throw PyError.type("range expected at most 3 arguments, got \(n.count)")
            }
        }
        t.getter("start") { _, v in .int((v.object as? PyRange)?.start ?? 0) }
        t.getter("stop") { _, v in .int((v.object as? PyRange)?.stop ?? 0) }
        t.getter("step") { _, v in .int((v.object as? PyRange)?.step ?? 1) }
        t.def("index", ["value"]) { interp, a in
            guard let r = a[0].object as? PyRange, case .int(let x) = a[1], try interp.contains(a[0], a[1]) else {
                throw PyError.value("\(try interp.repr(a[1])) is not in range")
            }
            return .int((x - r.start) / r.step)
        }
        t.def("count", ["value"]) { interp, a in .int(try interp.contains(a[0], a[1]) ? 1 : 0) }
    }
}
