// keras.callbacks: the Callback base class scripts subclass (its hooks called with Keras's
// arguments and `self.model` set), LambdaCallback, and Keras's built-in callbacks.
import Foundation
import KScript
import Keras

/// A built-in callback made by the engine.
final class PyEngineCallback: PyInstance { var callback: Callback! }

/// Training output through the interpreter's stdout; Ctrl-C is read from its interrupt flag.
final class InterpreterOutput: TrainingOutput {
    unowned let interp: Interpreter
    init(_ interp: Interpreter) { self.interp = interp }
    func write(_ text: String) { interp.out.write(text) }
    var isTerminal: Bool { interp.out.isTerminal }
    var interrupted: Bool { (interp.interruptFlag?.pointee ?? 0) != 0 }
}

/// A callback written in kscript: each hook calls the method of the same name, when defined.
final class ScriptCallback: Callback {
    let instance: PyInstance
    unowned let session: KerasSession
    let base: PyType

    init(_ instance: PyInstance, session: KerasSession, base: PyType) {
        self.instance = instance; self.session = session; self.base = base
    }

    func logsDict(_ logs: Logs) -> Value {
        let d = PyDict()
        for (k, v) in logs { d.set(k, .float(v)) }
        return .obj(d)
    }

    /// Calls `method` if the script defines it (as a method of its class or, for LambdaCallback, an attribute).
    func hook(_ method: String, _ args: [Value]) throws {
        let interp = session.interp
        if let m = model { instance.attrs["model"] = .obj(PyLayer.wrap(m, session: session)) }
        if let f = instance.attrs[method] {
            if !f.isNone { _ = try interp.call(f, args) }
            return
        }
        guard let defined = instance.cls.lookup(method), base.dict[method].map({ $0.object !== defined.object }) ?? true else { return }
        _ = try interp.call(try interp.getAttr(.obj(instance), method), args)
    }

    override func onTrainBegin(_ logs: Logs) throws { try hook("on_train_begin", [logsDict(logs)]) }
    override func onTrainEnd(_ logs: Logs) throws { try hook("on_train_end", [logsDict(logs)]) }
    override func onEpochBegin(_ epoch: Int, _ logs: Logs) throws { try hook("on_epoch_begin", [.int(epoch), logsDict(logs)]) }
    override func onEpochEnd(_ epoch: Int, _ logs: inout Logs) throws { try hook("on_epoch_end", [.int(epoch), logsDict(logs)]) }
    override func onTrainBatchBegin(_ batch: Int, _ logs: Logs) throws {
        try hook("on_train_batch_begin", [.int(batch), logsDict(logs)])
        try hook("on_batch_begin", [.int(batch), logsDict(logs)])
    }
    override func onTrainBatchEnd(_ batch: Int, _ logs: Logs) throws {
        try hook("on_train_batch_end", [.int(batch), logsDict(logs)])
        try hook("on_batch_end", [.int(batch), logsDict(logs)])
    }
    override func onTestBegin(_ logs: Logs) throws { try hook("on_test_begin", [logsDict(logs)]) }
    override func onTestEnd(_ logs: Logs) throws { try hook("on_test_end", [logsDict(logs)]) }
    override func onTestBatchBegin(_ batch: Int, _ logs: Logs) throws { try hook("on_test_batch_begin", [.int(batch), logsDict(logs)]) }
    override func onTestBatchEnd(_ batch: Int, _ logs: Logs) throws { try hook("on_test_batch_end", [.int(batch), logsDict(logs)]) }
    override func onPredictBegin(_ logs: Logs) throws { try hook("on_predict_begin", [logsDict(logs)]) }
    override func onPredictEnd(_ logs: Logs) throws { try hook("on_predict_end", [logsDict(logs)]) }
    override func onPredictBatchBegin(_ batch: Int, _ logs: Logs) throws { try hook("on_predict_batch_begin", [.int(batch), logsDict(logs)]) }
    override func onPredictBatchEnd(_ batch: Int, _ logs: Logs) throws { try hook("on_predict_batch_end", [.int(batch), logsDict(logs)]) }
}

extension KerasSession {
    static let callbackHooks = ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
                                "on_train_batch_end", "on_batch_begin", "on_batch_end", "on_test_begin", "on_test_end",
                                "on_test_batch_begin", "on_test_batch_end", "on_predict_begin", "on_predict_end",
                                "on_predict_batch_begin", "on_predict_batch_end"]

    func callbacksModule(_ interp: Interpreter, _ path: String) -> PyModule {
        let base = callbackBase
        var members: [(String, Value)] = [("Callback", .obj(base))]
        let lambda = PyType(name: "LambdaCallback", bases: [base], module: "keras.callbacks")
        let lambdaParams = ["on_epoch_begin", "on_epoch_end", "on_train_begin", "on_train_end", "on_train_batch_begin", "on_train_batch_end", "**kwargs"]
        let lambdaSig = NativeSignature("LambdaCallback.__init__", lambdaParams, defaults: Array(repeating: .none, count: 6))
        lambda.construct = { interp, type, args, kw in
            let a = try lambdaSig.bind(args, kw)
            let inst = PyInstance(cls: type)
            for hook in KerasSession.callbackHooks { inst.attrs[hook] = Value.none }
            for (p, v) in zip(lambdaParams, a) where !p.hasPrefix("**") { inst.attrs[p] = v }
            if case .obj(let extra as PyDict) = a[6] {
                for (k, v) in extra.storage {
                    guard case .str(let key) = k.value, KerasSession.callbackHooks.contains(key.value) else {
                        throw PyError.type("LambdaCallback.__init__() got an unexpected keyword argument '\(try interp.str(k.value))'")
                    }
                    inst.attrs[key.value] = v
                }
            }
            return .obj(inst)
        }
        members.append(("LambdaCallback", .obj(lambda)))
        let output = InterpreterOutput(interp)
        let builtins: [(String, [String], [Value], (Interpreter, [Value]) throws -> Callback)] = [
            ("EarlyStopping", ["monitor", "min_delta", "patience", "verbose", "mode", "baseline", "restore_best_weights", "start_from_epoch"],
             [.string("val_loss"), .int(0), .int(0), .int(0), .string("auto"), .none, .bool(false), .int(0)], { i, a in
                EarlyStopping(monitor: try i.strArg(a[0], "monitor"), minDelta: try i.floatArg(a[1]), patience: try i.intArg(a[2]),
                              verbose: try i.intArg(a[3]), mode: try i.strArg(a[4], "mode"), baseline: a[5].isNone ? nil : try i.floatArg(a[5]),
                              restoreBestWeights: try i.truthy(a[6]), startFromEpoch: try i.intArg(a[7]), output: output) }),
            ("ReduceLROnPlateau", ["monitor", "factor", "patience", "verbose", "mode", "min_delta", "cooldown", "min_lr"],
             [.string("val_loss"), .float(0.1), .int(10), .int(0), .string("auto"), .float(1e-4), .int(0), .float(0)], { i, a in
                try ReduceLROnPlateau(monitor: try i.strArg(a[0], "monitor"), factor: try i.floatArg(a[1]), patience: try i.intArg(a[2]),
                                      verbose: try i.intArg(a[3]), mode: try i.strArg(a[4], "mode"), minDelta: try i.floatArg(a[5]),
                                      cooldown: try i.intArg(a[6]), minLR: try i.floatArg(a[7]), output: output) }),
            ("LearningRateScheduler", ["schedule", "verbose"], [.int(0)], { i, a in
                let schedule = a[0]
                return LearningRateScheduler(schedule: { epoch, lr in
                    let result: Value
                    do { result = try i.call(schedule, [.int(epoch), .float(lr)]) }
                    catch let e as PyError where e.type === ExcTypes.typeError { result = try i.call(schedule, [.int(epoch)]) }
                    return try i.floatArg(result)
                }, verbose: try i.intArg(a[1]), output: output) }),
            ("TerminateOnNaN", [], [], { _, _ in TerminateOnNaN(output: output) }),
            ("CSVLogger", ["filename", "separator", "append"], [.string(","), .bool(false)], { i, a in
                CSVLogger(filename: try i.str(a[0]), separator: try i.strArg(a[1], "separator"), append: try i.truthy(a[2])) }),
        ]
        for (name, params, defaults, make) in builtins {
            let t = PyType(name: name, bases: [base], module: "keras.callbacks")
            let sig = NativeSignature("\(name).__init__", params, defaults: defaults)
            t.construct = { interp, type, args, kw in
                let inst = PyEngineCallback(cls: type)
                let bound = try sig.bind(args, kw)
                inst.callback = try kerasCall { try make(interp, bound) }
                // The options as attributes (`early_stopping.patience`), under Keras's names.
                for (p, v) in zip(params, bound) {
                    switch p {
                    case "min_delta": inst.attrs[p] = .float(abs(try interp.floatArg(v)))
                    case "separator": inst.attrs["sep"] = v
                    default: inst.attrs[p] = v
                    }
                }
                return .obj(inst)
            }
            members.append((name, .obj(t)))
            if name == "EarlyStopping" {
                // Its state as training left it.
                t.getter("stopped_epoch") { _, v in .int(((v.object as? PyEngineCallback)?.callback as? EarlyStopping)?.stoppedEpoch ?? 0) }
                t.getter("wait") { _, v in .int(((v.object as? PyEngineCallback)?.callback as? EarlyStopping)?.wait ?? 0) }
                t.getter("best_epoch") { _, v in .int(((v.object as? PyEngineCallback)?.callback as? EarlyStopping)?.bestEpoch ?? 0) }
                t.getter("best") { _, v in (((v.object as? PyEngineCallback)?.callback as? EarlyStopping)?.best).map { .float($0) } ?? .none }
            }
        }
        let checkpoint = PyType(name: "ModelCheckpoint", bases: [base], module: "keras.callbacks")
        let checkpointSig = NativeSignature("ModelCheckpoint.__init__", ["filepath", "monitor", "verbose", "save_best_only", "save_weights_only", "mode", "save_freq", "initial_value_threshold"],
                                            defaults: [.string("val_loss"), .int(0), .bool(false), .bool(false), .string("auto"), .string("epoch"), .none])
        checkpoint.construct = { [unowned self] interp, type, args, kw in
            let inst = PyEngineCallback(cls: type)
            inst.callback = try ModelCheckpoint(self, try checkpointSig.bind(args, kw), output: output)
            return .obj(inst)
        }
        checkpoint.getter("best") { _, v in
            guard let c = (v.object as? PyEngineCallback)?.callback as? ModelCheckpoint, let b = c.best else { return .none }
            return .float(b)
        }
        members.append(("ModelCheckpoint", .obj(checkpoint)))
        for name in ["TensorBoard", "BackupAndRestore"] {
            let t = PyType(name: name, bases: [base], module: "keras.callbacks")
            t.construct = { _, _, _, _ in throw PyError.notImplemented("keras.callbacks.\(name) is not implemented in kscript yet") }
            members.append((name, .obj(t)))
        }
        members.append(("History", .obj(historyType)))
        return interp.makeNativeModule(path, members)
    }

    /// The engine callbacks for fit's `callbacks=` list.
    func callbacksArg(_ v: Value) throws -> [Callback] {
        if v.isNone { return [] }
        return try interp.iterateAll(v).map { c in
            if case .obj(let e as PyEngineCallback) = c { return e.callback }
            guard case .obj(let inst as PyInstance) = c, inst.cls.isSubtype(of: callbackBase) else {
                throw PyError.type("Expected a keras.callbacks.Callback instance in `callbacks`, got \(try interp.repr(c)) (of type \(interp.typeName(c)))")
            }
            return ScriptCallback(inst, session: self, base: callbackBase)
        }
    }
}
