// Callables: kscript functions, native (Swift) functions and methods, bound methods, descriptors.
import OrderedCollections

public final class PyFunction: PyObject {
    public let code: CodeObject
    public let module: PyModule
    public var defaults: [Value]
    public var kwDefaults: [String: Value]
    public let closure: [Cell]
    public var name: String
    public var qualname: String
    public var attrs: OrderedDictionary<String, Value> = [:]
    /// The class whose body defined this function (for zero-argument `super()`).
    public weak var ownerClass: PyType?
    /// True when a positional call with exactly the parameter count needs no binding logic.
    public let isSimple: Bool

    public init(code: CodeObject, module: PyModule, defaults: [Value], kwDefaults: [String: Value], closure: [Cell]) {
        self.code = code; self.module = module; self.defaults = defaults; self.kwDefaults = kwDefaults
        self.closure = closure; self.name = code.name; self.qualname = code.qualname
        let p = code.params
        isSimple = p.varargs == nil && p.varkw == nil && p.kwOnly.isEmpty && !code.isGenerator
        super.init()
    }
    public override var pyType: PyType { BuiltinTypes.function }
}

public typealias NativeFn = (Interpreter, [Value], KwArgs) throws -> Value

/// A function written in Swift. As a class attribute (`isMethod`), it binds its instance like a def.
public final class PyNativeFunction: PyObject {
    public let name: String
    public let fn: NativeFn
    public let isMethod: Bool
    public var doc: String?
    /// The parameters, as help() and keyword completion show them (e.g. ["obj", "key=None"]).
    public var parameters: [String]
    /// Direct entry points for calls with exactly 1, 2 or 3 positional arguments (self included
    /// for methods), which skip building an argument array; set for the hot builtins.
    public var call1: ((Interpreter, Value) throws -> Value)?
    public var call2: ((Interpreter, Value, Value) throws -> Value)?
    public var call3: ((Interpreter, Value, Value, Value) throws -> Value)?
    public init(_ name: String, isMethod: Bool = false, doc: String? = nil, parameters: [String] = [], _ fn: @escaping NativeFn) {
        self.name = name; self.fn = fn; self.isMethod = isMethod; self.doc = doc; self.parameters = parameters
    }
    public override var pyType: PyType { BuiltinTypes.builtinFunction }
}

public final class PyBoundMethod: PyObject {
    public let selfValue: Value
    public let function: Value
    public init(_ selfValue: Value, _ function: Value) { self.selfValue = selfValue; self.function = function }
    public override var pyType: PyType { BuiltinTypes.method }
}

public final class PyProperty: PyObject {
    public var getter: Value, setter: Value, deleter: Value
    public var doc: Value
    public init(getter: Value, setter: Value = .none, deleter: Value = .none, doc: Value = .none) {
        self.getter = getter; self.setter = setter; self.deleter = deleter; self.doc = doc
    }
    public override var pyType: PyType { BuiltinTypes.property }
}

public final class PyStaticMethod: PyObject {
    public let function: Value
    public init(_ f: Value) { function = f }
    public override var pyType: PyType { BuiltinTypes.staticmethod }
}

public final class PyClassMethod: PyObject {
    public let function: Value
    public init(_ f: Value) { function = f }
    public override var pyType: PyType { BuiltinTypes.classmethod }
}

public final class PySuper: PyObject {
    public let startAfter: PyType
    public let selfValue: Value
    public init(startAfter: PyType, selfValue: Value) { self.startAfter = startAfter; self.selfValue = selfValue }
    public override var pyType: PyType { BuiltinTypes.superType }
}

/// A module: its variables live in cells so compiled code reaches them without a lookup.
public final class PyModule: PyObject {
    public let name: String
    public var file: String?
    public var globals: OrderedDictionary<String, GlobalCell> = [:]
    let builtins: PyModule?

    public init(name: String, file: String? = nil, builtins: PyModule?) {
        self.name = name; self.file = file; self.builtins = builtins
        super.init()
        set("__name__", .string(name))
        if let f = file { set("__file__", .string(f)) }
    }
    public override var pyType: PyType { BuiltinTypes.module }

    /// The cell for `name`, created unbound when missing (and linked to the builtin of that name).
    public func cell(_ name: String) -> GlobalCell {
        if let c = globals[name] { return c }
        let c = GlobalCell(name: name)
        if let b = builtins { c.builtin = b.cell(name) }
        globals[name] = c
        return c
    }

    public func get(_ name: String) -> Value? {
        guard let v = globals[name]?.value, !v.isUnbound else { return nil }
        return v
    }
    public func set(_ name: String, _ v: Value) { cell(name).value = v }

    /// Bound names in definition order.
    public var items: [(String, Value)] {
        globals.compactMap { k, c in c.value.isUnbound ? nil : (k, c.value) }
    }
}
