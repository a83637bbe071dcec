// numpy's .npy files: `np.save` writes the same bytes numpy writes (format 1.0, header padded to
// 64 bytes, little-endian data in C order) and `np.load` reads numpy's files back; .npz archives
// (np.savez, np.savez_compressed) hold several .npy files in a ZIP.
import Foundation
import KScript
import KTensor

enum NumpyFiles {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    static func members() -> [(String, Value)] {
        [
            ("save", nativeFunction("save", ["file", "arr"]) { interp, a in
                var path = try interp.strArg(a[0], "save() argument 'file'")
                if !path.hasSuffix(".npy") { path += ".npy" }
                let t = try tensorCall { try NumpyModule.toTensor(interp, a[1], dtype: nil).contiguous() }
                try write(encode(t), to: path)
                return .none
            }),
            ("load", nativeFunction("load", ["file"]) { interp, a in
                let path = try interp.strArg(a[0], "load() argument 'file'")
                let bytes = try read(path)
                if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .obj(try NpzFile.open(bytes, path)) }
                return .obj(PyNDArray(try decode(bytes, path)))
            }),
            ("savez", nativeFunction("savez", ["file", "*args", "**kwds"]) { interp, a in try savez(interp, a, compress: false) }),
            ("savez_compressed", nativeFunction("savez_compressed", ["file", "*args", "**kwds"]) { interp, a in try savez(interp, a, compress: true) }),
        ]
    }

    /// np.savez(file, *arrays, **named): the named arrays, then arr_0, arr_1, ..., each a .npy member.
    static func savez(_ interp: Interpreter, _ a: [Value], compress: Bool) throws -> Value {
        var path = try interp.strArg(a[0], "savez() argument 'file'")
        if !path.hasSuffix(".npz") { path += ".npz" }
        var members: [ZipArchive.Member] = []
        if case .obj(let d as PyDict) = a[2] {
            for (k, v) in d.storage {
                members.append(ZipArchive.Member(name: try interp.str(k.value) + ".npy", data: encode(try tensorCall { try NumpyModule.toTensor(interp, v, dtype: nil).contiguous() })))
            }
        }
        for (i, v) in ((a[1].object as? PyTuple)?.items ?? []).enumerated() {
            members.append(ZipArchive.Member(name: "arr_\(i).npy", data: encode(try tensorCall { try NumpyModule.toTensor(interp, v, dtype: nil).contiguous() })))
        }
        do { try write(try ZipArchive.write(members, compress: compress), to: path) }
        catch let e as ZipArchive.Failure { throw PyError.value("\(path): \(e)") }
        return .none
    }

    static func descr(_ type: DType) -> String {
        switch type {
        case .bool: return "|b1"
        case .uint8: return "|u1"
        case .int32: return "<i4"
        case .int64: return "<i8"
        case .float32: return "<f4"
        case .float64: return "<f8"
        }
    }

    static func encode(_ t: Tensor) -> [UInt8] {
        let shape = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr(t.dtype))', 'fortran_order': False, 'shape': \(shape), }"
        // The magic, version and length take 10 bytes; the whole preamble ends on a 64-byte boundary.
        let total = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out = magic + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
        let byteCount = t.count * t.dtype.itemSize
        out += UnsafeRawBufferPointer(start: t.storage.bytes + t.offset * t.dtype.itemSize, count: byteCount)
        return out
    }

    static func decode(_ bytes: [UInt8], _ path: String) throws -> Tensor {
        func bad(_ why: String) -> PyError { PyError.value("\(path) is not a .npy file numpy wrote: \(why)") }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw PyError.value("This file contains pickled (object) data. If you trust the file you can load it unsafely using the `allow_pickle=` keyword argument or `pickle.load()`.")
        }
        let major = bytes[6]
        let lengthSize = major == 1 ? 2 : 4
        guard major >= 1 && major <= 3, bytes.count >= 8 + lengthSize else { throw bad("unknown format version \(major)") }
        var headerLength = 0
        for k in 0..<lengthSize { headerLength |= Int(bytes[8 + k]) << (8 * k) }
        let start = 8 + lengthSize
        guard bytes.count >= start + headerLength, let header = String(bytes: bytes[start..<(start + headerLength)], encoding: .utf8) else {
            throw bad("truncated header")
        }
        func field(_ key: String) -> Substring? {
            guard let r = header.range(of: "'\(key)': ") else { return nil }
            return header[r.upperBound...]
        }
        // '=' (native order) is little-endian on every machine kscript runs on.
        let descrText = field("descr")?.dropFirst().prefix(while: { $0 != "'" }).replacingOccurrences(of: "=", with: "<") ?? "?"
        guard let type = DType.allCases.first(where: { descr($0) == descrText }) else {
            throw PyError.notImplemented("loading .npy data of type '\(descrText)' is not supported by kscript yet")
        }
        let fortran = field("fortran_order")?.hasPrefix("True") ?? false
        guard let shapeText = field("shape")?.dropFirst().prefix(while: { $0 != ")" }) else { throw bad("no shape") }
        let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let dataStart = start + headerLength
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard d >= 0, !overflow, product <= Int.max / 8 else { throw bad("impossible shape (\(shapeText))") }
            count = product
        }
        guard bytes.count - dataStart >= count * type.itemSize else {
            throw PyError.value("cannot reshape array of size \((bytes.count - dataStart) / type.itemSize) into shape \(Tensor.describe(shape))")
        }
        let stored = try tensorCall { try Tensor.zeros(fortran ? shape.reversed() : shape, dtype: type) }
        bytes.withUnsafeBytes { raw in
            stored.storage.bytes.copyMemory(from: raw.baseAddress! + dataStart, byteCount: count * type.itemSize)
        }
        return fortran ? try tensorCall { try stored.transposed().contiguous() } : stored
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let f = fopen(path, "wb") else { throw PyError.os(errno: errno, filename: path) }
        defer { fclose(f) }
        if fwrite(bytes, 1, bytes.count, f) != bytes.count { throw PyError.os(errno: errno, filename: path) }
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw PyError.os(errno: errno, filename: path) }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n == 0 { break }
            out += chunk[0..<n]
        }
        if ferror(f) != 0 { throw PyError.os(errno: errno, filename: path) }
        return out
    }
}
