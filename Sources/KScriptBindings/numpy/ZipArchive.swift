// The ZIP container of .npz files: reading stored and deflated members through the central
// directory, and writing members stored (np.savez) or deflated (np.savez_compressed). Also
// gzip, for the .gz files Keras's datasets come in.
import Foundation
import CZlib

struct ZipArchive {
    struct Member { let name: String; let data: [UInt8] }

    enum Failure: Error { case damaged(String) }

    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }

    /// Every member of a ZIP file, in the order of its central directory.
    static func read(_ bytes: [UInt8]) throws -> [Member] {
        // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
        let floor = Swift.max(0, bytes.count - 65_557)
        guard bytes.count >= 22, let end = stride(from: bytes.count - 22, through: floor, by: -1).first(where: {
            bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 5 && bytes[$0 + 3] == 6
        }) else { throw Failure.damaged("no ZIP directory") }
        let count = u16(bytes, end + 10)
        var at = u32(bytes, end + 16)
        var members: [Member] = []
        for _ in 0..<count {
            guard at + 46 <= bytes.count, u32(bytes, at) == 0x0201_4B50 else { throw Failure.damaged("bad directory entry") }
            let method = u16(bytes, at + 10)
            let compressed = u32(bytes, at + 20), size = u32(bytes, at + 24)
            let nameLength = u16(bytes, at + 28), extra = u16(bytes, at + 30), comment = u16(bytes, at + 32)
            let local = u32(bytes, at + 42)
            guard at + 46 + nameLength <= bytes.count else { throw Failure.damaged("bad name") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            at += 46 + nameLength + extra + comment
            guard local + 30 <= bytes.count else { throw Failure.damaged("bad member offset") }
            let start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28)
            guard start + compressed <= bytes.count else { throw Failure.damaged("truncated member \(name)") }
            let raw = Array(bytes[start..<(start + compressed)])
            switch method {
            case 0: members.append(Member(name: name, data: raw))
            case 8: members.append(Member(name: name, data: try inflate(raw, expected: size, windowBits: -15)))
            default: throw Failure.damaged("member \(name) uses compression method \(method)")
            }
        }
        return members
    }

    /// A ZIP file holding `members`, deflated or stored.
    static func write(_ members: [Member], compress: Bool) throws -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
        for m in members {
            let crc = Int(m.data.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
            let body = compress ? try deflateRaw(m.data) : m.data
            let name = Array(m.name.utf8)
            let common = le16(20) + le16(0) + le16(compress ? 8 : 0) + le16(0) + le16(0x21) + le32(crc) + le32(body.count) + le32(m.data.count) + le16(name.count)
            directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(out.count) + name
            out += le32(0x0403_4B50) + common + le16(0) + name + body
        }
        let directoryStart = out.count
        out += directory
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(members.count) + le16(members.count) + le32(directory.count) + le32(directoryStart) + le16(0)
        return out
    }

    /// Inflates zlib/raw (windowBits -15) or gzip (31) data.
    static func inflate(_ input: [UInt8], expected: Int? = nil, windowBits: Int32) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw Failure.damaged("zlib") }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Swift.max(expected ?? input.count * 4, 1024))
        var produced = 0
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while true {
                if produced == out.count { out += [UInt8](repeating: 0, count: out.count) }
                let r: Int32 = out.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress! + produced
                    stream.avail_out = uInt(outBuf.count - produced)
                    let r = CZlib.inflate(&stream, Z_NO_FLUSH)
                    produced = outBuf.count - Int(stream.avail_out)
                    return r
                }
                if r == Z_STREAM_END { return r }
                if r != Z_OK && r != Z_BUF_ERROR { return r }
                if r == Z_BUF_ERROR && stream.avail_in == 0 { return r }
            }
        }
        guard status == Z_STREAM_END else { throw Failure.damaged("corrupt compressed data") }
        return Array(out[0..<produced])
    }

    static func deflateRaw(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure.damaged("zlib")
        }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress; stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress; stream.avail_out = uInt(outBuf.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw Failure.damaged("deflate failed") }
        return Array(out[0..<Int(stream.total_out)])
    }
}
