// bytes: constructor and the basic methods (decode, hex, join, startswith, ...).
import Foundation

enum BytesMethods {
    static func bytes(_ v: Value) throws -> [UInt8] {
        guard case .obj(let b as PyBytes) = v else { throw PyError.type("descriptor requires a 'bytes' object") }
        return b.bytes
    }

    static func register(_ t: PyType) {
        t.construct = { interp, _, args, kw in
            let b = try NativeSignature("bytes", ["source", "encoding", "errors"], defaults: [.unbound, .none, .none]).bind(args, kw)
            switch b[0] {
            case .unbound: return .obj(PyBytes([]))
            case .str(let s):
                if b[1].isNone { throw PyError.type("string argument without an encoding") }
                return .obj(PyBytes(try Codecs.encode(s.value, try interp.strArg(b[1], "encoding"), b[2].isNone ? "strict" : try interp.strArg(b[2], "errors"))))
            case .int(let n):
                if n < 0 { throw PyError.value("negative count") }
                try AllocationGuard.check(n, bytesEach: 1)
                return .obj(PyBytes([UInt8](repeating: 0, count: n)))
            default:
                return .obj(PyBytes(try interp.iterateAll(b[0]).map { v in
                    let i = try interp.intArg(v)
                    guard i >= 0 && i < 256 else { throw PyError.value("bytes must be in range(0, 256)") }
                    return UInt8(i)
                }))
            }
        }
        t.def("decode", ["encoding", "errors"], defaults: [.string("utf-8"), .string("strict")]) { interp, a in
            .string(try Codecs.decode(try bytes(a[0]), try interp.strArg(a[1], "encoding"), try interp.strArg(a[2], "errors")))
        }
        t.def("hex") { _, a in .string(try bytes(a[0]).map { String($0, radix: 16).leftPad(2) }.joined()) }
        t.dict["fromhex"] = .obj(PyClassMethod(nativeFunction("fromhex", ["cls", "string"]) { interp, a in
            let text = try interp.strArg(a[1], "fromhex() argument")
            var out: [UInt8] = [], pending: UInt8?
            for (position, c) in text.enumerated() {
                if c == " " && pending == nil { continue }
                guard let digit = c.hexDigitValue else {
                    throw PyError.value("non-hexadecimal number found in fromhex() arg at position \(position)")
                }
                if let high = pending { out.append(high << 4 | UInt8(digit)); pending = nil } else { pending = UInt8(digit) }
            }
            if pending != nil { throw PyError.value("non-hexadecimal number found in fromhex() arg at position \(text.count)") }
            return .obj(PyBytes(out))
        }))
        t.def("startswith", ["prefix"]) { _, a in
            let p = try bytes(a[1]); let b = try bytes(a[0])
            return .bool(b.count >= p.count && Array(b[0..<p.count]) == p)
        }
        t.def("endswith", ["suffix"]) { _, a in
            let p = try bytes(a[1]); let b = try bytes(a[0])
            return .bool(b.count >= p.count && Array(b[(b.count - p.count)...]) == p)
        }
        t.def("join", ["iterable"]) { interp, a in
            let sep = try bytes(a[0])
            var out: [UInt8] = []
            for (k, v) in try interp.iterateAll(a[1]).enumerated() {
                if k > 0 { out += sep }
                out += try bytes(v)
            }
            return .obj(PyBytes(out))
        }
        t.def("count", ["sub"]) { _, a in
            let b = try bytes(a[0]); let s = try bytes(a[1])
            if s.isEmpty { return .int(b.count + 1) }
            var n = 0, i = 0
            while i + s.count <= b.count { if Array(b[i..<(i + s.count)]) == s { n += 1; i += s.count } else { i += 1 } }
            return .int(n)
        }
        t.def("upper") { _, a in .obj(PyBytes(try bytes(a[0]).map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 })) }
        t.def("lower") { _, a in .obj(PyBytes(try bytes(a[0]).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 })) }
        t.def("strip") { _, a in
            let b = try bytes(a[0])
            let ws: Set<UInt8> = [32, 9, 10, 13, 11, 12]
            var lo = 0, hi = b.count
            while lo < hi && ws.contains(b[lo]) { lo += 1 }
            while hi > lo && ws.contains(b[hi - 1]) { hi -= 1 }
            return .obj(PyBytes(Array(b[lo..<hi])))
        }
        t.def("split", ["sep"], defaults: [.none]) { _, a in
            let b = try bytes(a[0])
            if a[1].isNone {
                let ws: Set<UInt8> = [32, 9, 10, 13, 11, 12]
                return .obj(PyList(b.split(whereSeparator: { ws.contains($0) }).map { .obj(PyBytes(Array($0))) }))
            }
            let s = try bytes(a[1])
            guard let first = s.first, s.count == 1 else {
                throw PyError.notImplemented("bytes.split with a multi-byte separator is not supported by kscript")
            }
            return .obj(PyList(b.split(separator: first, omittingEmptySubsequences: false).map { .obj(PyBytes(Array($0))) }))
        }
    }
}
