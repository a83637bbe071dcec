// Add, Subtract, Multiply, Average, Maximum, Minimum: elementwise merges of same-shaped inputs.
import KTensor

public final class ElementwiseMerge: Layer {
    let kind: String
    public init(context: KerasContext, kind: String, name: String?) throws {
        self.kind = kind
        try super.init(context: context, name: name, baseName: KerasContext.snakeCase(kind))
    }
    public override var className: String { kind }
    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        if kind == "Subtract" && inputs.count != 2 {
            throw KerasError(.value, "A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape=\(inputs.map { KerasTensor.describe($0) })")
        }
        guard inputs.count >= 1 else { throw KerasError(.value, "A merge layer should be called on a list of inputs.") }
        var out = inputs[0]
        for s in inputs.dropFirst() {
            guard s.count == out.count else {
                throw KerasError(.value, "Inputs have incompatible shapes. Received shapes \(KerasTensor.describe(out)) and \(KerasTensor.describe(s))")
            }
            for d in 1..<Swift.max(out.count, 1) {
                switch (out[d], s[d]) {
                case (let a?, let b?) where a != b && a != 1 && b != 1:
                    throw KerasError(.value, "Inputs have incompatible shapes. Received shapes \(KerasTensor.describe(out)) and \(KerasTensor.describe(s))")
                case (let a?, let b?): out[d] = max(a, b)
                default: out[d] = out[d] ?? s[d]
                }
            }
        }
        return [out]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let op: BinaryOp = ["Subtract": .sub, "Multiply": .mul, "Maximum": .maximum, "Minimum": .minimum][kind] ?? .add
        var out = inputs[0]
        for x in inputs.dropFirst() { out = try Variable.binary(op, out, x) }
        if kind == "Average" { out = try Variable.binary(.div, out, Variable(try Tensor.scalar(Double(inputs.count)))) }
        return [out]
    }
}
