// Python type objects: builtin types and user classes share one representation.
import OrderedCollections

public typealias KwArgs = [(String, Value)]
public typealias NativeConstructor = (Interpreter, PyType, [Value], KwArgs) throws -> Value

public final class PyType: PyObject {
    public var name: String
    public var qualname: String
    public var bases: [PyType]
    public private(set) var mro: [PyType] = []
    public var dict: OrderedDictionary<String, Value> = [:]
    public var module: String
    /// The name error messages use when it is not `name`: C types of extension modules carry their
    /// module there (CPython's tp_name, e.g. 'numpy.ndarray').
    public var messageName: String?
    public let isBuiltin: Bool
    /// How `T(...)` makes a value for a builtin type (int, list, ...); nil for ordinary classes.
    public var construct: NativeConstructor?
    /// A direct path for `T(x)` with one positional argument (str(x), int(x), float(x), ...).
    public var construct1: ((Interpreter, Value) throws -> Value)?
    /// Makes the bare instance for a class (exceptions and native-backed bases override it).
    public var makeInstance: ((PyType) -> PyInstance)?

    public init(name: String, bases: [PyType], module: String = "builtins", isBuiltin: Bool = true) {
        self.name = name
        self.qualname = name
        self.bases = bases
        self.module = module
        self.isBuiltin = isBuiltin
        super.init()
        self.mro = (try? PyType.linearize(self)) ?? [self]
        self.makeInstance = bases.lazy.compactMap { $0.makeInstance }.first
    }

    /// The class's metaclass when a script gave one (`class C(metaclass=M)`, or inherited from a base):
    /// `type(C)`, and where `iter(C)`, `len(C)`, `x in C` and `C[k]` find their methods.
    public var metaclass: PyType?
    /// The interpreter that made a script class: dict and set keys call its `__eq__` through it.
    public weak var interpreter: Interpreter?
    public override var pyType: PyType { metaclass ?? BuiltinTypes.type }

    /// Looks a name up along the method resolution order.
    public func lookup(_ attr: String) -> Value? {
        for t in mro { if let v = t.dict[attr] { return v } }
        return nil
    }

    public func isSubtype(of other: PyType) -> Bool {
        if self === other { return true }
        for t in mro where t === other { return true }
        return false
    }

    /// C3 linearization, as CPython computes `__mro__`.
    static func linearize(_ t: PyType) throws -> [PyType] {
        var seqs: [[PyType]] = t.bases.map { $0.mro } + [t.bases]
        var result: [PyType] = [t]
        while true {
            seqs = seqs.filter { !$0.isEmpty }
            if seqs.isEmpty { return result }
            var candidate: PyType? = nil
            for s in seqs {
                let head = s[0]
                if !seqs.contains(where: { $0.dropFirst().contains { $0 === head } }) { candidate = head; break }
            }
            guard let c = candidate else {
                let names = t.bases.map { $0.name }.joined(separator: ", ")
                throw PyError.type("Cannot create a consistent method resolution order (MRO) for bases \(names)")
            }
            result.append(c)
            seqs = seqs.map { $0.first === c ? Array($0.dropFirst()) : $0 }
        }
    }

    /// Recomputes the MRO for a class created by a `class` statement (may raise TypeError).
    func computeMRO() throws { mro = try PyType.linearize(self) }
}
