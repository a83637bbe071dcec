// Training callbacks: the hooks fit/evaluate/predict call, and Keras's built-in callbacks with
// their defaults and messages (EarlyStopping, ReduceLROnPlateau, LearningRateScheduler,
// TerminateOnNaN, CSVLogger). History is kept by the trainer itself.
import Foundation
import KTensor

/// Logs in Keras's order (a Python dict in scripts).
public typealias Logs = [(String, Double)]

extension Array where Element == (String, Double) {
    public subscript(key key: String) -> Double? {
        get { first { $0.0 == key }?.1 }
        set {
            if let i = firstIndex(where: { $0.0 == key }) { if let v = newValue { self[i].1 = v } else { remove(at: i) } }
            else if let v = newValue { append((key, v)) }
        }
    }
}

open class Callback {
    public weak var model: Model?
    public init() {}
    open func onTrainBegin(_ logs: Logs) throws {}
    open func onTrainEnd(_ logs: Logs) throws {}
    open func onEpochBegin(_ epoch: Int, _ logs: Logs) throws {}
    open func onEpochEnd(_ epoch: Int, _ logs: inout Logs) throws {}
    open func onTrainBatchBegin(_ batch: Int, _ logs: Logs) throws {}
    open func onTrainBatchEnd(_ batch: Int, _ logs: Logs) throws {}
    open func onTestBegin(_ logs: Logs) throws {}
    open func onTestEnd(_ logs: Logs) throws {}
    open func onTestBatchBegin(_ batch: Int, _ logs: Logs) throws {}
    open func onTestBatchEnd(_ batch: Int, _ logs: Logs) throws {}
    open func onPredictBegin(_ logs: Logs) throws {}
    open func onPredictEnd(_ logs: Logs) throws {}
    open func onPredictBatchBegin(_ batch: Int, _ logs: Logs) throws {}
    open func onPredictBatchEnd(_ batch: Int, _ logs: Logs) throws {}
}

/// Keras's "auto" mode: accuracies, AUC, precision and recall grow; everything else shrinks.
func monitorGrows(_ monitor: String, mode: String) -> Bool {
    if mode == "max" { return true }
    if mode == "min" { return false }
    return ["acc", "auc", "precision", "recall"].contains { monitor.contains($0) }
}

public final class EarlyStopping: Callback {
    let monitor: String, minDelta: Double, patience: Int, verbose: Int, grows: Bool
    let baseline: Double?, restoreBestWeights: Bool, startFromEpoch: Int
    let output: TrainingOutput
    public private(set) var wait = 0, stoppedEpoch = 0, bestEpoch = 0
    public private(set) var best: Double?
    var bestWeights: [Tensor]?

    public init(monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, verbose: Int = 0, mode: String = "auto",
                baseline: Double? = nil, restoreBestWeights: Bool = false, startFromEpoch: Int = 0, output: TrainingOutput) {
        self.monitor = monitor; self.minDelta = Swift.abs(minDelta); self.patience = patience; self.verbose = verbose
        self.grows = monitorGrows(monitor, mode: mode); self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights; self.startFromEpoch = startFromEpoch; self.output = output
    }

    func improves(_ value: Double, over reference: Double?) -> Bool {
        guard let r = reference else { return true }
        return grows ? value - minDelta > r : value + minDelta < r
    }

    public override func onTrainBegin(_ logs: Logs) throws {
        wait = 0; stoppedEpoch = 0; best = nil; bestWeights = nil; bestEpoch = 0
    }

    public override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) throws {
        guard epoch >= startFromEpoch, let model = model else { return }
        guard let current = logs[key: monitor] else {
            output.write("UserWarning: Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.map { $0.0 }.joined(separator: ","))\n")
            return
        }
        if restoreBestWeights && bestWeights == nil { bestWeights = model.weightValues() }
        wait += 1
        if improves(current, over: best) {
            best = current; bestEpoch = epoch
            if restoreBestWeights { bestWeights = model.weightValues() }
            if baseline == nil || improves(current, over: baseline) { wait = 0 }
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model.stopTraining = true
        }
    }

    public override func onTrainEnd(_ logs: Logs) throws {
        if stoppedEpoch > 0 && verbose > 0 { output.write("Epoch \(stoppedEpoch + 1): early stopping\n") }
        if restoreBestWeights, let w = bestWeights, let model = model {
            if verbose > 0 { output.write("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).\n") }
            try model.setWeightValues(w)
        }
    }
}

public final class ReduceLROnPlateau: Callback {
    let monitor: String, factor: Double, patience: Int, verbose: Int, grows: Bool, minDelta: Double, cooldown: Int, minLR: Double
    let output: TrainingOutput
    var wait = 0, cooldownCounter = 0
    var best: Double

    public init(monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Int = 0, mode: String = "auto",
                minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Double = 0, output: TrainingOutput) throws {
        guard factor < 1 else { throw KerasError(.value, "ReduceLROnPlateau does not support a factor >= 1.0. Received factor=\(factor)") }
        self.monitor = monitor; self.factor = factor; self.patience = patience; self.verbose = verbose
        self.grows = monitorGrows(monitor, mode: mode == "auto" && !monitor.contains("acc") ? "min" : mode)
        self.minDelta = minDelta; self.cooldown = cooldown; self.minLR = minLR; self.output = output
        best = grows ? -.infinity : .infinity
    }

    public override func onTrainBegin(_ logs: Logs) throws {
        wait = 0; cooldownCounter = 0; best = grows ? -.infinity : .infinity
    }

    public override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) throws {
        guard let optimizer = model?.training?.optimizer else { return }
        logs[key: "learning_rate"] = Double(Float(optimizer.currentLearningRate))
        guard let current = logs[key: monitor] else {
            output.write("UserWarning: Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.map { $0.0 }.joined(separator: ",")).\n")
            return
        }
        if cooldownCounter > 0 { cooldownCounter -= 1; wait = 0 }
        if grows ? current > best + minDelta : current < best - minDelta {
            best = current; wait = 0
        } else if cooldownCounter <= 0 {
            wait += 1
            if wait >= patience {
                let old = Double(Float(optimizer.currentLearningRate))
                if old > Double(Float(minLR)) {
                    let new = Swift.max(old * factor, minLR)
                    optimizer.learningRate = .constant(new)
                    optimizer.decay = 0
                    if verbose > 0 { output.write("\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(new).\n") }
                    cooldownCounter = cooldown; wait = 0
                }
            }
        }
    }
}

public final class LearningRateScheduler: Callback {
    let schedule: (Int, Double) throws -> Double
    let verbose: Int
    let output: TrainingOutput

    public init(schedule: @escaping (Int, Double) throws -> Double, verbose: Int = 0, output: TrainingOutput) {
        self.schedule = schedule; self.verbose = verbose; self.output = output
    }

    public override func onEpochBegin(_ epoch: Int, _ logs: Logs) throws {
        guard let optimizer = model?.training?.optimizer else { return }
        let lr = try schedule(epoch, Double(Float(optimizer.currentLearningRate)))
        optimizer.learningRate = .constant(lr)
        optimizer.decay = 0
        if verbose > 0 { output.write("\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(lr).\n") }
    }

    public override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) throws {
        if let optimizer = model?.training?.optimizer { logs[key: "learning_rate"] = Double(Float(optimizer.currentLearningRate)) }
    }
}

public final class TerminateOnNaN: Callback {
    let output: TrainingOutput
    public init(output: TrainingOutput) { self.output = output }
    public override func onTrainBatchEnd(_ batch: Int, _ logs: Logs) throws {
        if let loss = logs[key: "loss"], !loss.isFinite {
            output.write("Batch \(batch): Invalid loss, terminating training\n")
            model?.stopTraining = true
        }
    }
}

public final class CSVLogger: Callback {
    let path: String, separator: String, append: Bool
    var keys: [String]?
    var text = ""

    public init(filename: String, separator: String = ",", append: Bool = false) {
        path = filename; self.separator = separator; self.append = append
    }

    public override func onTrainBegin(_ logs: Logs) throws {
        keys = nil
        text = append ? ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "") : ""
        try flush()
    }

    public override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) throws {
        if keys == nil {
            keys = logs.map { $0.0 }.sorted()
            if text.isEmpty { text += (["epoch"] + keys!).joined(separator: separator) + "\r\n" }
        }
        text += ([String(epoch)] + keys!.map { k in logs[key: k].map { "\($0)" } ?? "NA" }).joined(separator: separator) + "\r\n"
        try flush()
    }

    func flush() throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        catch { throw KerasError(.value, "CSVLogger could not write \(path): \(error.localizedDescription)") }
    }
}
