// model.save('name.h5') and load_model('name.h5'): Keras's legacy HDF5 model file, as Keras 3
// still writes and reads it: the architecture and compile settings as JSON attributes of the root,
// each layer's weights under /model_weights/<layer>/<weight path> with their names listed in
// `weight_names`, so files interchange with real Keras.
import Foundation
import KScript
import KTensor
import Keras

extension KerasSession {
    /// The weight paths Keras 3 lists for a layer: `[model/]layer[/cell]/weight`.
    func legacyWeightNames(_ layer: Layer, in model: Model) -> [String] {
        var prefix = model is Sequential ? model.name + "/" + layer.name : layer.name
        if let cell = ["LSTM": "lstm_cell", "GRU": "gru_cell", "SimpleRNN": "simple_rnn_cell"][layer.className] { prefix += "/" + cell }
        return layer.weights.map { prefix + "/" + $0.name }
    }

    func saveLegacyModel(_ py: PyLayer, to path: String) throws {
        guard let model = py.layer as? Model, model is Sequential || model is Functional else {
            throw PyError.notImplemented("saving a subclassed model is not supported by kscript yet; save_weights works")
        }
        for layer in model.layers where layer is Model || layer is Bidirectional || layer is TimeDistributed || layer is ScriptLayer {
            throw PyError.notImplemented("saving a model with a \(layer.className) inside to an .h5 file is not supported by kscript yet")
        }
        let entry = try modelEntry(py, model)
        let config: [String: Any] = ["class_name": entry["class_name"] ?? NSNull(), "config": entry["config"] ?? [:]]
        var attributes: [(String, String)] = [("backend", "jax"), ("keras_version", "3.15.1"), ("model_config", String(decoding: try Self.jsonBytes(config), as: UTF8.self))]
        if var training = try compileConfig(py) {
            if let optimizer = training.removeValue(forKey: "optimizer") as? [String: Any] {
                training["optimizer_config"] = ["class_name": optimizer["class_name"] ?? NSNull(), "config": optimizer["config"] ?? [:]]
            }
            attributes.append(("training_config", String(decoding: try Self.jsonBytes(training), as: UTF8.self)))
        }
        let layers = model.layers  // a functional model's input layers among them, as Keras lists them
        do {
            try HDF5File.write(path) { file in
                for (name, value) in attributes { try file.setAttribute(nil, name, value) }
                try file.makeGroup("/model_weights")
                try file.setAttribute("/model_weights", "backend", "jax")
                try file.setAttribute("/model_weights", "keras_version", "3.15.1")
                try file.setAttribute("/model_weights", "layer_names", layers.map { $0.name })
                for layer in layers {
                    let names = legacyWeightNames(layer, in: model)
                    let group = "/model_weights/" + layer.name
                    try file.makeGroup(group)
                    try file.setAttribute(group, "weight_names", names)
                    for (name, v) in zip(names, layer.variables) {
                        var sofar = group
                        for part in name.split(separator: "/").dropLast() { sofar += "/" + part; try file.makeGroup(sofar) }
                        try file.writeDataset(group + "/" + name, try v.value.dense(.float32))
                    }
                }
                try file.makeGroup("/model_weights/top_level_model_weights")
                try file.setAttribute("/model_weights/top_level_model_weights", "weight_names", [String]())
            }
        } catch let e as HDF5File.Failure { throw PyError.value(e.message) }
    }

    func loadLegacyModel(_ path: String, compile: Bool) throws -> Value {
        let json: (String) throws -> Any? = { text in try JSONSerialization.jsonObject(with: Data(text.utf8)) }
        var assignments: [(Variable, Tensor)] = []
        var py: Value = .none
        var training: [String: Any]? = nil
        var savedOptimizer = false
        do {
            try HDF5File.read(path) { file in
                guard let text = try file.stringAttribute(nil, "model_config"), let config = try json(text) as? [String: Any] else {
                    throw PyError.value("No model config found in the file at \(path).")
                }
                py = try buildModel(config)
                guard let model = (py.object as? PyLayer)?.layer as? Model else { throw PyError.value("\(path) does not hold a model") }
                if let text = try file.stringAttribute(nil, "training_config") { training = try json(text) as? [String: Any] }
                savedOptimizer = file.has("/optimizer_weights")
                let root = file.has("/model_weights") ? "/model_weights" : "/"
                let saved = try file.stringArrayAttribute(root, "layer_names") ?? []
                let withWeights = saved.filter { (try? file.stringArrayAttribute(root + "/" + $0, "weight_names")?.isEmpty == false) ?? false }
                let layers = model.layers.filter { !$0.variables.isEmpty }
                guard withWeights.count == layers.count else {
                    throw PyError.value("Layer count mismatch when loading weights from file. Model expected \(layers.count) layers, found \(withWeights.count) saved layers.")
                }
                for (layer, name) in zip(layers, withWeights) {
                    let names = try file.stringArrayAttribute(root + "/" + name, "weight_names") ?? []
                    guard names.count == layer.variables.count else {
                        throw PyError.value("Layer '\(layer.name)' expected \(layer.variables.count) weights, but the saved weights have \(names.count) elements.")
                    }
                    for (v, weightName) in zip(layer.variables, names) {
                        let t = try file.readDataset(root + "/" + name + "/" + weightName)
                        guard t.shape == v.shape else {
                            throw PyError.value("Shape mismatch in layer '\(layer.name)' for weight \(weightName): weight expects shape \(Tensor.describe(v.shape)), received \(Tensor.describe(t.shape)) from the file")
                        }
                        assignments.append((v, t))
                    }
                }
            }
        } catch let e as HDF5File.Failure { throw PyError.value(e.message) }
        for (v, t) in assignments { v.value = t }
        if compile, var compiled = training {
            try checkLegacyLosses(compiled["loss"])
            if let optimizer = compiled.removeValue(forKey: "optimizer_config") as? [String: Any] {
                var entry = optimizer
                entry["module"] = "keras.optimizers"
                compiled["optimizer"] = entry
            }
            // Keras builds the optimizer only to load the state a file holds (kscript starts it afresh).
            try compileLoaded(py, compiled, buildOptimizer: savedOptimizer)
        }
        return py
    }
}

extension KerasSession {
    /// Keras 3's legacy loader cannot read back some loss names it wrote: short aliases are looked
    /// up as metric functions, and a few other aliases as configs. kscript fails as it does.
    func checkLegacyLosses(_ loss: Any?) throws {
        let names: [String] = (loss as? String).map { [$0] } ?? (loss as? [Any])?.compactMap { $0 as? String }
            ?? (loss as? [String: Any])?.values.compactMap { $0 as? String } ?? []
        for name in names {
            if ["mse", "mae", "mape", "msle", "kld"].contains(name) {
                throw PyError.value("Could not deserialize 'keras.metrics.\(name)' because it is not a KerasSaveable subclass")
            }
            if ["logcosh", "kullback_leibler_divergence", "huber_loss"].contains(name) {
                throw PyError.type("string indices must be integers, not 'str'")
            }
        }
    }
}
