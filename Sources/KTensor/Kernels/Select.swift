// numpy.where's three-operand form: elements of `a` where `condition` holds, of `b` elsewhere.

extension Tensor {
    /// Broadcasts the three operands together; the result has the promoted type of `a` and `b`.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard let shape = try? Broadcast.shape(try Broadcast.shape(condition.shape, a.shape), b.shape) else {
            let shapes = [condition, a, b].map { Broadcast.describe($0.shape) }.joined(separator: " ")
            throw TensorError.value("operands could not be broadcast together with shapes \(shapes) ")
        }
        let out = try Tensor.zeros(shape, dtype: DType.promote(a.dtype, b.dtype))
        let conditionStrides = Broadcast.strides(of: condition, to: shape)
        for (source, taken) in [(a, true), (b, false)] {
            Broadcast.walk(shape, conditionStrides, Broadcast.strides(of: source, to: shape)) { k, c, s in
                if (condition.double(at: c) != 0) == taken { out.setDouble(source.double(at: s), at: k) }
            }
        }
        return out
    }
}
