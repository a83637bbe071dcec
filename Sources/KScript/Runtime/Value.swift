// The value every kscript expression evaluates to: small values unboxed, everything else a PyObject.
import BigInt

public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(PyStr)
    case obj(PyObject)
    /// Internal marker for an unassigned variable slot; never visible to a script.
    case unbound

    @inline(__always) public static func string(_ s: String) -> Value { .str(PyStr(s)) }

    /// An integer result, boxed as a big integer only when it does not fit in 64 bits.
    public static func bigint(_ b: BigInt) -> Value {
        if let i = Int(exactly: b) { return .int(i) }
        return .obj(PyBigInt(b))
    }

    public var isNone: Bool { if case .none = self { return true }; return false }
    public var isUnbound: Bool { if case .unbound = self { return true }; return false }

    /// The object behind the value when it is a heap object (str included).
    public var object: PyObject? {
        switch self {
        case .obj(let o): return o
        case .str(let s): return s
        default: return nil
        }
    }
}
