// Arithmetic on symbolic tensors (`x + y`, `2.0 * x`, `-x` between Input and layer outputs): Keras 3
// records each as an operation node of the graph. It shows in the summary (`add (Add)`) but is
// not one of the model's layers.
import KTensor

public final class TensorOperation: Layer {
    public enum Kind: String {
        case add = "Add", subtract = "Subtract", multiply = "Multiply", trueDivide = "TrueDivide", power = "Power", negative = "Negative"
        var op: BinaryOp? {
            switch self {
            case .add: return .add
            case .subtract: return .sub
            case .multiply: return .mul
            case .trueDivide: return .div
            case .power: return .pow
            case .negative: return nil
            }
        }
    }
    public let kind: Kind
    /// A number taking the place of one operand, and whether it stands on the left.
    public let constant: Double?
    public let constantFirst: Bool

    public init(context: KerasContext, kind: Kind, constant: Double? = nil, constantFirst: Bool = false) throws {
        self.kind = kind; self.constant = constant; self.constantFirst = constantFirst
        try super.init(context: context, name: nil, baseName: KerasContext.snakeCase(kind.rawValue))
    }
    public override var className: String { kind.rawValue }
    public override var isOperation: Bool { true }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        guard inputs.count == 2 else { return [inputs[0]] }
        let (a, b) = (inputs[0], inputs[1])
        let rank = max(a.count, b.count)
        let pa = Array(repeating: Optional(1), count: rank - a.count) + a, pb = Array(repeating: Optional(1), count: rank - b.count) + b
        return [try zip(pa, pb).map { x, y -> Int? in
            if x == 1 { return y }
            if y == 1 || x == nil || y == nil || x == y { return x ?? y }
            throw KerasError(.value, "Cannot broadcast shape, the failure dim has value \(x!), which cannot be broadcasted to \(y!). Input shapes are: \(KerasTensor.describe(a)) and \(KerasTensor.describe(b)).")
        }]
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        guard let op = kind.op else { return [try Variable.unary(.neg, inputs[0])] }
        var operands = inputs
        if let c = constant {
            let number = Variable(try Tensor.scalar(c))
            operands = constantFirst ? [number, inputs[0]] : [inputs[0], number]
        }
        return [try Variable.binary(op, operands[0], operands[1])]
    }
}
