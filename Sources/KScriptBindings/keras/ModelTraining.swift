// Model.compile, fit, evaluate, predict, the *_on_batch methods and the training attributes
// (optimizer, stop_training, history): arguments converted as Keras converts them, then the engine.
import Foundation
import KScript
import KTensor
import Keras

extension KerasSession {
    func model(_ v: Value) throws -> Model {
        guard let m = (v.object as? PyLayer)?.layer as? Model else { throw PyError.type("expected a Keras model") }
        return m
    }

    func outputNames(_ m: Model) -> [String] {
        m.outputs.enumerated().map { i, t in t.layer?.name ?? "output_\(i)" }
    }

    func defineTrainingMethods() {
        let t = modelType
        t.def("compile", ["optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss"],
              defaults: [.string("rmsprop"), .none, .none, .none, .none, .bool(false), .int(1), .string("auto"), .bool(true)]) { [unowned self] interp, a in
            let m = try self.model(a[0])
            if let s = m as? Sequential, !s.isBuilt, s.layers.isEmpty { throw PyError.value("You must add a layer to the model before compiling it.") }
            let names = self.outputNames(m)
            let optimizerObject = try self.optimizerArg(a[1])
            // An unknown loss name, like a loss_weights mismatch, is raised when training starts, as in Keras.
            var unknownLoss: PyError? = nil
            var losses: [Loss?]
            do {
                losses = try self.perOutput(a[2], names, "loss") { try self.lossArg($0) }.map { $0 ?? nil }
            } catch let e as PyError where e.isInstance(of: ExcTypes.valueError)
                        && ((try? interp.str(e.exc.args.first ?? .none)) ?? "").hasPrefix("Could not interpret loss identifier") {
                unknownLoss = e
                losses = Array(repeating: nil, count: Swift.max(names.count, 1))
            }
            let weights = try self.perOutput(a[3], names, "loss_weights") { try interp.floatArg($0) }.map { $0 ?? 1 }
            let metrics = try self.perOutputMetrics(a[4], names, "metrics")
            let weightedMetrics = try self.perOutputMetrics(a[5], names, "weighted_metrics")
            m.compile(TrainingSetup(optimizer: optimizerObject.optimizer, losses: losses, lossWeights: weights, metrics: metrics,
                                    weightedMetrics: weightedMetrics, outputNames: names))
            (a[0].object as? PyLayer)?.attrs["_optimizer"] = .obj(optimizerObject)
            // A loss_weights mismatch is raised when training starts, as Keras raises it (none: no entry).
            let mismatch = try unknownLoss ?? self.lossWeightsMismatch(a[2], a[3], names)
            (a[0].object as? PyLayer)?.attrs["_loss_structure_error"] = mismatch.map { .obj($0.exc) }
            // What model.save writes as the compile config.
            let given = PyDict()
            for (k, v) in [("loss", a[2]), ("loss_weights", a[3]), ("metrics", a[4])] { given.set(k, v) }
            (a[0].object as? PyLayer)?.attrs["_compile_arguments"] = .obj(given)
            return .none
        }
        t.def("fit", ["x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split", "validation_data", "shuffle",
                      "class_weight", "sample_weight", "initial_epoch", "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq"],
              defaults: [.none, .none, .none, .int(1), .string("auto"), .none, .float(0), .none, .bool(true), .none, .none, .int(0), .none, .none, .none, .int(1)]) { [unowned self] interp, a in
            let m = try self.compiledModel(a[0])
            var options = FitOptions()
            if !a[3].isNone { options.batchSize = try interp.intArg(a[3]) }
            options.epochs = try interp.intArg(a[4])
            options.verbose = try self.verboseArg(a[5])
            options.validationSplit = try interp.floatArg(a[7])
            options.shuffle = try interp.truthy(a[9])
            options.initialEpoch = try interp.intArg(a[12])
            if !a[15].isNone { options.validationBatchSize = try interp.intArg(a[15]) }
            options.validationFreq = try interp.intArg(a[16])
            if !a[10].isNone {
                var weights: [Int: Double] = [:]
                guard case .obj(let d as PyDict) = a[10] else { throw PyError.type("`class_weight` must be a dict mapping class indices to weights") }
                for (k, v) in d.storage { weights[try interp.intArg(k.value)] = try interp.floatArg(v) }
                options.classWeight = weights
            }
            var stepsPerEpoch = a[13].isNone ? nil : try interp.intArg(a[13])
            var x = a[1]
            if let epochs = try interp.lookupAttr(x, "_kscript_epochs") {
                // A PyDataset: its batches in order, epoch after epoch.
                if stepsPerEpoch == nil { stepsPerEpoch = try interp.len(x) }
                x = try interp.call(epochs, [], [])
            }
            let stream = try self.batchStream(m, x, stepsPerEpoch: stepsPerEpoch)
            let data = stream == nil ? try self.arrayData(m, x, a[2], a[11]) : nil
            if !a[8].isNone {
                let parts = try interp.iterateAll(a[8])
                guard parts.count == 2 || parts.count == 3 else {
                    throw PyError.value("`validation_data` should be a tuple `(val_x, val_y, val_sample_weight)` or `(val_x, val_y)`. Found: \(try interp.repr(a[8]))")
                }
                options.validationData = try self.arrayData(m, parts[0], parts[1], parts.count == 3 ? parts[2] : .none)
            }
            let callbacks = try self.callbacksArg(a[6])
            let history = try self.trainingCall(interp) {
                if let st = stream { return try m.fit(st, options, callbacks: callbacks, output: InterpreterOutput(interp)) }
                return try m.fit(data!, options, callbacks: callbacks, output: InterpreterOutput(interp))
            }
            let result = self.historyObject(history, a[0])
            (a[0].object as? PyLayer)?.attrs["history"] = result
            return result
        }
        t.def("evaluate", ["x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks", "return_dict"],
              defaults: [.none, .none, .none, .string("auto"), .none, .none, .none, .bool(false)]) { [unowned self] interp, a in
            let m = try self.compiledModel(a[0])
            let (data, batchSize) = try self.evaluationData(m, a[1], a[2], a[5], batchSize: a[3], steps: a[6], what: "evaluate")
            let callbacks = try self.callbacksArg(a[7])
            let logs = try self.trainingCall(interp) {
                try m.evaluateLogs(data, batchSize: batchSize, verbose: try self.verboseArg(a[4]), callbacks: callbacks, output: InterpreterOutput(interp))
            }
            return try self.logsResult(logs, returnDict: try interp.truthy(a[8]))
        }
        t.def("predict", ["x", "batch_size", "verbose", "steps", "callbacks"], defaults: [.none, .string("auto"), .none, .none]) { [unowned self] interp, a in
            let m = try self.model(a[0])
            let (data, batchSize) = try self.evaluationData(m, a[1], .none, .none, batchSize: a[2], steps: a[4], what: "predict")
            let callbacks = try self.callbacksArg(a[5])
            let outs = try self.trainingCall(interp) {
                try m.predict(data, batchSize: batchSize, verbose: try self.verboseArg(a[3]), callbacks: callbacks, output: InterpreterOutput(interp))
            }
            return self.predictions(outs, a[0])
        }
        t.def("predict_on_batch", ["x"]) { [unowned self] interp, a in
            let m = try self.model(a[0])
            let data = try self.arrayData(m, a[1], .none, .none)
            let outs = try self.trainingCall(interp) { try m.predict(data, batchSize: Swift.max(data.count, 1), verbose: 0, callbacks: [], output: InterpreterOutput(interp)) }
            return self.predictions(outs, a[0])
        }
        t.def("train_on_batch", ["x", "y", "sample_weight", "class_weight", "return_dict"], defaults: [.none, .none, .none, .bool(false)]) { [unowned self] interp, a in
            let m = try self.compiledModel(a[0])
            var data = try self.arrayData(m, a[1], a[2], a[3])
            if case .obj(let d as PyDict) = a[4] {
                var weights: [Int: Double] = [:]
                for (k, v) in d.storage { weights[try interp.intArg(k.value)] = try interp.floatArg(v) }
                data.sampleWeights = try kerasCall { try tensorCall { try m.classSampleWeights(data, weights) } }
            }
            let logs = try self.trainingCall(interp) { try m.trainOnBatch(data) }
            return try self.logsResult(logs, returnDict: try interp.truthy(a[5]))
        }
        t.def("test_on_batch", ["x", "y", "sample_weight", "return_dict"], defaults: [.none, .none, .bool(false)]) { [unowned self] interp, a in
            let m = try self.compiledModel(a[0])
            let data = try self.arrayData(m, a[1], a[2], a[3])
            let logs = try self.trainingCall(interp) {
                try m.evaluateLogs(data, batchSize: Swift.max(data.count, 1), verbose: 0, callbacks: [], output: InterpreterOutput(interp))
            }
            return try self.logsResult(logs, returnDict: try interp.truthy(a[4]))
        }
        t.property("stop_training", get: { _, v in .bool(((v.object as? PyLayer)?.layer as? Model)?.stopTraining ?? false) },
                   set: { interp, v, x in ((v.object as? PyLayer)?.layer as? Model)?.stopTraining = try interp.truthy(x) })
        t.getter("optimizer") { _, v in (v.object as? PyLayer)?.attrs["_optimizer"] ?? .none }
        t.getter("metrics_names") { _, v in
            guard let m = (v.object as? PyLayer)?.layer as? Model, let s = m.training else { return .obj(PyList()) }
            return .obj(PyList(s.trackerNames.map { .string($0) }))
        }
    }

    /// Runs an engine training call: Keras errors become Python ones, Ctrl-C a KeyboardInterrupt.
    func trainingCall<T>(_ interp: Interpreter, _ body: () throws -> T) throws -> T {
        do { return try kerasCall { try tensorCall { try body() } } }
        catch is TrainingInterrupted {
            try interp.checkInterrupt()
            throw PyError(ExcTypes.keyboardInterrupt, args: [])
        }
    }

    func verboseArg(_ v: Value) throws -> Int {
        if case .str(let s) = v {
            guard s.value == "auto" else { throw PyError.value("verbose must be 'auto', 0, 1 or 2. Received: verbose=\(s.value)") }
            return 1
        }
        return try interp.intArg(v)
    }

    /// evaluate's result: the loss alone, a list (the loss, each output's loss, then the metrics), or a dict (sorted by name).
    func logsResult(_ logs: Logs, returnDict: Bool) throws -> Value {
        let ordered = logs
        if returnDict {
            let d = PyDict()
            for (k, v) in ordered.sorted(by: { $0.0 < $1.0 }) { d.set(k, .float(v)) }
            return .obj(d)
        }
        return ordered.count == 1 ? .float(ordered[0].1) : .obj(PyList(ordered.map { .float($0.1) }))
    }

    func historyObject(_ h: History, _ model: Value) -> Value {
        let inst = PyInstance(cls: historyType)
        let d = PyDict()
        for (k, values) in h.history { d.set(k, .obj(PyList(values.map { .float($0) }))) }
        inst.attrs["history"] = .obj(d)
        inst.attrs["epoch"] = .obj(PyList(h.epoch.map { .int($0) }))
        let params = PyDict()
        for (k, v) in h.params { params.set(k, .int(v)) }
        inst.attrs["params"] = .obj(params)
        inst.attrs["model"] = model
        return .obj(inst)
    }

    /// A value per model output from one value, a list, or a dict keyed by output names.
    /// The error Keras 3 raises when training starts with loss weights shaped unlike the losses:
    /// one loss (whatever the outputs) with a list or dict of weights, several with a number.
    func lossWeightsMismatch(_ loss: Value, _ weights: Value, _ names: [String]) throws -> PyError? {
        if weights.isNone { return nil }
        func entries(_ v: Value) throws -> Int? {
            guard case .obj(let o) = v, o is PyList || o is PyTuple || o is PyDict else { return nil }
            return try interp.len(v)
        }
        var lossCount = try entries(loss) ?? 1
        if case .obj(let d as PyDict) = loss, Set(try d.storage.keys.map { try interp.str($0.value) }) == Set(names) { lossCount = names.count }
        guard let weightCount = try entries(weights) else {
            let lossIsSingle = try entries(loss) == nil
            return lossCount == 1 || lossIsSingle ? nil : PyError.type("object of type '\(interp.typeName(weights))' has no len()")
        }
        if weightCount == lossCount { return nil }
        return PyError.value("`loss_weights` must match the number of losses, got \(lossCount) losses and \(weightCount) weights.")
    }

    /// The model for fit/evaluate/*_on_batch: Keras checks the compiled losses when these first run.
    func compiledModel(_ v: Value) throws -> Model {
        let m = try model(v)
        if case .obj(let e as PyExceptionObject)? = (v.object as? PyLayer)?.attrs["_loss_structure_error"] { throw PyError(e.cls, args: e.args) }
        return m
    }

    func perOutput<T>(_ v: Value, _ names: [String], _ what: String, _ convert: (Value) throws -> T) throws -> [T?] {
        let count = Swift.max(names.count, 1)
        if v.isNone { return Array(repeating: nil, count: count) }
        if case .obj(let d as PyDict) = v {
            var out = [T?](repeating: nil, count: count)
            for (k, x) in d.storage {
                guard case .str(let key) = k.value, let i = names.firstIndex(of: key.value) else {
                    throw PyError.value("In the dict argument `\(what)`, key '\(try interp.str(k.value))' does not correspond to any model output. Received:\n\(what)=\(try interp.repr(v))")
                }
                out[i] = try convert(x)
            }
            return out
        }
        if case .obj(let o) = v, o is PyList || o is PyTuple {
            let items = try interp.iterateAll(v)
            guard items.count == count else {
                throw PyError.value("For a model with \(count) output(s), when providing the `\(what)` argument as a list, it should have as many entries as the model has outputs. Received:\n\(what)=\(try interp.repr(v))\nof length \(items.count) whereas the model has \(count) outputs.")
            }
            return try items.map(convert)
        }
        let one = try convert(v)
        return Array(repeating: one, count: count)
    }

    func optimizerArg(_ v: Value) throws -> PyOptimizer {
        if case .obj(let o as PyOptimizer) = v { return o }
        guard case .str(let s) = v, let kind = Optimizer.Kind(rawValue: s.value.lowercased()) else {
            throw PyError.value("Could not interpret optimizer identifier: \(try interp.str(v))")
        }
        let module = try interp.importNative("keras.optimizers")
        let className = KerasSession.optimizerArguments.first { $0.0 == kind }!.1
        guard case .obj(let o as PyOptimizer) = try interp.call(module.get(className)!, []) else { throw PyError.type("optimizer") }
        return o
    }

    func lossArg(_ v: Value) throws -> Loss? {
        switch v {
        case .none: return nil
        case .str(let s):
            guard let l = Loss(identifier: s.value) else { throw PyError.value("Could not interpret loss identifier: \(s.value)") }
            return l
        case .obj(let l as PyLoss): return l.loss
        case .obj(let f):
            if let kind = lossFunctions[ObjectIdentifier(f)] { return Loss(kind) }
            if f is PyFunction || f.pyType.lookup("__call__") != nil {
                var loss = Loss(.custom, name: (f as? PyFunction)?.name ?? "loss")
                loss.function = scriptFunction(v)
                return loss
            }
            throw PyError.value("Could not interpret loss identifier: \(try interp.repr(v))")
        default: throw PyError.value("Could not interpret loss identifier: \(try interp.repr(v))")
        }
    }

    /// A script's `f(y_true, y_pred)` for the engine: tensors in, a tensor out, on the tape.
    func scriptFunction(_ f: Value) -> (Tensor, Variable) throws -> Variable {
        { [unowned self] yTrue, yPred in
            do {
                let r = try self.interp.call(f, [.obj(PyVariable(Variable(yTrue))), .obj(PyVariable(yPred))])
                return try ScriptTensors.variable(self.interp, r)
            } catch let e as PyError { throw ScriptError(error: e) }
        }
    }

    func metricList(_ v: Value) throws -> [MetricSpec] {
        if v.isNone { return [] }
        let items: [Value]
        if case .obj(let o) = v, o is PyList || o is PyTuple { items = try interp.iterateAll(v) } else { items = [v] }
        return try items.map { item in
            switch item {
            case .str(let s): return .identifier(s.value)
            case .obj(let m as PyMetric): return .metric(m.make())
            case .obj(let f):
                if let kind = lossFunctions[ObjectIdentifier(f)], let mk = Metric.Kind(rawValue: kind.rawValue) { return .metric(Metric(mk)) }
                if let fn = f as? PyFunction {
                    let m = Metric(.custom, name: fn.name)
                    m.function = scriptFunction(item)
                    return .metric(m)
                }
                throw PyError.value("Could not interpret metric identifier: \(try interp.repr(item))")
            default: throw PyError.value("Could not interpret metric identifier: \(try interp.repr(item))")
            }
        }
    }

    /// A generator (or any iterator) of `(x, y)` or `(x, y, sample_weight)` batches; nil for arrays.
    func batchStream(_ m: Model, _ x: Value, stepsPerEpoch: Int?) throws -> BatchStream? {
        guard case .obj(let it as PyIterator) = x else { return nil }
        return BatchStream(stepsPerEpoch: stepsPerEpoch) { [unowned self] in
            guard let item = try it.next() else { return nil }
            let parts = try self.generatorItem(item)
            guard parts.count > 1 else { throw PyError.value("Expected the generator given to fit to yield targets: (inputs, targets); it yielded (inputs,)") }
            return try self.arrayData(m, parts[0], parts[1], parts.count == 3 ? parts[2] : .none)
        }
    }

    /// predict's result: one array, or one per output in the container the model's outputs were given in.
    func predictions(_ outs: [Tensor], _ model: Value) -> Value {
        if outs.count == 1 { return .obj(PyNDArray(outs[0])) }
        let arrays: [Value] = outs.map { .obj(PyNDArray($0)) }
        if case .obj(is PyTuple)? = (model.object as? PyLayer)?.attrs["_output_structure"] { return .obj(PyTuple(arrays)) }
        return .obj(PyList(arrays))
    }

    /// compile's metrics (or weighted_metrics) for each output: one list for all, a list per output, or a dict by output name.
    func perOutputMetrics(_ v: Value, _ names: [String], _ what: String) throws -> [[MetricSpec]] {
        let count = Swift.max(names.count, 1)
        var metrics: [[MetricSpec]] = Array(repeating: [], count: count)
        if v.isNone { return metrics }
        if case .obj(let d as PyDict) = v {
            for (k, x) in d.storage {
                guard case .str(let key) = k.value, let i = names.firstIndex(of: key.value) else {
                    throw PyError.value("In the dict argument `\(what)`, key '\(try interp.str(k.value))' does not correspond to any model output. Received:\n\(what)=\(try interp.repr(v))")
                }
                metrics[i] = try metricList(x)
            }
            return metrics
        }
        let items = try interp.iterateAll(v)
        let nested = count > 1 && items.count == count && items.allSatisfy { if case .obj(let o) = $0 { return o is PyList || o is PyTuple }; return false }
        if nested { return try items.map { try metricList($0) } }
        for i in 0..<count { metrics[i] = try metricList(v) }
        return metrics
    }

    /// One item of a generator given to fit/evaluate/predict: Keras takes tuples only.
    func generatorItem(_ item: Value) throws -> [Value] {
        guard case .obj(let t as PyTuple) = item, (1...3).contains(t.items.count) else {
            throw PyError.value("When passing a Python generator to a Keras model, the generator must return a tuple, either (input,) or (inputs, targets) or (inputs, targets, sample_weights). Received: \(try interp.str(item))")
        }
        return t.items
    }

    /// evaluate's or predict's data and batch size: arrays in batches of `batch_size` (32), or a
    /// generator's batches as it gives them.
    func evaluationData(_ m: Model, _ x: Value, _ y: Value, _ sampleWeight: Value, batchSize: Value, steps: Value, what: String) throws -> (ArrayData, Int) {
        if let once = try interp.lookupAttr(x, "_kscript_once") {
            return try evaluationData(m, try interp.call(once, [], []), y, sampleWeight, batchSize: batchSize, steps: steps, what: what)
        }
        if case .obj(let it as PyIterator) = x {
            guard let joined = try generatorData(m, it, steps: steps, targets: what == "evaluate", what: what) else {
                throw PyError.value("Expected input data to be non-empty.")
            }
            return joined
        }
        return (try arrayData(m, x, y, sampleWeight), batchSize.isNone ? 32 : try interp.intArg(batchSize))
    }

    /// evaluate/predict on a generator: its batches (up to `steps`) joined into one data set, and
    /// the first batch's size, so that the steps and the per-sample averages are the generator's.
    func generatorData(_ m: Model, _ it: PyIterator, steps: Value, targets: Bool, what: String) throws -> (ArrayData, Int)? {
        let limit = steps.isNone ? Int.max : try interp.intArg(steps)
        var batches: [ArrayData] = []
        while batches.count < limit, let item = try it.next() {
            let parts = try generatorItem(item)
            if targets && parts.count == 1 { throw PyError.value("Expected the generator given to \(what) to yield targets: (inputs, targets); it yielded (inputs,)") }
            batches.append(try arrayData(m, parts[0], targets ? parts[1] : .none, targets && parts.count == 3 ? parts[2] : .none))
        }
        guard let first = batches.first else { return nil }
        func joined(_ pick: (ArrayData) -> [Tensor]) throws -> [Tensor] {
            try pick(first).indices.map { i in try tensorCall { try Tensor.concatenate(batches.map { pick($0)[i] }, axis: 0) } }
        }
        let weights = try first.sampleWeights.map { _ in try tensorCall { try Tensor.concatenate(batches.compactMap { $0.sampleWeights }, axis: 0) } }
        let data = try kerasCall { try ArrayData(inputs: try joined { $0.inputs }, targets: try joined { $0.targets }, sampleWeights: weights) }
        return (data, Swift.max(first.count, 1))
    }

    /// x, y and sample weights as the engine's arrays: one array, a list (several inputs or
    /// outputs) or a dict keyed by input/output names.
    func arrayData(_ m: Model, _ x: Value, _ y: Value, _ sampleWeight: Value) throws -> ArrayData {
        if x.isNone { throw PyError.value("Unrecognized data type: x=None (of type <class 'NoneType'>)") }
        if case .obj(is PyIterator) = x {
            throw PyError.type("a generator cannot be given to this method; use fit, evaluate or predict")
        }
        let inputNames = m.inputs.map { $0.layer?.name ?? "" }
        let inputs = try arrays(x, count: m.inputs.count, names: inputNames, what: "x")
        let targets = y.isNone ? [] : try arrays(y, count: m.outputs.count, names: outputNames(m), what: "y")
        let sw = sampleWeight.isNone ? nil : try NumpyModule.toTensor(interp, sampleWeight, dtype: .float32)
        return try kerasCall { try tensorCall { try ArrayData(inputs: inputs, targets: targets, sampleWeights: sw) } }
    }

    func arrays(_ v: Value, count: Int, names: [String], what: String) throws -> [Tensor] {
        if case .obj(let d as PyDict) = v {
            return try names.map { n in
                guard let a = d.get(n) else { throw PyError.value("Missing data for input/output \"\(n)\". You passed a data dictionary with keys \(try interp.repr(.obj(PyList(d.storage.keys.map { $0.value })))). Expected the following keys: \(names)") }
                return try NumpyModule.toTensor(interp, a, dtype: nil)
            }
        }
        if count > 1, case .obj(let o) = v, o is PyList || o is PyTuple {
            let items = try interp.iterateAll(v)
            guard items.count == count else {
                throw PyError.value("Layer \"\(names.first ?? "")\" expects \(count) input(s), but it received \(items.count) input tensors.")
            }
            return try items.map { try NumpyModule.toTensor(interp, $0, dtype: nil) }
        }
        return [try NumpyModule.toTensor(interp, v, dtype: nil)]
    }
}
