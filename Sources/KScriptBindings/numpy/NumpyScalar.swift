// numpy's scalars (np.float64(0.5), np.int64(3), np.True_): what a reduction, an integer index or
// a ufunc on a 0-d value gives. They print as numpy 2 prints them, stay scalars of numpy's
// promoted type through arithmetic, and serve as Python numbers (hash, dict keys, indexes, round,
// isinstance(x, float) for float64), under numpy's type tree (np.floating, np.integer, ...).
import KScript
import KTensor

/// A numpy scalar: a 0-d tensor of its own (never a view) typed `numpy.float64` and the like.
final class PyNumpyScalar: PyNDArray, PyNumberLike {
    /// The scalar holding `t`'s single element, copied (a scalar never views an array).
    static func of(_ t: Tensor) -> PyNumpyScalar {
        (try? element(t, at: 0)) ?? PyNumpyScalar(t)
    }

    /// The scalar holding the element at a storage position of `t` (relative to its offset), copied exactly.
    static func element(_ t: Tensor, at position: Int) throws -> PyNumpyScalar {
        if t.dtype == .bool { return t.double(at: position) != 0 ? trueScalar : falseScalar }
        let s = try tensorCall { try Tensor.zeros([], dtype: t.dtype) }
        let size = t.dtype.itemSize
        s.storage.bytes.copyMemory(from: t.storage.bytes + (t.offset + position) * size, byteCount: size)
        return PyNumpyScalar(s)
    }

    /// The scalar of `dtype` holding `value` (exact for every dtype but int64 beyond 2^53).
    static func make(_ value: Double, _ dtype: DType) throws -> PyNumpyScalar {
        if dtype == .bool { return value != 0 ? trueScalar : falseScalar }
        return PyNumpyScalar(try tensorCall { try Tensor.scalar(value, dtype: dtype) })
    }

    /// np.True_ and np.False_, one object each as in numpy (`(a > b) is np.True_`).
    static let trueScalar = PyNumpyScalar((try? Tensor.scalar(1, dtype: .bool))!)
    static let falseScalar = PyNumpyScalar((try? Tensor.scalar(0, dtype: .bool))!)

    override var pyType: PyType { NumpyScalarTypes.type(of: tensor.dtype) }
    var pythonNumber: Value { NumpyModule.scalar(tensor) }
    var isIndex: Bool { !tensor.dtype.isFloating && tensor.dtype != .bool }

    override func repr(_ interp: Interpreter) throws -> String {
        if NumpyPrintOptions.current(interp).legacy == "1.25" { return ArrayPrinter(interp).scalarString(tensor) }
        if tensor.dtype == .bool { return tensor.double(at: 0) != 0 ? "np.True_" : "np.False_" }
        return "np.\(tensor.dtype.rawValue)(\(ArrayPrinter(interp).scalarString(tensor)))"
    }

    /// Sequences repeat by an integer scalar (`[0] * np.int64(3)`), as by the int it holds.
    override func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        if op == .mul, isIndex {
            switch other {
            case .str, .obj(is PyList), .obj(is PyTuple): return try interp.binary(.mul, other, pythonNumber)
            default: break
            }
        }
        if let r = try floatArithmetic(op, other, reflected: reflected) { return .obj(r) }
        return try super.binary(op, other, reflected: reflected, interp)
    }

    override func compare(_ op: CmpOp, _ other: Value, _ interp: Interpreter) throws -> Value? {
        if let (x, y, _) = commonValues(other) {
            let holds: Bool
            switch op {
            case .lt: holds = x < y
            case .le: holds = x <= y
            case .gt: holds = x > y
            case .ge: holds = x >= y
            case .eq: holds = x == y
            case .ne: holds = x != y
            default: return try super.compare(op, other, interp)
            }
            return .obj(holds ? PyNumpyScalar.trueScalar : PyNumpyScalar.falseScalar)
        }
        return try super.compare(op, other, interp)
    }

    /// This scalar's value and the other operand's (a scalar or a weak Python number, NEP 50) in
    /// their common type, and that type; nil where the values are not exact as doubles (the
    /// general array path then decides).
    private func commonValues(_ other: Value) -> (Double, Double, DType)? {
        let mine = tensor.dtype
        let y: Double, theirs: DType
        switch other {
        case .float(let d): (y, theirs) = (d, mine.isFloating ? mine : .float64)
        case .int(let i) where i.magnitude < 1 << 53: (y, theirs) = (Double(i), mine == .bool ? .int64 : mine)
        case .bool(let b): (y, theirs) = (b ? 1 : 0, mine)
        case .obj(let s as PyNumpyScalar): (y, theirs) = (s.tensor.double(at: 0), s.tensor.dtype)
        default: return nil
        }
        let common = DType.promote(mine, theirs)
        let x = tensor.double(at: 0)
        guard common.isFloating || (x.magnitude < 0x1p53 && y.magnitude < 0x1p53) else { return nil }
        // A weak int beyond the integer type's range is numpy's OverflowError: the general path raises it.
        if case .int(let i) = other, (try? NumpyModule.checkPythonInt(i, fits: common)) == nil { return nil }
        return common == .float32 ? (Double(Float(x)), Double(Float(y)), common) : (x, y, common)
    }

    /// +, -, * and / where the result is a float type: one correctly rounded operation in double
    /// (exact for float32 too, rounded once more to float32), as numpy computes it.
    private func floatArithmetic(_ op: BinOp, _ other: Value, reflected: Bool) throws -> PyNumpyScalar? {
        guard op == .add || op == .sub || op == .mul || op == .div, let (x, y, common) = commonValues(other) else { return nil }
        let result = op == .div && !common.isFloating ? DType.float64 : common
        guard result.isFloating else { return nil }
        let (a, b) = reflected ? (y, x) : (x, y)
        // Division by zero takes the array path (inf or nan, as numpy).
        if op == .div && b == 0 { return nil }
        var r: Double
        switch op {
        case .add: r = a + b
        case .sub: r = a - b
        case .mul: r = a * b
        default: r = a / b
        }
        if result == .float32 { r = Double(Float(r)) }
        return try PyNumpyScalar.make(r, result)
    }
}

/// numpy's scalar classes, one per dtype, and the abstract classes above them.
enum NumpyScalarTypes {
    static func numpyType(_ name: String, _ bases: [PyType], _ doc: String) -> PyType {
        let t = PyType(name: name, bases: bases, module: "numpy")
        t.messageName = "numpy.\(name)"
        t.dict["__doc__"] = .string(doc)
        return t
    }

    /// The root: every array method a scalar has (copied in by `adoptArrayMethods`) lives here.
    static let generic: PyType = {
        let t = numpyType("generic", [BuiltinTypes.object], "The base class of numpy's scalar types (isinstance(x, np.generic)).")
        // round(x) is an int; round(x, n) a scalar of x's type rounded as np.round rounds.
        t.def("__round__", ["ndigits"], defaults: [.none]) { interp, a in
            guard case .obj(let x as PyNumpyScalar) = a[0] else { throw PyError.type("descriptor '__round__' requires a numpy scalar") }
            if a[1].isNone {
                guard x.tensor.dtype.isFloating else { return x.pythonNumber }
                let d = x.tensor.double(at: 0)
                if d.isNaN { throw PyError.value("cannot convert float NaN to integer") }
                guard let i = Int(exactly: d.rounded(.toNearestOrEven)) else { throw PyError.overflow("cannot convert float infinity to integer") }
                return .int(i)
            }
            guard let round = t.lookup("round") else { throw PyError.notImplemented("round() of a numpy scalar") }
            return try interp.call(round, [a[0], a[1]], [])
        }
        // x[()] is x and x[...] a 0-d array, as in numpy; any other index is an error.
        t.def("__getitem__", ["key"]) { _, a in
            guard case .obj(let x as PyNumpyScalar) = a[0] else { throw PyError.type("descriptor '__getitem__' requires a numpy scalar") }
            if case .obj(let key as PyTuple) = a[1], key.items.isEmpty { return a[0] }
            if case .obj(let key) = a[1], key === PySingleton.ellipsis { return .obj(PyNDArray(try tensorCall { try x.tensor.astype(x.tensor.dtype, copy: true) })) }
            throw PyError.index("invalid index to scalar variable.")
        }
        return t
    }()
    static let number = numpyType("number", [generic], "The numeric scalar types (np.integer and np.inexact).")
    static let integer = numpyType("integer", [number], "The integer scalar types (np.issubdtype(a.dtype, np.integer)).")
    static let signedInteger = numpyType("signedinteger", [integer], "The signed integer scalar types: np.int32, np.int64.")
    static let unsignedInteger = numpyType("unsignedinteger", [integer], "The unsigned integer scalar types: np.uint8.")
    static let inexact = numpyType("inexact", [number], "The floating-point scalar types (np.floating).")
    static let floating = numpyType("floating", [inexact], "The floating-point scalar types: np.float32, np.float64 (np.issubdtype(a.dtype, np.floating)).")

    static let concrete: [DType: PyType] = {
        var types: [DType: PyType] = [:]
        for d in DType.allCases {
            let bases: [PyType]
            switch d {
            case .float64: bases = [floating, BuiltinTypes.float]
            case .float32: bases = [floating]
            case .int64, .int32: bases = [signedInteger]
            case .uint8: bases = [unsignedInteger]
            case .bool: bases = [generic]
            }
            let t = numpyType(d.rawValue, bases, "numpy's \(d.rawValue) scalar type: np.\(d.rawValue)(x) converts x (a number, a string or an array); also a dtype (dtype=np.\(d.rawValue)).")
            t.construct = { interp, _, args, kwargs in
                guard kwargs.isEmpty, args.count <= 1 else { throw PyError.type("\(d.rawValue)() takes at most 1 positional argument") }
                return try convert(interp, args.first ?? .int(0), to: d)
            }
            types[d] = t
        }
        return types
    }()

    static func type(of d: DType) -> PyType { concrete[d]! }

    /// The dtype a scalar class stands for, if it is one.
    static func dtype(of t: PyType) -> DType? { concrete.first { $0.value === t }?.key }

    /// The abstract classes by their numpy names.
    static let abstract: [(String, PyType)] = [
        ("generic", generic), ("number", number), ("integer", integer), ("signedinteger", signedInteger),
        ("unsignedinteger", unsignedInteger), ("inexact", inexact), ("floating", floating),
    ]

    /// `np.float32(x)`: a scalar of that type, or an array when x is a sequence or an array.
    static func convert(_ interp: Interpreter, _ x: Value, to d: DType) throws -> Value {
        var value = x
        if case .str = x { value = try interp.call(.obj(d.isFloating ? BuiltinTypes.float : BuiltinTypes.int), [x]) }
        let t = try NumpyModule.toTensor(interp, value, dtype: d)
        return t.rank == 0 ? .obj(PyNumpyScalar.of(t)) : .obj(PyNDArray(t))
    }

    /// Gives the scalars the array methods (`x.item()`, `x.astype(...)`, `x.round(2)`), each
    /// returning a scalar where the array method returns a 0-d array. Containers' methods stay out.
    static func adoptArrayMethods(from arrayType: PyType) {
        let excluded: Set = ["__len__", "__getitem__", "__setitem__", "__iter__", "__contains__", "__doc__", "fill", "sort"]
        for (name, value) in arrayType.dict where !excluded.contains(name) && generic.dict[name] == nil {
            guard case .obj(let f as PyNativeFunction) = value, f.isMethod else {
                generic.dict[name] = value
                continue
            }
            generic.dict[name] = .obj(PyNativeFunction(name, isMethod: true, doc: f.doc, parameters: f.parameters) { interp, args, kw in
                NumpyModule.scalarIfZeroDimensional(try f.fn(interp, args, kw))
            })
        }
    }
}
