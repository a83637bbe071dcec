// `+ - * / **` and unary `-` on symbolic tensors (between an Input or layer outputs, or with a
// number): each is an operation node of the functional graph, as in Keras 3.
import KScript
import KTensor
import Keras

extension PyKerasTensor: PyOperand {
    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let kind: TensorOperation.Kind
        switch op {
        case .add: kind = .add
        case .sub: kind = .subtract
        case .mul: kind = .multiply
        case .div: kind = .trueDivide
        case .pow: kind = .power
        default: return nil
        }
        guard let context = tensor.layer?.context else { return nil }
        switch other {
        case .obj(let o as PyKerasTensor):
            let layer = try kerasCall { try TensorOperation(context: context, kind: kind) }
            return try record(layer, reflected ? [o.tensor, tensor] : [tensor, o.tensor])
        case .int, .float, .bool:
            let layer = try kerasCall { try TensorOperation(context: context, kind: kind, constant: try interp.floatArg(other), constantFirst: reflected) }
            return try record(layer, [tensor])
        default:
            return nil
        }
    }

    func compare(_ op: CmpOp, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }

    func unary(_ op: UnaryExpr.Op, _ interp: Interpreter) throws -> Value? {
        guard op == .neg, let context = tensor.layer?.context else { return op == .pos ? .obj(self) : nil }
        return try record(try kerasCall { try TensorOperation(context: context, kind: .negative) }, [tensor])
    }

    private func record(_ layer: TensorOperation, _ inputs: [KerasTensor]) throws -> Value {
        .obj(PyKerasTensor.wrap(try kerasCall { try layer.call(inputs) }[0]))
    }
}
