// Dense: `activation(inputs @ kernel + bias)`; kernel (in, units), bias (units).
import KTensor

public final class Dense: Layer {
    public override var inputRank: RankRule? { .atLeast(2) }
    public override var propagatesMask: Bool { true }
    public override var createsWeights: Bool { true }
    public let units: Int
    public let activation: String
    public let useBias: Bool

    public init(context: KerasContext, units: Int, activation: String = "linear", useBias: Bool = true, name: String?) throws {
        guard units > 0 else {
            throw KerasError(.value, "Received an invalid value for `units`, expected a positive integer. Received: units=\(units)")
        }
        self.units = units; self.activation = activation; self.useBias = useBias
        try super.init(context: context, name: name)
    }

    public override func build(_ inputs: [[Int?]]) throws {
        let shape = inputs[0]  // of rank 2 or more (inputRank)
        guard let inDim = shape.last ?? nil else {
            throw KerasError(.value, "The last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: \(KerasTensor.describe(shape))")
        }
        try addWeight("kernel", [inDim, units])
        if useBias { try addWeight("bias", [units]) }
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        [try activated(try Variable.linear(inputs[0], try param("kernel"), weight("bias")), activation)]
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        guard let shape = inputs.first else { return [] }
        if let k = weights.first { try checkLastAxis(shape, expected: k.shape[0]) }
        return [Array(shape.dropLast()) + [units]]
    }
}
