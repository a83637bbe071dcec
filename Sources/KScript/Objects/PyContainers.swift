// The builtin containers: list, tuple, dict, set/frozenset, range and slice objects.
import OrderedCollections

/// What an instance of a user class derived from list, tuple, dict or set carries beyond the
/// container itself: its class and its own attributes.
public final class SubclassInstance {
    public let cls: PyType
    public var attrs: OrderedDictionary<String, Value> = [:]
    public init(_ cls: PyType) { self.cls = cls }
}

/// The builtin containers a script's class may derive from.
public protocol SubclassableContainer: PyObject {
    var subclass: SubclassInstance? { get set }
}

public final class PyList: PyObject, SubclassableContainer {
    public var items: [Value]
    public var subclass: SubclassInstance?
    public init(_ items: [Value] = []) { self.items = items }
    public override var pyType: PyType { subclass?.cls ?? BuiltinTypes.list }
}

public final class PyTuple: PyObject, SubclassableContainer {
    public let items: [Value]
    public var subclass: SubclassInstance?
    public init(_ items: [Value]) { self.items = items }
    public override var pyType: PyType { subclass?.cls ?? BuiltinTypes.tuple }
    public static let empty = PyTuple([])
}

/// Whether a script's class has defined `__hash__`: only then can a dict or set lookup run script
/// code (the class's `__eq__`), which may change the container being looked into.
public enum ScriptKeys {
    nonisolated(unsafe) public static var exist = false
}

public final class PyDict: PyObject, SubclassableContainer {
    /// The table. Reads take their own reference and writes move it out while they run, so a
    /// key's `__eq__` that changes this dict in the middle of a lookup (a script may) changes an
    /// empty stand-in instead of freeing the table under the lookup; such a change is lost.
    public var storage: DictStorage {
        get { table }
        _modify {
            // Without a script's __hash__ no lookup runs script code: the table is changed in place.
            if !ScriptKeys.exist { yield &table; return }
            var moved = table
            table = DictStorage.standIn
            defer { table = moved }
            yield &moved
        }
        set { table = newValue }
    }
    private var table: DictStorage
    public var subclass: SubclassInstance?
    public init(_ storage: DictStorage = DictStorage()) { self.table = storage }
    public override var pyType: PyType { subclass?.cls ?? BuiltinTypes.dict }
    public func get(_ key: String) -> Value? { storage[HashKey(.string(key))] }
    public func set(_ key: String, _ v: Value) { storage[HashKey(.string(key))] = v }
}

public final class PySet: PyObject, SubclassableContainer {
    /// The table, read and written as PyDict's is (a member's `__eq__` may change the set). The
    /// two accessors are spelled out: as a property wrapper, the wrapper itself stays under an
    /// access for the whole write, and the script's change to it released the table twice.
    public var storage: SetStorage {
        get { table }
        _modify {
            if !ScriptKeys.exist { yield &table; return }
            var moved = table
            table = SetStorage.standIn
            defer { table = moved }
            yield &moved
        }
        set { table = newValue }
    }
    private var table: SetStorage
    public let frozen: Bool
    public var subclass: SubclassInstance?
    public init(_ storage: SetStorage = SetStorage(), frozen: Bool = false) {
        self.table = storage
        self.frozen = frozen
    }
    public override var pyType: PyType { subclass?.cls ?? (frozen ? BuiltinTypes.frozenset : BuiltinTypes.set) }
}

public final class PyRange: PyObject {
    public let start: Int, stop: Int, step: Int
    public init(_ start: Int, _ stop: Int, _ step: Int) { self.start = start; self.stop = stop; self.step = step }
    public override var pyType: PyType { BuiltinTypes.range }
    public var count: Int {
        if step > 0 { return start < stop ? (stop - start - 1) / step + 1 : 0 }
        return start > stop ? (start - stop - 1) / (-step) + 1 : 0
    }
    public func at(_ i: Int) -> Int { start + i * step }
}

public final class PySlice: PyObject {
    public let start: Value, stop: Value, step: Value
    public init(_ start: Value, _ stop: Value, _ step: Value) { self.start = start; self.stop = stop; self.step = step }
    public override var pyType: PyType { BuiltinTypes.slice }

    /// Resolves the slice against a sequence length, as `slice.indices(len)` does.
    public func indices(_ length: Int) throws -> (start: Int, stop: Int, step: Int, count: Int) {
        func intOf(_ v: Value) throws -> Int? {
            switch v {
            case .none: return nil
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            case .obj(let o as PyBigInt): return o.value.signum() < 0 ? Int.min / 2 : Int.max / 2
            case .obj(let n as PyNumberLike) where n.isIndex: if case .int(let i) = n.pythonNumber { return i }; fallthrough
            default: throw PyError.type("slice indices must be integers or None or have an __index__ method")
            }
        }
        let st = try intOf(step) ?? 1
        if st == 0 { throw PyError.value("slice step cannot be zero") }
        var lo: Int, hi: Int
        if st > 0 {
            lo = try intOf(start).map { $0 < 0 ? max(0, $0 + length) : min($0, length) } ?? 0
            hi = try intOf(stop).map { $0 < 0 ? max(0, $0 + length) : min($0, length) } ?? length
            let n = lo < hi ? (hi - lo - 1) / st + 1 : 0
            return (lo, hi, st, n)
        } else {
            lo = try intOf(start).map { $0 < 0 ? max(-1, $0 + length) : min($0, length - 1) } ?? (length - 1)
            hi = try intOf(stop).map { $0 < 0 ? max(-1, $0 + length) : min($0, length - 1) } ?? -1
            let n = lo > hi ? (lo - hi - 1) / (-st) + 1 : 0
            return (lo, hi, st, n)
        }
    }
}

/// Singletons with no data of their own.
public final class PySingleton: PyObject {
    let type: PyType
    let repr: String
    init(_ type: PyType, _ repr: String) { self.type = type; self.repr = repr }
    public override var pyType: PyType { type }
    public static let ellipsis = PySingleton(BuiltinTypes.ellipsis, "Ellipsis")
    public static let notImplemented = PySingleton(BuiltinTypes.notImplementedType, "NotImplemented")
}
