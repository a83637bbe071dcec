// The language's comparison operators as the tensor core's, shared by numpy arrays and Keras tensors.
import KScript
import KTensor

extension CompareOp {
    /// The elementwise comparison for a Python comparison operator (nil for `in`, `is` and the like).
    init?(_ op: CmpOp) {
        switch op {
        case .eq: self = .eq
        case .ne: self = .ne
        case .lt: self = .lt
        case .le: self = .le
        case .gt: self = .gt
        case .ge: self = .ge
        default: return nil
        }
    }
}
