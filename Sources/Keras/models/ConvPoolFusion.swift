// Conv2D(activation="relu") followed by MaxPooling2D, when the pooling is the only reader of the
// convolution's output, runs as one op (Variable.conv2dReluMaxPool): the models pair such
// layers as they run their graph. The result is the same as running the two layers.
import KTensor

extension Conv2D {
    /// The max pooling of this layer's output on `x`, computed in one pass, or nil when the two
    /// layers must run apart (another activation, an activity regularizer, a mask, a geometry
    /// the fused loops do not take).
    func runPooled(_ x: Variable, by pool: Pooling2D) throws -> Variable? {
        // (A script's activation fuses none: not a plain ReLU.)
        guard activityRegularizer == nil, pool.activityRegularizer == nil, x.mask == nil, try fusedActivation(activation).isPlainRelu,
              x.shape.count == 4 else { return nil }
        let geo = imageGeometry(kernelSize, strides: strides, dilation: dilation, same: same, height: x.shape[1], width: x.shape[2])
        let (oh, ow) = geo.outputSize(x.shape[1], x.shape[2])
        return try Variable.conv2dReluMaxPool(x, try param("kernel"), weight("bias"), geo, pool: pool.geometry(height: oh, width: ow))
    }
}

/// The Conv2D and the MaxPooling2D that may run as one, when `next` is a pooling.
func convPoolPair(_ layer: Layer, _ next: Layer) -> (Conv2D, Pooling2D)? {
    guard let conv = layer as? Conv2D, let pool = next as? Pooling2D, pool.isMax else { return nil }
    return (conv, pool)
}
