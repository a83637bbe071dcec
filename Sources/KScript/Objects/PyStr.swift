// Python str: an immutable Swift String with O(1) code-point indexing once it is needed.

public final class PyStr: PyObject {
    public let value: String
    private var _scalars: [Unicode.Scalar]?
    private var _isASCII: Bool?
    private var _hash: Int?
    /// This string compiled as a %-format, once it has been used as one (format strings are
    /// usually constants evaluated many times).
    var compiledPercentFormat: PercentFormat?

    public init(_ value: String) { self.value = value }
    public override var pyType: PyType { BuiltinTypes.str }

    public var isASCII: Bool {
        if let a = _isASCII { return a }
        let a = value.utf8.withContiguousStorageIfAvailable(PyStr.allASCII) ?? value.utf8.allSatisfy { $0 < 0x80 }
        _isASCII = a
        return a
    }

    /// True when no byte has its high bit set (checked eight bytes at a time).
    static func allASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n { if base[i] >= 0x80 { return false }; i += 1 }
        return true
    }

    /// The code points, for indexing and slicing.
    public var scalars: [Unicode.Scalar] {
        if let s = _scalars { return s }
        let s = Array(value.unicodeScalars)
        _scalars = s
        return s
    }

    /// A cached hash of the text, so dict lookups hash each string once.
    public var hash: Int {
        if let h = _hash { return h }
        var hasher = Hasher()
        hasher.combine(value)
        let h = hasher.finalize()
        _hash = h
        return h
    }

    /// len(s): the number of code points.
    public var count: Int { isASCII ? value.utf8.count : scalars.count }
}

/// Python bytes: an immutable byte string.
public final class PyBytes: PyObject {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public override var pyType: PyType { BuiltinTypes.bytes }
}
