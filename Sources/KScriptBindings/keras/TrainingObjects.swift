// keras.optimizers (with .schedules), keras.losses and keras.metrics: script objects that carry
// an engine optimizer, learning-rate schedule, loss or metric description.
import Foundation
import KScript
import KTensor
import Keras

final class PyOptimizer: PyInstance {
    var optimizer: Optimizer!
    /// Keras's name for it (`adam`, `adam_1`, `rm_sprop`, or the one given).
    var name = ""
    /// `learning_rate` as a Variable, made on first use.
    var learningRateVariable: PyLearningRate?
    /// The arguments Keras's get_config lists after the common ones (momentum, beta_1, ...).
    var ownArguments: [String] = []
}
final class PySchedule: PyInstance {
    var schedule: LearningRate!
    /// The constructor's arguments by name, in order: its get_config.
    var config: [(String, Value)] = []
}
final class PyLoss: PyInstance { var loss: Loss! }
/// A metric description; compile() makes fresh engine metrics from it.
final class PyMetric: PyInstance {
    var kind: Metric.Kind = .mean
    var name = "", threshold = 0.5, k = 5
    /// A metric class written in the script: its state variables, and how an engine metric calls it.
    var variables: [Variable] = []
    var connect: ((Metric) -> Void)?
    /// The engine metric behind update_state/result when the script uses the object on its own.
    lazy var engine: Metric = make()
    func make() -> Metric {
        let m = Metric(kind, name: name)
        m.threshold = threshold; m.k = k
        connect?(m)
        m.reset()
        return m
    }
}

extension KerasSession {
    /// Each optimizer's own arguments and defaults (Keras 3), before the common ones.
    static let optimizerArguments: [(Optimizer.Kind, String, [String], [Value])] = [
        (.sgd, "SGD", ["learning_rate", "momentum", "nesterov"], [.float(0.01), .float(0), .bool(false)]),
        (.rmsprop, "RMSprop", ["learning_rate", "rho", "momentum", "epsilon", "centered"], [.float(0.001), .float(0.9), .float(0), .float(1e-7), .bool(false)]),
        (.adam, "Adam", ["learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"], [.float(0.001), .float(0.9), .float(0.999), .float(1e-7), .bool(false)]),
        (.adamw, "AdamW", ["learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad"], [.float(0.001), .float(0.004), .float(0.9), .float(0.999), .float(1e-7), .bool(false)]),
        (.adagrad, "Adagrad", ["learning_rate", "initial_accumulator_value", "epsilon"], [.float(0.001), .float(0.1), .float(1e-7)]),
        (.adadelta, "Adadelta", ["learning_rate", "rho", "epsilon"], [.float(0.001), .float(0.95), .float(1e-7)]),
        (.adamax, "Adamax", ["learning_rate", "beta_1", "beta_2", "epsilon"], [.float(0.001), .float(0.9), .float(0.999), .float(1e-7)]),
        (.nadam, "Nadam", ["learning_rate", "beta_1", "beta_2", "epsilon"], [.float(0.001), .float(0.9), .float(0.999), .float(1e-7)]),
    ]
    static let commonOptimizerArguments = ["weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema", "ema_momentum",
                                           "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "name"]

    func optimizersModule(_ interp: Interpreter, _ path: String) throws -> PyModule {
        let base = PyType(name: "Optimizer", bases: [BuiltinTypes.object], module: "keras.optimizers")
        base.property("learning_rate", get: { _, v in
            guard let p = v.object as? PyOptimizer, let o = p.optimizer else { return .none }
            let current = try tensorCall { try Tensor.scalar(o.currentLearningRate, dtype: .float32) }
            // A schedule's rate is a value of the step (as Keras gives an array), a fixed one a Variable.
            if case .constant = o.learningRate {} else { return .obj(PyVariable(Variable(current))) }
            let lr = try p.learningRateVariable ?? tensorCall { try PyLearningRate(o, path: "\(p.name)/learning_rate") }
            p.learningRateVariable = lr
            lr.variable.value = current
            return .obj(lr)
        }, set: { interp, v, x in
            guard let o = (v.object as? PyOptimizer)?.optimizer else { return }
            o.learningRate = try self.learningRateArg(x); o.decay = 0
        })
        base.dict["lr"] = base.dict["learning_rate"]
        // Keras 3's step counter: a Variable `adam/iteration` (int32 on its JAX backend), read when asked.
        base.getter("iterations") { _, v in
            guard let p = v.object as? PyOptimizer else { return .none }
            let count = try tensorCall { try Tensor.scalar(Double(p.optimizer?.iterations ?? 0), dtype: .int32) }
            return .obj(PyWeight(Variable(count), name: "iteration", path: "\(p.name)/iteration", trainable: false))
        }
        base.getter("name") { _, v in .string((v.object as? PyOptimizer)?.name ?? "") }
        base.def("get_config") { [unowned self] _, a in
            guard let p = a[0].object as? PyOptimizer, let o = p.optimizer else { return .none }
            return try self.optimizerConfig(p, o)
        }
        var members: [(String, Value)] = [("Optimizer", .obj(base))]
        for (kind, className, own, defaults) in KerasSession.optimizerArguments {
            let t = PyType(name: className, bases: [base], module: "keras.optimizers")
            let common = KerasSession.commonOptimizerArguments.filter { !own.contains($0) }
            let params = own + common + ["**kwargs"]
            let sig = NativeSignature("\(className).__init__", params, defaults: defaults + common.map { _ in .none })
            t.construct = { [unowned self] interp, type, args, kw in
                let a = try sig.bind(args, kw)
                let o = Optimizer(kind)
                var values: [String: Value] = [:]
                for (p, v) in zip(params, a) where !p.hasPrefix("**") { values[p] = v }
                if case .obj(let extra as PyDict) = a[a.count - 1] {
                    var unknown: [String] = []
                    for (k, v) in extra.storage {
                        guard case .str(let key) = k.value else { continue }
                        switch key.value {
                        case "lr": values["learning_rate"] = v
                        case "decay": o.decay = try interp.floatArg(v)
                        default: unknown.append("'\(key.value)': \(try interp.repr(v))")
                        }
                    }
                    if !unknown.isEmpty { throw PyError.value("Argument(s) not recognized: {\(unknown.joined(separator: ", "))}") }
                }
                func num(_ k: String) throws -> Double? { try values[k].flatMap { $0.isNone ? nil : try interp.floatArg($0) } }
                o.learningRate = try self.learningRateArg(values["learning_rate"] ?? .float(0.001))
                let schedule = values["learning_rate"].flatMap { $0.object is PySchedule ? $0 : nil }
                if let v = try num("momentum") { o.momentum = v }
                if let v = values["nesterov"] { o.nesterov = try interp.truthy(v) }
                if let v = try num("beta_1") { o.beta1 = v }
                if let v = try num("beta_2") { o.beta2 = v }
                if let v = try num("epsilon") { o.epsilon = v }
                if let v = values["amsgrad"] { o.amsgrad = try interp.truthy(v) }
                if let v = try num("rho") { o.rho = v }
                if let v = values["centered"] { o.centered = try interp.truthy(v) }
                if let v = try num("initial_accumulator_value") { o.initialAccumulator = v }
                if values["weight_decay"] != nil { o.weightDecay = try num("weight_decay") }
                o.clipnorm = try num("clipnorm"); o.clipvalue = try num("clipvalue"); o.globalClipnorm = try num("global_clipnorm")
                if let v = values["use_ema"], try interp.truthy(v) { throw PyError.notImplemented("optimizer use_ema=True is not supported by kscript yet") }
                if o.momentum < 0 || o.momentum > 1 { throw PyError.value("`momentum` must be a float between [0, 1].") }
                let inst = PyOptimizer(cls: type)
                inst.optimizer = o
                if let schedule { inst.attrs["_schedule"] = schedule }
                inst.ownArguments = own.filter { $0 != "learning_rate" && $0 != "weight_decay" }
                inst.name = try values["name"].flatMap { $0.isNone ? nil : try interp.strArg($0, "name") }
                    ?? self.context.uniqueName(KerasContext.snakeCase(className))
                return .obj(inst)
            }
            t.dict["__signature__"] = nativeFunction(className, params, defaults: sig.defaults) { _, _ in .none }
            members.append((className, .obj(t)))
        }
        members.append(("schedules", .obj(schedulesModule(interp, path + ".schedules"))))
        // keras.optimizers.get: a new optimizer from its name (any case: 'adam', 'Adam'), or the object given.
        let classes = Dictionary(members.map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { first, _ in first })
        members.append(("get", nativeFunction("get", ["identifier"]) { interp, a in
            if case .obj(is PyOptimizer) = a[0] { return a[0] }
            if case .str(let s) = a[0], s.value != "schedules", let cls = classes[s.value.lowercased()] { return try interp.call(cls, []) }
            throw PyError.value("Could not interpret optimizer identifier: \(try interp.str(a[0]))")
        }))
        return interp.makeNativeModule(path, members)
    }

    /// A learning rate argument: a number or a schedule.
    /// An optimizer's get_config, in Keras 3's keys and order.
    func optimizerConfig(_ p: PyOptimizer, _ o: Optimizer) throws -> Value {
        let d = PyDict()
        func number(_ x: Double?) -> Value { x.map { .float($0) } ?? .none }
        d.set("name", .string(p.name))
        if case .constant = o.learningRate {
            d.set("learning_rate", .float(Double(Float(o.currentLearningRate))))
        } else if let schedule = p.attrs["_schedule"], case .obj(let s as PySchedule) = schedule {
            let inner = PyDict()
            for (k, v) in s.config { inner.set(k, v) }
            let entry = PyDict()
            entry.set("module", .string("keras.optimizers.schedules")); entry.set("class_name", .string(s.cls.name))
            entry.set("config", .obj(inner)); entry.set("registered_name", .none)
            d.set("learning_rate", .obj(entry))
        }
        for (k, v) in [("weight_decay", number(o.weightDecay)), ("clipnorm", number(o.clipnorm)), ("global_clipnorm", number(o.globalClipnorm)),
                       ("clipvalue", number(o.clipvalue)), ("use_ema", .bool(false)), ("ema_momentum", .float(0.99)),
                       ("ema_overwrite_frequency", .none), ("loss_scale_factor", .none), ("gradient_accumulation_steps", .none)] {
            d.set(k, v)
        }
        let own: [String: Value] = ["momentum": .float(o.momentum), "nesterov": .bool(o.nesterov), "rho": .float(o.rho),
                                    "epsilon": .float(o.epsilon), "centered": .bool(o.centered), "beta_1": .float(o.beta1),
                                    "beta_2": .float(o.beta2), "amsgrad": .bool(o.amsgrad), "initial_accumulator_value": .float(o.initialAccumulator)]
        for k in p.ownArguments { d.set(k, own[k] ?? .none) }
        return .obj(d)
    }

    func learningRateArg(_ v: Value) throws -> LearningRate {
        if case .obj(let s as PySchedule) = v { return s.schedule }
        return .constant(try interp.floatArg(v))
    }

    func schedulesModule(_ interp: Interpreter, _ path: String) -> PyModule {
        let base = PyType(name: "LearningRateSchedule", bases: [BuiltinTypes.object], module: "keras.optimizers.schedules")
        base.def("__call__", ["step"]) { interp, a in
            guard let s = (a[0].object as? PySchedule)?.schedule else { return .none }
            return .float(Double(Float(s.at(step: try interp.intArg(a[1])))))
        }
        let kinds: [(String, [String], [Value], (Interpreter, [Value]) throws -> LearningRate)] = [
            ("ExponentialDecay", ["initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name"], [.bool(false), .string("ExponentialDecay")], { i, a in
                .exponentialDecay(initial: try i.floatArg(a[0]), steps: try i.floatArg(a[1]), rate: try i.floatArg(a[2]), staircase: try i.truthy(a[3])) }),
            ("InverseTimeDecay", ["initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name"], [.bool(false), .string("InverseTimeDecay")], { i, a in
                .inverseTimeDecay(initial: try i.floatArg(a[0]), steps: try i.floatArg(a[1]), rate: try i.floatArg(a[2]), staircase: try i.truthy(a[3])) }),
            ("PiecewiseConstantDecay", ["boundaries", "values", "name"], [.string("PiecewiseConstant")], { i, a in
                let b = try i.iterateAll(a[0]).map { try i.floatArg($0) }, v = try i.iterateAll(a[1]).map { try i.floatArg($0) }
                guard v.count == b.count + 1 else {
                    throw PyError.value("The length of boundaries should be 1 less than the length of values. Received: boundaries=\(try i.repr(a[0])) of length \(b.count), and values=\(try i.repr(a[1])) of length \(v.count).")
                }
                return .piecewiseConstant(boundaries: b, values: v) }),
            ("CosineDecay", ["initial_learning_rate", "decay_steps", "alpha", "name"], [.float(0), .string("CosineDecay")], { i, a in
                .cosineDecay(initial: try i.floatArg(a[0]), steps: try i.floatArg(a[1]), alpha: try i.floatArg(a[2])) }),
        ]
        base.def("get_config") { _, a in
            let d = PyDict()
            for (k, v) in (a[0].object as? PySchedule)?.config ?? [] { d.set(k, v) }
            return .obj(d)
        }
        var members: [(String, Value)] = [("LearningRateSchedule", .obj(base))]
        for (name, params, defaults, make) in kinds {
            let t = PyType(name: name, bases: [base], module: "keras.optimizers.schedules")
            let sig = NativeSignature("\(name).__init__", params, defaults: defaults)
            t.construct = { interp, type, args, kw in
                let inst = PySchedule(cls: type)
                let bound = try sig.bind(args, kw)
                inst.schedule = try make(interp, bound)
                inst.config = Array(zip(params, bound))
                return .obj(inst)
            }
            members.append((name, .obj(t)))
        }
        return interp.makeNativeModule(path, members)
    }

    /// Keras's loss classes (`BinaryCrossentropy(from_logits=...)`) and functions (`binary_crossentropy(y_true, y_pred)`).
    func lossesModule(_ interp: Interpreter, _ path: String) -> PyModule {
        let base = PyType(name: "Loss", bases: [BuiltinTypes.object], module: "keras.losses")
        base.def("__call__", ["y_true", "y_pred", "sample_weight"], defaults: [.none]) { interp, a in
            guard let loss = (a[0].object as? PyLoss)?.loss else { return .none }
            let sw = a[3].isNone ? nil : try NumpyModule.toTensor(interp, a[3], dtype: .float32)
            let values = try kerasCall { try tensorCall { try loss.perSample(try NumpyModule.toTensor(interp, a[1], dtype: .float32), Variable(try NumpyModule.toTensor(interp, a[2], dtype: .float32))) } }
            let reduced = try kerasCall { try tensorCall { try loss.reduce(values, sampleWeight: sw) } }
            return .obj(PyNDArray(try tensorCall { try reduced.value.astype(.float32) }))
        }
        base.getter("name") { _, v in .string((v.object as? PyLoss)?.loss.name ?? "") }
        // `class MyLoss(keras.losses.Loss)`: its call(y_true, y_pred) gives the per-sample losses,
        // which are averaged over the batch (weighted by sample weights) as Keras reduces them.
        base.makeInstance = { type in PyLoss(cls: type) }
        base.def("__init__", ["name", "reduction", "dtype"], defaults: [.none, .string("sum_over_batch_size"), .none]) { [unowned self] interp, a in
            guard let p = a[0].object as? PyLoss else { return .none }
            let reduction = try interp.strArg(a[2], "reduction")
            if reduction != "sum_over_batch_size" && reduction != "auto" { throw PyError.notImplemented("loss reduction '\(reduction)' is not supported by kscript yet") }
            var loss = Loss(.custom, name: a[1].isNone ? KerasContext.snakeCase(p.cls.name) : try interp.strArg(a[1], "name"))
            loss.function = self.scriptFunction(try interp.getAttr(a[0], "call"))
            p.loss = loss
            return .none
        }
        var members: [(String, Value)] = [("Loss", .obj(base))]
        let classNames: [Loss.Kind: String] = [
            .mean_squared_error: "MeanSquaredError", .mean_absolute_error: "MeanAbsoluteError",
            .mean_absolute_percentage_error: "MeanAbsolutePercentageError", .mean_squared_logarithmic_error: "MeanSquaredLogarithmicError",
            .binary_crossentropy: "BinaryCrossentropy", .categorical_crossentropy: "CategoricalCrossentropy",
            .sparse_categorical_crossentropy: "SparseCategoricalCrossentropy", .hinge: "Hinge", .squared_hinge: "SquaredHinge",
            .categorical_hinge: "CategoricalHinge", .kl_divergence: "KLDivergence", .poisson: "Poisson",
            .cosine_similarity: "CosineSimilarity", .huber: "Huber", .log_cosh: "LogCosh",
            .binary_focal_crossentropy: "BinaryFocalCrossentropy", .categorical_focal_crossentropy: "CategoricalFocalCrossentropy",
        ]
        for kind in Loss.Kind.allCases where kind != .custom {
            let className = classNames[kind]!
            let t = PyType(name: className, bases: [base], module: "keras.losses")
            var params = ["reduction", "name", "dtype"]
            var defaults: [Value] = [.string("sum_over_batch_size"), .string(kind.rawValue), .none]
            switch kind {
            case .binary_crossentropy, .categorical_crossentropy:
                params = ["from_logits", "label_smoothing", "axis"] + params; defaults = [.bool(false), .float(0), .int(-1)] + defaults
            case .sparse_categorical_crossentropy:
                params = ["from_logits", "ignore_class"] + params; defaults = [.bool(false), .none] + defaults
            case .huber: params = ["delta"] + params; defaults = [.float(1)] + defaults
            case .binary_focal_crossentropy:
                params = ["apply_class_balancing", "alpha", "gamma", "from_logits", "label_smoothing", "axis"] + params
                defaults = [.bool(false), .float(0.25), .float(2), .bool(false), .float(0), .int(-1)] + defaults
            case .categorical_focal_crossentropy:
                params = ["alpha", "gamma", "from_logits", "label_smoothing", "axis"] + params
                defaults = [.float(0.25), .float(2), .bool(false), .float(0), .int(-1)] + defaults
            case .cosine_similarity: params = ["axis"] + params; defaults = [.int(-1)] + defaults
            default: break
            }
            let sig = NativeSignature("\(className).__init__", params, defaults: defaults)
            t.construct = { interp, type, args, kw in
                let a = try sig.bind(args, kw)
                var loss = Loss(kind)
                for (p, v) in zip(params, a) {
                    switch p {
                    case "from_logits": loss.fromLogits = try interp.truthy(v)
                    case "label_smoothing": loss.labelSmoothing = try interp.floatArg(v)
                    case "delta": loss.delta = try interp.floatArg(v)
                    case "gamma": loss.gamma = try interp.floatArg(v)
                    case "alpha": loss.alpha = try interp.floatArg(v)
                    case "apply_class_balancing": loss.applyClassBalancing = try interp.truthy(v)
                    case "name": loss.name = try interp.strArg(v, "name")
                    case "reduction":
                        let r = try interp.strArg(v, "reduction")
                        if r != "sum_over_batch_size" && r != "auto" { throw PyError.notImplemented("loss reduction '\(r)' is not supported by kscript yet") }
                    case "ignore_class": if !v.isNone { throw PyError.notImplemented("ignore_class is not supported by kscript yet") }
                    default: break
                    }
                }
                let inst = PyLoss(cls: type)
                inst.loss = loss
                return .obj(inst)
            }
            members.append((className, .obj(t)))
            members.append((kind.rawValue, lossFunction(kind.rawValue, kind)))
        }
        for (alias, kind) in Loss.aliases { members.append((alias, lossFunction(alias, kind))) }
        // keras.losses.get: the loss function of a name, a class or function given as it is, None for None.
        let functions = Dictionary(members.filter { $0.0.first?.isLowercase == true }, uniquingKeysWith: { first, _ in first })
        members.append(("get", nativeFunction("get", ["identifier"]) { interp, a in
            switch a[0] {
            case .none: return .none
            case .str(let s):
                // An alias ('mse') gives the function of the full name, as Keras's does.
                if let f = functions[Loss.aliases[s.value]?.rawValue ?? s.value] { return f }
            case .obj(let o) where o is PyFunction || o is PyNativeFunction || o.pyType.lookup("__call__") != nil: return a[0]
            default: break
            }
            throw PyError.value("Could not interpret loss identifier: \(try interp.str(a[0]))")
        }))
        return interp.makeNativeModule(path, members.sorted { $0.0 < $1.0 })
    }

    /// `keras.losses.mse(y_true, y_pred)`: the per-sample values as an array.
    func lossFunction(_ name: String, _ kind: Loss.Kind) -> Value {
        let fn = nativeFunction(name, ["y_true", "y_pred"]) { interp, a in
            let values = try kerasCall { try tensorCall { try Loss(kind).perSample(try NumpyModule.toTensor(interp, a[0], dtype: .float32), Variable(try NumpyModule.toTensor(interp, a[1], dtype: .float32))) } }
            return .obj(PyNDArray(values.value))
        }
        if case .obj(let f) = fn { lossFunctions[ObjectIdentifier(f)] = kind }
        return fn
    }

    func metricsModule(_ interp: Interpreter, _ path: String) -> PyModule {
        let base = PyType(name: "Metric", bases: [BuiltinTypes.object], module: "keras.metrics")
        base.getter("name") { _, v in .string((v.object as? PyMetric)?.name ?? "") }
        defineScriptMetricBase(base)
        defineBuiltinMetricMethods(base)
        var members: [(String, Value)] = [("Metric", .obj(base))]
        let classes: [(String, Metric.Kind, String)] = [
            ("BinaryAccuracy", .binary_accuracy, "binary_accuracy"), ("CategoricalAccuracy", .categorical_accuracy, "categorical_accuracy"),
            ("SparseCategoricalAccuracy", .sparse_categorical_accuracy, "sparse_categorical_accuracy"),
            ("TopKCategoricalAccuracy", .top_k_categorical_accuracy, "top_k_categorical_accuracy"),
            ("SparseTopKCategoricalAccuracy", .sparse_top_k_categorical_accuracy, "sparse_top_k_categorical_accuracy"),
            ("MeanSquaredError", .mean_squared_error, "mean_squared_error"), ("MeanAbsoluteError", .mean_absolute_error, "mean_absolute_error"),
            ("MeanAbsolutePercentageError", .mean_absolute_percentage_error, "mean_absolute_percentage_error"),
            ("MeanSquaredLogarithmicError", .mean_squared_logarithmic_error, "mean_squared_logarithmic_error"),
            ("BinaryCrossentropy", .binary_crossentropy, "binary_crossentropy"), ("CategoricalCrossentropy", .categorical_crossentropy, "categorical_crossentropy"),
            ("SparseCategoricalCrossentropy", .sparse_categorical_crossentropy, "sparse_categorical_crossentropy"),
            ("Precision", .precision, "precision"), ("Recall", .recall, "recall"), ("AUC", .auc, "auc"),
            ("Accuracy", .accuracy, "accuracy"), ("Hinge", .hinge, "hinge"), ("SquaredHinge", .squared_hinge, "squared_hinge"),
            ("CategoricalHinge", .categorical_hinge, "categorical_hinge"), ("KLDivergence", .kl_divergence, "kl_divergence"),
            ("Poisson", .poisson, "poisson"), ("LogCoshError", .log_cosh, "logcosh"), ("CosineSimilarity", .cosine_similarity, "cosine_similarity"),
            ("RootMeanSquaredError", .root_mean_squared_error, "root_mean_squared_error"), ("Mean", .mean, "mean"), ("Sum", .sum, "sum"),
        ]
        for (className, kind, defaultName) in classes {
            let t = PyType(name: className, bases: [base], module: "keras.metrics")
            let params = ["thresholds", "k", "name", "dtype", "**kwargs"]
            let sig = NativeSignature("\(className).__init__", params, defaults: [.none, .int(5), .none, .none])
            t.construct = { [unowned self] interp, type, args, kw in
                let a = try sig.bind(args, kw)
                let m = PyMetric(cls: type)
                // Unnamed Precision, Recall and AUC objects get Keras's unique names (auc, auc_1, ...); the others share theirs.
                m.kind = kind; m.k = try interp.intArg(a[1])
                let unique = [.precision, .recall, .auc].contains(kind)
                m.name = !a[2].isNone ? try interp.strArg(a[2], "name") : unique ? self.context.uniqueName(defaultName) : defaultName
                if !a[0].isNone { m.threshold = try interp.floatArg(a[0]) }
                if case .obj(let extra as PyDict) = a[4], let th = extra.get("threshold") { m.threshold = try interp.floatArg(th) }
                return .obj(m)
            }
            members.append((className, .obj(t)))
        }
        // The loss functions Keras 3 also lists among its metrics, then the accuracy functions.
        for kind in Loss.Kind.allCases where ![.custom, .cosine_similarity].contains(kind) { members.append((kind.rawValue, lossFunction(kind.rawValue, kind))) }
        let module = interp.makeNativeModule(path, members)
        do { try interp.run(source: KerasMetricFunctionsSource.text, file: KerasMetricFunctionsSource.file, module: module) }
        catch { preconditionFailure("keras.metrics' own source failed: \(error)") }
        return module
    }

    /// update_state and result of Keras's own metric classes used on their own
    /// (`m = keras.metrics.Accuracy(); m.update_state(y_true, y_pred); m.result()`).
    func defineBuiltinMetricMethods(_ base: PyType) {
        base.def("update_state", ["*args", "**kwargs"]) { interp, a in
            guard let m = a[0].object as? PyMetric, case .obj(let args as PyTuple) = a[1], case .obj(let kw as PyDict) = a[2] else { return .none }
            guard m.kind != .stateful else { throw PyError.notImplemented("Metric.update_state: a metric subclass must define update_state") }
            let kwargs: KwArgs = kw.storage.compactMap { k, v in if case .str(let s) = k.value { return (s.value, v) }; return nil }
            let valuesOnly = m.kind == .mean || m.kind == .sum
            let params = valuesOnly ? ["values", "sample_weight"] : ["y_true", "y_pred", "sample_weight"]
            let b = try NativeSignature("\(m.cls.name).update_state", params, defaults: [.none]).bind(args.items, kwargs)
            let weight = b.last!.isNone ? nil : try NumpyModule.toTensor(interp, b.last!, dtype: .float64)
            try kerasCall { try tensorCall {
                if valuesOnly {
                    try m.engine.update(values: try NumpyModule.toTensor(interp, b[0], dtype: .float64), sampleWeight: weight)
                } else {
                    try m.engine.update(try NumpyModule.toTensor(interp, b[0], dtype: .float32), try NumpyModule.toTensor(interp, b[1], dtype: .float32),
                                        sampleWeight: weight)
                }
            } }
            return .none
        }
        base.def("result") { _, a in
            guard let m = a[0].object as? PyMetric else { return .none }
            guard m.kind != .stateful else { throw PyError.notImplemented("Metric.result: a metric subclass must define result") }
            return .obj(PyVariable(Variable(try tensorCall { try Tensor.scalar(m.engine.result, dtype: .float32) })))
        }
    }

    /// `class MyMetric(keras.metrics.Metric)`: state from add_variable/add_weight, the script's
    /// update_state/result/reset_state (reset_state zeroes the state unless the script overrides it);
    /// compile and fit call them as Keras does (reset at each epoch's start, updated every batch).
    func defineScriptMetricBase(_ base: PyType) {
        base.makeInstance = { type in PyMetric(cls: type) }
        base.def("__init__", ["name", "dtype", "**kwargs"], defaults: [.none, .none]) { [unowned self] interp, a in
            guard let m = a[0].object as? PyMetric else { return .none }
            m.kind = .stateful
            m.name = a[1].isNone ? KerasContext.snakeCase(m.cls.name) : try interp.strArg(a[1], "name")
            let object = a[0]
            m.connect = { [unowned self] metric in
                let interp = self.interp
                func run(_ method: String, _ args: [Value], _ kwargs: KwArgs = []) throws -> Value {
                    do { return try interp.call(try interp.getAttr(object, method), args, kwargs) } catch let e as PyError { throw ScriptError(error: e) }
                }
                metric.statefulUpdate = { yTrue, yPred, weight in
                    _ = try run("update_state", [.obj(PyVariable(Variable(yTrue))), .obj(PyVariable(Variable(yPred)))],
                                weight.map { [("sample_weight", .obj(PyVariable(Variable($0))))] } ?? [])
                }
                metric.statefulResult = {
                    let r = try run("result", [])
                    do { return try ScriptTensors.variable(interp, r).value.double(at: 0) } catch let e as PyError { throw ScriptError(error: e) }
                }
                metric.statefulReset = { _ = try run("reset_state", []) }
            }
            return .none
        }
        base.def("add_variable", ["shape", "initializer", "dtype", "aggregation", "name"],
                 defaults: [.string("zeros"), .none, .string("sum"), .none]) { [unowned self] interp, a in
            guard let m = a[0].object as? PyMetric else { return .none }
            let shape = try self.shapeArg(a[1]).map { $0 ?? 1 }
            var fill = 0.0
            switch a[2] {
            case .int, .float: fill = try interp.floatArg(a[2])
            case .str(let s) where s.value == "zeros": fill = 0
            case .str(let s) where s.value == "ones": fill = 1
            default: throw PyError.notImplemented("a metric variable initialized with \(try interp.repr(a[2])) is not supported by kscript yet (zeros, ones or a number are)")
            }
            let v = Variable(try tensorCall { try Tensor.binary(.add, try Tensor.zeros(shape), try Tensor.scalar(fill)) })
            m.variables.append(v)
            let name = a[5].isNone ? "variable" : try interp.strArg(a[5], "name")
            return .obj(self.wrapWeight(v, name: name, path: "\(m.name)/\(name)", trainable: false))
        }
        base.dict["add_weight"] = base.dict["add_variable"]
        base.def("reset_state") { _, a in
            guard let m = a[0].object as? PyMetric else { return .none }
            if m.kind != .stateful { m.engine.reset() }
            for v in m.variables { v.value = try tensorCall { try Tensor.zeros(v.shape, dtype: v.value.dtype) } }
            return .none
        }
        base.getter("variables") { [unowned self] _, v in
            guard let m = v.object as? PyMetric else { return .obj(PyList()) }
            return .obj(PyList(m.variables.map { .obj(self.wrapWeight($0, name: "variable", path: "\(m.name)/variable", trainable: false)) }))
        }
        base.def("__call__", ["*args", "**kwargs"]) { interp, a in
            guard case .obj(let args as PyTuple) = a[1], case .obj(let kw as PyDict) = a[2] else { return .none }
            let kwargs: KwArgs = kw.storage.compactMap { k, v in if case .str(let s) = k.value { return (s.value, v) }; return nil }
            _ = try interp.call(try interp.getAttr(a[0], "update_state"), args.items, kwargs)
            return try interp.call(try interp.getAttr(a[0], "result"), [], [])
        }
    }
}
