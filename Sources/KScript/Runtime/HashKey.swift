// Dictionary and set keys with Python's equality: 1 == 1.0 == True, tuples compare by items.
import BigInt

public struct HashKey: Hashable {
    public let value: Value
    public init(_ value: Value) { self.value = value }

    public static func == (a: HashKey, b: HashKey) -> Bool {
        // The common key kinds first, without building a tuple of both values.
        if case .str(let x) = a.value {
            if case .str(let y) = b.value { return x === y || (x.hash == y.hash && x.value == y.value) }
            return false
        }
        if case .int(let x) = a.value, case .int(let y) = b.value { return x == y }
        return keyEquals(a.value, b.value)
    }

    public func hash(into h: inout Hasher) { HashKey.hashValue(value, into: &h) }

    static func hashValue(_ v: Value, into h: inout Hasher) {
        switch v {
        case .none: h.combine(0x6e6f6e65)
        case .bool(let b): h.combine(b ? 1 : 0)
        case .int(let i): h.combine(i)
        case .float(let d):
            if let i = Int(exactly: d) { h.combine(i) } else { h.combine(d) }
        case .str(let s): h.combine(s.hash)
        case .obj(let o):
            switch o {
            case let b as PyBigInt: h.combine(b.value)
            case let t as PyTuple: h.combine(t.items.count); for x in t.items { hashValue(x, into: &h) }
            case let s as PySet: h.combine(s.storage.count); var acc = 0; for k in s.storage { acc ^= k.hashValue }; h.combine(acc)
            case let b as PyBytes: h.combine(b.bytes)
            case let i as PyInstance where i.keyHash != nil: h.combine(i.keyHash!)
            case let n as PyNumberLike: hashValue(n.pythonNumber, into: &h)
            default: h.combine(ObjectIdentifier(o))
            }
        case .unbound: h.combine(-1)
        }
    }

    /// Equality of hashable values (objects whose class defines __hash__ by their __eq__, other
    /// objects by identity).
    static func keyEquals(_ a: Value, _ b: Value) -> Bool {
        if case .obj(let x as PyNumberLike) = a { return keyEquals(x.pythonNumber, b) }
        if case .obj(let y as PyNumberLike) = b { return keyEquals(a, y.pythonNumber) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.str(let x), .str(let y)): return x === y || x.value == y.value
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.int, .float), (.float, .int), (.bool, .int), (.int, .bool), (.bool, .float), (.float, .bool):
            return numericEquals(a, b)
        case (.obj(let x), .obj(let y)):
            if x === y { return true }
            switch (x, y) {
            case (let p as PyBigInt, let q as PyBigInt): return p.value == q.value
            case (let p as PyTuple, let q as PyTuple):
                return p.items.count == q.items.count && zip(p.items, q.items).allSatisfy { keyEquals($0, $1) }
            case (let p as PySet, let q as PySet): return p.storage.count == q.storage.count && p.storage.allSatisfy { q.storage.contains($0) }
            case (let p as PyBytes, let q as PyBytes): return p.bytes == q.bytes
            default:
                // Objects whose class hashes them compare with the class's __eq__ (an error in it is inequality).
                func hashed(_ o: PyObject) -> PyInstance? { (o as? PyInstance).flatMap { $0.keyHash == nil ? nil : $0 } }
                guard let owner = hashed(x) ?? hashed(y), let interp = owner.cls.interpreter else { return false }
                return (try? interp.equals(a, b)) ?? false
            }
        default: return false
        }
    }

    static func numericEquals(_ a: Value, _ b: Value) -> Bool {
        func d(_ v: Value) -> Double? {
            switch v { case .int(let i): return Double(i); case .float(let f): return f; case .bool(let b): return b ? 1 : 0; default: return nil }
        }
        if let x = d(a), let y = d(b) { return x == y }
        return false
    }
}
