// Reverse-mode autodiff: a Variable holds a value and, when it needs a gradient, the node that
// made it. Each node keeps its inputs and a backward rule from the upstream gradient to theirs.

public final class Variable {
    public var value: Tensor
    public var grad: Tensor?
    /// Leaves that need a gradient are the trainable weights; a layer frozen later turns it off.
    public var requiresGrad: Bool
    let node: Node?
    /// Which steps of a batch of sequences are real, (N, T) of 0 and 1, when padding is masked
    /// (Keras's masks: recurrent ops carry their state over masked steps).
    public var mask: Tensor?
    /// The value is the output of a ReLU fused into the op that made it (a convolution's), whose
    /// backward skips the ReLU's mask for a gradient `reluMaskedFor` this value's storage.
    public var isFusedReluOutput = false
    /// Set on a weight by a training step whose update is plain gradient descent, value -=
    /// rate · gradient: an op that is the weight's only user in the graph may then apply that
    /// update itself during the backward pass, inside the product that makes the gradient,
    /// instead of storing the gradient (the weight then gets none, and the optimizer skips it).
    public var descentRate: Float?
    /// Set by backward() on a weight with a descent rate: whether one op alone uses it.
    var usedOnce = false

    /// A leaf: data or a trainable weight.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value; self.requiresGrad = requiresGrad; self.node = nil
    }

    init(_ value: Tensor, node: Node?) {
        self.value = value
        self.node = node
        self.requiresGrad = node != nil
    }

    public var shape: [Int] { value.shape }
}

/// One recorded operation. The backward rule receives the upstream gradient and returns one
/// gradient per input (nil for inputs that need none); it holds no reference to its output.
final class Node {
    let inputs: [Variable]
    let backward: (Tensor) throws -> [Tensor?]
    init(inputs: [Variable], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.inputs = inputs; self.backward = backward
    }
}

extension Variable {
    /// Records `value` as the result of an op on `inputs`; no node when no input needs a gradient.
    static func record(_ value: Tensor, _ inputs: [Variable], _ backward: @escaping (Tensor) throws -> [Tensor?]) -> Variable {
        guard inputs.contains(where: { $0.requiresGrad }) else { return Variable(value) }
        return Variable(value, node: Node(inputs: inputs, backward: backward))
    }

    /// Fills `grad` of every variable this one depends on; gradients of values used twice add up.
    public func backward(seed: Tensor? = nil) throws {
        var order: [Variable] = []
        var seen = Set<ObjectIdentifier>()
        var uses: [ObjectIdentifier: Int] = [:]  // of the weights with a descent rate
        func visit(_ v: Variable) {
            guard v.requiresGrad, seen.insert(ObjectIdentifier(v)).inserted else { return }
            for i in v.node?.inputs ?? [] {
                if i.descentRate != nil { uses[ObjectIdentifier(i), default: 0] += 1 }
                visit(i)
            }
            order.append(v)
        }
        visit(self)
        for v in order where v.descentRate != nil { v.usedOnce = uses[ObjectIdentifier(v)] == 1 }
        var grads: [ObjectIdentifier: Tensor] = [:]
        grads[ObjectIdentifier(self)] = try seed ?? Tensor.binary(.add, try Tensor.zeros(shape, dtype: value.dtype), try Tensor.scalar(1, dtype: value.dtype))
        for v in order.reversed() {
            guard let g = grads[ObjectIdentifier(v)] else { continue }
            guard let node = v.node else {
                v.grad = try v.grad.map { try Tensor.binary(.add, $0, g) } ?? g
                continue
            }
            for (input, ig) in zip(node.inputs, try node.backward(g)) {
                guard input.requiresGrad, let ig = ig else { continue }
                let id = ObjectIdentifier(input)
                grads[id] = try grads[id].map { try Tensor.binary(.add, $0, ig) } ?? ig
            }
        }
    }
}
