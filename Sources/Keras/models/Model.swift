// Models: a functional graph from inputs to outputs, or a Sequential stack. Both are layers,
// so a model can be called on new inputs.
import KTensor

open class Model: Layer {
    /// The layers in Keras's order (by depth from the inputs, then by discovery).
    public var layers: [Layer] = []
    public internal(set) var inputs: [KerasTensor] = []
    public internal(set) var outputs: [KerasTensor] = []
    /// The nodes of this model's own graph (for "Connected to").
    var graphNodes: [ObjectIdentifier: Int] = [:]
    /// The nodes in an order that computes each after its inputs.
    var executionOrder: [Node] = []

    public var totalParameters: Int { uniqueLayers.reduce(0) { $0 + $1.parameterCount } }
    public override var parameterCount: Int { totalParameters }
    public override var trainableParameterCount: Int { trainableParameters }
    public var trainableParameters: Int { uniqueLayers.reduce(0) { $0 + $1.trainableParameterCount } }
    var uniqueLayers: [Layer] {
        var seen = Set<ObjectIdentifier>()
        return layers.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// Whether the graph is a simple chain (the summary then omits "Connected to").
    open var isSequentialLike: Bool { true }

    public func layer(named n: String) -> Layer? { layers.first { $0.name == n } }

    /// The calls of `layer` that belong to this model's own graph, in the order they were made.
    public func graphCalls(of layer: Layer) -> [Node] { layer.inboundNodes.filter { graphNodes[ObjectIdentifier($0)] != nil } }

    open override func weightEntries() -> [WeightEntry] { uniqueLayers.flatMap { $0.weightEntries() } }
    open override func lossesAdded() -> [Variable] { addedLosses + uniqueLayers.flatMap { $0.lossesAdded() } }
    open override func clearAddedLosses() { addedLosses = []; uniqueLayers.forEach { $0.clearAddedLosses() } }
    open override func setTrainable(_ value: Bool) { trainable = value; for l in uniqueLayers { l.setTrainable(value) } }

    /// Set by a callback (`self.model.stop_training = True`) to end fit after the current epoch.
    public var stopTraining = false
    /// What compile() configured; nil before.
    public var training: TrainingSetup?
}

public final class Functional: Model {
    public override var className: String { "Functional" }

    public init(context: KerasContext, inputs: [KerasTensor], outputs: [KerasTensor], name: String?) throws {
        try super.init(context: context, name: name, baseName: "functional")
        self.inputs = inputs
        self.outputs = outputs
        try mapGraph()
    }

    /// Keras's map_graph: depth-first from the outputs, then layers by decreasing depth,
    /// ties broken by the order the walk first met them.
    func mapGraph() throws {
        var order: [ObjectIdentifier: Int] = [:]
        var finished = Set<ObjectIdentifier>()
        var postOrder: [Node] = []
        let inputIDs = Set(inputs.map { ObjectIdentifier($0) })
        func visit(_ t: KerasTensor) throws {
            guard let layer = t.layer else { return }
            let node = layer.inboundNodes[t.nodeIndex]
            if finished.contains(ObjectIdentifier(node)) { return }
            if order[ObjectIdentifier(layer)] == nil { order[ObjectIdentifier(layer)] = order.count }
            if !inputIDs.contains(ObjectIdentifier(t)) {
                if node.inputs.isEmpty {
                    throw KerasError(.value, "Graph disconnected: cannot find parent for tensor \(t.description) at layer \"\(layer.name)\". The following previous layers were accessed without issue: \(postOrder.map { "'\($0.layer.name)'" })")
                }
                for i in node.inputs { try visit(i) }
            }
            finished.insert(ObjectIdentifier(node))
            postOrder.append(node)
        }
        for o in outputs { try visit(o) }
        var depth: [ObjectIdentifier: Int] = [:]
        var parents: [ObjectIdentifier: [Node]] = [:]
        for node in postOrder {
            parents[ObjectIdentifier(node)] = node.inputs.compactMap { t in
                inputIDs.contains(ObjectIdentifier(t)) && !(t.layer is InputLayer) ? nil : t.layer.map { $0.inboundNodes[t.nodeIndex] }
            }
        }
        for node in postOrder.reversed() {
            let d = depth[ObjectIdentifier(node), default: 0]
            depth[ObjectIdentifier(node)] = d
            for p in parents[ObjectIdentifier(node)] ?? [] {
                depth[ObjectIdentifier(p)] = max(d + 1, depth[ObjectIdentifier(p), default: 0])
            }
        }
        for (i, n) in postOrder.enumerated() { graphNodes[ObjectIdentifier(n)] = i }
        executionOrder = postOrder
        poolingAfter = fusablePoolings()
        var layerDepth: [ObjectIdentifier: Int] = [:]
        var all: [Layer] = []
        for node in postOrder {
            let id = ObjectIdentifier(node.layer)
            if layerDepth[id] == nil { all.append(node.layer) }
            layerDepth[id] = max(layerDepth[id] ?? 0, depth[ObjectIdentifier(node)] ?? 0)
        }
        layers = all.sorted { a, b in
            let (da, db) = (layerDepth[ObjectIdentifier(a)]!, layerDepth[ObjectIdentifier(b)]!)
            return da != db ? da > db : order[ObjectIdentifier(a)]! < order[ObjectIdentifier(b)]!
        }
    }

    /// Each convolution node whose output only a max pooling reads (and the model does not
    /// return), with that pooling's node: the two may run as one.
    var poolingAfter: [ObjectIdentifier: Node] = [:]

    func fusablePoolings() -> [ObjectIdentifier: Node] {
        var readers: [ObjectIdentifier: [Node]] = [:]
        for node in executionOrder { for t in node.inputs { readers[ObjectIdentifier(t), default: []].append(node) } }
        let returned = Set(outputs.map { ObjectIdentifier($0) })
        var pairs: [ObjectIdentifier: Node] = [:]
        for node in executionOrder where node.inputs.count == 1 && node.outputs.count == 1 {
            let out = ObjectIdentifier(node.outputs[0])
            guard !returned.contains(out), let only = readers[out], only.count == 1, only[0].inputs.count == 1,
                  convPoolPair(node.layer, only[0].layer) != nil else { continue }
            pairs[ObjectIdentifier(node)] = only[0]
        }
        return pairs
    }

    public override var isSequentialLike: Bool {
        // A chain: no layer called twice in the graph, no call with several inputs, no tensor
        // feeding two layers, one input, and the outputs all from one call (an LSTM's states too).
        for l in layers {
            let used = l.inboundNodes.filter { graphNodes[ObjectIdentifier($0)] != nil }
            if used.count > 1 { return false }
            if used.contains(where: { $0.inputs.count > 1 }) { return false }
        }
        var consumers: [ObjectIdentifier: Int] = [:]
        for l in layers {
            for n in l.inboundNodes where graphNodes[ObjectIdentifier(n)] != nil {
                for t in n.inputs { consumers[ObjectIdentifier(t), default: 0] += 1 }
            }
        }
        let oneCall = outputs.allSatisfy { $0.layer === outputs.first?.layer && $0.nodeIndex == outputs.first?.nodeIndex }
        return !consumers.values.contains { $0 > 1 } && inputs.count == 1 && oneCall
    }

    public override func outputShapes(_ inputs: [[Int?]]) throws -> [[Int?]] { outputs.map { $0.shape } }

    /// Runs the graph: every node after the ones it depends on.
    public override func forward(_ values: [Variable], training: Bool) throws -> [Variable] {
        var computed: [ObjectIdentifier: Variable] = [:]
        for (t, v) in zip(inputs, values) { computed[ObjectIdentifier(t)] = v }
        var fused = Set<ObjectIdentifier>()  // poolings already run with their convolution
        for node in executionOrder where !node.inputs.isEmpty && !fused.contains(ObjectIdentifier(node)) {
            let ins = try node.inputs.map { t -> Variable in
                guard let v = computed[ObjectIdentifier(t)] else { throw KerasError(.value, "Graph disconnected at tensor \(t.name)") }
                return v
            }
            if let pooling = poolingAfter[ObjectIdentifier(node)], let (conv, pool) = convPoolPair(node.layer, pooling.layer),
               let y = try conv.runPooled(ins[0], by: pool) {
                computed[ObjectIdentifier(pooling.outputs[0])] = y
                fused.insert(ObjectIdentifier(pooling))
                continue
            }
            for (t, v) in zip(node.outputs, try node.layer.run(ins, training: training)) { computed[ObjectIdentifier(t)] = v }
        }
        return outputs.map { computed[ObjectIdentifier($0)]! }
    }
}
