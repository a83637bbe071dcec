// MT19937, the generator behind Python's `random` and numpy's legacy RandomState, with both
// seeding schemes (init_genrand and init_by_array) so seeded sequences match theirs exactly.
import Foundation

public struct MersenneTwister {
    var mt = [UInt32](repeating: 0, count: 624)
    var index = 625
    /// The second of the pair of normal values `random.gauss` makes, kept for its next call.
    public var gaussNext: Double?

    public init(seed: UInt32) { initGenrand(seed) }

    public mutating func initGenrand(_ s: UInt32) {
        gaussNext = nil
        mt[0] = s
        for i in 1..<624 {
            mt[i] = 1812433253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    public mutating func initByArray(_ key: [UInt32]) {
        initGenrand(19650218)
        var i = 1, j = 0
        let n = 624
        var k = max(n, key.count)
        while k > 0 {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1664525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
            if j >= key.count { j = 0 }
            k -= 1
        }
        k = n - 1
        while k > 0 {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1566083941)) &- UInt32(i)
            i += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
            k -= 1
        }
        mt[0] = 0x80000000
        index = 624
    }

    /// Python's `random.seed(n)` for a non-negative integer given as 32-bit words, low first.
    public mutating func seedPython(words: [UInt32]) { initByArray(words.isEmpty ? [0] : words) }

    public mutating func seedFromTime() {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        initByArray([UInt32(truncatingIfNeeded: t.tv_sec), UInt32(truncatingIfNeeded: t.tv_nsec), UInt32(truncatingIfNeeded: getpid())])
    }

    public mutating func next32() -> UInt32 {
        if index >= 624 {
            for i in 0..<624 {
                let y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff)
                var v = mt[(i + 397) % 624] ^ (y >> 1)
                if y & 1 != 0 { v ^= 0x9908b0df }
                mt[i] = v
            }
            index = 0
        }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c5680
        y ^= (y << 15) & 0xefc60000
        y ^= y >> 18
        return y
    }

    /// A double in [0, 1) with 53 random bits (genrand_res53), as Python and numpy make them.
    public mutating func nextDouble() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67108864.0 + b) / 9007199254740992.0
    }

    /// Python's `getrandbits(k)` for k <= 32.
    public mutating func bits(_ k: Int) -> UInt32 { next32() >> UInt32(32 - k) }

    /// Python's `_randbelow(n)`: rejection sampling on getrandbits(n.bit_length()).
    public mutating func below(_ n: Int) -> Int {
        if n <= 1 { return 0 }
        let k = Int.bitWidth - (n).leadingZeroBitCount
        while true {
            var r: UInt64
            if k <= 32 { r = UInt64(bits(k)) } else {
                let lo = UInt64(next32()), hi = UInt64(bits(k - 32))
                r = (hi << 32) | lo
            }
            if r < UInt64(n) { return Int(r) }
        }
    }
}
