// Merging layers: Concatenate along an axis.
import KTensor

public final class Concatenate: Layer {
    public let axis: Int
    public init(context: KerasContext, axis: Int = -1, name: String?) throws {
        self.axis = axis
        try super.init(context: context, name: name)
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        guard inputs.count >= 2 else {
            throw KerasError(.value, "A `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape=\(inputs.map { KerasTensor.describe($0) })")
        }
        let rank = inputs[0].count
        let ax = axis < 0 ? axis + rank : axis
        let describe = "[" + inputs.map { KerasTensor.describe($0) }.joined(separator: ", ") + "]"
        guard ax >= 0 && ax < rank, inputs.allSatisfy({ $0.count == rank }) else {
            throw KerasError(.value, "A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=\(describe)")
        }
        var out = inputs[0]
        for s in inputs.dropFirst() {
            for d in 0..<rank where d != ax {
                if let a = out[d], let b = s[d], a != b {
                    throw KerasError(.value, "A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=\(describe)")
                }
            }
            out[ax] = (out[ax] != nil && s[ax] != nil) ? out[ax]! + s[ax]! : nil
        }
        return [out]
    }
    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        [try Variable.concatenate(inputs, axis: axis < 0 ? axis + inputs[0].shape.count : axis)]
    }
}
