// The entry point of a functional model: holds the symbolic input tensor (`keras.Input`).
import KTensor

public final class InputLayer: Layer {
    public let output: KerasTensor

    public init(context: KerasContext, shape: [Int?], batchSize: Int? = nil, dtype: String = "float32", name: String?) throws {
        // A named input's tensor takes the name; the others count among keras_tensor_N.
        output = KerasTensor(shape: [batchSize] + shape, dtype: dtype, context: context, name: name)
        try super.init(context: context, name: name)
        output.layer = self
        inboundNodes.append(Node(layer: self, inputs: [], outputs: [output]))
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        inputs
    }
}
