// Iterators: the native ones over builtin containers, and the adapter for user `__next__`.

open class PyIterator: PyObject {
    /// The next item, or nil when exhausted.
    open func next() throws -> Value? { nil }
    /// What `next()` raises once `next` has returned nil.
    open func exhausted() -> PyError { .stopIteration() }
    open override var pyType: PyType { BuiltinTypes.iterator }
}

final class ArrayIterator: PyIterator {
    let items: [Value]
    var k = 0
    init(_ items: [Value]) { self.items = items }
    override func next() throws -> Value? {
        guard k < items.count else { return nil }
        defer { k += 1 }
        return items[k]
    }
}

/// Iterates a snapshot of a dict's or a set's items, raising CPython's RuntimeError at the next
/// step once the container's size has changed.
final class SizeCheckedIterator: PyIterator {
    let items: [Value]
    var k = 0
    let size: () -> Int
    let startSize: Int
    let message: String
    init(_ items: [Value], size: @escaping () -> Int, message: String) {
        self.items = items; self.size = size; startSize = size(); self.message = message
    }
    override func next() throws -> Value? {
        if size() != startSize { throw PyError.runtime(message) }
        guard k < items.count else { return nil }
        defer { k += 1 }
        return items[k]
    }

    static func dict(_ d: PyDict, _ items: [Value]) -> SizeCheckedIterator {
        SizeCheckedIterator(items, size: { d.storage.count }, message: "dictionary changed size during iteration")
    }
    static func set(_ s: PySet) -> SizeCheckedIterator {
        SizeCheckedIterator(s.storage.map { $0.value }, size: { s.storage.count }, message: "Set changed size during iteration")
    }
}

/// Iterates a list live: items appended during iteration are seen, as in CPython.
final class ListIterator: PyIterator {
    let list: PyList
    var k = 0
    init(_ list: PyList) { self.list = list }
    override func next() throws -> Value? {
        guard k < list.items.count else { return nil }
        defer { k += 1 }
        return list.items[k]
    }
}

final class RangeIterator: PyIterator {
    var cur: Int
    let step: Int
    var left: Int
    init(_ r: PyRange) { cur = r.start; step = r.step; left = r.count }
    override func next() throws -> Value? {
        guard left > 0 else { return nil }
        defer { cur &+= step; left -= 1 }
        return .int(cur)
    }
}

/// An iterator driven by a Swift closure.
final class ClosureIterator: PyIterator {
    let step: () throws -> Value?
    init(_ step: @escaping () throws -> Value?) { self.step = step }
    override func next() throws -> Value? { try step() }
}

/// Wraps an object whose class defines `__next__`.
final class MethodIterator: PyIterator {
    let interp: Interpreter
    let obj: Value
    let nextFn: Value
    init(_ interp: Interpreter, _ obj: Value, _ nextFn: Value) { self.interp = interp; self.obj = obj; self.nextFn = nextFn }
    override var pyType: PyType { obj.object?.pyType ?? BuiltinTypes.iterator }
    override func next() throws -> Value? {
        do { return try interp.call(nextFn, [], []) } catch let e as PyError where e.isInstance(of: ExcTypes.stopIteration) { return nil }
    }
}

/// Iterates with the old `__getitem__` protocol (0, 1, 2, ... until IndexError).
final class GetItemIterator: PyIterator {
    let interp: Interpreter
    let obj: Value
    var k = 0
    init(_ interp: Interpreter, _ obj: Value) { self.interp = interp; self.obj = obj }
    override func next() throws -> Value? {
        do {
            let v = try interp.getItem(obj, .int(k)); k += 1; return v
        } catch let e as PyError where e.isInstance(of: ExcTypes.indexError) || e.isInstance(of: ExcTypes.stopIteration) {
            return nil
        }
    }
}
