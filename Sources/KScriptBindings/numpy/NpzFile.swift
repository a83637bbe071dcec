// What np.load returns for a .npz archive: its arrays by name (`data['x_train']`, `data.files`),
// usable in a `with` block, as numpy's NpzFile.
import KScript
import KTensor

final class NpzFile: PyObject, PyRepresentable {
    let path: String
    let names: [String]
    let arrays: [String: Tensor]

    init(path: String, names: [String], arrays: [String: Tensor]) { self.path = path; self.names = names; self.arrays = arrays }
    override var pyType: PyType { NpzFile.type }

    func repr(_ interp: Interpreter) throws -> String { "NpzFile '\(path)' with keys: " + names.joined(separator: ", ") }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }

    static func open(_ bytes: [UInt8], _ path: String) throws -> NpzFile {
        let members: [ZipArchive.Member]
        do { members = try ZipArchive.read(bytes) } catch let e as ZipArchive.Failure { throw PyError.value("\(path) is not a valid .npz archive: \(e)") }
        var names: [String] = [], arrays: [String: Tensor] = [:]
        for m in members {
            let name = m.name.hasSuffix(".npy") ? String(m.name.dropLast(4)) : m.name
            names.append(name)
            arrays[name] = try NumpyFiles.decode(m.data, path + "/" + m.name)
        }
        return NpzFile(path: path, names: names, arrays: arrays)
    }

    static let type: PyType = {
        let t = PyType(name: "NpzFile", bases: [BuiltinTypes.object], module: "numpy.lib.npyio")
        t.def("__getitem__", ["key"]) { interp, a in
            let f = a[0].object as! NpzFile
            let key = try interp.str(a[1])
            guard let tensor = f.arrays[key] else { throw PyError(ExcTypes.keyError, args: [.string("\(key) is not a file in the archive")]) }
            return .obj(PyNDArray(tensor))
        }
        t.getter("files") { _, v in .obj(PyList((v.object as! NpzFile).names.map { .string($0) })) }
        t.def("keys") { _, a in .obj(PyList((a[0].object as! NpzFile).names.map { .string($0) })) }
        t.def("__iter__") { interp, a in .obj(try interp.iterate(.obj(PyList((a[0].object as! NpzFile).names.map { .string($0) })))) }
        t.def("__contains__", ["key"]) { interp, a in .bool((a[0].object as! NpzFile).arrays[try interp.str(a[1])] != nil) }
        t.def("__len__") { _, a in .int((a[0].object as! NpzFile).names.count) }
        t.def("__enter__") { _, a in a[0] }
        t.def("__exit__", ["*args"]) { _, _ in .none }
        t.def("close") { _, _ in .none }
        return t
    }()
}
