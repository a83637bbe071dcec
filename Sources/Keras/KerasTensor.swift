// The symbolic tensor of the functional API: a shape (None for the batch), a dtype and the
// layer call that produced it.

public final class KerasTensor {
    public let shape: [Int?]
    public let dtype: String
    public let name: String
    /// The layer, node and output index that made this tensor.
    public internal(set) weak var layer: Layer?
    public internal(set) var nodeIndex = 0
    public internal(set) var tensorIndex = 0
    /// The object that represents this tensor in a scripting language, so that one tensor is
    /// always the same object there (`layer.output is y`).
    public weak var binding: AnyObject?

    init(shape: [Int?], dtype: String = "float32", context: KerasContext, name: String? = nil) {
        self.shape = shape; self.dtype = dtype; self.name = name ?? context.nextTensorName()
    }

    /// `(None, 10)` as Keras prints shapes.
    public static func describe(_ shape: [Int?]) -> String {
        let parts = shape.map { $0.map(String.init) ?? "None" }
        return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
    }

    public var description: String {
        "<KerasTensor shape=\(KerasTensor.describe(shape)), dtype=\(dtype), sparse=False, ragged=False, name=\(name)>"
    }
}

/// One call of a layer: the tensors it took and made.
public final class Node {
    public unowned let layer: Layer
    public let inputs: [KerasTensor]
    public let outputs: [KerasTensor]
    init(layer: Layer, inputs: [KerasTensor], outputs: [KerasTensor]) {
        self.layer = layer; self.inputs = inputs; self.outputs = outputs
    }
}
