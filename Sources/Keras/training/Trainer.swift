// fit, evaluate, predict and the single-batch methods: Keras 3's training loop over arrays,
// with its callbacks, progress output, validation and History.
import Foundation
import KTensor

public struct FitOptions {
    public var batchSize = 32, epochs = 1, verbose = 1, initialEpoch = 0
    public var shuffle = true
    public var validationSplit = 0.0
    public var validationData: ArrayData?
    public var validationBatchSize: Int?
    public var validationFreq = 1
    /// Class index → weight, turned into per-sample weights from the targets.
    public var classWeight: [Int: Double]?
    public init() {}
}

/// What fit returns: one list per logged value, and the epochs run.
public final class History {
    public private(set) var epoch: [Int] = []
    public private(set) var history: [(String, [Double])] = []
    public var params: [(String, Int)] = []

    func record(_ e: Int, _ logs: Logs) {
        epoch.append(e)
        for (k, v) in logs {
            if let i = history.firstIndex(where: { $0.0 == k }) { history[i].1.append(v) } else { history.append((k, [v])) }
        }
    }
}

/// Batches drawn one by one (a script's generator): `stepsPerEpoch` per epoch, or until it ends.
public struct BatchStream {
    public let stepsPerEpoch: Int?
    public let next: () throws -> ArrayData?
    public init(stepsPerEpoch: Int?, next: @escaping () throws -> ArrayData?) { self.stepsPerEpoch = stepsPerEpoch; self.next = next }
}

/// Thrown when Ctrl-C stops fit; the weights keep the values reached.
public struct TrainingInterrupted: Error {}

extension Model {
    func requireSetup() throws -> TrainingSetup {
        guard let s = training else { throw KerasError(.value, "You must call `compile()` before using the model.") }
        return s
    }

    /// Builds an unbuilt Sequential from the data's first batch and checks the inputs against the model's.
    func checkInputs(_ data: ArrayData, batch: Int? = nil) throws {
        // A subclassed model has no declared inputs: its call() decides.
        if inputs.isEmpty && !(self is Sequential) { return }
        if let s = self as? Sequential, !s.isBuilt, let x = data.inputs.first {
            let first = Swift.min(batch ?? x.shape.first ?? 0, x.shape.first ?? 0)
            try s.build(inputShape: [first] + x.shape.dropFirst().map { Optional($0) })
        }
        try checkInputShapes(data.inputs.map { $0.shape })
    }

    /// Keras's errors for inputs of another count or shape than the model's (what it checks
    /// before running on values, called or fitted).
    public func checkInputShapes(_ shapes: [[Int]]) throws {
        if inputs.isEmpty { return }
        guard shapes.count == inputs.count else {
            throw KerasError(.value, "Layer \"\(name)\" expects \(inputs.count) input(s), but it received \(shapes.count) input tensors.")
        }
        for (i, (found, expected)) in zip(shapes, inputs).enumerated() {
            let ok = found.count == expected.shape.count && zip(found, expected.shape).dropFirst().allSatisfy { $1 == nil || $0 == $1! }
            if !ok {
                // A Sequential model leaves the check to its first layer, as Keras does.
                if self is Sequential, let first = layers.first as? Dense, let k = first.weights.first, found.count >= 2 {
                    try first.checkLastAxis(found.map { Optional($0) }, expected: k.shape[0])
                }
                throw KerasError(.value, "Input \(i) of layer \"\(name)\" is incompatible with the layer: expected shape=\(KerasTensor.describe(expected.shape)), found shape=\(Tensor.describe(found))")
            }
        }
    }

    /// The current weights (copies), in Keras's order.
    public func weightValues() -> [Tensor] { weightEntries().map { (try? $0.variable.value.astype($0.variable.value.dtype, copy: true)) ?? $0.variable.value } }

    public func setWeightValues(_ values: [Tensor]) throws { try setWeights(of: self, values) }

    public func compile(_ setup: TrainingSetup) {
        training = setup
    }

    /// One optimizer step on a batch; updates the loss trackers and metrics.
    func trainStep(_ batch: ArrayData, _ setup: TrainingSetup) throws {
        let entries = weightEntries()
        let descentRate = setup.optimizer.plainDescentRate
        for e in entries { e.variable.requiresGrad = e.trainable; e.variable.grad = nil; e.variable.descentRate = e.trainable ? descentRate : nil }
        defer { for e in entries { e.variable.descentRate = nil } }
        clearAddedLosses()
        let outs = try forward(batch.inputs.map { Variable($0) }, training: true)
        let total = try withAddedLosses(try add(try lossOf(outs, batch, setup), try penalties(entries)))
        try total.backward()
        // Weights a descent step already updated in the backward pass have no gradient here.
        let pairs = entries.compactMap { e -> (Variable, Tensor)? in e.trainable ? e.variable.grad.map { (e.variable, $0) } : nil }
        try setup.optimizer.apply(pairs)
        for e in entries {
            e.variable.grad = nil
            if let c = e.layer.constraints[e.role], e.trainable { e.variable.value = try c.apply(e.variable.value).astype(.float32) }
        }
        setup.lossTracker.update(mean: total.value.double(at: 0), weight: Double(batch.count))
        try updateMetrics(outs, batch, setup)
    }

    /// The regularizers' penalties, which join the loss in training and evaluation alike.
    func penalties(_ entries: [WeightEntry]) throws -> Variable {
        var sum = try constant(0)
        for e in entries { if let r = e.layer.regularizers[e.role] { sum = try add(sum, try r.penalty(e.variable)) } }
        return sum
    }

    /// `loss` plus the losses the layers added during the forward pass (`add_loss`, activity
    /// regularizers), each summed; the loss itself when there are none (no extra tape nodes).
    func withAddedLosses(_ loss: Variable) throws -> Variable {
        try lossesAdded().reduce(loss) { total, l in try add(total, l.shape.isEmpty ? l : try l.sum()) }
    }

    /// The weighted sum of the outputs' losses (each also tracked on its own).
    func lossOf(_ outs: [Variable], _ batch: ArrayData, _ setup: TrainingSetup) throws -> Variable {
        guard batch.targets.count == outs.count else {
            throw KerasError(.value, "The model has \(outs.count) output(s) but \(batch.targets.count) target array(s) were given.")
        }
        try setup.resolveMetrics(targets: batch.targets, outputs: outs.map { $0.value })
        var total: Variable?
        for (i, out) in outs.enumerated() {
            guard let loss = setup.losses[i] else { continue }
            var value = try loss.reduce(try loss.perSample(batch.targets[i], out), sampleWeight: batch.sampleWeights)
            // Each output's own loss is logged before its weight applies.
            if setup.severalOutputs { setup.outputLossTrackers[i].update(mean: value.value.double(at: 0), weight: Double(batch.count)) }
            if setup.lossWeights[i] != 1 { value = try mul(value, setup.lossWeights[i]) }
            total = try total.map { try add($0, value) } ?? value
        }
        guard let t = total else { throw KerasError(.value, "No loss to compute. Provide a `loss` argument in `compile()`.") }
        return t
    }

    /// Compiled metrics are unweighted, as in Keras (sample and class weights reach the loss and
    /// the weighted_metrics only).
    func updateMetrics(_ outs: [Variable], _ batch: ArrayData, _ setup: TrainingSetup) throws {
        for (i, list) in (setup.metrics ?? []).enumerated() {
            for m in list { try m.update(batch.targets[i], outs[i].value, sampleWeight: m.weighted ? batch.sampleWeights : nil) }
        }
    }

    /// Runs a training, evaluation or prediction loop in which stateful recurrent layers start
    /// every batch from their stored states and leave them as they were, as Keras 3's JAX backend
    /// runs them (only calling a layer or model directly moves its states on).
    func withRecurrentStatesKept<T>(_ body: () throws -> T) rethrows -> T {
        context.recurrentStatesKept += 1
        defer { context.recurrentStatesKept -= 1 }
        return try body()
    }

    /// Keras's fit over arrays.
    public func fit(_ data: ArrayData, _ options: FitOptions, callbacks: [Callback], output: TrainingOutput) throws -> History {
        try withRecurrentStatesKept { try fit(arrays: data, stream: nil, options, callbacks: callbacks, output: output) }
    }

    /// Keras's fit over batches drawn from a stream (a generator).
    public func fit(_ stream: BatchStream, _ options: FitOptions, callbacks: [Callback], output: TrainingOutput) throws -> History {
        if options.validationSplit > 0 {
            throw KerasError(.value, "`validation_split` is only supported for Tensors or NumPy arrays.")
        }
        return try withRecurrentStatesKept { try fit(arrays: nil, stream: stream, options, callbacks: callbacks, output: output) }
    }

    func fit(arrays data: ArrayData?, stream: BatchStream?, _ options: FitOptions, callbacks: [Callback], output: TrainingOutput) throws -> History {
        let setup = try requireSetup()
        var train = try data ?? ArrayData(inputs: []), validation = options.validationData
        if let d = data { try checkInputs(d, batch: options.batchSize) }
        if let data = data, options.validationSplit != 0 {
            // Keras's rule: the split falls at floor(n · (1 - split)), which must leave data on
            // both sides (a negative position counts from the end, as a Python slice does).
            let splitAt = Int((Double(data.count) * (1 - options.validationSplit)).rounded(.down))
            guard splitAt != 0 && splitAt != data.count else {
                throw KerasError(.value, "Training data contains \(data.count) samples, which is not sufficient to split it into a validation and training set as specified by `validation_split=\(options.validationSplit)`. Either provide more data, or a different value for the `validation_split` argument.")
            }
            (train, validation) = try data.split(at: splitAt < 0 ? Swift.max(data.count + splitAt, 0) : Swift.min(splitAt, data.count))
        }
        if let weights = options.classWeight, data != nil { train.sampleWeights = try classSampleWeights(train, weights) }
        let bs = Swift.max(options.batchSize, 1)
        let steps: Int? = stream.map { $0.stepsPerEpoch } ?? (train.count + bs - 1) / bs
        let history = History()
        history.params = [("verbose", options.verbose), ("epochs", options.epochs)] + (steps.map { [("steps", $0)] } ?? [])
        for cb in callbacks { cb.model = self }
        stopTraining = false
        // Without TerminateOnNaN (which prints its own line and stops), a NaN loss gets one warning.
        var warnedNaN = callbacks.contains { $0 is TerminateOnNaN }
        for cb in callbacks { try cb.onTrainBegin([]) }
        for epoch in options.initialEpoch..<Swift.max(options.epochs, options.initialEpoch) {
            setup.resetStates()
            for cb in callbacks { try cb.onEpochBegin(epoch, []) }
            // Keras 3 names the epoch only when there are several.
            if options.verbose > 0 && options.epochs > 1 { output.write("Epoch \(epoch + 1)/\(options.epochs)\n") }
            let bar = Progbar(target: steps, verbose: options.verbose, output: output)
            let order = stream == nil && options.shuffle ? context.random.permutation(train.count) : Array(0..<train.count)
            var step = 0
            while steps.map({ step < $0 }) ?? true {
                if output.interrupted { throw TrainingInterrupted() }
                let batch: ArrayData
                if let s = stream {
                    guard let b = try s.next() else { break }
                    if step == 0 && epoch == options.initialEpoch { try checkInputs(b) }
                    batch = b
                } else {
                    batch = try train.batch(order[(step * bs)..<Swift.min((step + 1) * bs, train.count)])
                    train.prefetch(order[Swift.min((step + 1) * bs, train.count)..<Swift.min((step + 2) * bs, train.count)])
                }
                for cb in callbacks { try cb.onTrainBatchBegin(step, []) }
                try trainStep(batch, setup)
                let logs = sortedLogs(setup.logs())
                if !warnedNaN, let loss = logs[key: "loss"], !loss.isFinite {
                    warnedNaN = true
                    output.write((output.isTerminal && options.verbose == 1 ? "\n" : "") + "Warning: the loss became \(loss.isNaN ? "nan" : "inf") at epoch \(epoch + 1), batch \(step + 1); the weights are no longer meaningful. Add keras.callbacks.TerminateOnNaN() to stop training when this happens.\n")
                }
                for cb in callbacks { try cb.onTrainBatchEnd(step, logs) }
                bar.update(step + 1, logs)
                step += 1
                if stopTraining { break }
            }
            if step == 0 && stream != nil {
                output.write("UserWarning: Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `steps_per_epoch * epochs` batches.\n")
                break
            }
            var epochLogs = setup.logs()
            if let v = validation, v.count > 0, (epoch + 1) % Swift.max(options.validationFreq, 1) == 0 {
                let val = try evaluateLogs(v, batchSize: options.validationBatchSize ?? bs, verbose: 0, callbacks: callbacks, output: output)
                epochLogs += val.map { ("val_" + $0.0, $0.1) }
            }
            epochLogs = sortedLogs(epochLogs)
            for cb in callbacks { try cb.onEpochEnd(epoch, &epochLogs) }
            history.record(epoch, epochLogs)
            bar.update(step, epochLogs, finalize: true)
            if stopTraining { break }
        }
        for cb in callbacks { try cb.onTrainEnd([]) }
        return history
    }

    /// Per-sample weights from class weights (the class is the label, or the argmax of one-hot rows).
    public func classSampleWeights(_ data: ArrayData, _ weights: [Int: Double]) throws -> Tensor {
        guard data.targets.count == 1, let y = data.targets.first else {
            throw KerasError(.value, "`class_weight` is only supported for Models with a single output.")
        }
        let classes = y.rank > 1 ? y.shape.last! : 1
        let values = y.doubles()
        let out = try Tensor.zeros([data.count], dtype: .float32)
        for r in 0..<data.count {
            let label: Int
            if classes > 1 {
                let row = values[(r * classes)..<((r + 1) * classes)]
                label = row.indices.max { row[$0] < row[$1] }! - r * classes
            } else { label = Int(values[r].rounded()) }
            out.setDouble(weights[label] ?? 1, at: r)
        }
        return out
    }

    func sortedLogs(_ logs: Logs) -> Logs { logs.map { ($0.0, Double(Float($0.1))) }.sorted { $0.0 < $1.0 } }

    /// evaluate's values, in Keras's metric order.
    public func evaluateLogs(_ data: ArrayData, batchSize: Int, verbose: Int, callbacks: [Callback], output: TrainingOutput) throws -> Logs {
        context.recurrentStatesKept += 1
        defer { context.recurrentStatesKept -= 1 }
        let setup = try requireSetup()
        try checkInputs(data, batch: batchSize)
        // Keras builds the optimizer when it first evaluates (its variables then count in the summary).
        try setup.optimizer.build(weightEntries().filter { $0.trainable }.map { $0.variable })
        setup.resetStates()
        let bs = Swift.max(batchSize, 1), steps = (data.count + bs - 1) / bs
        let bar = Progbar(target: steps, verbose: verbose, output: output)
        for cb in callbacks { cb.model = self; try cb.onTestBegin([]) }
        for step in 0..<steps {
            if output.interrupted { throw TrainingInterrupted() }
            for cb in callbacks { try cb.onTestBatchBegin(step, []) }
            let batch = try data.batch(Array((step * bs)..<Swift.min((step + 1) * bs, data.count)))
            clearAddedLosses()
            let outs = try forward(batch.inputs.map { Variable($0) }, training: false)
            let total = try withAddedLosses(try add(try lossOf(outs, batch, setup), try penalties(weightEntries())))
            setup.lossTracker.update(mean: total.value.double(at: 0), weight: Double(batch.count))
            try updateMetrics(outs, batch, setup)
            let logs = sortedLogs(setup.logs())
            for cb in callbacks { try cb.onTestBatchEnd(step, logs) }
            bar.update(step + 1, logs)
        }
        let logs = setup.logs().map { ($0.0, Double(Float($0.1))) }
        for cb in callbacks { try cb.onTestEnd(sortedLogs(logs)) }
        bar.update(steps, sortedLogs(logs), finalize: true)
        return logs
    }

    /// The model's outputs for every sample, computed in batches.
    public func predict(_ data: ArrayData, batchSize: Int, verbose: Int, callbacks: [Callback], output: TrainingOutput) throws -> [Tensor] {
        context.recurrentStatesKept += 1
        defer { context.recurrentStatesKept -= 1 }
        try checkInputs(data, batch: batchSize)
        let bs = Swift.max(batchSize, 1), steps = (data.count + bs - 1) / bs
        let bar = Progbar(target: steps, verbose: verbose, output: output)
        var parts: [[Tensor]] = []
        for cb in callbacks { cb.model = self; try cb.onPredictBegin([]) }
        for step in 0..<steps {
            if output.interrupted { throw TrainingInterrupted() }
            for cb in callbacks { try cb.onPredictBatchBegin(step, []) }
            let batch = try data.batch(Array((step * bs)..<Swift.min((step + 1) * bs, data.count)))
            parts.append(try forward(batch.inputs.map { Variable($0) }, training: false).map { $0.value })
            for cb in callbacks { try cb.onPredictBatchEnd(step, []) }
            bar.update(step + 1, [])
        }
        for cb in callbacks { try cb.onPredictEnd([]) }
        bar.update(steps, [], finalize: true)
        if parts.isEmpty {
            return try outputs.map { try Tensor.zeros([0] + $0.shape.dropFirst().map { $0 ?? 0 }, dtype: .float32) }
        }
        return try (0..<parts[0].count).map { i in try Tensor.concatenate(parts.map { $0[i] }, axis: 0) }
    }

    /// train_on_batch: one step on the given arrays; the logs after it.
    public func trainOnBatch(_ data: ArrayData) throws -> Logs {
        context.recurrentStatesKept += 1
        defer { context.recurrentStatesKept -= 1 }
        let setup = try requireSetup()
        try checkInputs(data)
        setup.resetStates()
        try trainStep(data, setup)
        return setup.logs().map { ($0.0, Double(Float($0.1))) }
    }
}

/// Assigns values to a layer's weights (in weightEntries order), with Keras's checks.
public func setWeights(of layer: Layer, _ values: [Tensor]) throws {
    let entries = layer.weightEntries()
    guard values.count == entries.count else {
        throw KerasError(.value, "You called `set_weights(weights)` on layer '\(layer.name)' with a weight list of length \(values.count), but the layer was expecting \(entries.count) weights.")
    }
    for (e, v) in zip(entries, values) where v.shape != e.spec.shape {
        throw KerasError(.value, "Layer \(e.layer.name) weight shape \(Tensor.describe(e.spec.shape)) is not compatible with provided weight shape \(Tensor.describe(v.shape)).")
    }
    for (e, v) in zip(entries, values) { e.variable.value = try v.dense(.float32).astype(.float32, copy: true) }
}
