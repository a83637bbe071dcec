// Merging layers: Concatenate along an axis; Dot, the inner products of two batches of vectors.
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

/// The inner product of each pair of vectors (inputs of shape (batch, n)), optionally of their
/// L2-normalised forms (the cosine similarity).
public final class Dot: Layer {
    public let axes: (Int, Int), normalize: Bool
    public init(context: KerasContext, axes: (Int, Int), normalize: Bool, name: String?) throws {
        self.axes = axes; self.normalize = normalize
        try super.init(context: context, name: name)
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        guard inputs.count == 2 else {
            throw KerasError(.value, "A `Dot` layer should be called on a list of 2 inputs. Received: input_shape=\(inputs.map { KerasTensor.describe($0) })")
        }
        let (a, b) = (inputs[0], inputs[1])
        guard a.count == 2, b.count == 2 else {
            throw KerasError(.notImplemented, "Dot on inputs of rank other than 2 (batched matrix products) is not implemented in kscript yet")
        }
        let (i, j) = (axes.0 < 0 ? axes.0 + 2 : axes.0, axes.1 < 0 ? axes.1 + 2 : axes.1)
        guard i == 1, j == 1 else { throw KerasError(.notImplemented, "Dot with axes=(\(axes.0), \(axes.1)) on 2-D inputs is not implemented in kscript yet") }
        if let m = a[1], let n = b[1], m != n {
            throw KerasError(.value, "Incompatible input shapes: axis values \(m) (at axis \(i)) != \(n) (at axis \(j)). Full input shapes: \(KerasTensor.describe(a)), \(KerasTensor.describe(b))")
        }
        return [[a[0], 1]]
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        var (x, y) = (inputs[0], inputs[1])
        if normalize { x = try Dot.unitRows(x); y = try Dot.unitRows(y) }
        return [try Variable.binary(.mul, x, y).sum(axes: [1], keepdims: true)]
    }

    /// Keras's l2_normalize along the last axis: x / sqrt(max(sum(x^2), 1e-12)).
    static func unitRows(_ x: Variable) throws -> Variable {
        let squares = try Variable.binary(.mul, x, x).sum(axes: [1], keepdims: true)
        let floor = Variable(try Tensor.scalar(1e-12, dtype: x.value.dtype))
        return try Variable.binary(.div, x, try Variable.unary(.sqrt, try Variable.binary(.maximum, squares, floor)))
    }
}
