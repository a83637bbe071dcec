// model.save_weights / model.load_weights in Keras 3's .weights.h5 layout, through HDF5, so the
// files interchange with real Keras: /layers/<key>/vars/<i> (recurrent layers keep theirs under
// /layers/<key>/cell/vars), the key being the layer class in snake case, numbered within the model.
import Foundation
import KTensor
import Keras

enum WeightsFile {
    struct Failure: Error { let message: String }

    /// The group of each layer's variables, in the model's layer order.
    static func groups(_ model: Model) throws -> [(layer: Layer, path: String, cellName: String?)] {
        var counts: [String: Int] = [:]
        return try model.layers.filter { !$0.isOperation }.map { layer in
            if layer is Model || layer is Bidirectional || layer is TimeDistributed || layer is ScriptLayer {
                throw Failure(message: "saving the weights of a \(layer.className) inside a model is not supported by kscript yet")
            }
            let base = KerasContext.snakeCase(layer.className)
            let n = counts[base, default: 0]
            counts[base] = n + 1
            let key = n == 0 ? base : "\(base)_\(n)"
            return (layer, "/layers/\(key)", WeightVariables.cellName(layer))
        }
    }

    static func save(_ model: Model, to path: String) throws {
        guard path.hasSuffix(".weights.h5") else {
            throw Failure(message: "The filename must end in `.weights.h5`. Received: filepath=\(path)")
        }
        do {
            try HDF5File.write(path) { file in
                func group(_ p: String, name: String?) throws {
                    try file.makeGroup(p)
                    if let n = name { try file.setAttribute(p, "name", n) }
                }
                try group("/layers", name: nil)
                for (layer, p, cell) in try groups(model) {
                    try group(p, name: nil)
                    try group(p + "/vars", name: layer.name)
                    var varsPath = p + "/vars"
                    if let c = cell {
                        try group(p + "/cell", name: nil)
                        varsPath = p + "/cell/vars"
                        try group(varsPath, name: c)
                    }
                    for (i, v) in layer.variables.enumerated() { try file.writeDataset(varsPath + "/\(i)", try v.value.dense(.float32)) }
                }
                try group("/vars", name: model.name)
            }
        } catch let e as HDF5File.Failure { throw Failure(message: e.message) }
    }

    static func load(_ model: Model, from path: String) throws {
        var assignments: [(Variable, Tensor)] = []
        do {
            try HDF5File.read(path) { file in
                for (layer, p, cell) in try groups(model) {
                    let varsPath = cell == nil ? p + "/vars" : p + "/cell/vars"
                    for (i, v) in layer.variables.enumerated() {
                        let at = varsPath + "/\(i)"
                        guard file.has(varsPath), file.has(at) else {
                            throw Failure(message: "Layer '\(layer.name)' expected \(layer.variables.count) variables, but the file has none at \(at)")
                        }
                        let t = try file.readDataset(at)
                        guard t.shape == v.shape else {
                            throw Failure(message: "Layer '\(layer.name)' weight \(i) has shape \(Tensor.describe(v.shape)), but the file holds shape \(Tensor.describe(t.shape))")
                        }
                        assignments.append((v, t))
                    }
                }
            }
        } catch let e as HDF5File.Failure { throw Failure(message: e.message) }
        for (v, t) in assignments { v.value = t }
    }
}
