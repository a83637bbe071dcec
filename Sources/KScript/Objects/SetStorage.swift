// The table behind set and frozenset: CPython's open addressing (linear probes, then perturbed
// jumps; resize at 60% fill), so sets iterate and print in the order CPython gives.

public struct SetStorage: Sequence {
    /// The empty table a dict or set holds while its own is being changed.
    static let standIn = SetStorage()

    struct Slot { var hash: Int; var key: HashKey? ; var dummy: Bool }
    private var table: [Slot] = Array(repeating: Slot(hash: 0, key: nil, dummy: false), count: 8)
    private var fill = 0
    public private(set) var count = 0
    private var finger = 0

    static let linearProbes = 9
    static let perturbShift = 5

    public init() {}
    public init<S: Sequence>(_ keys: S) where S.Element == HashKey { for k in keys { append(k) } }

    public var isEmpty: Bool { count == 0 }
    private var mask: Int { table.count - 1 }

    /// Index of `key` in the table, or nil.
    private func find(_ key: HashKey, _ hash: Int) -> Int? {
        var perturb = UInt(bitPattern: hash)
        var i = Int(UInt(bitPattern: hash) & UInt(mask))
        while true {
            var probes = i + SetStorage.linearProbes <= mask ? SetStorage.linearProbes : 0
            var j = i
            while true {
                let s = table[j]
                if s.key == nil && !s.dummy { return nil }
                if !s.dummy && s.hash == hash && s.key! == key { return j }
                if probes == 0 { break }
                probes -= 1; j += 1
            }
            perturb >>= UInt(SetStorage.perturbShift)
            i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    public func contains(_ key: HashKey) -> Bool { find(key, PythonHash.of(key.value)) != nil }

    /// Adds `key` unless present (set_add_entry).
    public mutating func append(_ key: HashKey) {
        let hash = PythonHash.of(key.value)
        var perturb = UInt(bitPattern: hash)
        var i = Int(UInt(bitPattern: hash) & UInt(mask))
        var freeSlot: Int? = nil
        while true {
            var probes = i + SetStorage.linearProbes <= mask ? SetStorage.linearProbes : 0
            var j = i
            while true {
                let s = table[j]
                if s.key == nil && !s.dummy {
                    if let f = freeSlot {
                        table[f] = Slot(hash: hash, key: key, dummy: false)
                        count += 1
                        return
                    }
                    table[j] = Slot(hash: hash, key: key, dummy: false)
                    fill += 1; count += 1
                    if fill * 5 >= mask * 3 { resize(count > 50000 ? count * 2 : count * 4) }
                    return
                }
                if s.dummy {
                    if freeSlot == nil { freeSlot = j }
                } else if s.hash == hash && s.key! == key {
                    return
                }
                if probes == 0 { break }
                probes -= 1; j += 1
            }
            perturb >>= UInt(SetStorage.perturbShift)
            i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    private mutating func resize(_ minUsed: Int) {
        var size = 8
        while size <= minUsed { size <<= 1 }
        let old = table
        table = Array(repeating: Slot(hash: 0, key: nil, dummy: false), count: size)
        fill = count
        for s in old where s.key != nil && !s.dummy { insertClean(s) }
    }

    private mutating func insertClean(_ slot: Slot) {
        var perturb = UInt(bitPattern: slot.hash)
        var i = Int(UInt(bitPattern: slot.hash) & UInt(mask))
        while true {
            if table[i].key == nil { table[i] = slot; return }
            if i + SetStorage.linearProbes <= mask {
                for j in 1...SetStorage.linearProbes where table[i + j].key == nil { table[i + j] = slot; return }
            }
            perturb >>= UInt(SetStorage.perturbShift)
            i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    @discardableResult
    public mutating func remove(_ key: HashKey) -> HashKey? {
        guard let j = find(key, PythonHash.of(key.value)) else { return nil }
        let k = table[j].key
        table[j] = Slot(hash: -1, key: nil, dummy: true)
        count -= 1
        return k
    }

    /// set.pop(): the first entry at or after the finger.
    public mutating func removeFirst() -> HashKey {
        var j = finger & mask
        while table[j].key == nil { j = (j + 1) & mask }
        let k = table[j].key!
        table[j] = Slot(hash: -1, key: nil, dummy: true)
        count -= 1
        finger = j + 1
        return k
    }

    public mutating func removeAll() { self = SetStorage() }

    /// set_merge: adds every key of `other`, resizing once first, as CPython copies and unions sets.
    public mutating func merge(_ other: SetStorage) {
        if other.count == 0 { return }
        if (fill + other.count) * 5 >= mask * 3 { resize((count + other.count) * 2) }
        if fill == 0 && mask == other.mask && other.fill == other.count {
            table = other.table
            fill = other.fill; count = other.count
            return
        }
        if fill == 0 {
            fill = other.count; count = other.count
            for s in other.table where s.key != nil { insertClean(s) }
            return
        }
        for k in other { append(k) }
    }

    /// A copy made the way CPython copies a set (a merge into a new table).
    public func copy() -> SetStorage {
        var s = SetStorage()
        s.merge(self)
        return s
    }

    public func makeIterator() -> AnyIterator<HashKey> {
        var j = 0
        let t = table
        return AnyIterator {
            while j < t.count {
                defer { j += 1 }
                if let k = t[j].key { return k }
            }
            return nil
        }
    }

    /// The entries that pass `keep`, in this set's order.
    public func filter(_ keep: (HashKey) throws -> Bool) rethrows -> SetStorage {
        var out = SetStorage()
        for k in self where try keep(k) { out.append(k) }
        return out
    }
}
