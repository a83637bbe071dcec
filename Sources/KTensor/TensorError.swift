// Errors of the tensor core, carrying the message the language layer raises (ValueError etc.).

public enum TensorError: Error, CustomStringConvertible {
    /// Incompatible shapes or bad values: ValueError.
    case value(String)
    /// Unsupported dtype or operand: TypeError.
    case type(String)
    /// Out-of-range index: IndexError.
    case index(String)
    /// An allocation larger than the machine: MemoryError.
    case memory(String)
    /// An axis the array does not have: numpy's AxisError (both a ValueError and an IndexError).
    case axis(String)

    public var description: String {
        switch self {
        case .value(let m), .type(let m), .index(let m), .memory(let m), .axis(let m): return m
        }
    }
}
