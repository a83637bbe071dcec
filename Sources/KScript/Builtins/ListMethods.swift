// list and tuple: constructors and methods, including a stable sort with key= and reverse=.

enum ListMethods {
    static func list(_ v: Value) throws -> PyList {
        guard case .obj(let l as PyList) = v else { throw PyError.type("descriptor requires a 'list' object") }
        return l
    }

    static func register(_ t: PyType) {
        t.construct = { interp, _, args, kw in
            if !kw.isEmpty { throw PyError.type("list() takes no keyword arguments") }
            if args.count > 1 { throw PyError.type("list expected at most 1 argument, got \(args.count)") }
            return .obj(PyList(try args.first.map { try interp.iterateAll($0) } ?? []))
        }
        t.def1("append", "object") { _, s, x in try list(s).items.append(x); return .none }
        t.def("extend", ["iterable"]) { interp, a in
            let l = try list(a[0])
            l.items.append(contentsOf: try interp.iterateAll(a[1]))
            return .none
        }
        t.def("insert", ["index", "object"]) { interp, a in
            let l = try list(a[0])
            var i = try interp.intArg(a[1])
            if i < 0 { i = max(0, i + l.items.count) }
            l.items.insert(a[2], at: min(i, l.items.count))
            return .none
        }
        t.def("pop", ["index"], defaults: [.int(-1)]) { interp, a in
            let l = try list(a[0])
            if l.items.isEmpty { throw PyError.index("pop from empty list") }
            var i = try interp.intArg(a[1])
            if i < 0 { i += l.items.count }
            guard i >= 0 && i < l.items.count else { throw PyError.index("pop index out of range") }
            return l.items.remove(at: i)
        }
        t.def("remove", ["value"]) { interp, a in
            let l = try list(a[0])
            // The length is read again at each step: an item's __eq__ may change the list.
            var k = 0
            while k < l.items.count {
                if try interp.equals(l.items[k], a[1]) {
                    if k < l.items.count { l.items.remove(at: k) }
                    return .none
                }
                k += 1
            }
            throw PyError.value("list.remove(x): x not in list")
        }
        t.def("index", ["value", "start", "stop"], defaults: [.int(0), .int(Int.max)]) { interp, a in
            let l = try list(a[0])
            let (lo, hi) = try bounds(interp, a[2], a[3], l.items.count)
            var k = lo
            while k < Swift.min(hi, l.items.count) {
                if try interp.equals(l.items[k], a[1]) { return .int(k) }
                k += 1
            }
            throw PyError.value("\(try interp.repr(a[1])) is not in list")
        }
        t.def("count", ["value"]) { interp, a in
            .int(try list(a[0]).items.filter { try interp.equals($0, a[1]) }.count)
        }
        t.def("clear") { _, a in try list(a[0]).items.removeAll(); return .none }
        t.def("copy") { _, a in .obj(PyList(try list(a[0]).items)) }
        t.def("reverse") { _, a in try list(a[0]).items.reverse(); return .none }
        t.def("sort", ["*", "key", "reverse"], kwDefaults: ["key": .none, "reverse": .bool(false)]) { interp, a in
            // As CPython: the list is empty while it sorts, and a change made meanwhile (by a
            // key function or a comparison) is reported once the sorted items are back.
            let l = try list(a[0])
            let items = l.items
            l.items = []
            let result: [Value]
            do { result = try sorted(interp, items, key: a[1], reverse: try interp.truthy(a[2])) } catch { l.items = items; throw error }
            let modified = !l.items.isEmpty
            l.items = result
            if modified { throw PyError.value("list modified during sort") }
            return .none
        }
        t.def("__len__") { _, a in .int(try list(a[0]).items.count) }
        t.def("__getitem__", ["i"]) { interp, a in try interp.getItem(a[0], a[1]) }
        t.def("__setitem__", ["i", "v"]) { interp, a in try interp.setItem(a[0], a[1], a[2]); return .none }
        t.def("__contains__", ["x"]) { interp, a in .bool(try interp.contains(a[0], a[1])) }
        t.def("__iter__") { interp, a in .obj(try interp.iterate(a[0])) }
        t.dict["__hash__"] = Value.none
    }

    static func bounds(_ interp: Interpreter, _ s: Value, _ e: Value, _ n: Int) throws -> (Int, Int) {
        var lo = try interp.intArg(s), hi = try interp.intArg(e)
        if lo < 0 { lo = max(0, lo + n) }
        if hi < 0 { hi = max(0, hi + n) }
        return (min(lo, n), min(hi, n))
    }

    /// A stable merge sort using Python's `<`; `key` computed once per item.
    static func sorted(_ interp: Interpreter, _ items: [Value], key: Value, reverse: Bool) throws -> [Value] {
        let keys = key.isNone ? items : try items.map { try interp.call(key, [$0], []) }
        var idx = Array(0..<items.count)
        var firstError: Error? = nil
        func less(_ i: Int, _ j: Int) -> Bool {
            if firstError != nil { return false }
            do {
                if case .int(let x) = keys[i], case .int(let y) = keys[j] { return x < y }
                if case .float(let x) = keys[i], case .float(let y) = keys[j] { return x < y }
                if case .str(let x) = keys[i], case .str(let y) = keys[j] { return interp.compareStrings(x.value, y.value) < 0 }
                return try interp.order(.lt, keys[i], keys[j])
            } catch { firstError = error; return false }
        }
        // Reverse keeps stability: equal items stay in their original order.
        mergeSort(&idx) { a, b in reverse ? less(b, a) : less(a, b) }
        if let e = firstError { throw e }
        return idx.map { items[$0] }
    }

    static func mergeSort(_ a: inout [Int], _ less: (Int, Int) -> Bool) {
        if a.count < 2 { return }
        var buf = a
        func sort(_ lo: Int, _ hi: Int) {
            if hi - lo < 2 { return }
            if hi - lo <= 16 {
                for i in (lo + 1)..<hi {
                    let x = a[i]; var j = i
                    while j > lo && less(x, a[j - 1]) { a[j] = a[j - 1]; j -= 1 }
                    a[j] = x
                }
                return
            }
            let mid = (lo + hi) / 2
            sort(lo, mid); sort(mid, hi)
            if !less(a[mid], a[mid - 1]) { return }
            var i = lo, j = mid, k = lo
            while i < mid && j < hi { if less(a[j], a[i]) { buf[k] = a[j]; j += 1 } else { buf[k] = a[i]; i += 1 }; k += 1 }
            while i < mid { buf[k] = a[i]; i += 1; k += 1 }
            while j < hi { buf[k] = a[j]; j += 1; k += 1 }
            for m in lo..<hi { a[m] = buf[m] }
        }
        sort(0, a.count)
    }
}

enum TupleMethods {
    static func register(_ t: PyType) {
        t.construct = { interp, _, args, kw in
            if !kw.isEmpty { throw PyError.type("tuple() takes no keyword arguments") }
            if args.count > 1 { throw PyError.type("tuple expected at most 1 argument, got \(args.count)") }
            if case .obj(let tu as PyTuple)? = args.first, tu.subclass == nil { return .obj(tu) }
            return .obj(PyTuple(try args.first.map { try interp.iterateAll($0) } ?? []))
        }
        t.def("index", ["value"]) { interp, a in
            guard case .obj(let tu as PyTuple) = a[0] else { return .none }
            for (k, x) in tu.items.enumerated() where try interp.equals(x, a[1]) { return .int(k) }
            throw PyError.value("tuple.index(x): x not in tuple")
        }
        t.def("count", ["value"]) { interp, a in
            guard case .obj(let tu as PyTuple) = a[0] else { return .none }
            return .int(try tu.items.filter { try interp.equals($0, a[1]) }.count)
        }
        t.def("__len__") { interp, a in .int(try interp.len(a[0])) }
        t.def("__getitem__", ["i"]) { interp, a in try interp.getItem(a[0], a[1]) }
        t.def("__contains__", ["x"]) { interp, a in .bool(try interp.contains(a[0], a[1])) }
    }
}
