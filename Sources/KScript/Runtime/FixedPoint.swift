// Exact fixed-point formatting of a double (`%.Nf`) with 128-bit integer arithmetic: the binary
// value times 10^N, rounded half to even — the same digits as a correctly rounding printf.

enum FixedPoint {
    static let powersOfTen: [UInt128] = (0...19).map { p in (0..<p).reduce(UInt128(1)) { acc, _ in acc * 10 } }

    /// `%.{precision}f` of a finite value, or nil when it is outside the exact fast range.
    static func format(_ d: Double, precision: Int) -> String? {
        guard d.isFinite, precision >= 0, precision <= 17, abs(d) < 9.2e18 else { return nil }
        let m = UInt128(d.significandBitPattern | (d.isNormal ? (1 << 52) : 0))
        let e = Int(d.exponentBitPattern == 0 ? -1074 : Int(d.exponentBitPattern) - 1075)
        var n: UInt128
        if e >= 0 {
            n = (m << UInt128(e)) * powersOfTen[precision]
        } else {
            let k = -e
            let scaled = m * powersOfTen[precision]
            if k >= 127 {
                n = 0
            } else {
                n = scaled >> UInt128(k)
                let rem = scaled & ((UInt128(1) << UInt128(k)) - 1)
                let half = UInt128(1) << UInt128(k - 1)
                if rem > half || (rem == half && n & 1 == 1) { n += 1 }
            }
        }
        let sign = d.sign == .minus
        guard n <= UInt128(UInt64.max) else {
            var digits = String(n)
            if digits.count <= precision { digits = String(repeating: "0", count: precision + 1 - digits.count) + digits }
            let cut = digits.index(digits.endIndex, offsetBy: -precision)
            return (sign ? "-" : "") + digits[..<cut] + (precision > 0 ? "." + digits[cut...] : "")
        }
        // Write the digits backwards into a small buffer, with the point `precision` from the end.
        var v = UInt64(n)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buf in
            var i = 47
            var written = 0
            repeat {
                if written == precision && precision > 0 { buf[i] = UInt8(ascii: "."); i -= 1 }
                buf[i] = UInt8(ascii: "0") + UInt8(v % 10); i -= 1
                v /= 10
                written += 1
            } while v > 0 || written <= precision
            if sign { buf[i] = UInt8(ascii: "-"); i -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[(i + 1)...]), as: UTF8.self)
        }
    }
}
