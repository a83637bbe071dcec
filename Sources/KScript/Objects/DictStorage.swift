// The table behind dict: insertion-ordered entries plus an open-addressing index, like CPython's
// compact dict. Keys hash with their cached Python hash (no rehashing of strings on lookup).

public struct DictStorage: Sequence, ExpressibleByDictionaryLiteral {
    /// The empty table a dict or set holds while its own is being changed.
    static let standIn = DictStorage()

    private var index: [Int32] = Array(repeating: -1, count: 8)
    private var hashes: [Int] = []
    private var keyValues: [Value] = []      // `.unbound` marks a deleted entry
    private var entryValues: [Value] = []
    public private(set) var count = 0

    public init() {}
    public init(dictionaryLiteral elements: (HashKey, Value)...) { for (k, v) in elements { self[k] = v } }
    public init<S: Sequence>(uniqueKeysWithValues s: S) where S.Element == (HashKey, Value) { for (k, v) in s { self[k] = v } }

    public var isEmpty: Bool { count == 0 }

    @inline(__always) static func hash(_ v: Value) -> Int {
        switch v {
        case .str(let s): return s.hash
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .float(let d): if let i = Int(exactly: d) { return i }; return HashKey(v).hashValue
        case .obj(let n as PyNumberLike): return hash(n.pythonNumber)
        default: return HashKey(v).hashValue
        }
    }

    @inline(__always) static func equal(_ a: Value, _ b: Value) -> Bool {
        if case .str(let x) = a {
            if case .str(let y) = b { return x === y || x.value == y.value }
            return false
        }
        if case .int(let x) = a, case .int(let y) = b { return x == y }
        return HashKey.keyEquals(a, b)
    }

    /// The entry holding `key`, or the index slot where it would go.
    private func find(_ key: Value, _ hash: Int) -> (entry: Int?, slot: Int) {
        let mask = UInt(index.count - 1)
        var perturb = UInt(bitPattern: hash)
        var i = UInt(bitPattern: hash) & mask
        var firstFree: Int? = nil
        while true {
            let ix = Int(index[Int(i)])
            if ix == -1 { return (nil, firstFree ?? Int(i)) }
            if ix == -2 {
                if firstFree == nil { firstFree = Int(i) }
            } else if hashes[ix] == hash && DictStorage.equal(keyValues[ix], key) {
                return (ix, Int(i))
            }
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ perturb) & mask
        }
    }

    public subscript(key: HashKey) -> Value? {
        get {
            let h = DictStorage.hash(key.value)
            guard let e = find(key.value, h).entry else { return nil }
            return entryValues[e]
        }
        set {
            guard let v = newValue else { _ = removeValue(forKey: key); return }
            let h = DictStorage.hash(key.value)
            let (entry, slot) = find(key.value, h)
            if let e = entry { entryValues[e] = v; return }
            index[slot] = Int32(keyValues.count)
            hashes.append(h); keyValues.append(key.value); entryValues.append(v)
            count += 1
            if keyValues.count * 3 >= index.count * 2 { rebuild() }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: HashKey) -> Value? {
        let (entry, slot) = find(key.value, DictStorage.hash(key.value))
        guard let e = entry else { return nil }
        let old = entryValues[e]
        index[slot] = -2
        keyValues[e] = .unbound
        entryValues[e] = .none
        count -= 1
        return old
    }

    /// Compacts the entries and sizes the index for them.
    private mutating func rebuild() {
        var size = 8
        while size * 2 <= count * 3 { size <<= 1 }
        var h: [Int] = [], k: [Value] = [], v: [Value] = []
        h.reserveCapacity(count); k.reserveCapacity(count); v.reserveCapacity(count)
        for i in 0..<keyValues.count where !keyValues[i].isUnbound {
            h.append(hashes[i]); k.append(keyValues[i]); v.append(entryValues[i])
        }
        hashes = h; keyValues = k; entryValues = v
        index = Array(repeating: -1, count: size)
        let mask = UInt(size - 1)
        for (e, hash) in hashes.enumerated() {
            var perturb = UInt(bitPattern: hash)
            var i = UInt(bitPattern: hash) & mask
            while index[Int(i)] != -1 { perturb >>= 5; i = (i &* 5 &+ 1 &+ perturb) & mask }
            index[Int(i)] = Int32(e)
        }
    }

    public var keys: [HashKey] { keyValues.filter { !$0.isUnbound }.map { HashKey($0) } }
    public var values: [Value] { (0..<keyValues.count).filter { !keyValues[$0].isUnbound }.map { entryValues[$0] } }

    /// The most recently inserted entry.
    public var last: (key: HashKey, value: Value)? {
        guard let i = keyValues.lastIndex(where: { !$0.isUnbound }) else { return nil }
        return (HashKey(keyValues[i]), entryValues[i])
    }

    public mutating func removeLast() {
        if let l = last { removeValue(forKey: l.key) }
    }

    public mutating func removeAll() { self = DictStorage() }

    public func makeIterator() -> AnyIterator<(key: HashKey, value: Value)> {
        var i = 0
        let k = keyValues, v = entryValues
        return AnyIterator {
            while i < k.count {
                defer { i += 1 }
                if !k[i].isUnbound { return (HashKey(k[i]), v[i]) }
            }
            return nil
        }
    }
}
