// What compile() configures: the optimizer, a loss and metrics per output, loss weights; and
// the names Keras logs them under (`loss`, `accuracy`, `main_output_loss`, `val_...`).
import CKernels
import KTensor

/// A metric as compile() received it: an identifier resolved once shapes are known, or a metric.
public enum MetricSpec {
    case identifier(String)
    case metric(Metric)
}

public final class TrainingSetup {
    public var optimizer: Optimizer
    /// One loss per model output (nil: that output is not trained).
    public let losses: [Loss?]
    public let lossWeights: [Double]
    /// Metrics per output, resolved against the data on first use.
    public let metricSpecs: [[MetricSpec]]
    /// compile's weighted_metrics, per output: the same metrics counted by sample weight.
    public let weightedMetricSpecs: [[MetricSpec]]
    public private(set) var metrics: [[Metric]]?
    let outputNames: [String]
    let lossTracker = Metric(.mean, name: "loss")
    let outputLossTrackers: [Metric]

    public init(optimizer: Optimizer, losses: [Loss?], lossWeights: [Double], metrics: [[MetricSpec]], weightedMetrics: [[MetricSpec]] = [],
                outputNames: [String]) {
        self.optimizer = optimizer; self.losses = losses; self.lossWeights = lossWeights
        self.metricSpecs = metrics; self.outputNames = outputNames
        self.weightedMetricSpecs = weightedMetrics
        outputLossTrackers = outputNames.map { Metric(.mean, name: "\($0)_loss") }
    }

    var severalOutputs: Bool { outputNames.count > 1 }

    /// Resolves 'accuracy' and friends once the shapes of targets and outputs are known.
    func resolveMetrics(targets: [Tensor], outputs: [Tensor]) throws {
        guard metrics == nil else { return }
        func resolved(_ spec: MetricSpec, _ i: Int) throws -> Metric {
            switch spec {
            case .metric(let given): return given
            case .identifier(let id):
                guard let m = Metric.resolve(id, loss: losses[i], targetShape: targets[i].shape, outputShape: outputs[i].shape) else {
                    throw KerasError(.value, "Could not interpret metric identifier: \(id)")
                }
                return m
            }
        }
        metrics = try metricSpecs.indices.map { i in
            let plain = try metricSpecs[i].map { try resolved($0, i) }
            let weighted = try (i < weightedMetricSpecs.count ? weightedMetricSpecs[i] : []).map { spec -> Metric in
                let m = try resolved(spec, i)
                m.weighted = true
                // A weighted metric named like an unweighted one is told apart, as Keras does.
                if plain.contains(where: { $0.name == m.name }) { m.name = "weighted_" + m.name }
                return m
            }
            let all = plain + weighted
            if severalOutputs { for m in all { m.name = "\(outputNames[i])_\(m.name)" } }
            return all
        }
    }

    public func resetStates() {
        lossTracker.reset()
        for t in outputLossTrackers { t.reset() }
        for list in metrics ?? [] { for m in list { m.reset() } }
    }

    /// Keras 3's `metrics_names`, the names of its trackers rather than of the values: the loss,
    /// 'compile_metrics' standing for every compiled metric, then each output's loss once the
    /// model has trained or evaluated (Keras makes those trackers then).
    public var trackerNames: [String] {
        let compiled = (metricSpecs + weightedMetricSpecs).contains { !$0.isEmpty }
        var names = ["loss"] + (compiled ? ["compile_metrics"] : [])
        if severalOutputs && metrics != nil { for (i, t) in outputLossTrackers.enumerated() where losses[i] != nil { names.append(t.name) } }
        return names
    }

    /// The current values by log name, in the order evaluate returns them: the loss, each
    /// output's loss in output order, then the compiled metrics.
    public func logs() -> [(String, Double)] {
        var out = [("loss", lossTracker.result)]
        if severalOutputs { for (i, t) in outputLossTrackers.enumerated() where losses[i] != nil { out.append((t.name, t.result)) } }
        for list in metrics ?? [] { for m in list { out.append((m.name, m.result)) } }
        return out
    }
}

/// Arrays for fit/evaluate/predict: inputs, targets and sample weights, sliced into batches.
public struct ArrayData {
    public var inputs: [Tensor]
    public var targets: [Tensor]
    public var sampleWeights: Tensor?

    public init(inputs: [Tensor], targets: [Tensor] = [], sampleWeights: Tensor? = nil) throws {
        // float64 data trains in float32, as Keras casts it; integer ids stay integers.
        self.inputs = try inputs.map { $0.dtype == .float64 ? try $0.dense(.float32) : try $0.contiguous() }
        self.targets = try targets.map { try $0.dense(.float32) }
        self.sampleWeights = try sampleWeights?.dense(.float32)
        let weights = self.sampleWeights.map { [$0] } ?? []
        let sizes = (self.inputs + self.targets + weights).map { $0.shape.first ?? 1 }
        if let first = sizes.first, sizes.contains(where: { $0 != first }) {
            // Keras's wording: a line per kind of array, each ended by a newline.
            var message = "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples."
            for (label, arrays) in [("x", self.inputs), ("y", self.targets), ("sample_weight", weights)] where !arrays.isEmpty {
                message += "'\(label)' sizes: " + arrays.map { String($0.shape.first ?? 1) }.joined(separator: ", ") + "\n"
            }
            throw KerasError(.value, message)
        }
    }

    public var count: Int { inputs.first?.shape.first ?? 0 }

    /// The rows `indices` of every array.
    public func batch<C: Collection>(_ indices: C) throws -> ArrayData where C.Element == Int {
        func rows(_ t: Tensor) throws -> Tensor {
            let rowShape = Array(t.shape.dropFirst())
            let out = try Tensor.unfilled([indices.count] + rowShape, dtype: t.dtype)  // every row is copied
            let size = rowShape.reduce(1, *) * t.dtype.itemSize
            let from = t.storage.bytes + t.offset * t.dtype.itemSize
            for (k, i) in indices.enumerated() { (out.storage.bytes + k * size).copyMemory(from: from + i * size, byteCount: size) }
            return out
        }
        var b = self
        b.inputs = try inputs.map(rows)
        b.targets = try targets.map(rows)
        b.sampleWeights = try sampleWeights.map(rows)
        return b
    }

    /// Starts fetching the inputs' rows `indices` into the caches: a shuffled batch's rows are far
    /// apart in a large array, and gathering them cold stalls on memory.
    public func prefetch(_ indices: ArraySlice<Int>) {
        guard !indices.isEmpty else { return }
        for t in inputs {
            let rowBytes = t.shape.dropFirst().reduce(1, *) * t.dtype.itemSize
            indices.withUnsafeBufferPointer { rows in
                ks_prefetch_rows(t.storage.bytes + t.offset * t.dtype.itemSize, rows.baseAddress, rows.count, rowBytes)
            }
        }
    }

    /// The first `count` rows and the rest (validation_split takes the last fraction).
    public func split(at count: Int) throws -> (ArrayData, ArrayData) {
        (try batch(0..<count), try batch(count..<self.count))
    }
}
