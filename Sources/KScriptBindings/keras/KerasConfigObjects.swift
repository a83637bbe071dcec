// keras.initializers, keras.regularizers and keras.constraints: objects that carry Keras's
// configuration (get_config() as Keras returns it), and the check of string identifiers that
// layers accept for them. The engine applies them when training exists.
import KScript
import KTensor
import Keras

struct ConfigClass {
    let name: String
    let params: [String]
    let defaults: [Value]
    /// The order of keys in get_config() (Keras puts `seed` first for random initializers).
    let configOrder: [String]
}

extension KerasSession {
    static let initializerClasses: [ConfigClass] = {
        let v = { (x: Double) in Value.float(x) }
        let scaling = ["GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform"]
        return [
            ConfigClass(name: "Constant", params: ["value"], defaults: [v(0)], configOrder: ["value"]),
            ConfigClass(name: "Zeros", params: [], defaults: [], configOrder: []),
            ConfigClass(name: "Ones", params: [], defaults: [], configOrder: []),
            ConfigClass(name: "RandomNormal", params: ["mean", "stddev", "seed"], defaults: [v(0), v(0.05), .none], configOrder: ["seed", "mean", "stddev"]),
            ConfigClass(name: "RandomUniform", params: ["minval", "maxval", "seed"], defaults: [v(-0.05), v(0.05), .none], configOrder: ["seed", "minval", "maxval"]),
            ConfigClass(name: "TruncatedNormal", params: ["mean", "stddev", "seed"], defaults: [v(0), v(0.05), .none], configOrder: ["seed", "mean", "stddev"]),
            ConfigClass(name: "VarianceScaling", params: ["scale", "mode", "distribution", "seed", "input_axes", "output_axes"],
                        defaults: [v(1), .string("fan_in"), .string("truncated_normal"), .none, .none, .none],
                        configOrder: ["seed", "scale", "mode", "distribution", "input_axes", "output_axes"]),
            ConfigClass(name: "Orthogonal", params: ["gain", "seed"], defaults: [v(1), .none], configOrder: ["seed", "gain"]),
            ConfigClass(name: "Identity", params: ["gain"], defaults: [v(1)], configOrder: ["gain"]),
        ] + scaling.map { ConfigClass(name: $0, params: ["seed", "input_axes", "output_axes"], defaults: [.none, .none, .none], configOrder: ["seed", "input_axes", "output_axes"]) }
    }()

    static let regularizerClasses: [ConfigClass] = [
        ConfigClass(name: "L1", params: ["l1"], defaults: [.float(0.01)], configOrder: ["l1"]),
        ConfigClass(name: "L2", params: ["l2"], defaults: [.float(0.01)], configOrder: ["l2"]),
        ConfigClass(name: "L1L2", params: ["l1", "l2"], defaults: [.float(0), .float(0)], configOrder: ["l1", "l2"]),
        ConfigClass(name: "OrthogonalRegularizer", params: ["factor", "mode"], defaults: [.float(0.01), .string("rows")], configOrder: ["factor", "mode"]),
    ]

    static let constraintClasses: [ConfigClass] = [
        ConfigClass(name: "MaxNorm", params: ["max_value", "axis"], defaults: [.int(2), .int(0)], configOrder: ["max_value", "axis"]),
        ConfigClass(name: "MinMaxNorm", params: ["min_value", "max_value", "rate", "axis"], defaults: [.float(0), .float(1), .float(1), .int(0)],
                    configOrder: ["min_value", "max_value", "rate", "axis"]),
        ConfigClass(name: "NonNeg", params: [], defaults: [], configOrder: []),
        ConfigClass(name: "UnitNorm", params: ["axis"], defaults: [.int(0)], configOrder: ["axis"]),
    ]

    /// Keras's snake_case aliases (`glorot_uniform`, `l1_l2`, `max_norm`, ...).
    static let aliases: [String: String] = [
        "constant": "Constant", "zeros": "Zeros", "ones": "Ones", "random_normal": "RandomNormal",
        "random_uniform": "RandomUniform", "truncated_normal": "TruncatedNormal", "variance_scaling": "VarianceScaling",
        "orthogonal": "Orthogonal", "identity": "Identity", "glorot_normal": "GlorotNormal", "glorot_uniform": "GlorotUniform",
        "he_normal": "HeNormal", "he_uniform": "HeUniform", "lecun_normal": "LecunNormal", "lecun_uniform": "LecunUniform",
        "l1": "L1", "l2": "L2", "l1_l2": "L1L2", "orthogonal_regularizer": "OrthogonalRegularizer",
        "max_norm": "MaxNorm", "min_max_norm": "MinMaxNorm", "non_neg": "NonNeg", "unit_norm": "UnitNorm",
    ]

    /// Makes the module `keras.<kind>` with its classes and aliases.
    func configModule(_ interp: Interpreter, _ moduleName: String, kind: String, classes: [ConfigClass], typeModule: (String) -> String) -> PyModule {
        let base = PyType(name: kind, bases: [BuiltinTypes.object], module: "keras.src.\(kind.lowercased())s")
        base.def("get_config") { _, a in
            guard case .obj(let inst as PyInstance) = a[0], case .obj(let order as PyTuple)? = inst.cls.dict["_config_order"] else { return .obj(PyDict()) }
            let d = PyDict()
            for k in order.items { if case .str(let s) = k { d.set(s.value, inst.attrs[s.value] ?? .none) } }
            return .obj(d)
        }
        configBases[kind] = base
        if kind == "Initializer" {
            // `keras.initializers.GlorotUniform()(shape=(2, 3))`: a tensor of initial values.
            base.def("__call__", ["shape", "dtype"], defaults: [.none]) { [unowned self] interp, a in
                guard let (name, args) = self.configObject(a[0], KerasSession.initializerClasses) else { return .none }
                return .obj(PyVariable(Variable(try self.initialValues(name, args, shape: a[1], dtype: a[2]))))
            }
        }
        var members: [(String, Value)] = [(kind, .obj(base))]
        for c in classes {
            let t = PyType(name: c.name, bases: [base], module: typeModule(c.name))
            t.dict["_config_order"] = .obj(PyTuple(c.configOrder.map { .string($0) }))
            let sig = NativeSignature("\(c.name).__init__", c.params, defaults: c.defaults)
            t.construct = { _, type, args, kw in
                let bound = try sig.bind(args, kw)
                let inst = PyInstance(cls: type)
                for (p, v) in zip(c.params, bound) { inst.attrs[p] = v }
                return .obj(inst)
            }
            t.dict["__signature__"] = nativeFunction(c.name, c.params, defaults: c.defaults) { _, _ in .none }
            members.append((c.name, .obj(t)))
            for (alias, target) in KerasSession.aliases where target == c.name { members.append((alias, .obj(t))) }
        }
        return interp.makeNativeModule(moduleName, members.sorted { $0.0 < $1.0 })
    }

    /// Checks a layer argument such as `kernel_initializer='he_uniform'` the way Keras resolves it.
    func checkConfigArgument(_ key: String, _ v: Value) throws {
        let kind: String
        if key.hasSuffix("_initializer") { kind = "Initializer" }
        else if key.hasSuffix("_regularizer") { kind = "Regularizer" }
        else if key.hasSuffix("_constraint") { kind = "Constraint" }
        else { return }
        let classes = kind == "Initializer" ? KerasSession.initializerClasses : kind == "Regularizer" ? KerasSession.regularizerClasses : KerasSession.constraintClasses
        switch v {
        case .none: return
        case .str(let s):
            if classes.contains(where: { $0.name == s.value }) || KerasSession.aliases[s.value].map({ t in classes.contains { $0.name == t } }) == true { return }
            throw PyError.value("Could not interpret \(kind.lowercased()) identifier: \(s.value)")
        case .obj(let o):
            if let base = configBases[kind], o.pyType.isSubtype(of: base) { return }
            if o is PyFunction || o is PyNativeFunction || o.pyType.lookup("__call__") != nil { return }
            throw PyError.value("Could not interpret \(kind.lowercased()) identifier: \(try interp.repr(v))")
        default:
            throw PyError.value("Could not interpret \(kind.lowercased()) identifier: \(try interp.repr(v))")
        }
    }
}

extension KerasSession {
    /// The class name and arguments of an initializer/regularizer/constraint argument
    /// (a name such as 'he_normal', or an object made from keras.initializers & co.).
    func configObject(_ v: Value, _ classes: [ConfigClass]) -> (String, [String: Value])? {
        switch v {
        case .str(let s):
            let name = KerasSession.aliases[s.value] ?? s.value
            guard let c = classes.first(where: { $0.name == name }) else { return nil }
            return (name, Dictionary(uniqueKeysWithValues: zip(c.params.suffix(c.defaults.count), c.defaults)))
        case .obj(let inst as PyInstance):
            guard let c = classes.first(where: { inst.cls.name == $0.name }) else { return nil }
            return (c.name, Dictionary(uniqueKeysWithValues: inst.attrs.map { ($0.key, $0.value) }))
        default: return nil
        }
    }

    /// The engine's initializer for a keras.initializers class name and its arguments.
    func initializer(_ name: String, _ args: [String: Value]) throws -> Initializer {
        func num(_ k: String, _ d: Double) throws -> Double { try args[k].map { try interp.floatArg($0) } ?? d }
        switch name {
        case "Zeros": return .zeros
        case "Ones": return .ones
        case "Constant": return .constant(try num("value", 0))
        case "RandomNormal": return .randomNormal(mean: try num("mean", 0), stddev: try num("stddev", 0.05))
        case "RandomUniform": return .randomUniform(minval: try num("minval", -0.05), maxval: try num("maxval", 0.05))
        case "TruncatedNormal": return .truncatedNormal(mean: try num("mean", 0), stddev: try num("stddev", 0.05))
        case "Orthogonal": return .orthogonal(gain: try num("gain", 1))
        case "Identity": return .identity(gain: try num("gain", 1))
        case "VarianceScaling":
            let mode = Initializer.Mode(rawValue: try args["mode"].map { try interp.str($0) } ?? "fan_in") ?? .fan_in
            let distribution = Initializer.Distribution(rawValue: try args["distribution"].map { try interp.str($0) } ?? "truncated_normal") ?? .truncated_normal
            return .varianceScaling(scale: try num("scale", 1), mode: mode, distribution: distribution)
        default:
            let presets: [String: Initializer] = ["GlorotNormal": .glorotNormal, "GlorotUniform": .glorotUniform, "HeNormal": .heNormal,
                                                  "HeUniform": .heUniform, "LecunNormal": .lecunNormal, "LecunUniform": .lecunUniform]
            return presets[name] ?? .glorotUniform
        }
    }

    /// Values drawn from an initializer for a shape, in `dtype` (float32 unless given). An
    /// initializer given a seed draws the same values every time, as Keras's does.
    func initialValues(_ name: String, _ args: [String: Value], shape: Value, dtype: Value) throws -> Tensor {
        let dims = try shapeArg(shape).map { $0 ?? 1 }
        let initializer = try self.initializer(name, args)
        let values: Tensor
        if case .int(let seed)? = args["seed"] {
            var own = RandomSource(seed: UInt64(truncatingIfNeeded: seed))
            values = try kerasCall { try tensorCall { try initializer.make(dims, &own) } }
        } else {
            values = try kerasCall { try tensorCall { try initializer.make(dims, &self.context.random) } }
        }
        let type = dtype.isNone ? DType.float32 : try NumpyModule.dtypeArg(interp, dtype)
        return try tensorCall { try values.astype(type) }
    }

    /// Applies `kernel_initializer=...` and the like to the engine layer (checked already).
    func applyConfigArgument(_ layer: Layer, _ key: String, _ v: Value) throws {
        guard !v.isNone else { return }
        let role = key.replacingOccurrences(of: "_initializer", with: "").replacingOccurrences(of: "_regularizer", with: "")
            .replacingOccurrences(of: "_constraint", with: "")
        func num(_ args: [String: Value], _ k: String, _ d: Double) throws -> Double { try args[k].map { try interp.floatArg($0) } ?? d }
        func axes(_ args: [String: Value]) throws -> [Int] {
            guard let a = args["axis"], !a.isNone else { return [0] }
            if case .int(let n) = a { return [n] }
            return try interp.iterateAll(a).map { try interp.intArg($0) }
        }
        if key == "mask_zero", let e = layer as? Embedding {
            e.maskZero = try interp.truthy(v)
            return
        }
        if key.hasSuffix("_initializer") {
            guard let (name, args) = configObject(v, KerasSession.initializerClasses) else {
                throw PyError.notImplemented("initializers given as functions are not supported by kscript yet; use a keras.initializers name or class")
            }
            let initializer = try self.initializer(name, args)
            layer.initializers[role] = initializer
        } else if key.hasSuffix("_regularizer") {
            guard let (name, args) = configObject(v, KerasSession.regularizerClasses) else {
                throw PyError.notImplemented("regularizers given as functions are not supported by kscript yet; use a keras.regularizers name or class")
            }
            let regularizer: Regularizer
            switch name {
            case "L1": regularizer = .l1l2(l1: try num(args, "l1", 0.01), l2: 0)
            case "L2": regularizer = .l1l2(l1: 0, l2: try num(args, "l2", 0.01))
            case "L1L2": regularizer = .l1l2(l1: try num(args, "l1", 0), l2: try num(args, "l2", 0))
            default: regularizer = .orthogonal(factor: try num(args, "factor", 0.01), rows: true)
            }
            // activity_regularizer penalizes the layer's outputs; the others its weights.
            if key == "activity_regularizer" { layer.activityRegularizer = regularizer } else { layer.regularizers[role] = regularizer }
        } else if key.hasSuffix("_constraint") {
            guard let (name, args) = configObject(v, KerasSession.constraintClasses) else {
                throw PyError.notImplemented("constraints given as functions are not supported by kscript yet; use a keras.constraints name or class")
            }
            switch name {
            case "MaxNorm": layer.constraints[role] = .maxNorm(maxValue: try num(args, "max_value", 2), axis: try axes(args))
            case "MinMaxNorm":
                layer.constraints[role] = .minMaxNorm(minValue: try num(args, "min_value", 0), maxValue: try num(args, "max_value", 1),
                                                      rate: try num(args, "rate", 1), axis: try axes(args))
            case "NonNeg": layer.constraints[role] = .nonNeg
            default: layer.constraints[role] = .unitNorm(axis: try axes(args))
            }
        }
    }
}
