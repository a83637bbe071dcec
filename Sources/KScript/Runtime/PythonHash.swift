// CPython's hash values for numbers, tuples and None, so hash() and set iteration order match
// CPython's exactly (str hashes are randomised in CPython, so any stable hash is faithful).
import Foundation
import BigInt

enum PythonHash {
    static let modulus: UInt64 = (1 << 61) - 1

    static func ofInt(_ i: Int) -> Int {
        let m = Int(modulus)
        var h = i >= 0 ? i % m : -((-(i + 1)) % m + 1) % m
        if i < 0 && h > 0 { h = -h }
        return h == -1 ? -2 : h
    }

    static func ofBig(_ b: BigInt) -> Int {
        let m = BigUInt(modulus)
        var r = Int(b.magnitude % m)
        if b.signum() < 0 { r = -r }
        return r == -1 ? -2 : r
    }

    /// _Py_HashDouble: integral values hash like ints; others by their binary expansion mod 2^61-1.
    static func ofDouble(_ d: Double) -> Int {
        if d.isNaN { return 0 }
        if d.isInfinite { return d > 0 ? 314159 : -314159 }
        var (m, e) = frexpPair(d)
        var sign = 1
        if m < 0 { sign = -1; m = -m }
        var x: UInt64 = 0
        while m != 0 {
            x = ((x << 28) & modulus) | x >> (61 - 28)
            m *= 268435456.0
            e -= 28
            let y = UInt64(m)
            m -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        let ee = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61)
        x = ((x << UInt64(ee)) & modulus) | x >> UInt64(61 - ee)
        var h = Int(x) * sign
        if h == -1 { h = -2 }
        return h
    }

    static func frexpPair(_ d: Double) -> (Double, Int) {
        var e: Int32 = 0
        let m = frexp(d, &e)
        return (m, Int(e))
    }

    static func ofTuple(_ items: [Value]) -> Int {
        let p1: UInt64 = 11400714785074694791, p2: UInt64 = 14029467366897019727, p5: UInt64 = 2870177450012600261
        var acc = p5
        for v in items {
            let lane = UInt64(bitPattern: Int64(of(v)))
            acc = acc &+ lane &* p2
            acc = (acc << 31) | (acc >> 33)
            acc = acc &* p1
        }
        acc = acc &+ (UInt64(items.count) ^ (p5 ^ 3527539))
        if acc == UInt64.max { return 1546275796 }
        return Int(Int64(bitPattern: acc))
    }

    /// hash(v) for a hashable value.
    static func of(_ v: Value) -> Int {
        switch v {
        case .int(let i): return ofInt(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return ofDouble(d)
        case .none: return 4238894112
        case .str(let s): return s.hash == -1 ? -2 : s.hash
        case .obj(let o):
            switch o {
            case let b as PyBigInt: return ofBig(b.value)
            case let t as PyTuple: return ofTuple(t.items)
            case let n as PyNumberLike: return of(n.pythonNumber)
            default: return HashKey(v).hashValue
            }
        case .unbound: return 0
        }
    }
}
