// Buffered output to a file descriptor; stdout is flushed before stderr is written so the two
// interleave in order, as Python's are when both go to a terminal.
import Foundation

public final class OutputStream {
    let fd: Int32
    var buffer: [UInt8] = []
    /// Flushed before this stream writes (stderr flushes stdout first).
    public weak var flushFirst: OutputStream?
    /// When set, output goes here instead of the descriptor (tests, capture).
    public var capture: ((String) -> Void)?
    public var lineBuffered: Bool

    public init(fd: Int32) {
        self.fd = fd
        lineBuffered = isatty(fd) != 0
    }

    public func write(_ s: String) {
        if let c = capture { c(s); return }
        flushFirst?.flush()
        buffer.append(contentsOf: s.utf8)
        if fd == 2 || buffer.count > 1 << 16 || (lineBuffered && s.contains("\n")) { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { break }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    public var isTerminal: Bool { capture == nil && isatty(fd) != 0 }
}

/// sys.stdout / sys.stderr as objects a script can pass to print(file=...) or call write on.
public final class PyStdStream: PyObject {
    let isErr: Bool
    init(isErr: Bool) { self.isErr = isErr }
    public override var pyType: PyType { PyStdStream.type }
    static let type: PyType = {
        let t = PyType(name: "TextIOWrapper", bases: [BuiltinTypes.object])
        t.def("write", ["s"]) { interp, a in
            guard case .obj(let s as PyStdStream) = a[0] else { return .none }
            let text = try interp.strArg(a[1], "write() argument")
            (s.isErr ? interp.err : interp.out).write(text)
            return .int(text.unicodeScalars.count)
        }
        t.def("flush") { interp, a in
            guard case .obj(let s as PyStdStream) = a[0] else { return .none }
            (s.isErr ? interp.err : interp.out).flush()
            return .none
        }
        t.def("isatty") { interp, a in
            guard case .obj(let s as PyStdStream) = a[0] else { return .bool(false) }
            return .bool((s.isErr ? interp.err : interp.out).isTerminal)
        }
        return t
    }()
}
