// model.save(path) and keras.models.load_model(path) in Keras 3's `.keras` format (the legacy
// `.h5` format is LegacyModelFile.swift's): a zip of
// config.json (the architecture as Keras serialises it: each layer's class and constructor
// arguments, a functional graph's calls), metadata.json and model.weights.h5 (the layout of
// save_weights). Files interchange with real Keras for the layers kscript has.
import Foundation
import KScript
import KTensor
import Keras

extension KerasSession {
    // MARK: saving

    func saveModel(_ py: PyLayer, to path: String) throws {
        if path.hasSuffix(".h5") || path.hasSuffix(".hdf5") { return try saveLegacyModel(py, to: path) }
        guard path.hasSuffix(".keras") else {
            throw PyError.value("Invalid filepath extension for saving. Please add either a `.keras` extension for the native Keras format (recommended) or a `.h5` extension. Use `model.export(filepath)` if you want to export a SavedModel for use with TFLite/TFServing/etc. Received: filepath=\(path).")
        }
        guard let model = py.layer as? Model, model is Sequential || model is Functional else {
            throw PyError.notImplemented("saving a subclassed model is not supported by kscript yet; save_weights works")
        }
        let config = try modelEntry(py, model)
        let weightsPath = path + ".kscript-weights.weights.h5"
        defer { unlink(weightsPath) }
        do { try WeightsFile.save(model, to: weightsPath) } catch let e as WeightsFile.Failure { throw PyError.value(e.message) }
        guard let weights = FileManager.default.contents(atPath: weightsPath) else { throw PyError.value("could not write \(path)") }
        let metadata: [String: Any] = ["keras_version": "3.15.1", "date_saved": Self.savedDate()]
        let members = [
            ZipArchive.Member(name: "metadata.json", data: try Self.jsonBytes(metadata)),
            ZipArchive.Member(name: "config.json", data: try Self.jsonBytes(config)),
            ZipArchive.Member(name: "model.weights.h5", data: [UInt8](weights)),
        ]
        let bytes = try ZipArchive.write(members, compress: false)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw PyError.os(errno: errno == 0 ? EACCES : errno, filename: path)
        }
    }

    static func savedDate() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        return f.string(from: Date())
    }

    static func jsonBytes(_ value: Any) throws -> [UInt8] {
        [UInt8](try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]))
    }

    /// The model as a .keras file's config.json holds it: what to_json gives, for the layers
    /// kscript can make again when it loads the file.
    func modelEntry(_ py: PyLayer, _ model: Model) throws -> [String: Any] {
        func check(_ m: Model) throws {
            for layer in m.layers {
                if let inner = layer as? Model { try check(inner); continue }
                guard layer is InputLayer || layerParameters[layer.className] != nil else {
                    throw PyError.notImplemented("saving a model with a \(layer.className) layer is not supported by kscript yet")
                }
            }
        }
        try check(model)
        guard var entry = try jsonObject(.obj(try serializedModel(py, model))) as? [String: Any] else { return [:] }
        if (entry["compile_config"] as? [String: Any])?.isEmpty ?? false { entry["compile_config"] = nil }
        return entry
    }

    func compileConfig(_ py: PyLayer) throws -> [String: Any]? {
        guard case .obj(let given as PyDict)? = py.attrs["_compile_arguments"], case .obj(let opt as PyOptimizer)? = py.attrs["_optimizer"] else { return nil }
        func plain(_ v: Value) throws -> Any {
            do { return try jsonObject(v) } catch {
                throw PyError.notImplemented("saving a model compiled with a \(interp.typeName(v)) (not a name) as loss or metric is not supported by kscript yet")
            }
        }
        let optimizer: [String: Any] = ["module": "keras.optimizers", "class_name": opt.cls.name, "registered_name": NSNull(),
                                        "config": try jsonObject(try optimizerConfig(opt, opt.optimizer))]
        return ["optimizer": optimizer, "loss": try plain(given.get("loss") ?? .none), "loss_weights": try plain(given.get("loss_weights") ?? .none),
                "metrics": try plain(given.get("metrics") ?? .none), "weighted_metrics": NSNull(), "run_eagerly": false,
                "steps_per_execution": 1, "jit_compile": false]
    }

    // MARK: loading

    func loadModelFunction() -> Value {
        nativeFunction("load_model", ["filepath", "custom_objects", "compile", "safe_mode"], defaults: [.none, .bool(true), .bool(true)]) { [unowned self] interp, a in
            try self.loadModel(try interp.str(a[0]), compile: try interp.truthy(a[2]))
        }
    }

    func loadModel(_ path: String, compile: Bool) throws -> Value {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PyError.value("File not found: filepath=\(path). Please ensure the file is an accessible `.keras` zip file.")
        }
        if path.hasSuffix(".h5") || path.hasSuffix(".hdf5") { return try loadLegacyModel(path, compile: compile) }
        guard path.hasSuffix(".keras") else {
            throw PyError.value("File format not supported: filepath=\(path). Keras 3 only supports V3 `.keras` files and legacy H5 format files (`.h5` extension).")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw PyError.os(errno: EACCES, filename: path) }
        let members: [ZipArchive.Member]
        do { members = try ZipArchive.read([UInt8](data)) } catch { throw PyError.value("\(path) is not a valid .keras archive: \(error)") }
        guard let configBytes = members.first(where: { $0.name == "config.json" })?.data,
              let config = try JSONSerialization.jsonObject(with: Data(configBytes)) as? [String: Any] else {
            throw PyError.value("\(path) has no config.json: not a Keras model file")
        }
        let py = try buildModel(config)
        guard let model = (py.object as? PyLayer)?.layer as? Model else { throw PyError.value("\(path) does not hold a model") }
        if let weights = members.first(where: { $0.name == "model.weights.h5" })?.data {
            let weightsPath = NSTemporaryDirectory() + "kscript-load-\(UUID().uuidString).weights.h5"
            defer { unlink(weightsPath) }
            _ = FileManager.default.createFile(atPath: weightsPath, contents: Data(weights))
            do { try WeightsFile.load(model, from: weightsPath) } catch let e as WeightsFile.Failure { throw PyError.value(e.message) }
        }
        if compile, let compiled = config["compile_config"] as? [String: Any] { try compileLoaded(py, compiled) }
        return py
    }

    /// Compiles a loaded model with its saved settings (`optimizer`, `loss`, `loss_weights`, `metrics`);
    /// `buildOptimizer` when Keras would build the optimizer as it loads (its moments start at zero here).
    func compileLoaded(_ py: Value, _ compiled: [String: Any], buildOptimizer: Bool = true) throws {
        var kw: KwArgs = []
        if let o = compiled["optimizer"] { kw.append(("optimizer", try deserialized(o, module: "keras.optimizers"))) }
        for key in ["loss", "loss_weights", "metrics"] {
            if let v = compiled[key], !(v is NSNull) { kw.append((key, try deserialized(v, module: key == "loss" ? "keras.losses" : "keras.metrics"))) }
        }
        _ = try interp.call(try interp.getAttr(py, "compile"), [], kw)
        guard buildOptimizer, let model = (py.object as? PyLayer)?.layer as? Model else { return }
        try kerasCall { try model.training?.optimizer.build(model.weightEntries().filter { $0.trainable }.map { $0.variable }) }
    }

    func buildModel(_ entry: [String: Any]) throws -> Value {
        guard let kind = entry["class_name"] as? String, let config = entry["config"] as? [String: Any] else {
            throw PyError.value("a model config needs class_name and config")
        }
        let name = config["name"] as? String
        switch kind {
        case "Sequential":
            let model = try interp.call(.obj(sequentialClass()), [], name.map { [("name", .string($0))] } ?? [])
            for layer in config["layers"] as? [[String: Any]] ?? [] {
                _ = try interp.call(try interp.getAttr(model, "add"), [try makeLayer(layer)])
            }
            return model
        case "Functional", "Model":
            var made: [String: Value] = [:]
            func tensor(_ history: Any) throws -> Value {
                guard let h = history as? [Any], h.count == 3, let layerName = h[0] as? String, let call = h[1] as? Int, let index = h[2] as? Int,
                      case .obj(let p as PyLayer)? = made[layerName] else { throw PyError.value("a saved graph refers to an unknown tensor \(history)") }
                let calls = p.layer.inboundNodes
                guard call < calls.count, index < calls[call].outputs.count else { throw PyError.value("a saved graph refers to call \(call) of \(layerName), which was not made") }
                return .obj(PyKerasTensor.wrap(calls[call].outputs[index]))
            }
            func argument(_ a: Any) throws -> Value {
                if let d = a as? [String: Any], d["class_name"] as? String == "__keras_tensor__",
                   let c = d["config"] as? [String: Any], let h = c["keras_history"] { return try tensor(h) }
                if let list = a as? [Any] { return .obj(PyList(try list.map(argument))) }
                return try pythonValue(a)
            }
            for layerEntry in config["layers"] as? [[String: Any]] ?? [] {
                let layer = try makeLayer(layerEntry)
                let layerName = layerEntry["name"] as? String ?? ((layerEntry["config"] as? [String: Any])?["name"] as? String ?? "")
                made[layerName] = layer
                for call in layerEntry["inbound_nodes"] as? [[String: Any]] ?? [] {
                    let args = try (call["args"] as? [Any] ?? []).map(argument)
                    let kwargs = try (call["kwargs"] as? [String: Any] ?? [:]).map { ($0.key, try argument($0.value)) }
                    _ = try interp.call(layer, args, kwargs)
                }
            }
            func tensors(_ v: Any?) throws -> [Value] {
                guard let list = v as? [Any] else { return [] }
                return list.first is String ? [try tensor(list)] : try list.map(tensor)
            }
            let inputs = try tensors(config["input_layers"]), outputs = try tensors(config["output_layers"])
            let structure = { (items: [Value]) -> Value in items.count == 1 ? items[0] : .obj(PyList(items)) }
            return try interp.call(.obj(modelClass()), [structure(inputs), structure(outputs)], name.map { [("name", .string($0))] } ?? [])
        default:
            throw PyError.notImplemented("loading a \(kind) model is not supported by kscript yet")
        }
    }

    /// A layer from its saved entry: the constructor arguments kscript's layer takes (initializers
    /// do not matter, the weights are loaded after), nested layers and models made first.
    func makeLayer(_ entry: [String: Any]) throws -> Value {
        guard let kind = entry["class_name"] as? String, let config = entry["config"] as? [String: Any] else {
            throw PyError.value("a layer config needs class_name and config")
        }
        if kind == "Sequential" || kind == "Functional" { return try buildModel(entry) }
        guard let type = types[kind], let params = layerParameters[kind] else {
            throw PyError.notImplemented("loading a model with a \(kind) layer is not supported by kscript yet")
        }
        var kw: KwArgs = []
        for (key, value) in config.sorted(by: { $0.key < $1.key }) where params.contains(key) || KerasSession.baseLayerArguments.contains(key) {
            if value is NSNull { continue }
            // The weights are loaded after, so initializers do not matter; the dtype policy is float32's.
            if key.hasSuffix("_initializer") || (key == "dtype" && !(value is String)) { continue }
            // Bidirectional's backward copy is made again from its forward one, named as the wrapped layer was.
            if key == "backward_layer" { continue }
            if key == "layer", var nested = value as? [String: Any], var inner = nested["config"] as? [String: Any] {
                if kind == "Bidirectional", let name = inner["name"] as? String, name.hasPrefix("forward_") { inner["name"] = String(name.dropFirst(8)) }
                nested["config"] = inner
                kw.append((key, try makeLayer(nested)))
                continue
            }
            if let nested = value as? [String: Any], nested["class_name"] != nil {
                kw.append((key, try deserialized(nested, module: nil)))
                continue
            }
            kw.append((key, try pythonValue(value)))
        }
        return try interp.call(.obj(type), [], kw)
    }

    /// {"module", "class_name", "config"} back to an object (optimizers, regularizers, ...), a
    /// name or a list as it is.
    func deserialized(_ value: Any, module fallback: String?) throws -> Value {
        guard let d = value as? [String: Any], let className = d["class_name"] as? String else { return try pythonValue(value) }
        let module = (d["module"] as? String) ?? fallback ?? ""
        guard let m = try? interp.importNative(module), let type = m.get(className) else {
            throw PyError.notImplemented("loading a model that uses \(module).\(className) is not supported by kscript yet")
        }
        var kw: KwArgs = []
        for (k, v) in (d["config"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) where !(v is NSNull) {
            // Keras's optimizer configs name every option; kscript's optimizers take the ones they know.
            if module == "keras.optimizers", !(KerasSession.optimizerArguments.first { $0.1 == className }?.2.contains(k) ?? false),
               !KerasSession.commonOptimizerArguments.contains(k) { continue }
            // A learning-rate schedule is itself a serialized object.
            let nested = (v as? [String: Any])?["class_name"] != nil
            kw.append((k, nested ? try deserialized(v, module: nil) : try pythonValue(v)))
        }
        return try interp.call(type, [], kw)
    }

    /// JSON back to kscript values (lists stay lists; Keras's constructors take them for tuples).
    func pythonValue(_ v: Any) throws -> Value {
        switch v {
        case is NSNull: return .none
        case let n as NSNumber:
            // JSON's true/false, integers and reals all arrive as NSNumber; its type code tells them apart.
            switch String(cString: n.objCType) {
            case "c", "B": return .bool(n.boolValue)
            case "d", "f": return .float(n.doubleValue)
            default: return .int(n.intValue)
            }
        case let s as String: return .string(s)
        case let a as [Any]: return .obj(PyList(try a.map(pythonValue)))
        case let d as [String: Any]:
            let out = PyDict()
            for (k, value) in d { out.set(k, try pythonValue(value)) }
            return .obj(out)
        default: throw PyError.value("unexpected value in a saved config: \(v)")
        }
    }
}
