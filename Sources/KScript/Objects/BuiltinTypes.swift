// The builtin type objects (object, int, str, list, ...) and the exception hierarchy.
// They are immutable constants, created on first use with their native methods registered.

public enum BuiltinTypes {
    static func make(_ name: String, _ bases: [PyType], _ register: ((PyType) -> Void)? = nil) -> PyType {
        let t = PyType(name: name, bases: bases)
        register?(t)
        return t
    }
    public static let object: PyType = {
        let t = PyType(name: "object", bases: [])
        t.makeInstance = { PyInstance(cls: $0) }
        ObjectMethods.register(t)
        return t
    }()
    public static let type = make("type", [object], TypeMethods.register)
    public static let none = make("NoneType", [object], NoneMethods.register)
    public static let int = make("int", [object], IntMethods.register)
    public static let bool = make("bool", [int], BoolMethods.register)
    public static let float = make("float", [object], FloatMethods.register)
    public static let str = make("str", [object], StrMethods.register)
    public static let bytes = make("bytes", [object], BytesMethods.register)
    public static let list = make("list", [object]) { ListMethods.register($0); ContainerSubclassMethods.register($0, immutable: false) }
    public static let tuple = make("tuple", [object]) { TupleMethods.register($0); ContainerSubclassMethods.register($0, immutable: true) }
    public static let dict = make("dict", [object]) { DictMethods.register($0); ContainerSubclassMethods.register($0, immutable: false) }
    public static let set = make("set", [object]) { SetMethods.register($0); ContainerSubclassMethods.register($0, immutable: false) }
    public static let frozenset = make("frozenset", [object]) { SetMethods.registerFrozen($0); ContainerSubclassMethods.register($0, immutable: true) }
    public static let range = make("range", [object], RangeMethods.register)
    public static let slice = make("slice", [object], SliceMethods.register)
    public static let function = make("function", [object])
    public static let builtinFunction = make("builtin_function_or_method", [object])
    public static let method = make("method", [object])
    public static let module = make("module", [object])
    public static let iterator = make("iterator", [object], IteratorMethods.register)
    public static let generator = make("generator", [object], GeneratorMethods.register)
    public static let property = make("property", [object], PropertyMethods.register)
    public static let staticmethod = make("staticmethod", [object], DescriptorMethods.registerStatic)
    public static let classmethod = make("classmethod", [object], DescriptorMethods.registerClass)
    public static let superType = make("super", [object], SuperMethods.register)
    public static let file = make("TextIOWrapper", [object], FileMethods.register)
    public static let ellipsis = make("ellipsis", [object])
    public static let notImplementedType = make("NotImplementedType", [object])
    public static let cell = make("cell", [object])
}

/// The exception classes, in CPython's hierarchy.
public enum ExcTypes {
    static func make(_ name: String, _ base: PyType) -> PyType { PyType(name: name, bases: [base]) }
    public static let baseException: PyType = {
        let t = PyType(name: "BaseException", bases: [BuiltinTypes.object])
        t.makeInstance = { PyExceptionObject(cls: $0) }
        ExceptionMethods.register(t)
        return t
    }()
    public static let systemExit: PyType = {
        let t = make("SystemExit", baseException)
        ExceptionMethods.registerArgumentAttribute(t, "code", tupleWhenMany: true)
        return t
    }()
    public static let keyboardInterrupt = make("KeyboardInterrupt", baseException)
    public static let generatorExit = make("GeneratorExit", baseException)
    public static let exception = make("Exception", baseException)
    public static let stopIteration: PyType = {
        let t = make("StopIteration", exception)
        ExceptionMethods.registerArgumentAttribute(t, "value", tupleWhenMany: false)
        return t
    }()
    public static let arithmeticError = make("ArithmeticError", exception)
    public static let floatingPointError = make("FloatingPointError", arithmeticError)
    public static let overflowError = make("OverflowError", arithmeticError)
    public static let zeroDivisionError = make("ZeroDivisionError", arithmeticError)
    public static let assertionError = make("AssertionError", exception)
    public static let attributeError = make("AttributeError", exception)
    public static let bufferError = make("BufferError", exception)
    public static let eofError = make("EOFError", exception)
    public static let importError = make("ImportError", exception)
    public static let moduleNotFoundError = make("ModuleNotFoundError", importError)
    public static let lookupError = make("LookupError", exception)
    public static let indexError = make("IndexError", lookupError)
    public static let keyError = make("KeyError", lookupError)
    public static let memoryError = make("MemoryError", exception)
    public static let nameError = make("NameError", exception)
    public static let unboundLocalError = make("UnboundLocalError", nameError)
    public static let osError = make("OSError", exception)
    public static let fileNotFoundError = make("FileNotFoundError", osError)
    public static let fileExistsError = make("FileExistsError", osError)
    public static let permissionError = make("PermissionError", osError)
    public static let isADirectoryError = make("IsADirectoryError", osError)
    public static let notADirectoryError = make("NotADirectoryError", osError)
    public static let runtimeError = make("RuntimeError", exception)
    public static let notImplementedError = make("NotImplementedError", runtimeError)
    public static let recursionError = make("RecursionError", runtimeError)
    public static let syntaxError = make("SyntaxError", exception)
    public static let indentationError = make("IndentationError", syntaxError)
    public static let tabError = make("TabError", indentationError)
    public static let typeError = make("TypeError", exception)
    public static let valueError = make("ValueError", exception)
    public static let unicodeError = make("UnicodeError", valueError)
    public static let unicodeDecodeError = make("UnicodeDecodeError", unicodeError)
    public static let unicodeEncodeError = make("UnicodeEncodeError", unicodeError)
    public static let warning = make("Warning", exception)
    public static let userWarning = make("UserWarning", warning)
    public static let deprecationWarning = make("DeprecationWarning", warning)
    public static let runtimeWarning = make("RuntimeWarning", warning)
    public static let futureWarning = make("FutureWarning", warning)
    public static let pendingDeprecationWarning = make("PendingDeprecationWarning", warning)
    public static let syntaxWarning = make("SyntaxWarning", warning)
    public static let importWarning = make("ImportWarning", warning)
    public static let resourceWarning = make("ResourceWarning", warning)

    /// Every exception class, for the builtins module.
    public static var all: [PyType] {
        [baseException, systemExit, keyboardInterrupt, generatorExit, exception, stopIteration,
         arithmeticError, floatingPointError, overflowError, zeroDivisionError, assertionError,
         attributeError, bufferError, eofError, importError, moduleNotFoundError, lookupError,
         indexError, keyError, memoryError, nameError, unboundLocalError, osError, fileNotFoundError,
         fileExistsError, permissionError, isADirectoryError, notADirectoryError, runtimeError,
         notImplementedError, recursionError, syntaxError, indentationError, tabError, typeError,
         valueError, unicodeError, unicodeDecodeError, unicodeEncodeError, warning, userWarning,
         deprecationWarning, runtimeWarning, futureWarning, pendingDeprecationWarning, syntaxWarning,
         importWarning, resourceWarning]
    }
}
