// The few HDF5 operations Keras's weight and model files need, over the HDF5 C library: groups,
// float32 datasets and string attributes (variable-length as Keras 3 writes them, fixed-size as
// older files hold them), files written to a temporary name and renamed when complete.
import Foundation
import CHDF5
import KTensor

/// The few HDF5 operations the model files need: groups, float32 datasets, string attributes.
struct HDF5File {
    struct Failure: Error { let message: String }
    let id: hid_t
    let path: String

    static func write(_ path: String, _ body: (HDF5File) throws -> Void) throws {
        _ = H5open()
        H5Eset_auto2(0, nil, nil)  // failures become Python errors, not HDF5's own printing
        let temporary = path + ".kscript-tmp"
        let id = H5Fcreate(temporary, 0x0002 /* H5F_ACC_TRUNC */, 0, 0)
        guard id >= 0 else { throw Failure(message: "[Errno 2] Unable to create file (name = '\(path)')") }
        do { try body(HDF5File(id: id, path: path)) } catch { H5Fclose(id); unlink(temporary); throw error }
        H5Fclose(id)
        guard rename(temporary, path) == 0 else { unlink(temporary); throw Failure(message: "could not write \(path)") }
    }

    static func read(_ path: String, _ body: (HDF5File) throws -> Void) throws {
        _ = H5open()
        H5Eset_auto2(0, nil, nil)
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(message: "[Errno 2] No such file or directory: '\(path)'") }
        let id = H5Fopen(path, 0x0000 /* H5F_ACC_RDONLY */, 0)
        guard id >= 0 else { throw Failure(message: "\(path) is not an HDF5 file") }
        defer { H5Fclose(id) }
        try body(HDF5File(id: id, path: path))
    }

    func has(_ object: String) -> Bool { H5Lexists(id, object, 0) > 0 }

    func makeGroup(_ group: String) throws {
        if has(group) { return }
        let g = H5Gcreate2(id, group, 0, 0, 0)
        guard g >= 0 else { throw Failure(message: "could not write group \(group) in \(path)") }
        H5Gclose(g)
    }

    /// Opens `object` (the file itself for nil) for `body`.
    func with<T>(_ object: String?, _ body: (hid_t) throws -> T) throws -> T {
        guard let object else { return try body(id) }
        let o = H5Oopen(id, object, 0)
        guard o >= 0 else { throw Failure(message: "\(path) has no \(object)") }
        defer { H5Oclose(o) }
        return try body(o)
    }

    static func variableString() -> hid_t {
        let type = H5Tcopy(H5T_C_S1_g)
        H5Tset_size(type, Int(bitPattern: UInt(bitPattern: -1)))  // H5T_VARIABLE
        H5Tset_cset(type, H5T_CSET_UTF8)
        return type
    }

    func setAttribute(_ object: String?, _ name: String, _ value: String) throws {
        try setAttribute(object, name, [value], scalar: true)
    }

    func setAttribute(_ object: String?, _ name: String, _ values: [String], scalar: Bool = false) throws {
        try with(object) { o in
            let type = HDF5File.variableString()
            var dims = [hsize_t(values.count)]
            let space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dims, nil)
            let attr = H5Acreate2(o, name, type, space, 0, 0)
            defer { H5Aclose(attr); H5Sclose(space); H5Tclose(type) }
            let copies = values.map { strdup($0) }
            defer { copies.forEach { free($0) } }
            var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
            guard attr >= 0, H5Awrite(attr, type, &pointers) >= 0 else { throw Failure(message: "could not write attribute \(name) in \(path)") }
        }
    }

    /// A string attribute's values (variable-length or fixed-size strings), nil when it is absent.
    func stringArrayAttribute(_ object: String?, _ name: String) throws -> [String]? {
        try with(object) { o -> [String]? in
            guard H5Aexists(o, name) > 0 else { return nil }
            let attr = H5Aopen(o, name, 0)
            defer { H5Aclose(attr) }
            let space = H5Aget_space(attr), fileType = H5Aget_type(attr)
            defer { H5Sclose(space); H5Tclose(fileType) }
            let count = Int(H5Sget_simple_extent_npoints(space))
            if H5Tget_class(fileType) != H5T_STRING { return [] }  // h5py writes an empty list as an empty float array
            if count == 0 { return [] }
            // Read in the file's own string type (ASCII or UTF-8, which HDF5 will not convert between).
            if H5Tis_variable_str(fileType) > 0 {
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
                guard H5Aread(attr, fileType, &pointers) >= 0 else { throw Failure(message: "could not read attribute \(name) in \(path)") }
                defer { pointers.forEach { H5free_memory($0) } }
                return pointers.map { $0.map { String(cString: $0) } ?? "" }
            }
            let size = H5Tget_size(fileType)
            var bytes = [UInt8](repeating: 0, count: size * count)
            guard H5Aread(attr, fileType, &bytes) >= 0 else { throw Failure(message: "could not read attribute \(name) in \(path)") }
            return (0..<count).map { i in String(decoding: bytes[(i * size)..<((i + 1) * size)].prefix { $0 != 0 }, as: UTF8.self) }
        }
    }

    func stringAttribute(_ object: String?, _ name: String) throws -> String? {
        try stringArrayAttribute(object, name)?.first
    }

    func writeDataset(_ dataset: String, _ t: Tensor) throws {
        var dims = t.shape.map { hsize_t($0) }
        let space = t.rank == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(t.rank), &dims, nil)
        let set = H5Dcreate2(id, dataset, H5T_IEEE_F32LE_g, space, 0, 0, 0)
        defer { H5Dclose(set); H5Sclose(space) }
        guard set >= 0, H5Dwrite(set, H5T_NATIVE_FLOAT_g, 0, 0, 0, t.storage.bytes) >= 0 else {
            throw Failure(message: "could not write \(dataset) in \(path)")
        }
    }

    func readDataset(_ dataset: String) throws -> Tensor {
        let set = H5Dopen2(id, dataset, 0)
        guard set >= 0 else { throw Failure(message: "\(path) has no weight at \(dataset)") }
        defer { H5Dclose(set) }
        let space = H5Dget_space(set)
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        var dims = [hsize_t](repeating: 0, count: Swift.max(rank, 1))
        H5Sget_simple_extent_dims(space, &dims, nil)
        let t = try Tensor.zeros(rank == 0 ? [] : dims.prefix(rank).map { Int($0) }, dtype: .float32)
        guard H5Dread(set, H5T_NATIVE_FLOAT_g, 0, 0, 0, t.storage.bytes) >= 0 else { throw Failure(message: "could not read \(dataset) in \(path)") }
        return t
    }
}
