// Subscripts, membership, length and iteration over every kind of value.
import BigInt

extension Interpreter {
    /// An index into a sequence of `count` items, with negative indices and CPython's IndexError.
    func seqIndex(_ k: Value, _ count: Int, _ what: String) throws -> Int {
        let i: Int
        switch k {
        case .int(let x): i = x
        case .bool(let b): i = b ? 1 : 0
        case .obj(is PyBigInt): throw PyError.index("cannot fit 'int' into an index-sized integer")
        default:
            if let idx = try indexValue(k) { i = idx } else {
                if what == "string" { throw PyError.type("string indices must be integers, not '\(typeName(k))'") }
                throw PyError.type("\(what) indices must be integers or slices, not \(typeName(k))")
            }
        }
        let j = i < 0 ? i + count : i
        if j < 0 || j >= count { throw PyError.index("\(what) index out of range") }
        return j
    }

    /// `__index__` of a user object or an integer scalar, if it has one.
    func indexValue(_ v: Value) throws -> Int? {
        if case .obj(let n as PyNumberLike) = v, n.isIndex, case .int(let i) = n.pythonNumber { return i }
        if case .obj(let o) = v, o is PyInstance, let f = o.pyType.lookup("__index__") {
            if case .int(let i) = try call(f, [v], []) { return i }
        }
        return nil
    }

    func sliceItems<T>(_ items: [T], _ s: PySlice) throws -> [T] {
        let (start, _, step, n) = try s.indices(items.count)
        if step == 1 { return Array(items[start..<(start + n)]) }
        var out: [T] = []
        out.reserveCapacity(n)
        var i = start
        for _ in 0..<n { out.append(items[i]); i += step }
        return out
    }

    public func getItem(_ o: Value, _ k: Value) throws -> Value {
        if case .obj(let obj) = o, type(of: obj) == PyDict.self {
            let d = unsafeDowncast(obj, to: PyDict.self)
            if d.subclass == nil, let v = d.storage[try hashKey(k)] { return v }
        }
        switch o {
        case .str(let s):
            if case .obj(let sl as PySlice) = k {
                var r = ""
                r.unicodeScalars.append(contentsOf: try sliceItems(s.scalars, sl))
                return .string(r)
            }
            let i = try seqIndex(k, s.count, "string")
            if s.isASCII { return .string(String(UnicodeScalar(s.value.utf8[s.value.utf8.index(s.value.utf8.startIndex, offsetBy: i)]))) }
            return .string(String(s.scalars[i]))
        case .obj(let obj):
            switch obj {
            case let l as PyList:
                if let f = userOverride(l.subclass, "__getitem__") { return try call(f, [o, k], []) }
                if case .obj(let sl as PySlice) = k { return .obj(PyList(try sliceItems(l.items, sl))) }
                return l.items[try seqIndex(k, l.items.count, "list")]
            case let t as PyTuple:
                if let f = userOverride(t.subclass, "__getitem__") { return try call(f, [o, k], []) }
                if case .obj(let sl as PySlice) = k { return .obj(PyTuple(try sliceItems(t.items, sl))) }
                return t.items[try seqIndex(k, t.items.count, "tuple")]
            case let d as PyDict:
                if let f = userOverride(d.subclass, "__getitem__") { return try call(f, [o, k], []) }
                if let v = d.storage[try hashKey(k)] { return v }
                if let missing = d.pyType.lookup("__missing__") { return try call(missing, [o, k], []) }
                throw PyError.key(k)
            case let r as PyRange:
                if case .obj(let sl as PySlice) = k {
                    let (start, _, step, n) = try sl.indices(r.count)
                    return .obj(PyRange(r.at(start), r.at(start) + n * step * r.step, step * r.step))
                }
                return .int(r.at(try seqIndex(k, r.count, "range object")))
            case let b as PyBytes:
                if case .obj(let sl as PySlice) = k { return .obj(PyBytes(try sliceItems(b.bytes, sl))) }
                return .int(Int(b.bytes[try seqIndex(k, b.bytes.count, "index")]))
            case let t as PyType:
                if let f = t.metaclass?.lookup("__getitem__") { return try call(f, [o, k], []) }
                if let f = t.lookup("__class_getitem__") { return try call(f, [o, k], []) }
                if t.isBuiltin { return o }
            default:
                if let f = obj.pyType.lookup("__getitem__") { return try call(f, [o, k], []) }
            }
        default: break
        }
        throw PyError.type("'\(typeName(o))' object is not subscriptable")
    }

    public func setItem(_ o: Value, _ k: Value, _ v: Value) throws {
        if case .obj(let obj) = o, type(of: obj) == PyDict.self {
            let d = unsafeDowncast(obj, to: PyDict.self)
            if d.subclass == nil { d.storage[try hashKey(k)] = v; return }
        }
        if case .obj(let obj) = o {
            if let c = obj as? SubclassableContainer, let f = userOverride(c.subclass, "__setitem__") { _ = try call(f, [o, k, v], []); return }
            switch obj {
            case let l as PyList:
                if case .obj(let sl as PySlice) = k {
                    let new = try iterateAll(v)
                    let (start, stop, step, n) = try sl.indices(l.items.count)
                    if step == 1 {
                        l.items.replaceSubrange(start..<max(start, stop), with: new)
                    } else {
                        if new.count != n { throw PyError.value("attempt to assign sequence of size \(new.count) to extended slice of size \(n)") }
                        var i = start
                        for x in new { l.items[i] = x; i += step }
                    }
                    return
                }
                l.items[try seqIndex(k, l.items.count, "list assignment")] = v
                return
            case let d as PyDict:
                d.storage[try hashKey(k)] = v
                return
            default:
                if let f = obj.pyType.lookup("__setitem__") { _ = try call(f, [o, k, v], []); return }
            }
        }
        throw PyError.type("'\(typeName(o))' object does not support item assignment")
    }

    public func delItem(_ o: Value, _ k: Value) throws {
        if case .obj(let obj) = o {
            if let c = obj as? SubclassableContainer, let f = userOverride(c.subclass, "__delitem__") { _ = try call(f, [o, k], []); return }
            switch obj {
            case let l as PyList:
                if case .obj(let sl as PySlice) = k {
                    let (start, _, step, n) = try sl.indices(l.items.count)
                    var drop = Set<Int>()
                    var i = start
                    for _ in 0..<n { drop.insert(i); i += step }
                    l.items = l.items.enumerated().filter { !drop.contains($0.offset) }.map { $0.element }
                    return
                }
                l.items.remove(at: try seqIndex(k, l.items.count, "list assignment"))
                return
            case let d as PyDict:
                if d.storage.removeValue(forKey: try hashKey(k)) == nil { throw PyError.key(k) }
                return
            default:
                if let f = obj.pyType.lookup("__delitem__") { _ = try call(f, [o, k], []); return }
            }
        }
        throw PyError.type("'\(typeName(o))' object doesn't support item deletion")
    }

    public func contains(_ container: Value, _ item: Value) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = item else {
                throw PyError.type("'in <string>' requires string as left operand, not \(typeName(item))")
            }
            return sub.value.isEmpty || s.value.contains(sub.value)
        case .obj(let o):
            if let c = o as? SubclassableContainer, let f = userOverride(c.subclass, "__contains__") { return try truthy(try call(f, [container, item], [])) }
            switch o {
            case let l as PyList: for x in l.items where try identical(x, item) || equals(x, item) { return true }; return false
            case let t as PyTuple: for x in t.items where try identical(x, item) || equals(x, item) { return true }; return false
            case let d as PyDict: return d.storage[try hashKey(item)] != nil
            case let s as PySet: return s.storage.contains(try hashKey(item))
            case let r as PyRange:
                guard case .int(let i) = item else { return false }
                if r.step > 0 ? (i < r.start || i >= r.stop) : (i > r.start || i <= r.stop) { return false }
                return (i - r.start) % r.step == 0
            default:
                if let f = o.pyType.lookup("__contains__") { return try truthy(try call(f, [container, item], [])) }
            }
        default: break
        }
        let it: PyIterator
        do { it = try iterate(container) } catch {
            throw PyError.type("argument of type '\(typeName(container))' is not iterable")
        }
        while let x = try it.next() { if try identical(x, item) || equals(x, item) { return true } }
        return false
    }

    public func len(_ v: Value) throws -> Int {
        switch v {
        case .str(let s): return s.count
        case .obj(let o):
            if let c = o as? SubclassableContainer, let f = userOverride(c.subclass, "__len__") { return try intLength(try call(f, [v], [])) }
            switch o {
            case let l as PyList: return l.items.count
            case let t as PyTuple: return t.items.count
            case let d as PyDict: return d.storage.count
            case let s as PySet: return s.storage.count
            case let r as PyRange: return r.count
            case let b as PyBytes: return b.bytes.count
            default:
                if let f = o.pyType.lookup("__len__") { return try intLength(try call(f, [v], [])) }
            }
        default: break
        }
        throw PyError.type("object of type '\(typeName(v))' has no len()")
    }

    /// What `__len__` returned, checked as CPython checks it.
    func intLength(_ r: Value) throws -> Int {
        guard case .int(let n) = r else { throw PyError.type("'\(typeName(r))' object cannot be interpreted as an integer") }
        if n < 0 { throw PyError.value("__len__() should return >= 0") }
        return n
    }

    public func iterate(_ v: Value, unpacking: Bool = false) throws -> PyIterator {
        switch v {
        case .str(let s):
            if s.isASCII {
                let bytes = Array(s.value.utf8)
                var k = 0
                return ClosureIterator { guard k < bytes.count else { return nil }; defer { k += 1 }; return .string(String(UnicodeScalar(bytes[k]))) }
            }
            let sc = s.scalars
            var k = 0
            return ClosureIterator { guard k < sc.count else { return nil }; defer { k += 1 }; return .string(String(sc[k])) }
        case .obj(let o):
            if let c = o as? SubclassableContainer, let f = userOverride(c.subclass, "__iter__") { return try iteratorFrom(try call(f, [v], [])) }
            switch o {
            case let it as PyIterator: return it
            case let l as PyList: return ListIterator(l)
            case let t as PyTuple: return ArrayIterator(t.items)
            case let r as PyRange: return RangeIterator(r)
            case let d as PyDict: return SizeCheckedIterator.dict(d, d.storage.keys.map { $0.value })
            case let s as PySet: return SizeCheckedIterator.set(s)
            case let b as PyBytes: return ArrayIterator(b.bytes.map { .int(Int($0)) })
            default:
                if let f = o.pyType.lookup("__iter__") { return try iteratorFrom(try call(f, [v], [])) }
                if o.pyType.lookup("__getitem__") != nil { return GetItemIterator(self, v) }
            }
        default: break
        }
        if unpacking { throw PyError.type("cannot unpack non-iterable \(typeName(v)) object") }
        throw PyError.type("'\(typeName(v))' object is not iterable")
    }

    /// The iterator `__iter__` returned.
    func iteratorFrom(_ r: Value) throws -> PyIterator {
        if case .obj(let it as PyIterator) = r { return it }
        if case .obj(let ro) = r, let nx = ro.pyType.lookup("__next__") {
            return MethodIterator(self, r, .obj(PyBoundMethod(r, nx)))
        }
        throw PyError.type("iter() returned non-iterator of type '\(typeName(r))'")
    }

    public func iterateAll(_ v: Value) throws -> [Value] {
        switch v {
        case .obj(let l as PyList) where l.subclass == nil: return l.items
        case .obj(let t as PyTuple) where t.subclass == nil: return t.items
        case .obj(let r as PyRange):
            try AllocationGuard.check(r.count, bytesEach: MemoryLayout<Value>.stride)
            return (0..<r.count).map { .int(r.at($0)) }
        default:
            let it = try iterate(v)
            var out: [Value] = []
            while let x = try it.next() { out.append(x) }
            return out
        }
    }

    /// The (key, value) pairs of a mapping, for `**m` and dict(m).
    func mappingItems(_ m: Value) throws -> [(Value, Value)] {
        if case .obj(let d as PyDict) = m, userOverride(d.subclass, "__getitem__") == nil { return d.storage.map { ($0.key.value, $0.value) } }
        if case .obj(let o) = m, let keys = o.pyType.lookup("keys") {
            return try iterateAll(try call(keys, [m], [])).map { ($0, try getItem(m, $0)) }
        }
        throw PyError.type("'\(typeName(m))' object is not a mapping")
    }

    func mergeMapping(into d: PyDict, _ m: Value) throws {
        for (k, v) in try mappingItems(m) { d.storage[try hashKey(k)] = v }
    }
}
