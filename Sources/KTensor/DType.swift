// Element types: float32 for compute, and the types numpy users meet for data.

public enum DType: String, CaseIterable {
    case bool, uint8, int32, int64, float32, float64

    public var itemSize: Int {
        switch self {
        case .bool, .uint8: return 1
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    public var isFloating: Bool { self == .float32 || self == .float64 }

    /// numpy's result type for a binary operation between two arrays of these types.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        switch (a, b) {
        case (.float64, _), (_, .float64): return .float64
        case (.float32, .int32), (.int32, .float32), (.float32, .int64), (.int64, .float32): return .float64
        // uint8 (image bytes) joins any wider type; with booleans it stays uint8.
        case (.float32, _), (_, .float32): return .float32
        case (.int64, _), (_, .int64): return .int64
        case (.int32, _), (_, .int32): return .int32
        case (.uint8, _), (_, .uint8): return .uint8
        default: return .bool
        }
    }
}
