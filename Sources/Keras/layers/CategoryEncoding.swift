// CategoryEncoding: integer tokens as vectors of `num_tokens` (one_hot for one token per sample,
// multi_hot for the tokens present, count for how often each occurs). No gradient flows through it.
import KTensor

public final class CategoryEncoding: Layer {
    public let tokens: Int
    public let mode: String
    public init(context: KerasContext, tokens: Int, mode: String, name: String?) throws {
        self.tokens = tokens; self.mode = mode
        try super.init(context: context, name: name, baseName: "category_encoding")
    }
    public override var className: String { "CategoryEncoding" }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] {
        let s = inputs[0]
        // A one_hot of (batch,) or (batch, 1) gives (batch, tokens); otherwise the last axis is counted.
        return [Array(s.count <= 1 ? s : s.dropLast()) + [tokens]]
    }

    public override func forward(_ inputs: [Variable], training: Bool) throws -> [Variable] {
        let x = inputs[0].value
        let rows = x.rank <= 1 ? x.count : x.count / Swift.max(x.shape.last ?? 1, 1)
        let perRow = x.rank <= 1 ? 1 : (x.shape.last ?? 1)
        if mode == "one_hot" && perRow != 1 {
            throw KerasError(.notImplemented, "CategoryEncoding(output_mode='one_hot') on several tokens per sample is not implemented in kscript yet")
        }
        let out = try Tensor.zeros((x.rank <= 1 ? [x.count] : Array(x.shape.dropLast())) + [tokens], dtype: .float32)
        let ids = try x.dense(.float64).doubles()
        for r in 0..<rows {
            for j in 0..<perRow {
                let id = Int(ids[r * perRow + j])
                guard id >= 0 && id < tokens else {
                    throw KerasError(.value, "Input values must be in the range 0 <= values < num_tokens with num_tokens=\(tokens); got \(id)")
                }
                let at = r * tokens + id
                out.setDouble(mode == "count" ? out.double(at: at) + 1 : 1, at: at)
            }
        }
        return [Variable(out)]
    }
}
