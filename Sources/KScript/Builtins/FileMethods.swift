// Text and binary files from open(): read, readline(s), write, iteration, context manager.
// Files opened for writing are written atomically: to a temporary file renamed on close, or,
// as CPython does for a file nobody closed, when the last reference goes or the program ends.
import Foundation

public final class PyFile: PyObject, PyRepresentable {
    let path: String
    let mode: String
    var readBuffer: [UInt8] = []
    var readPos = 0
    var writeBuffer: [UInt8] = []
    var closed = false
    var binary: Bool { mode.contains("b") }
    var writable: Bool { mode.contains("w") || mode.contains("a") || mode.contains("x") || mode.contains("+") }

    init(path: String, mode: String) throws {
        self.path = path
        self.mode = mode
        super.init()
        let fm = FileManager.default
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDir)
        if exists && isDir.boolValue { throw PyError.os(ExcTypes.isADirectoryError, errno: 21, "Is a directory", filename: path) }
        if mode.contains("r") {
            guard exists else { throw PyError.os(ExcTypes.fileNotFoundError, errno: 2, "No such file or directory", filename: path) }
            guard let d = fm.contents(atPath: path) else { throw PyError.os(ExcTypes.permissionError, errno: 13, "Permission denied", filename: path) }
            readBuffer = Array(d)
        } else if mode.contains("x") && exists {
            throw PyError.os(ExcTypes.fileExistsError, errno: 17, "File exists", filename: path)
        } else if mode.contains("a"), exists, let d = fm.contents(atPath: path) {
            writeBuffer = Array(d)
        }
        if writable {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty && !fm.fileExists(atPath: dir) {
                throw PyError.os(ExcTypes.fileNotFoundError, errno: 2, "No such file or directory", filename: path)
            }
            PyFile.unclosed[ObjectIdentifier(self)] = Weak(self)
        }
    }

    public override var pyType: PyType { BuiltinTypes.file }

    /// Files still open for writing, to be written when the program ends.
    nonisolated(unsafe) static var unclosed: [ObjectIdentifier: Weak] = [:]
    final class Weak { weak var file: PyFile?; init(_ f: PyFile) { file = f } }

    deinit {
        if writable && !closed { try? flushToDisk() }
        PyFile.unclosed[ObjectIdentifier(self)] = nil
    }

    /// Writes every file the program left open (at exit, as CPython's finalization does).
    public static func closeAll() {
        for w in unclosed.values { try? w.file?.close() }
        unclosed = [:]
    }

    func checkOpen() throws { if closed { throw PyError.value("I/O operation on closed file.") } }

    func close() throws {
        if closed { return }
        closed = true
        PyFile.unclosed[ObjectIdentifier(self)] = nil
        if writable { try flushToDisk() }
    }

    func flushToDisk() throws {
        let tmp = path + ".kscript-tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(writeBuffer)) else {
            throw PyError.os(ExcTypes.permissionError, errno: 13, "Permission denied", filename: path)
        }
        if rename(tmp, path) != 0 {
            unlink(tmp)
            throw PyError.os(errno: errno, filename: path)
        }
    }

    func text(_ bytes: ArraySlice<UInt8>) -> Value {
        if binary { return .obj(PyBytes(Array(bytes))) }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    func readLine() -> ArraySlice<UInt8>? {
        guard readPos < readBuffer.count else { return nil }
        var end = readPos
        while end < readBuffer.count && readBuffer[end] != 10 { end += 1 }
        if end < readBuffer.count { end += 1 }
        defer { readPos = end }
        return readBuffer[readPos..<end]
    }

    public func repr(_ interp: Interpreter) throws -> String {
        "<_io.TextIOWrapper name=\(Interpreter.strRepr(path)) mode=\(Interpreter.strRepr(mode)) encoding='UTF-8'>"
    }
    public func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

final class PyFileLineIterator: PyIterator {
    let file: PyFile
    init(_ f: PyFile) { file = f }
    override func next() throws -> Value? {
        try file.checkOpen()
        return file.readLine().map { file.text($0) }
    }
}

enum FileMethods {
    static func file(_ v: Value) throws -> PyFile {
        guard case .obj(let f as PyFile) = v else { throw PyError.type("descriptor requires a file object") }
        try f.checkOpen()
        return f
    }

    static func register(_ t: PyType) {
        t.def("read", ["size"], defaults: [.int(-1)]) { interp, a in
            let f = try file(a[0])
            let n = try interp.intArg(a[1])
            let end = n < 0 ? f.readBuffer.count : min(f.readBuffer.count, f.readPos + n)
            defer { f.readPos = end }
            return f.text(f.readBuffer[f.readPos..<end])
        }
        t.def("readline") { _, a in
            let f = try file(a[0])
            return f.readLine().map { f.text($0) } ?? (f.binary ? .obj(PyBytes([])) : .string(""))
        }
        t.def("readlines") { _, a in
            let f = try file(a[0])
            var out: [Value] = []
            while let l = f.readLine() { out.append(f.text(l)) }
            return .obj(PyList(out))
        }
        t.def("write", ["s"]) { interp, a in
            let f = try file(a[0])
            guard f.writable else { throw PyError(ExcTypes.osError, "not writable") }
            switch a[1] {
            case .str(let s):
                if f.binary { throw PyError.type("a bytes-like object is required, not 'str'") }
                f.writeBuffer.append(contentsOf: s.value.utf8)
                return .int(s.count)
            case .obj(let b as PyBytes):
                if !f.binary { throw PyError.type("write() argument must be str, not bytes") }
                f.writeBuffer.append(contentsOf: b.bytes)
                return .int(b.bytes.count)
            default:
                throw PyError.type("write() argument must be str, not \(interp.typeName(a[1]))")
            }
        }
        t.def("writelines", ["lines"]) { interp, a in
            let f = try file(a[0])
            for l in try interp.iterateAll(a[1]) { f.writeBuffer.append(contentsOf: try interp.strArg(l, "write() argument").utf8) }
            return .none
        }
        t.def("close") { _, a in
            if case .obj(let f as PyFile) = a[0] { try f.close() }
            return .none
        }
        t.def("flush") { _, _ in .none }
        t.def("__enter__") { _, a in _ = try file(a[0]); return a[0] }
        t.def("__exit__", ["t", "v", "tb"]) { _, a in
            if case .obj(let f as PyFile) = a[0] { try f.close() }
            return .bool(false)
        }
        t.def("__iter__") { _, a in .obj(PyFileLineIterator(try file(a[0]))) }
        t.getter("name") { _, v in .string((v.object as? PyFile)?.path ?? "") }
        t.getter("mode") { _, v in .string((v.object as? PyFile)?.mode ?? "") }
        t.getter("closed") { _, v in .bool((v.object as? PyFile)?.closed ?? true) }
    }
}
