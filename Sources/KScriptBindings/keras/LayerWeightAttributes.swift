// The weights of Keras's built-in layers as attributes, as Keras names them: `dense.kernel`,
// `dense.bias` (None without one), `embedding.embeddings`, `batch_norm.moving_mean`, ...
import KScript
import Keras

extension KerasSession {
    static let weightAttributes: [(layers: [String], weights: [String])] = [
        (["Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"], ["kernel", "bias"]),
        (["Embedding"], ["embeddings"]),
        (["BatchNormalization"], ["gamma", "beta", "moving_mean", "moving_variance"]),
        (["LayerNormalization"], ["gamma", "beta"]),
        (["DepthwiseConv2D"], ["depthwise_kernel", "bias"]),
        (["SeparableConv2D"], ["depthwise_kernel", "pointwise_kernel", "bias"]),
    ]

    func defineLayerWeightAttributes() {
        for (layers, weights) in Self.weightAttributes {
            for typeName in layers {
                guard let type = types[typeName] else { continue }
                for weight in weights {
                    type.getter(weight) { [unowned self] _, v in
                        guard let layer = (v.object as? PyLayer)?.layer else { return .none }
                        if let entry = layer.weightEntries().first(where: { $0.layer === layer && $0.spec.name == weight }) {
                            // Its path starts with the Sequential model holding the layer, if one does.
                            let owner = self.keepAlive.lazy.compactMap { $0.layer as? Sequential }
                                .first { $0.layers.contains { $0 === layer } }
                            return .obj(self.wrapWeight(entry, scope: owner ?? layer))
                        }
                        // A built layer without it (use_bias=False, center=False) holds None, as in Keras.
                        guard layer.built else { throw PyError.attribute("'\(typeName)' object has no attribute '\(weight)'") }
                        return .none
                    }
                }
            }
        }
    }
}
