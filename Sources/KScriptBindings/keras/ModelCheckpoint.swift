// keras.callbacks.ModelCheckpoint: after each epoch (or only when the monitored value improves)
// the model goes to a `.keras` file, or its weights to a `.weights.h5` one, at a path formatted
// with the epoch and the logs (`w-{epoch:02d}-{val_loss:.3f}.weights.h5`), with Keras 3's messages.
import Foundation
import KScript
import Keras

final class ModelCheckpoint: Callback {
    let filepath: Value, monitor: String, verbose: Int, saveBestOnly: Bool, mode: String, weightsOnly: Bool
    let interp: Interpreter, output: TrainingOutput
    unowned let session: KerasSession
    var best: Double?
    var grows = false

    init(_ session: KerasSession, _ a: [Value], output: TrainingOutput) throws {
        self.session = session; self.interp = session.interp; self.output = output
        let interp = session.interp
        let path = try interp.strArg(a[0], "filepath")
        filepath = a[0]
        monitor = try interp.strArg(a[1], "monitor")
        verbose = try interp.intArg(a[2])
        saveBestOnly = try interp.truthy(a[3])
        weightsOnly = try interp.truthy(a[4]) || path.hasSuffix(".weights.h5")
        mode = try interp.strArg(a[5], "mode")
        best = a[7].isNone ? nil : try interp.floatArg(a[7])
        if try interp.truthy(a[4]) && !path.hasSuffix(".weights.h5") {
            throw PyError.value("When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in `.weights.h5` (Keras weights format). Received: filepath=\(path)")
        }
        if !weightsOnly && !path.hasSuffix(".keras") && !path.hasSuffix(".h5") {
            throw PyError.value("The filepath provided must end in `.keras` (Keras model format). Received: filepath=\(path)")
        }
        guard case .str(let freq) = a[6], freq.value == "epoch" else {
            throw PyError.notImplemented("ModelCheckpoint(save_freq=\(try interp.repr(a[6]))) is not supported by kscript yet; it saves once per epoch")
        }
        guard ["auto", "min", "max"].contains(mode) else { throw PyError.value("Unrecognized mode: \(mode).") }
        super.init()
    }

    /// Keras 3's rule: min or max as asked; in "auto", a loss shrinks and a metric goes its own way.
    override func onTrainBegin(_ logs: Logs) throws {
        if mode != "auto" { grows = mode == "max"; return }
        var name = monitor
        if name.hasPrefix("val_") { name.removeFirst(4) }
        if name == "loss" { grows = false; return }
        if ["accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy",
            "auc", "precision", "recall"].contains(name) { grows = true; return }
        if ["mse", "mae", "mean_squared_error", "mean_absolute_error", "mape", "msle"].contains(name) { grows = false; return }
        throw PyError.value("ModelCheckpoint callback received monitor=\(monitor), but Keras isn't able to automatically determine whether that metric should be maximized or minimized. Pass `mode='max'` in order to monitor based on the highest metric value, or pass `mode='min'` in order to use the lowest value.")
    }

    override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) throws {
        guard let model = model else { return }
        let path = try formattedPath(epoch, logs)
        if !saveBestOnly {
            if verbose > 0 { output.write("\nEpoch \(epoch + 1): saving model to \(path)\n") }
            try save(model, path, epoch)
            return
        }
        guard let current = logs[key: monitor] else {
            output.write("UserWarning: Can save best model only with \(monitor) available.\n")
            return
        }
        let improved = best.map { grows ? current > $0 : current < $0 } ?? true
        if improved {
            if verbose > 0 {
                let from = best.map { String(format: "%.5f", $0) } ?? "None"
                output.write("\nEpoch \(epoch + 1): \(monitor) improved from \(from) to \(String(format: "%.5f", current)), saving model to \(path)\n")
            }
            best = current
            try save(model, path, epoch)
        } else if verbose > 0 {
            output.write("\nEpoch \(epoch + 1): \(monitor) did not improve from \(String(format: "%.5f", best!))\n")
        }
    }

    private func save(_ model: Model, _ path: String, _ epoch: Int) throws {
        if weightsOnly {
            do { try WeightsFile.save(model, to: path) } catch let e as WeightsFile.Failure { throw PyError.value(e.message) }
        } else if let py = model.binding as? PyLayer {
            try session.saveModel(py, to: path)
        }
        if verbose > 0 { output.write("\nEpoch \(epoch + 1): finished saving model to \(path)\n") }
    }

    /// `filepath.format(epoch=epoch + 1, **logs)`, as Keras fills it.
    private func formattedPath(_ epoch: Int, _ logs: Logs) throws -> String {
        let format = try interp.getAttr(filepath, "format")
        let fields: KwArgs = [("epoch", .int(epoch + 1))] + logs.map { ($0.0, .float($0.1)) }
        return try interp.strArg(try interp.call(format, [], fields), "filepath")
    }
}
