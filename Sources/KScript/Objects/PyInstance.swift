// Instances of user classes (and of exception classes): a type plus an attribute dictionary.
import Foundation
import OrderedCollections

open class PyInstance: PyObject {
    public let cls: PyType
    public var attrs: OrderedDictionary<String, Value> = [:]
    /// What the class's own `__hash__` returned when the object was last used as a dict or set key.
    public var keyHash: Int?
    public init(cls: PyType) { self.cls = cls }
    open override var pyType: PyType { cls }
}

/// The part of a line where an exception arose; `anchors` are the operator's offsets within it
/// (CPython's `~~^~~` markers for binary operations and subscripts).
public struct ErrorPosition {
    public var start: SourcePos
    public var end: SourcePos
    public var anchors: (Int, Int)?
}

/// One line of a traceback: where a frame was when the exception left it.
public struct TraceEntry {
    public let file: String
    public let line: Int
    public let function: String
    public var position: ErrorPosition? = nil
}

/// An exception object (an instance of BaseException or a subclass).
public final class PyExceptionObject: PyInstance {
    public var args: [Value] = []
    /// Innermost frame last, as CPython prints them.
    public var traceback: [TraceEntry] = []
    public var cause: PyExceptionObject?
    public var context: PyExceptionObject?
    public var suppressContext = false
    /// Where in the current frame the exception arose, until the frame is left.
    public var pendingPosition: ErrorPosition?

    /// Set when an exception is re-raised from the frame whose traceback entry it already has.
    public var reraised = false

    /// Adds the frame being left to the traceback (the line of the failing expression when known).
    public func leaveFrame(file: String, line: Int, function: String) {
        if reraised { reraised = false; pendingPosition = nil; return }
        let at = pendingPosition.map { Int($0.start.line) } ?? line
        traceback.insert(TraceEntry(file: file, line: at, function: function, position: pendingPosition), at: 0)
        pendingPosition = nil
    }
}

/// An error of a layer under the interpreter (the tensor or Keras engine) that has a Python
/// exception to stand for it: `except` catches it as that exception, and an uncaught one is
/// reported with a traceback like any other.
public protocol PythonConvertibleError: Error {
    var pythonError: PyError { get }
}

/// The Swift error that carries a Python exception through the interpreter.
public struct PyError: Error {
    public let exc: PyExceptionObject
    public init(_ exc: PyExceptionObject) { self.exc = exc }

    public init(_ type: PyType, _ message: String) {
        let e = PyExceptionObject(cls: type)
        e.args = [.string(message)]
        self.exc = e
    }

    public init(_ type: PyType, args: [Value]) {
        let e = PyExceptionObject(cls: type)
        e.args = args
        self.exc = e
    }

    public static func type(_ m: String) -> PyError { PyError(ExcTypes.typeError, m) }
    public static func value(_ m: String) -> PyError { PyError(ExcTypes.valueError, m) }
    public static func index(_ m: String) -> PyError { PyError(ExcTypes.indexError, m) }
    public static func key(_ k: Value) -> PyError { PyError(ExcTypes.keyError, args: [k]) }
    public static func name(_ m: String) -> PyError { PyError(ExcTypes.nameError, m) }
    public static func attribute(_ m: String) -> PyError { PyError(ExcTypes.attributeError, m) }
    public static func zeroDivision(_ m: String) -> PyError { PyError(ExcTypes.zeroDivisionError, m) }
    public static func runtime(_ m: String) -> PyError { PyError(ExcTypes.runtimeError, m) }
    public static func notImplemented(_ m: String) -> PyError { PyError(ExcTypes.notImplementedError, m) }
    public static func overflow(_ m: String) -> PyError { PyError(ExcTypes.overflowError, m) }
    public static func stopIteration() -> PyError { PyError(ExcTypes.stopIteration, args: []) }
    public static func memory(_ m: String) -> PyError { PyError(ExcTypes.memoryError, m) }
    public static func os(_ type: PyType, errno: Int32, _ m: String, filename: String) -> PyError {
        let e = PyError(type, args: [.int(Int(errno)), .string(m)])
        e.exc.attrs["filename"] = .string(filename)
        e.exc.attrs["errno"] = .int(Int(errno))
        e.exc.attrs["strerror"] = .string(m)
        return e
    }
    /// The OSError subclass CPython raises for a C `errno`, with the system's message.
    public static func os(errno code: Int32, filename: String) -> PyError {
        let type: PyType
        switch code {
        case ENOENT: type = ExcTypes.fileNotFoundError
        case EEXIST: type = ExcTypes.fileExistsError
        case EACCES, EPERM: type = ExcTypes.permissionError
        case EISDIR: type = ExcTypes.isADirectoryError
        case ENOTDIR: type = ExcTypes.notADirectoryError
        default: type = ExcTypes.osError
        }
        return os(type, errno: code, String(cString: strerror(code)), filename: filename)
    }

    public var type: PyType { exc.cls }
    public func isInstance(of t: PyType) -> Bool { exc.cls.isSubtype(of: t) }
}
