// numpy's bitwise operators on booleans (logical) and integers; floats are refused as numpy does.

public enum BitwiseOp: String { case and = "bitwise_and", or = "bitwise_or", xor = "bitwise_xor" }

extension Tensor {
    /// `a & b`, `a | b`, `a ^ b` with broadcasting; booleans give booleans.
    public static func bitwise(_ op: BitwiseOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let type = DType.promote(a.dtype, b.dtype)
        if type.isFloating { throw unsupported(op.rawValue) }
        let out = try Tensor.zeros(try Broadcast.shape(a.shape, b.shape), dtype: type)
        Broadcast.walk(out.shape, Broadcast.strides(of: a, to: out.shape), Broadcast.strides(of: b, to: out.shape)) { k, i, j in
            let x = Int64(a.double(at: i)), y = Int64(b.double(at: j))
            let r: Int64
            switch op {
            case .and: r = x & y
            case .or: r = x | y
            case .xor: r = x ^ y
            }
            out.setDouble(Double(r), at: k)
        }
        return out
    }

    /// `~a`: logical not for booleans, two's complement for integers.
    public static func invert(_ a: Tensor) throws -> Tensor {
        if a.dtype.isFloating { throw unsupported("invert") }
        let source = try a.contiguous()
        let out = try Tensor.zeros(a.shape, dtype: a.dtype)
        for k in 0..<out.count {
            let x = source.double(at: k)
            out.setDouble(a.dtype == .bool ? (x == 0 ? 1 : 0) : Double(~Int64(x)), at: k)
        }
        return out
    }

    static func unsupported(_ ufunc: String) -> TensorError {
        .type("ufunc '\(ufunc)' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''")
    }
}
