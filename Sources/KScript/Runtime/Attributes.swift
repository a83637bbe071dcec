// Attribute access: instance dictionaries, class lookup along the MRO, method binding,
// properties, classmethods/staticmethods, modules and `__getattr__`.

extension Interpreter {
    /// Binds a class attribute found for `obj` (functions become bound methods).
    func bindAttribute(_ attr: Value, to obj: Value, type: PyType) throws -> Value {
        guard case .obj(let a) = attr else { return attr }
        switch a {
        case is PyFunction: return .obj(PyBoundMethod(obj, attr))
        case let n as PyNativeFunction where n.isMethod: return .obj(PyBoundMethod(obj, attr))
        case let p as PyProperty:
            if p.getter.isNone { throw PyError.attribute("property object has no getter") }
            return try call(p.getter, [obj], [])
        case let c as PyClassMethod: return .obj(PyBoundMethod(.obj(type), c.function))
        case let s as PyStaticMethod: return s.function
        case let d as PyInstance:
            // A descriptor object: its __get__ gives the attribute.
            if let get = d.cls.lookup("__get__") { return try call(get, [attr, obj, .obj(type)], []) }
            return attr
        default: return attr
        }
    }

    /// The descriptor in a class attribute that has `name` (`__set__`, `__delete__`), if any.
    func descriptorMethod(_ attr: Value?, _ name: String) -> (PyInstance, Value)? {
        guard case .obj(let d as PyInstance)? = attr, let m = d.cls.lookup(name) else { return nil }
        return (d, m)
    }

    public func getAttr(_ v: Value, _ name: String) throws -> Value {
        if let r = try lookupAttr(v, name) { return r }
        throw attributeError(v, name)
    }

    func attributeError(_ v: Value, _ name: String) -> PyError {
        let e: PyError
        switch v {
        case .obj(let t as PyType): e = PyError.attribute("type object '\(t.name)' has no attribute '\(name)'")
        case .obj(let m as PyModule): e = PyError.attribute("module '\(m.name)' has no attribute '\(name)'")
        default: e = PyError.attribute("'\(typeName(v))' object has no attribute '\(name)'")
        }
        e.exc.attrs["name"] = .string(name)
        e.exc.attrs["obj"] = v
        return e
    }

    /// The attribute, or nil when there is none (no exception for a plain miss).
    public func lookupAttr(_ v: Value, _ name: String) throws -> Value? {
        if case .obj(let o) = v {
            switch o {
            case let inst as PyInstance:
                let t = inst.cls
                let classAttr = t.lookup(name)
                if let ca = classAttr, case .obj(let p as PyProperty) = ca {
                    return try bindAttribute(.obj(p), to: v, type: t)
                }
                // A data descriptor (one with __set__ or __delete__) wins over the instance's own value.
                if let (d, get) = descriptorMethod(classAttr, "__get__"), d.cls.lookup("__set__") != nil || d.cls.lookup("__delete__") != nil {
                    return try call(get, [.obj(d), v, .obj(t)], [])
                }
                if let own = inst.attrs[name] { return own }
                if name == "__class__" { return .obj(t) }
                if name == "__dict__" { return .obj(PyDict(.init(uniqueKeysWithValues: inst.attrs.map { (HashKey(.string($0.key)), $0.value) }))) }
                if let ca = classAttr { return try bindAttribute(ca, to: v, type: t) }
                if let ga = t.lookup("__getattr__") {
                    do { return try call(ga, [v, .string(name)], []) } catch let e as PyError where e.isInstance(of: ExcTypes.attributeError) {
                        throw e
                    }
                }
                return nil
            case let t as PyType:
                return try typeAttr(t, name)
            case let m as PyModule:
                if let x = m.get(name) { return x }
                if name == "__dict__" { return .obj(PyDict(.init(uniqueKeysWithValues: m.items.map { (HashKey(.string($0.0)), $0.1) }))) }
                if let ga = m.get("__getattr__") { return try call(ga, [.string(name)], []) }
                return nil
            case let f as PyFunction:
                switch name {
                case "__name__": return .string(f.name)
                case "__qualname__": return .string(f.qualname)
                case "__doc__": return f.attrs["__doc__"] ?? f.code.doc
                case "__module__": return f.module.get("__name__") ?? Value.none
                case "__defaults__": return f.defaults.isEmpty ? Value.none : .obj(PyTuple(f.defaults))
                case "__kwdefaults__":
                    guard !f.kwDefaults.isEmpty else { return Value.none }
                    let d = PyDict()
                    for name in f.code.params.kwOnly { if let v = f.kwDefaults[name] { d.set(name, v) } }
                    return .obj(d)
                case "__dict__": return .obj(PyDict(.init(uniqueKeysWithValues: f.attrs.map { (HashKey(.string($0.key)), $0.value) })))
                default: if let a = f.attrs[name] { return a }
                }
            case let n as PyNativeFunction:
                if name == "__name__" || name == "__qualname__" { return .string(n.name) }
                if name == "__doc__" { return n.doc.map { .string($0) } ?? Value.none }
            case let m as PyBoundMethod:
                if name == "__self__" { return m.selfValue }
                if name == "__func__" { return m.function }
                if name == "__name__" || name == "__doc__" || name == "__qualname__" { return try lookupAttr(m.function, name) }
            case let s as PySuper:
                return try superAttr(s, name)
            case let c as SubclassableContainer:
                guard let sub = c.subclass else { break }
                if let ca = sub.cls.lookup(name), case .obj(let p as PyProperty) = ca { return try bindAttribute(.obj(p), to: v, type: sub.cls) }
                if let own = sub.attrs[name] { return own }
                if name == "__dict__" { return .obj(PyDict(.init(uniqueKeysWithValues: sub.attrs.map { (HashKey(.string($0.key)), $0.value) }))) }
                if sub.cls.lookup(name) == nil, let ga = sub.cls.lookup("__getattr__") { return try call(ga, [v, .string(name)], []) }
            default: break
            }
        }
        if name == "__class__" { return .obj(typeOf(v)) }
        let t = typeOf(v)
        if let f = ownBuiltinDunder(t, name) { return .obj(PyBoundMethod(v, f)) }
        if let a = t.lookup(name) { return try bindAttribute(a, to: v, type: t) }
        return nil
    }

    func typeAttr(_ t: PyType, _ name: String) throws -> Value? {
        switch name {
        case "__name__": return .string(t.name)
        case "__qualname__": return .string(t.qualname)
        case "__module__": return t.dict["__module__"] ?? .string(t.module)
        case "__mro__": return .obj(PyTuple(t.mro.map { .obj($0) }))
        case "__bases__": return .obj(PyTuple(t.bases.map { .obj($0) }))
        case "__base__": return t.bases.first.map { .obj($0) } ?? Value.none
        case "__dict__": return .obj(PyDict(.init(uniqueKeysWithValues: t.dict.map { (HashKey(.string($0.key)), $0.value) })))
        case "__doc__": return t.dict["__doc__"] ?? Value.none
        default: break
        }
        if t.isBuiltin, let f = ownBuiltinDunder(t, name) { return f }
        if let a = t.lookup(name) {
            if case .obj(let o) = a {
                if let c = o as? PyClassMethod { return .obj(PyBoundMethod(.obj(t), c.function)) }
                if let s = o as? PyStaticMethod { return s.function }
                if let (d, get) = descriptorMethod(a, "__get__") { return try call(get, [.obj(d), .none, .obj(t)], []) }
            }
            return a
        }
        if let a = BuiltinTypes.type.lookup(name) { return try bindAttribute(a, to: .obj(t), type: BuiltinTypes.type) }
        return nil
    }

    /// `super().name`: the MRO of the instance's class after `startAfter`.
    func superAttr(_ s: PySuper, _ name: String) throws -> Value? {
        let selfType: PyType
        if case .obj(let t as PyType) = s.selfValue { selfType = t } else { selfType = typeOf(s.selfValue) }
        let mro = selfType.mro
        guard let i = mro.firstIndex(where: { $0 === s.startAfter }) else { return nil }
        for t in mro[(i + 1)...] {
            if let a = t.dict[name] {
                if case .obj(let st as PyType) = s.selfValue, case .obj(let o) = a {
                    if let c = o as? PyClassMethod { return .obj(PyBoundMethod(.obj(st), c.function)) }
                    if o is PyFunction || o is PyNativeFunction { return a }
                }
                return try bindAttribute(a, to: s.selfValue, type: selfType)
            }
        }
        return nil
    }

    /// For `obj.name(...)`: the function and the self to pass, avoiding a bound-method object.
    @inline(__always) func loadMethod(_ obj: Value, _ name: String) throws -> (Value, Value?) {
        switch obj {
        case .obj(let o) where o is PyInstance:
            let inst = o as! PyInstance
            if inst.attrs[name] == nil, let a = inst.cls.lookup(name), case .obj(let fo) = a {
                if fo is PyFunction { return (a, obj) }
                if let n = fo as? PyNativeFunction, n.isMethod { return (a, obj) }
            }
        case .obj(let o) where o is PyType || o is PyModule || o is PySuper || o is PyFunction:
            break
        default:
            let t = typeOf(obj)
            if name.utf8.first == UInt8(ascii: "_"), let f = ownBuiltinDunder(t, name) { return (f, obj) }
            if let a = t.lookup(name), case .obj(let fo) = a {
                if let n = fo as? PyNativeFunction, n.isMethod { return (a, obj) }
                if fo is PyFunction { return (a, obj) }
            }
        }
        return (try getAttr(obj, name), nil)
    }

    public func setAttr(_ v: Value, _ name: String, _ value: Value) throws {
        if case .obj(let o) = v {
            switch o {
            case let inst as PyInstance:
                if let sa = inst.cls.lookup("__setattr__"), !isNative(sa) {
                    _ = try call(sa, [v, .string(name), value], [])
                    return
                }
                try genericSetAttr(inst, name, value)
                return
            case let t as PyType:
                if t.isBuiltin { throw PyError.type("cannot set '\(name)' attribute of immutable type '\(t.name)'") }
                t.dict[name] = value
                if name == "__hash__" && !value.isNone { ScriptKeys.exist = true }
                if case .obj(let f as PyFunction) = value { f.ownerClass = f.ownerClass ?? t }
                return
            case let m as PyModule: m.set(name, value); return
            case let c as SubclassableContainer where c.subclass != nil:
                let sub = c.subclass!
                if let sa = sub.cls.lookup("__setattr__"), !isNative(sa) { _ = try call(sa, [v, .string(name), value], []); return }
                if let p = sub.cls.lookup(name), case .obj(let prop as PyProperty) = p {
                    if prop.setter.isNone { throw PyError.attribute("property '\(name)' of '\(sub.cls.name)' object has no setter") }
                    _ = try call(prop.setter, [v, value], [])
                    return
                }
                sub.attrs[name] = value
                return
            case let f as PyFunction:
                switch name {
                case "__name__": guard case .str(let s) = value else { break }; f.name = s.value
                case "__qualname__": guard case .str(let s) = value else { break }; f.qualname = s.value
                default: f.attrs[name] = value
                }
                return
            default: break
            }
            if let p = o.pyType.lookup(name), case .obj(let prop as PyProperty) = p, !prop.setter.isNone {
                _ = try call(prop.setter, [v, value], [])
                return
            }
        }
        if typeOf(v).lookup(name) != nil {
            throw PyError.attribute("'\(typeName(v))' object attribute '\(name)' is read-only")
        }
        throw PyError.attribute("'\(typeName(v))' object has no attribute '\(name)'")
    }

    /// `object.__setattr__`: properties first, then the instance dictionary.
    func genericSetAttr(_ inst: PyInstance, _ name: String, _ value: Value) throws {
        if inst.cls === BuiltinTypes.object {
            throw PyError.attribute("'object' object has no attribute '\(name)'")
        }
        let classAttr = inst.cls.lookup(name)
        if let p = classAttr, case .obj(let prop as PyProperty) = p {
            if prop.setter.isNone { throw PyError.attribute("property '\(name)' of '\(inst.cls.name)' object has no setter") }
            _ = try call(prop.setter, [.obj(inst), value], [])
            return
        }
        if let (d, set) = descriptorMethod(classAttr, "__set__") {
            _ = try call(set, [.obj(d), .obj(inst), value], [])
            return
        }
        if inst.attrs[name] == nil, try !slotsAllow(inst.cls, name) {
            throw PyError.attribute("'\(inst.cls.name)' object has no attribute '\(name)'")
        }
        inst.attrs[name] = value
    }

    /// Whether an instance of `cls` may get a new attribute `name`: always, unless every class
    /// of its line declares `__slots__` (without `__dict__`) and none of them names it.
    func slotsAllow(_ cls: PyType, _ name: String) throws -> Bool {
        var declared: [String] = []
        for t in cls.mro where t !== BuiltinTypes.object {
            guard !t.isBuiltin, let slots = t.dict["__slots__"] else { return true }
            if case .str(let one) = slots { declared.append(one.value); continue }
            for item in try iterateAll(slots) {
                guard case .str(let s) = item else { return true }
                declared.append(s.value)
            }
        }
        return declared.contains(name) || declared.contains("__dict__")
    }

    public func delAttr(_ v: Value, _ name: String) throws {
        if case .obj(let o) = v {
            if let inst = o as? PyInstance {
                if let p = inst.cls.lookup(name), case .obj(let prop as PyProperty) = p, !prop.deleter.isNone {
                    _ = try call(prop.deleter, [v], []); return
                }
                if inst.attrs.removeValue(forKey: name) != nil { return }
            } else if let t = o as? PyType, !t.isBuiltin {
                if t.dict.removeValue(forKey: name) != nil { return }
            } else if let m = o as? PyModule, m.get(name) != nil {
                m.globals[name]?.value = .unbound; return
            }
        }
        throw attributeError(v, name)
    }
}
