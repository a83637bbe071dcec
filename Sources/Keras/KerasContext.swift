// Per-session Keras state: the automatic-name counters (dense, dense_1, ...; keras_tensor_N)
// and the random source.
// One context per interpreter, so sessions and tests never share counters.
import Foundation
import KTensor

public final class KerasContext {
    var nameCounts: [String: Int] = [:]
    var tensorCount = 0
    /// Every layer made in this session. The symbolic graph refers to layers weakly (tensors
    /// point back at the layer that made them), so the session is what keeps them alive.
    private(set) var layers: [Layer] = []
    /// The source of every random number the engine draws (seeded by set_random_seed).
    public var random = RandomSource(seed: UInt64.random(in: 0...UInt64.max))
    /// Above zero inside fit/evaluate/predict: stateful recurrent layers do not move their states on.
    public var recurrentStatesKept = 0
    /// Activation functions written in the script, by the name layers know them by.
    public var scriptActivations: [String: (Variable) throws -> Variable] = [:]

    func register(_ layer: Layer) { layers.append(layer) }

    public init() {}

    /// keras.backend.clear_session(): automatic names start again from `dense`, `input_layer`, ...
    public func clearSession() { nameCounts = [:]; tensorCount = 0 }

    /// Keras 3's unique name for a new object with base name `base`.
    public func uniqueName(_ base: String) -> String {
        let n = nameCounts[base, default: 0]
        nameCounts[base] = n + 1
        return n == 0 ? base : "\(base)_\(n)"
    }

    func nextTensorName() -> String {
        defer { tensorCount += 1 }
        return tensorCount == 0 ? "keras_tensor" : "keras_tensor_\(tensorCount)"
    }

    /// `MaxPooling2D` → `max_pooling2d`: Keras's to_snake_case (the same three substitutions).
    public static func snakeCase(_ name: String) -> String {
        func sub(_ s: String, _ pattern: String, _ template: String) -> String {
            let re = try! NSRegularExpression(pattern: pattern)
            return re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
        }
        var s = sub(name, "\\W+", "")
        s = sub(s, "(.)([A-Z][a-z]+)", "$1_$2")
        s = sub(s, "([a-z])([A-Z])", "$1_$2")
        return s.lowercased()
    }
}
