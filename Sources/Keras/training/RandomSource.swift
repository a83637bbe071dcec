// The engine's random numbers (weight initialization, dropout, noise, shuffling): xoshiro256**
// seeded through splitmix64, so `keras.utils.set_random_seed(n)` makes a whole run repeatable.
import Foundation

public struct RandomSource {
    private var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    public init(seed: UInt64) { reseed(seed) }

    public mutating func reseed(_ seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    @inline(__always) public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = (s.3 << 45) | (s.3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always) public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal (Box-Muller).
    public mutating func normal() -> Double {
        var u = uniform()
        while u == 0 { u = uniform() }
        let v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Standard normal redrawn until within two standard deviations (Keras's truncated normal).
    public mutating func truncatedNormal() -> Double {
        while true { let z = normal(); if abs(z) <= 2 { return z } }
    }

    /// A uniform integer in 0..<n.
    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// 0..<n in random order (Fisher-Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var a = Array(0..<n)
        if n > 1 { for i in stride(from: n - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) } }
        return a
    }
}
