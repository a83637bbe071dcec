// numpy's arithmetic on integer and boolean arrays: exact in 64 bits, wrapping around on
// overflow (`np.array([2**62]) * 4` is 0) and narrowed to the result's width by dropping the high
// bits (int32 and uint8 wrap too); floor division and remainder by zero give 0, as numpy's do
// (it also warns).
extension Tensor {
    /// `out = a op b` over the broadcast shape, for an integer or boolean `out`.
    static func integerBinary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ out: Tensor) throws {
        let x = try a.broadcast(to: out.shape).astype(.int64, copy: true), y = try b.broadcast(to: out.shape).astype(.int64, copy: true)
        let px = x.base(Int64.self), py = y.base(Int64.self)
        for k in 0..<out.count { out.setInt64(integerResult(op, px[k], py[k]), at: k) }
    }

    static func integerResult(_ op: BinaryOp, _ x: Int64, _ y: Int64) -> Int64 {
        switch op {
        case .add: return x &+ y
        case .sub: return x &- y
        case .mul: return x &* y
        case .maximum: return Swift.max(x, y)
        case .minimum: return Swift.min(x, y)
        case .floorDiv:
            if y == 0 { return 0 }
            let (q, overflow) = x.dividedReportingOverflow(by: y)
            if overflow { return q }
            return q * y != x && (x < 0) != (y < 0) ? q - 1 : q
        case .mod:
            if y == 0 { return 0 }
            let r = x.remainderReportingOverflow(dividingBy: y).partialValue
            return r != 0 && (r < 0) != (y < 0) ? r + y : r
        case .pow:
            // Negative exponents were refused before; squaring, wrapping like numpy's loop.
            var result: Int64 = 1, base = x, e = y
            while e > 0 {
                if e & 1 == 1 { result = result &* base }
                base = base &* base
                e >>= 1
            }
            return result
        case .div:
            return y == 0 ? 0 : x / y  // true division never reaches integers (it gives floats)
        }
    }

    /// Stores an integer, keeping the low bits the element's type holds (booleans: whether it is nonzero).
    func setInt64(_ v: Int64, at position: Int) {
        switch dtype {
        case .int64: base(Int64.self)[position] = v
        case .int32: base(Int32.self)[position] = Int32(truncatingIfNeeded: v)
        case .uint8: base(UInt8.self)[position] = UInt8(truncatingIfNeeded: v)
        case .bool: base(UInt8.self)[position] = v != 0 ? 1 : 0
        case .float32: base(Float.self)[position] = Float(v)
        case .float64: base(Double.self)[position] = Double(v)
        }
    }
}
