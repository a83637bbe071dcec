// model.save_weights / model.load_weights in Keras 3's .weights.h5 layout, through HDF5, so the
// files interchange with real Keras: /layers/<key>/vars/<i> (recurrent layers keep theirs under
// /layers/<key>/cell/vars), the key being the layer class in snake case, numbered within the model.
import Foundation
import CHDF5
import KTensor
import Keras

enum WeightsFile {
    struct Failure: Error { let message: String }

    /// The group of each layer's variables, in the model's layer order.
    static func groups(_ model: Model) throws -> [(layer: Layer, path: String, cellName: String?)] {
        var counts: [String: Int] = [:]
        return try model.layers.map { layer in
            if layer is Model || layer is Bidirectional || layer is TimeDistributed || layer is ScriptLayer {
                throw Failure(message: "saving the weights of a \(layer.className) inside a model is not supported by kscript yet")
            }
            let base = KerasContext.snakeCase(layer.className)
            let n = counts[base, default: 0]
            counts[base] = n + 1
            let key = n == 0 ? base : "\(base)_\(n)"
            let recurrent = layer is LSTM || layer is GRU || layer is SimpleRNN
            return (layer, "/layers/\(key)", recurrent ? base + "_cell" : nil)
        }
    }

    static func save(_ model: Model, to path: String) throws {
        guard path.hasSuffix(".weights.h5") else {
            throw Failure(message: "The filename must end in `.weights.h5`. Received: filepath=\(path)")
        }
        _ = H5open()
        let temporary = path + ".kscript-tmp"
        let file = H5Fcreate(temporary, 0x0002 /* H5F_ACC_TRUNC */, 0, 0)
        guard file >= 0 else { throw Failure(message: "[Errno 2] Unable to create file (name = '\(path)')") }
        var closed = false
        defer { if !closed { H5Fclose(file); unlink(temporary) } }
        func group(_ p: String, name: String?) throws -> hid_t {
            let g = H5Gcreate2(file, p, 0, 0, 0)
            guard g >= 0 else { throw Failure(message: "could not write group \(p) in \(path)") }
            if let n = name { try attribute(g, "name", n) }
            return g
        }
        H5Gclose(try group("/layers", name: nil))
        for (layer, p, cell) in try groups(model) {
            H5Gclose(try group(p, name: nil))
            H5Gclose(try group(p + "/vars", name: layer.name))
            var varsPath = p + "/vars"
            if let c = cell {
                H5Gclose(try group(p + "/cell", name: nil))
                varsPath = p + "/cell/vars"
                H5Gclose(try group(varsPath, name: c))
            }
            for (i, v) in layer.variables.enumerated() { try dataset(file, varsPath + "/\(i)", try v.value.dense(.float32)) }
        }
        H5Gclose(try group("/vars", name: model.name))
        H5Fclose(file)
        closed = true
        guard rename(temporary, path) == 0 else { unlink(temporary); throw Failure(message: "could not write \(path)") }
    }

    static func load(_ model: Model, from path: String) throws {
        _ = H5open()
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(message: "[Errno 2] No such file or directory: '\(path)'") }
        let file = H5Fopen(path, 0x0000 /* H5F_ACC_RDONLY */, 0)
        guard file >= 0 else { throw Failure(message: "\(path) is not an HDF5 file") }
        defer { H5Fclose(file) }
        var assignments: [(Variable, Tensor)] = []
        for (layer, p, cell) in try groups(model) {
            let varsPath = cell == nil ? p + "/vars" : p + "/cell/vars"
            for (i, v) in layer.variables.enumerated() {
                let t = try read(file, varsPath + "/\(i)", layer: layer.name, expected: layer.variables.count)
                guard t.shape == v.shape else {
                    throw Failure(message: "Layer '\(layer.name)' weight \(i) has shape \(Tensor.describe(v.shape)), but the file holds shape \(Tensor.describe(t.shape))")
                }
                assignments.append((v, t))
            }
        }
        for (v, t) in assignments { v.value = t }
    }

    static func attribute(_ object: hid_t, _ name: String, _ value: String) throws {
        let type = H5Tcopy(H5T_C_S1_g)
        H5Tset_size(type, Int(bitPattern: UInt(bitPattern: -1)))  // H5T_VARIABLE
        H5Tset_cset(type, H5T_CSET_UTF8)
        let space = H5Screate(H5S_SCALAR)
        let attr = H5Acreate2(object, name, type, space, 0, 0)
        defer { H5Aclose(attr); H5Sclose(space); H5Tclose(type) }
        let status: herr_t = value.withCString { cs in
            var pointer: UnsafePointer<CChar>? = cs
            return H5Awrite(attr, type, &pointer)
        }
        guard attr >= 0, status >= 0 else { throw Failure(message: "could not write attribute \(name)") }
    }

    static func dataset(_ file: hid_t, _ path: String, _ t: Tensor) throws {
        var dims = t.shape.map { hsize_t($0) }
        let space = t.rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(t.rank), &dims, nil)
        let set = H5Dcreate2(file, path, H5T_IEEE_F32LE_g, space, 0, 0, 0)
        defer { H5Dclose(set); H5Sclose(space) }
        guard set >= 0, H5Dwrite(set, H5T_NATIVE_FLOAT_g, 0, 0, 0, t.storage.bytes) >= 0 else {
            throw Failure(message: "could not write \(path)")
        }
    }

    static func read(_ file: hid_t, _ path: String, layer: String, expected: Int) throws -> Tensor {
        H5Eset_auto2(0, nil, nil)  // no HDF5 error printing: a missing variable becomes a Keras-style error
        let set = H5Dopen2(file, path, 0)
        guard set >= 0 else {
            throw Failure(message: "Layer '\(layer)' expected \(expected) variables, but the file has none at \(path)")
        }
        defer { H5Dclose(set) }
        let space = H5Dget_space(set)
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        var dims = [hsize_t](repeating: 0, count: Swift.max(rank, 1))
        H5Sget_simple_extent_dims(space, &dims, nil)
        let t = try Tensor.zeros(rank == 0 ? [] : dims.prefix(rank).map { Int($0) }, dtype: .float32)
        guard H5Dread(set, H5T_NATIVE_FLOAT_g, 0, 0, 0, t.storage.bytes) >= 0 else { throw Failure(message: "could not read \(path)") }
        return t
    }
}
