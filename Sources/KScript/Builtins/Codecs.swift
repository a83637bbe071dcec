// str.encode, bytes(str, encoding) and bytes.decode for the codecs scripts use (utf-8, ascii,
// latin-1), with CPython's UnicodeEncodeError/UnicodeDecodeError messages and error handlers.

enum Codecs {
    static func normalized(_ encoding: String) -> String {
        let e = encoding.lowercased().replacingOccurrences(of: "_", with: "-")
        switch e {
        case "utf8", "utf-8", "u8": return "utf-8"
        case "ascii", "us-ascii": return "ascii"
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1": return "latin-1"
        default: return e
        }
    }

    static func encode(_ s: String, _ encoding: String, _ errors: String) throws -> [UInt8] {
        let codec = normalized(encoding)
        if codec == "utf-8" { return Array(s.utf8) }
        guard codec == "ascii" || codec == "latin-1" else { throw PyError(ExcTypes.lookupError, "unknown encoding: \(encoding)") }
        let limit: UInt32 = codec == "ascii" ? 128 : 256
        var out: [UInt8] = []
        for (i, c) in s.unicodeScalars.enumerated() {
            if c.value < limit { out.append(UInt8(c.value)); continue }
            switch errors {
            case "ignore": continue
            case "replace": out.append(UInt8(ascii: "?"))
            default:
                let e = PyError(ExcTypes.unicodeEncodeError,
                                "'\(codec == "ascii" ? "ascii" : "latin-1")' codec can't encode character '\(escaped(c))' in position \(i): ordinal not in range(\(limit))")
                throw e
            }
        }
        return out
    }

    static func decode(_ bytes: [UInt8], _ encoding: String, _ errors: String) throws -> String {
        let codec = normalized(encoding)
        switch codec {
        case "latin-1": return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "ascii":
            var out = String.UnicodeScalarView()
            for (i, b) in bytes.enumerated() {
                if b < 128 { out.append(Unicode.Scalar(b)); continue }
                switch errors {
                case "ignore": continue
                case "replace": out.append("\u{FFFD}")
                default: throw PyError(ExcTypes.unicodeDecodeError, "'ascii' codec can't decode byte 0x\(hex(b)) in position \(i): ordinal not in range(128)")
                }
            }
            return String(out)
        case "utf-8":
            if let s = String(validating: bytes, as: UTF8.self) { return s }
            if errors == "replace" { return String(decoding: bytes, as: UTF8.self) }
            let (position, reason) = firstInvalidUTF8(bytes)
            if errors == "ignore" {
                var kept = bytes
                kept.remove(at: position)
                return try decode(kept, encoding, errors)
            }
            // A sequence cut short by the end is reported as the range of its bytes.
            if reason == "unexpected end of data" && bytes.count - position > 1 {
                throw PyError(ExcTypes.unicodeDecodeError, "'utf-8' codec can't decode bytes in position \(position)-\(bytes.count - 1): \(reason)")
            }
            throw PyError(ExcTypes.unicodeDecodeError, "'utf-8' codec can't decode byte 0x\(hex(bytes[position])) in position \(position): \(reason)")
        default:
            throw PyError(ExcTypes.lookupError, "unknown encoding: \(encoding)")
        }
    }

    /// Where UTF-8 decoding fails, and CPython's word for why.
    static func firstInvalidUTF8(_ b: [UInt8]) -> (Int, String) {
        var i = 0
        while i < b.count {
            let c = b[i]
            let need = c < 0x80 ? 0 : c >= 0xC2 && c < 0xE0 ? 1 : c >= 0xE0 && c < 0xF0 ? 2 : c >= 0xF0 && c < 0xF5 ? 3 : -1
            if need < 0 { return (i, "invalid start byte") }
            if i + need >= b.count && need > 0 { return (i, "unexpected end of data") }
            for k in 1...max(need, 1) where need > 0 {
                if b[i + k] & 0xC0 != 0x80 { return (i, "invalid continuation byte") }
            }
            i += need + 1
        }
        return (max(0, b.count - 1), "invalid start byte")
    }

    static func hex(_ b: UInt8) -> String { String(b, radix: 16).count == 1 ? "0" + String(b, radix: 16) : String(b, radix: 16) }

    /// A character as CPython's error messages show it ('\xe9', '\u20ac').
    static func escaped(_ c: Unicode.Scalar) -> String {
        let h = String(c.value, radix: 16)
        if c.value < 0x100 { return "\\x" + String(repeating: "0", count: 2 - h.count) + h }
        if c.value < 0x10000 { return "\\u" + String(repeating: "0", count: 4 - h.count) + h }
        return "\\U" + String(repeating: "0", count: 8 - h.count) + h
    }
}
