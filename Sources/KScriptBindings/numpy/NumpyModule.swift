// The `numpy` module: array creation, arithmetic and reductions over the tensor core.
import KScript
import KTensor

enum NumpyModule {
    static let ndarrayType: PyType = {
        let t = PyType(name: "ndarray", bases: [BuiltinTypes.object], module: "numpy")
        t.messageName = "numpy.ndarray"
        t.getter("shape") { _, v in .obj(PyTuple(array(v).tensor.shape.map { .int($0) })) }
        t.getter("ndim") { _, v in .int(array(v).tensor.rank) }
        t.getter("size") { _, v in .int(array(v).tensor.count) }
        t.getter("itemsize") { _, v in .int(array(v).tensor.dtype.itemSize) }
        t.getter("nbytes") { _, v in .int(array(v).tensor.count * array(v).tensor.dtype.itemSize) }
        t.getter("strides") { _, v in
            let x = array(v).tensor
            return .obj(PyTuple(x.strides.map { .int($0 * x.dtype.itemSize) }))
        }
        t.def("__abs__") { _, a in wrap(try tensorCall { try Tensor.unary(.abs, array(a[0]).tensor) }) }
        // int(), float() and %-formats take a 0-d array's value (numpy 2 refuses larger arrays).
        func zeroDimensional(_ v: Value) throws -> Tensor {
            let t = array(v).tensor
            guard t.rank == 0 else { throw PyError.type("only 0-dimensional arrays can be converted to Python scalars") }
            return t
        }
        t.def("__float__") { _, a in .float(try zeroDimensional(a[0]).double(at: 0)) }
        // int() of an integer array is exact; of a float one, Python's int() of the float (any size).
        t.def("__int__") { interp, a in
            let t = try zeroDimensional(a[0])
            return t.dtype.isFloating ? try interp.call(.obj(BuiltinTypes.int), [.float(t.double(at: 0))]) : scalar(t)
        }
        t.def("__index__") { _, a in
            let t = try zeroDimensional(a[0])
            guard !t.dtype.isFloating else { throw PyError.type("only integer scalar arrays can be converted to a scalar index") }
            return scalar(t)
        }
        t.getter("dtype") { _, v in .obj(PyDType(array(v).tensor.dtype)) }
        t.getter("T") { _, v in .obj(PyNDArray(try tensorCall { try array(v).tensor.transposed() })) }
        t.def("reshape", ["*shape"]) { interp, a in
            .obj(PyNDArray(try tensorCall { try array(a[0]).tensor.reshaped(try shapeArg(interp, a[1], unpackSingle: true)) }))
        }
        t.def("astype", ["dtype"]) { interp, a in .obj(PyNDArray(try tensorCall { try array(a[0]).tensor.astype(try dtypeArg(interp, a[1]), copy: true) })) }
        t.def("copy") { _, a in .obj(PyNDArray(try tensorCall { try array(a[0]).tensor.astype(array(a[0]).tensor.dtype, copy: true) })) }
        t.def("tolist") { _, a in toList(array(a[0]).tensor) }
        for (name, op) in [("sum", ReduceOp.sum), ("mean", .mean), ("max", .max), ("min", .min), ("prod", .prod)] {
            let (params, defaults) = reductionParameters(op)
            t.def(name, params, defaults: defaults) { interp, a in
                try reduce(interp, op, array(a[0]).tensor, Array(a.dropFirst()))
            }
        }
        for (name, isMax) in [("argmax", true), ("argmin", false)] {
            t.def(name, ["axis"], defaults: [.none]) { interp, a in try argExtreme(interp, array(a[0]).tensor, isMax, a[1]) }
        }
        for (name, squareRoot) in [("var", false), ("std", true)] {
            t.def(name, ["axis", "dtype", "out", "ddof", "keepdims"], defaults: [.none, .none, .none, .int(0), .bool(false)]) { interp, a in
                try spread(interp, array(a[0]).tensor, a[1], a[5], ddof: a[4], squareRoot: squareRoot)
            }
        }
        t.def("item", ["*args"]) { interp, a in
            let x = try tensorCall { try array(a[0]).tensor.contiguous() }
            let at = try interp.iterateAll(a[1])
            if at.isEmpty {
                guard x.count == 1 else { throw PyError.value("can only convert an array of size 1 to a Python scalar") }
                return scalar(x)
            }
            // item(i) counts in the flattened array; item(i, j, ...) indexes each axis.
            let flat = try tensorCall { try x.reshaped([x.count]) }
            var index = 0
            if at.count == 1 { index = try interp.intArg(at[0]) } else {
                guard at.count == x.rank else { throw PyError.value("incorrect number of indices for array") }
                for (k, v) in at.enumerated() { index = index * x.shape[k] + (try interp.intArg(v)) }
            }
            if index < 0 { index += x.count }
            guard index >= 0 && index < x.count else { throw PyError.index("index \(index) is out of bounds for size \(x.count)") }
            return try interp.getItem(.obj(PyNDArray(flat)), .int(index))
        }
        t.def("fill", ["value"]) { interp, a in
            let x = array(a[0]).tensor
            try tensorCall { try x.assign(try operand(a[1], like: x), positions: x.positions(), shape: x.shape) }
            return .none
        }
        t.def("sort", ["axis", "kind", "order"], defaults: [.int(-1), .none, .none]) { interp, a in
            let x = array(a[0]).tensor
            let sorted = try NumpySorting.lanes(interp, x, a[1], dtype: x.dtype) { row in NumpySorting.order(row).map { row[$0] } }
            try tensorCall { try x.assign(sorted, positions: x.positions(), shape: x.shape) }
            return .none
        }
        t.def("flatten") { _, a in .obj(PyNDArray(try tensorCall { try array(a[0]).tensor.astype(array(a[0]).tensor.dtype, copy: true).reshaped([-1]) })) }
        t.def("ravel") { _, a in .obj(PyNDArray(try tensorCall { try array(a[0]).tensor.reshaped([-1]) })) }
        t.def("__getitem__", ["key"]) { interp, a in try index(interp, array(a[0]).tensor, a[1]) }
        t.def("__setitem__", ["key", "value"]) { interp, a in
            try assignItem(interp, array(a[0]).tensor, a[1], a[2])
            return .none
        }
        // a.transpose(), a.transpose(1, 0) and a.transpose((1, 0)) alike.
        t.def("transpose", ["*axes"]) { interp, a in
            var axes = try interp.iterateAll(a[1])
            if axes.count == 1 && !isIntegerValue(axes[0]) { axes = axes[0].isNone ? [] : try interp.iterateAll(axes[0]) }
            return .obj(PyNDArray(try transposed(interp, array(a[0]).tensor, axes)))
        }
        t.def("__bool__") { _, a in
            let t = array(a[0]).tensor
            if t.count == 0 { throw PyError.value("The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.") }
            if t.count > 1 { throw PyError.value("The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()") }
            return .bool(t.double(at: t.positions()[0]) != 0)
        }
        t.def("__iter__") { _, a in
            let x = array(a[0]).tensor
            guard x.rank > 0 else { throw PyError.type("iteration over a 0-d array") }
            return .obj(ArrayAxisIterator(x))
        }
        t.def("__len__") { _, a in
            guard let n = array(a[0]).tensor.shape.first else { throw PyError.type("len() of unsized object") }
            return .int(n)
        }
        return t
    }()

    /// Array methods that are the module function of the same name applied to the array
    /// (`a.any(axis=1)` is `np.any(a, axis=1)`).
    static func addMethods(from functions: [(String, Value)]) {
        let names: Set = ["any", "all", "cumsum", "cumprod", "argsort", "round", "clip", "squeeze", "nonzero", "dot"]
        for (name, value) in functions where names.contains(name) {
            guard case .obj(let f as PyNativeFunction) = value else { continue }
            ndarrayType.dict[name] = .obj(PyNativeFunction(name, isMethod: true, doc: BindingDocs.numpy[name],
                                                           parameters: Array(f.parameters.dropFirst())) { interp, args, kw in
                try f.fn(interp, args, kw)
            })
        }
    }

    static func array(_ v: Value) -> PyNDArray { v.object as! PyNDArray }

    /// numpy's matmul for 1-D and 2-D operands: a 1-D operand is a row (on the left) or a column
    /// (on the right) whose axis is dropped from the result; two vectors give their inner product.
    /// Matrix products over the last two axes, the leading axes broadcast against each other.
    static func stackedProduct(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.shape[a.rank - 1] == b.shape[b.rank - 2] else {
            throw PyError.value("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(b.shape[b.rank - 2]) is different from \(a.shape[a.rank - 1]))")
        }
        let batch = try Broadcast.shape(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2)))
        return try Tensor.batchMatmul(try a.broadcast(to: batch + a.shape.suffix(2)), try b.broadcast(to: batch + b.shape.suffix(2)))
    }

    static func matmul(_ a: Tensor, _ b: Tensor) throws -> Value {
        let left = a.rank == 1 ? try tensorCall { try a.reshaped([1, a.count]) } : a
        let right = b.rank == 1 ? try tensorCall { try b.reshaped([b.count, 1]) } : b
        let product = try tensorCall { left.rank > 2 || right.rank > 2 ? try stackedProduct(left, right) : try Tensor.matmul(left, right) }
        var shape = product.shape
        // A vector operand's added axis goes again: the last for b, the rows' axis for a.
        if b.rank == 1 { shape.removeLast() }
        if a.rank == 1 { shape.remove(at: b.rank == 1 ? shape.count - 1 : shape.count - 2) }
        var result = try tensorCall { try product.reshaped(shape) }
        // The product is computed in floating point; integer operands give integers, as in numpy.
        if !a.dtype.isFloating && !b.dtype.isFloating {
            let type = DType.promote(a.dtype, b.dtype)
            result = try tensorCall { try result.astype(type) }
        }
        return result.rank == 0 ? numpyScalar(result) : .obj(PyNDArray(result))
    }

    /// The axes permuted as listed (negative ones count from the end), or reversed when none are.
    static func transposed(_ interp: Interpreter, _ t: Tensor, _ axes: [Value]) throws -> Tensor {
        if axes.isEmpty { return try tensorCall { try t.transposed() } }
        let perm = try axes.map { v -> Int in
            let axis = try interp.intArg(v)
            guard axis >= -t.rank && axis < t.rank else { throw PyError.numpyAxis("axis \(axis) is out of bounds for array of dimension \(t.rank)") }
            return axis < 0 ? axis + t.rank : axis
        }
        guard perm.count == t.rank else { throw PyError.value("axes don't match array") }
        guard Set(perm).count == perm.count else { throw PyError.value("repeated axis in transpose") }
        return try tensorCall { try t.transposed(perm) }
    }

    static func isIntegerValue(_ v: Value) -> Bool { plainInt(v) != nil }

    /// The result of an operator or a ufunc: an array, or a numpy scalar when it is 0-d (as numpy
    /// gives `np.array(2.0) + 1` as `np.float64(3.0)`).
    static func wrap(_ t: Tensor) -> Value { t.rank == 0 ? .obj(PyNumpyScalar.of(t)) : .obj(PyNDArray(t)) }

    /// A function's result with a 0-d array (not a scalar already) made a numpy scalar.
    static func scalarIfZeroDimensional(_ v: Value) -> Value {
        if case .obj(let a) = v, type(of: a) == PyNDArray.self, unsafeDowncast(a, to: PyNDArray.self).tensor.rank == 0 {
            return .obj(PyNumpyScalar.of(unsafeDowncast(a, to: PyNDArray.self).tensor))
        }
        return v
    }

    /// A Python number made a numpy scalar of `dtype`; anything else unchanged.
    static func scalarIfPython(_ v: Value, _ dtype: DType) throws -> Value {
        switch v {
        case .int(let i): return .obj(try PyNumpyScalar.make(Double(i), dtype))
        case .float(let d): return .obj(try PyNumpyScalar.make(d, dtype))
        default: return v
        }
    }

    /// How many values arange(start, stop, step) has; numpy's error when that is no machine size.
    static func arangeCount(_ start: Double, _ stop: Double, _ step: Double) throws -> Int {
        let steps = ((stop - start) / step).rounded(.up)
        if steps.isNaN { throw PyError.value("arange: cannot compute length") }
        if steps <= 0 { return 0 }
        guard steps < 0x1p62 else { throw PyError.value("Maximum allowed size exceeded") }
        return Int(steps)
    }

    /// The int a Python int or a numpy integer scalar holds (numpy takes either as a count or a size).
    static func plainInt(_ v: Value) -> Int? {
        if case .int(let n) = v { return n }
        if case .obj(let s as PyNumpyScalar) = v, s.isIndex, case .int(let n) = s.pythonNumber { return n }
        return nil
    }

    /// A single element as numpy gives it from indexing or a reduction: a numpy scalar.
    static func numpyScalar(_ t: Tensor) -> Value { .obj(PyNumpyScalar.of(t)) }

    /// A single element as a Python number (`item()`, `tolist()`).
    static func scalar(_ t: Tensor) -> Value {
        let d = t.double(at: 0)
        switch t.dtype {
        case .float32, .float64: return .float(d)
        case .bool: return .bool(d != 0)
        case .int64: return .int(Int(t.base(Int64.self)[0]))
        case .int32, .uint8: return .int(Int(d))
        }
    }

    /// Functions that build or rearrange arrays give a 0-d array as numpy does (`np.array(5)`);
    /// every other function (ufuncs, reductions) gives a 0-d result as a numpy scalar.
    static let arrayBuilders: Set = ["array", "asarray", "zeros", "ones", "full", "empty", "zeros_like", "ones_like",
                                     "full_like", "empty_like", "reshape", "squeeze", "copy", "where", "transpose", "load", "loadtxt", "genfromtxt"]

    static func scalarResults(_ name: String, _ v: Value) -> Value {
        guard !arrayBuilders.contains(name), case .obj(let f as PyNativeFunction) = v else { return v }
        return .obj(PyNativeFunction(f.name, isMethod: f.isMethod, doc: f.doc, parameters: f.parameters) { interp, args, kw in
            scalarIfZeroDimensional(try f.fn(interp, args, kw))
        })
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        var members: [(String, Value)] = [
            ("ndarray", .obj(ndarrayType)),
            ("dtype", .obj(PyDType.type)),
            ("pi", .float(Double.pi)), ("e", .float(2.718281828459045)), ("inf", .float(.infinity)), ("nan", .float(.nan)),
            ("newaxis", .none),
        ]
        for d in DType.allCases {
            members.append((d.rawValue, .obj(NumpyScalarTypes.type(of: d))))
        }
        members.append(("bool_", .obj(NumpyScalarTypes.type(of: .bool))))
        for (name, truth) in [("True_", 1.0), ("False_", 0.0)] {
            members.append((name, numpyScalar(try tensorCall { try Tensor.scalar(truth, dtype: .bool) })))
        }
        members += NumpyScalarTypes.abstract.map { ($0.0, .obj($0.1)) }
        members.append(("array", nativeFunction("array", ["object", "dtype"], defaults: [.none]) { interp, a in
            .obj(PyNDArray(try toTensor(interp, a[0], dtype: a[1].isNone ? nil : try dtypeArg(interp, a[1]))))
        }))
        members.append(("asarray", nativeFunction("asarray", ["a", "dtype"], defaults: [.none]) { interp, a in
            if case .obj(let x as PyNDArray) = a[0], a[1].isNone, !(x is PyNumpyScalar) { return .obj(x) }
            return .obj(PyNDArray(try toTensor(interp, a[0], dtype: a[1].isNone ? nil : try dtypeArg(interp, a[1]))))
        }))
        for (name, fill) in [("zeros", 0.0), ("ones", 1.0)] {
            members.append((name, nativeFunction(name, ["shape", "dtype"], defaults: [.none]) { interp, a in
                .obj(PyNDArray(try filled(try shapeArg(interp, a[0]), fill, a[1].isNone ? .float64 : try dtypeArg(interp, a[1]))))
            }))
        }
        members.append(("full", nativeFunction("full", ["shape", "fill_value", "dtype"], defaults: [.none]) { interp, a in
            if case .str = a[1] {
                throw PyError.notImplemented("numpy arrays of strings (dtype '<U') are not supported by kscript yet; keep strings in a list")
            }
            let natural: DType = a[1].isFloatValue ? .float64 : { if case .bool = a[1] { return .bool }; return .int64 }()
            let type: DType = a[2].isNone ? natural : try dtypeArg(interp, a[2])
            return .obj(PyNDArray(try filled(try shapeArg(interp, a[0]), try interp.floatArg(a[1]), type)))
        }))
        members.append(("arange", nativeFunction("arange", ["start", "stop", "step", "dtype"], defaults: [.none, .int(1), .none]) { interp, a in
            var (start, stop) = (a[0], a[1])
            if stop.isNone { stop = start; start = .int(0) }
            let isFloat = start.isFloatValue || stop.isFloatValue || a[2].isFloatValue
            let (s0, s1, st) = (try interp.floatArg(start), try interp.floatArg(stop), try interp.floatArg(a[2]))
            if st == 0 { throw PyError(ExcTypes.zeroDivisionError, "division by zero") }
            let n = try arangeCount(s0, s1, st)
            let type: DType = a[3].isNone ? (isFloat ? .float64 : .int64) : try dtypeArg(interp, a[3])
            let t = try tensorCall { try Tensor.zeros([n], dtype: type) }
            for i in 0..<n { t.setDouble(s0 + Double(i) * st, at: i) }
            return .obj(PyNDArray(t))
        }))
        members.append(("linspace", nativeFunction("linspace", ["start", "stop", "num", "endpoint", "retstep", "dtype"],
                                                   defaults: [.int(50), .bool(true), .bool(false), .none]) { interp, a in
            let (s0, s1, n) = (try interp.floatArg(a[0]), try interp.floatArg(a[1]), try interp.intArg(a[2]))
            if n < 0 { throw PyError.value("Number of samples, \(n), must be non-negative.") }
            let endpoint = try interp.truthy(a[3])
            let divisions = endpoint ? n - 1 : n
            let step = divisions > 0 ? (s1 - s0) / Double(divisions) : .nan
            let t = try tensorCall { try Tensor.zeros([n], dtype: .float64) }
            // numpy's order of operations: index * step + start, the last value exactly stop.
            for i in 0..<n { t.setDouble(endpoint && i == n - 1 && n > 1 ? s1 : Double(i) * (divisions > 0 ? step : 0) + s0, at: i) }
            var result = t
            if !a[5].isNone {
                let type = try dtypeArg(interp, a[5])
                if !type.isFloating { for i in 0..<n { t.setDouble(t.double(at: i).rounded(.down), at: i) } }
                result = try tensorCall { try t.astype(type) }
            }
            if try interp.truthy(a[4]) { return .obj(PyTuple([.obj(PyNDArray(result)), .float(step)])) }
            return .obj(PyNDArray(result))
        }))
        for (name, op) in [("exp", UnaryOp.exp), ("log", .log), ("sqrt", .sqrt), ("tanh", .tanh), ("abs", .abs), ("square", .square)] {
            members.append((name, nativeFunction(name, ["x"]) { interp, a in
                .obj(PyNDArray(try tensorCall { try Tensor.unary(op, try toTensor(interp, a[0], dtype: nil)) }))
            }))
        }
        for (name, op) in [("sum", ReduceOp.sum), ("mean", .mean), ("max", .max), ("min", .min), ("prod", .prod)] {
            let (params, defaults) = reductionParameters(op)
            members.append((name, nativeFunction(name, ["a"] + params, defaults: defaults) { interp, a in
                try reduce(interp, op, try toTensor(interp, a[0], dtype: nil), Array(a.dropFirst()))
            }))
        }
        for name in ["dot", "matmul"] {
            members.append((name, nativeFunction(name, ["a", "b"]) { interp, a in
                let (x, y) = (try toTensor(interp, a[0], dtype: nil), try toTensor(interp, a[1], dtype: nil))
                if name == "dot", x.rank > 0, y.rank > 0 {
                    // dot names the mismatched dimensions its own way.
                    let yAxis = max(y.rank - 2, 0)
                    if x.shape[x.rank - 1] != y.shape[yAxis] {
                        func text(_ s: [Int]) -> String { s.count == 1 ? "(\(s[0]),)" : "(" + s.map(String.init).joined(separator: ",") + ")" }
                        throw PyError.value("shapes \(text(x.shape)) and \(text(y.shape)) not aligned: \(x.shape[x.rank - 1]) (dim \(x.rank - 1)) != \(y.shape[yAxis]) (dim \(yAxis))")
                    }
                }
                return try matmul(x, y)
            }))
        }
        for (name, isMax) in [("argmax", true), ("argmin", false)] {
            members.append((name, nativeFunction(name, ["a", "axis"], defaults: [.none]) { interp, a in
                try argExtreme(interp, try toTensor(interp, a[0], dtype: nil), isMax, a[1])
            }))
        }
        members.append(("eye", nativeFunction("eye", ["N", "M", "k", "dtype"], defaults: [.none, .int(0), .none]) { interp, a in
            let n = try interp.intArg(a[0]), m = a[1].isNone ? n : try interp.intArg(a[1]), k = try interp.intArg(a[2])
            let t = try tensorCall { try Tensor.zeros([n, m], dtype: a[3].isNone ? .float64 : try dtypeArg(interp, a[3])) }
            for i in 0..<n where i + k >= 0 && i + k < m { t.setDouble(1, at: i * m + i + k) }
            return .obj(PyNDArray(t))
        }))
        members.append(("identity", nativeFunction("identity", ["n", "dtype"], defaults: [.none]) { interp, a in
            let n = try interp.intArg(a[0])
            let t = try tensorCall { try Tensor.zeros([n, n], dtype: a[1].isNone ? .float64 : try dtypeArg(interp, a[1])) }
            for i in 0..<n { t.setDouble(1, at: i * n + i) }
            return .obj(PyNDArray(t))
        }))
        members.append(("concatenate", nativeFunction("concatenate", ["arrays", "axis"], defaults: [.int(0)]) { interp, a in
            var parts = try interp.iterateAll(a[0]).map { try toTensor(interp, $0, dtype: nil) }
            // axis=None joins the arrays flattened.
            if a[1].isNone { parts = try tensorCall { try parts.map { try $0.contiguous().reshaped([$0.count]) } } }
            return .obj(PyNDArray(try tensorCall { try Tensor.concatenate(parts, axis: a[1].isNone ? 0 : try interp.intArg(a[1])) }))
        }))
        for (name, squareRoot) in [("var", false), ("std", true)] {
            members.append((name, nativeFunction(name, ["a", "axis", "dtype", "out", "ddof", "keepdims"], defaults: [.none, .none, .none, .int(0), .bool(false)]) { interp, a in
                try spread(interp, try toTensor(interp, a[0], dtype: nil), a[1], a[5], ddof: a[4], squareRoot: squareRoot)
            }))
        }
        members.append(("clip", nativeFunction("clip", ["a", "a_min", "a_max"]) { interp, a in
            var t = try toTensor(interp, a[0], dtype: nil)
            if !a[1].isNone { t = try tensorCall { try Tensor.binary(.maximum, t, try operand(a[1], like: t)) } }
            if !a[2].isNone { t = try tensorCall { try Tensor.binary(.minimum, t, try operand(a[2], like: t)) } }
            return .obj(PyNDArray(t))
        }))
        for (name, op) in [("maximum", BinaryOp.maximum), ("minimum", .minimum)] {
            members.append((name, nativeFunction(name, ["x1", "x2"]) { interp, a in
                let (x, y) = try operands(interp, a[0], a[1])
                return .obj(PyNDArray(try tensorCall { try Tensor.binary(op, x, y) }))
            }))
        }
        members.append(("where", nativeFunction("where", ["condition", "x", "y"], defaults: [.none, .none]) { interp, a in
            let condition = try toTensor(interp, a[0], dtype: nil)
            if a[1].isNone && a[2].isNone { return try nonzero(interp, condition) }
            guard !a[1].isNone && !a[2].isNone else { throw PyError.value("either both or neither of x and y should be given") }
            let (x, y) = try operands(interp, a[1], a[2])
            return .obj(PyNDArray(try tensorCall { try Tensor.select(condition, x, y) }))
        }))
        members.append(("nonzero", nativeFunction("nonzero", ["a"]) { interp, a in
            try nonzero(interp, try toTensor(interp, a[0], dtype: nil))
        }))
        for (name, fill) in [("zeros_like", 0.0), ("ones_like", 1.0)] {
            members.append((name, nativeFunction(name, ["a", "dtype"], defaults: [.none]) { interp, a in
                let t = try toTensor(interp, a[0], dtype: nil)
                return .obj(PyNDArray(try filled(t.shape, fill, a[1].isNone ? t.dtype : try dtypeArg(interp, a[1]))))
            }))
        }
        members.append(("expand_dims", nativeFunction("expand_dims", ["a", "axis"]) { interp, a in
            let t = try toTensor(interp, a[0], dtype: nil)
            var axis = try interp.intArg(a[1])
            if axis < 0 { axis += t.rank + 1 }
            guard axis >= 0 && axis <= t.rank else { throw PyError.numpyAxis("axis \(try interp.intArg(a[1])) is out of bounds for array of dimension \(t.rank + 1)") }
            var shape = t.shape
            shape.insert(1, at: axis)
            return .obj(PyNDArray(try tensorCall { try t.reshaped(shape) }))
        }))
        members.append(("squeeze", nativeFunction("squeeze", ["a", "axis"], defaults: [.none]) { interp, a in
            let t = try toTensor(interp, a[0], dtype: nil)
            guard !a[1].isNone else { return .obj(PyNDArray(try tensorCall { try t.reshaped(t.shape.filter { $0 != 1 }) })) }
            // Only the axes named, each of which must have length one.
            let given = isIntegerValue(a[1]) ? [try interp.intArg(a[1])] : try interp.iterateAll(a[1]).map { try interp.intArg($0) }
            var drop = Set<Int>()
            for g in given {
                guard g >= -t.rank && g < t.rank else { throw PyError.numpyAxis("axis \(g) is out of bounds for array of dimension \(t.rank)") }
                let axis = g < 0 ? g + t.rank : g
                guard t.shape[axis] == 1 else { throw PyError.value("cannot select an axis to squeeze out which has size not equal to one") }
                drop.insert(axis)
            }
            let shape = t.shape.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
            return .obj(PyNDArray(try tensorCall { try t.reshaped(shape) }))
        }))
        for (name, axisOf) in [("stack", -1), ("vstack", 0), ("hstack", 1)] {
            members.append((name, nativeFunction(name, name == "stack" ? ["arrays", "axis"] : ["tup"], defaults: name == "stack" ? [.int(0)] : []) { interp, a in
                var parts = try interp.iterateAll(a[0]).map { try toTensor(interp, $0, dtype: nil) }
                guard !parts.isEmpty else { throw PyError.value("need at least one array to \(name == "stack" ? "stack" : "concatenate")") }
                if name == "stack" {
                    let given = try interp.intArg(a[1])
                    let rank = parts[0].rank
                    let axis = given < 0 ? given + rank + 1 : given
                    guard axis >= 0 && axis <= rank else {
                        throw PyError.numpyAxis("axis \(given) is out of bounds for array of dimension \(rank + 1)")
                    }
                    guard parts.allSatisfy({ $0.shape == parts[0].shape }) else { throw PyError.value("all input arrays must have the same shape") }
                    parts = try parts.map { p in var s = p.shape; s.insert(1, at: axis); return try tensorCall { try p.reshaped(s) } }
                    return .obj(PyNDArray(try tensorCall { try Tensor.concatenate(parts, axis: axis) }))
                }
                if name == "vstack" {
                    parts = try parts.map { p in p.rank == 1 ? try tensorCall { try p.reshaped([1, p.count]) } : p }
                }
                let axis = name == "hstack" && parts[0].rank == 1 ? 0 : axisOf
                return .obj(PyNDArray(try tensorCall { try Tensor.concatenate(parts, axis: axis) }))
            }))
        }
        members.append(("reshape", nativeFunction("reshape", ["a", "newshape"]) { interp, a in
            .obj(PyNDArray(try tensorCall { try toTensor(interp, a[0], dtype: nil).reshaped(try shapeArg(interp, a[1])) }))
        }))
        members.append(("transpose", nativeFunction("transpose", ["a", "axes"], defaults: [.none]) { interp, a in
            let t = try toTensor(interp, a[0], dtype: nil)
            return .obj(PyNDArray(try transposed(interp, t, a[1].isNone ? [] : try interp.iterateAll(a[1]))))
        }))
        members += NumpySorting.members() + NumpyMath.members() + NumpyFiles.members() + NumpyText.members() + NumpyPrintOptions.members()
        members = members.map { ($0.0, scalarResults($0.0, $0.1)) }
        addMethods(from: members)
        let m = interp.makeNativeModule("numpy", members)
        if let random = try? interp.importNative("numpy.random") { m.set("random", .obj(random)) }
        let exceptions = interp.makeNativeModule("numpy.exceptions", [("AxisError", .obj(PyError.axisErrorType))])
        m.set("exceptions", .obj(exceptions))
        try interp.run(source: NumpyExtrasSource.text, file: NumpyExtrasSource.file, module: m)
        // Written in kscript, also array methods: a.repeat(2), a.swapaxes(0, 1), a.diagonal().
        for name in ["repeat", "swapaxes", "diagonal"] { ndarrayType.dict[name] = m.get(name) }
        NumpyScalarTypes.adoptArrayMethods(from: ndarrayType)
        let linalg = interp.makeNativeModule("numpy.linalg", ["norm", "det", "solve", "inv"].map { ($0, m.get("_" + $0)!) } + [("LinAlgError", m.get("LinAlgError")!)])
        m.set("linalg", .obj(linalg))
        interp.modules["numpy.exceptions"] = exceptions
        interp.modules["numpy.linalg"] = linalg
        return m
    }

    /// Variance (or standard deviation), the squared deviations divided by n - ddof as numpy's.
    static func spread(_ interp: Interpreter, _ t: Tensor, _ axis: Value, _ keepdims: Value, ddof: Value, squareRoot: Bool) throws -> Value {
        let axes: [Int]? = axis.isNone ? nil : [try interp.intArg(axis)]
        let x = try tensorCall { try t.astype(t.dtype.isFloating ? t.dtype : .float64) }
        let mean = try tensorCall { try x.reduce(.mean, axes: axes, keepdims: true) }
        let deviation = try tensorCall { try Tensor.binary(.sub, x, mean) }
        let squared = try tensorCall { try Tensor.binary(.mul, deviation, deviation, reusing: deviation) }
        var r = try tensorCall { try squared.reduce(.mean, axes: axes, keepdims: try interp.truthy(keepdims)) }
        let d = try interp.intArg(ddof)
        if d != 0 {
            let n = t.count / Swift.max(r.count, 1)
            // numpy divides by max(n - ddof, 0): nothing left gives inf or nan.
            let scale = try tensorCall { try Tensor.scalar(Double(n) / Double(Swift.max(n - d, 0)), dtype: r.dtype) }
            r = try tensorCall { try Tensor.binary(.mul, r, scale) }
        }
        if squareRoot { r = try tensorCall { try Tensor.unary(.sqrt, r) } }
        return r.rank == 0 ? numpyScalar(r) : .obj(PyNDArray(r))
    }

    static func argExtreme(_ interp: Interpreter, _ t: Tensor, _ isMax: Bool, _ axis: Value) throws -> Value {
        let r = try tensorCall { try t.argExtreme(max: isMax, axis: axis.isNone ? nil : try interp.intArg(axis)) }
        return r.rank == 0 ? numpyScalar(r) : .obj(PyNDArray(r))
    }

    static func filled(_ shape: [Int], _ v: Double, _ type: DType) throws -> Tensor {
        let t = try tensorCall { try Tensor.zeros(shape, dtype: type) }
        if v != 0 { for i in 0..<t.count { t.setDouble(v, at: i) } }
        return t
    }

    /// numpy's parameters after the array: sum, mean and prod take a dtype, max and min do not.
    static func reductionParameters(_ op: ReduceOp) -> ([String], [Value]) {
        op == .max || op == .min ? (["axis", "out", "keepdims"], [.none, .none, .bool(false)])
                                 : (["axis", "dtype", "out", "keepdims"], [.none, .none, .none, .bool(false)])
    }

    /// A reduction called with the arguments of `reductionParameters(op)`.
    static func reduce(_ interp: Interpreter, _ op: ReduceOp, _ t: Tensor, _ args: [Value]) throws -> Value {
        let withType = args.count == 4
        let out = args[withType ? 2 : 1]
        if !out.isNone { throw PyError.notImplemented("the out= argument of np.\(op) is not supported by kscript yet") }
        var x = t
        if withType && !args[1].isNone { x = try tensorCall { try t.astype(try dtypeArg(interp, args[1])) } }
        return try reduce(interp, op, x, args[0], args[withType ? 3 : 2])
    }

    static func reduce(_ interp: Interpreter, _ op: ReduceOp, _ t: Tensor, _ axis: Value, _ keepdims: Value) throws -> Value {
        let axes: [Int]?
        switch axis {
        case .none: axes = nil
        case .obj(let tu as PyTuple): axes = try tu.items.map { try interp.intArg($0) }
        default: axes = [try interp.intArg(axis)]
        }
        let keep = try interp.truthy(keepdims)
        let type = op == .sum || op == .prod ? NumpyMath.accumulatorType(t.dtype) : t.dtype
        let r = try tensorCall { try (type == t.dtype ? t : t.astype(type)).reduce(op, axes: axes, keepdims: keep) }
        return r.rank == 0 ? numpyScalar(r) : .obj(PyNDArray(r))
    }

    /// A shape from an int or a sequence of ints (`reshape(2, 3)` passes them unpacked).
    static func shapeArg(_ interp: Interpreter, _ v: Value, unpackSingle: Bool = false) throws -> [Int] {
        if case .obj(let t as PyTuple) = v, unpackSingle, t.items.count == 1 { return try shapeArg(interp, t.items[0]) }
        if let n = plainInt(v) { return [n] }
        return try interp.iterateAll(v).map { try interp.intArg($0) }
    }

    static func dtypeArg(_ interp: Interpreter, _ v: Value) throws -> DType {
        switch v {
        case .obj(let d as PyDType): return d.dtype
        case .str(let s):
            switch s.value {
            case "float32", "f4", "float": return s.value == "float" ? .float64 : .float32
            case "float64", "f8", "double": return .float64
            case "int32", "i4": return .int32
            case "uint8", "u1", "B": return .uint8
            case "int64", "i8", "int": return .int64
            case "bool", "?": return .bool
            default: throw PyError.type("data type '\(s.value)' not understood")
            }
        case .obj(let t as PyType):
            if let d = NumpyScalarTypes.dtype(of: t) { return d }
            if t === BuiltinTypes.float { return .float64 }
            if t === BuiltinTypes.int { return .int64 }
            if t === BuiltinTypes.bool { return .bool }
        default: break
        }
        throw PyError.type("Cannot interpret '\(try interp.repr(v))' as a data type")
    }

    /// A Python value (scalar, nested list/tuple, array) as a tensor.
    static func toTensor(_ interp: Interpreter, _ v: Value, dtype: DType?) throws -> Tensor {
        if case .obj(let a as PyNDArray) = v { return try tensorCall { try a.tensor.astype(dtype ?? a.tensor.dtype) } }
        // Objects that know their array (Keras tensors) give it through __array__, as in numpy.
        if case .obj(let o) = v, !(o is PyList || o is PyTuple), let f = o.pyType.lookup("__array__"),
           case .obj(let a as PyNDArray) = try interp.call(f, [v]) {
            return try tensorCall { try a.tensor.astype(dtype ?? a.tensor.dtype) }
        }
        var shape: [Int] = []
        var flat: [Double] = []
        // Python ints kept exactly too, for int64 results beyond 2^53.
        var ints: [Int64]? = []
        var kind = DType.bool
        var sawElement = false
        func inhomogeneous(_ depth: Int) -> PyError {
            PyError.value("setting an array element with a sequence. The requested array has an inhomogeneous shape after \(depth) dimensions. The detected shape was \(Tensor.describe(Array(shape.prefix(depth)))) + inhomogeneous part.")
        }
        // A sequence of n items at `depth`: the first fixes that dimension, the others must match it.
        func dimension(_ n: Int, _ depth: Int) throws {
            if depth == shape.count && !sawElement { shape.append(n) }
            else if depth >= shape.count || shape[depth] != n { throw inhomogeneous(depth) }
        }
        func visit(_ x: Value, _ depth: Int) throws {
            switch x {
            case .obj(let l as PyList): try visitSeq(l.items, depth)
            case .obj(let t as PyTuple): try visitSeq(t.items, depth)
            case .obj(let a as PyNDArray):
                // A nested array (a numpy scalar among them) brings its shape, values and dtype.
                for (k, n) in a.tensor.shape.enumerated() { try dimension(n, depth + k) }
                if depth + a.tensor.rank != shape.count { throw inhomogeneous(depth) }
                sawElement = true
                flat.append(contentsOf: a.tensor.doubles())
                kind = DType.promote(kind, a.tensor.dtype)
            case .obj(let o) where !(o is PyList || o is PyTuple) && o.pyType.lookup("__array__") != nil:
                // A nested object that knows its array (a Keras tensor among a list of them).
                try visit(try interp.call(o.pyType.lookup("__array__")!, [x]), depth)
            default:
                if depth != shape.count { throw inhomogeneous(depth) }
                sawElement = true
                switch x {
                case .bool(let b): flat.append(b ? 1 : 0); ints?.append(b ? 1 : 0)
                case .int(let i):
                    if let dtype { try checkPythonInt(i, fits: dtype) }
                    flat.append(Double(i)); ints?.append(Int64(i)); kind = DType.promote(kind, .int64)
                case .float(let d): flat.append(d); kind = DType.promote(kind, .float64)
                case .str: throw PyError.notImplemented("numpy arrays of strings (dtype '<U') are not supported by kscript yet; keep strings in a list")
                default: throw PyError.type("kscript cannot make a numpy array from a value of type '\(interp.typeName(x))'")
                }
            }
        }
        func visitSeq(_ items: [Value], _ depth: Int) throws {
            try dimension(items.count, depth)
            for i in items { try visit(i, depth + 1) }
        }
        try visit(v, 0)
        // An empty sequence holds no element to type it: numpy makes it float64.
        let t = try tensorCall { try Tensor.zeros(shape, dtype: dtype ?? (flat.isEmpty ? .float64 : kind)) }
        if t.dtype == .int64, let exact = ints, exact.count == flat.count {
            for (i, v) in exact.enumerated() { t.base(Int64.self)[i] = v }
        } else {
            for (i, d) in flat.enumerated() { t.setDouble(d, at: i) }
        }
        return t
    }

    /// The other operand of an arithmetic operator, as a tensor; Python scalars are "weak"
    /// (NEP 50): they take the array's dtype where they fit.
    /// A tuple with one int64 array per dimension: the indices of the non-zero elements, in row-major order.
    static func nonzero(_ interp: Interpreter, _ t: Tensor) throws -> Value {
        guard t.rank > 0 else {
            throw PyError.value("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.")
        }
        let positions = t.positions()
        var found: [[Int]] = Array(repeating: [], count: t.rank)
        for k in 0..<positions.count where t.double(at: positions[k]) != 0 {
            var rest = k
            for d in stride(from: t.rank - 1, through: 0, by: -1) {
                found[d].append(rest % t.shape[d])
                rest /= t.shape[d]
            }
        }
        let arrays: [Value] = try found.map { indices in
            let out = try tensorCall { try Tensor.zeros([indices.count], dtype: .int64) }
            for (i, v) in indices.enumerated() { out.setDouble(Double(v), at: i) }
            return .obj(PyNDArray(out))
        }
        return .obj(PyTuple(arrays))
    }

    /// Two array-likes as tensors, where a Python scalar on either side is weak (NEP 50).
    static func operands(_ interp: Interpreter, _ x: Value, _ y: Value) throws -> (Tensor, Tensor) {
        func isPythonScalar(_ v: Value) -> Bool {
            switch v { case .int, .float, .bool: return true; default: return false }
        }
        if isPythonScalar(x) && !isPythonScalar(y) {
            let t = try toTensor(interp, y, dtype: nil)
            return (try operand(x, like: t), t)
        }
        let t = try toTensor(interp, x, dtype: nil)
        return (t, isPythonScalar(y) && !isPythonScalar(x) ? try operand(y, like: t) : try toTensor(interp, y, dtype: nil))
    }

    /// The other operand of an array operator: lists and tuples become arrays of their own
    /// dtype (numpy treats them as arrays, not as weak Python scalars).
    static func operand(_ v: Value, like t: Tensor, _ interp: Interpreter) throws -> Tensor {
        if case .obj(let o) = v, o is PyList || o is PyTuple { return try toTensor(interp, v, dtype: nil) }
        return try operand(v, like: t)
    }

    /// NEP 50: a Python int taken as a smaller integer type must fit it (`np.uint8(3) + 300` is an error).
    static func checkPythonInt(_ i: Int, fits dtype: DType) throws {
        let fits: Bool
        switch dtype {
        case .int32: fits = Int(Int32.min)...Int(Int32.max) ~= i
        case .uint8: fits = 0...255 ~= i
        default: fits = true
        }
        if !fits { throw PyError.overflow("Python integer \(i) out of bounds for \(dtype.rawValue)") }
    }

    static func operand(_ v: Value, like t: Tensor) throws -> Tensor {
        switch v {
        case .obj(let a as PyNDArray): return a.tensor
        case .int(let i):
            let dtype: DType = t.dtype == .bool ? .int64 : t.dtype
            try checkPythonInt(i, fits: dtype)
            return try tensorCall { try Tensor.scalar(Double(i), dtype: dtype) }
        case .bool(let b): return try tensorCall { try Tensor.scalar(b ? 1 : 0, dtype: t.dtype) }
        case .float(let d): return try tensorCall { try Tensor.scalar(d, dtype: t.dtype.isFloating ? t.dtype : .float64) }
        default: throw PyError.type("unsupported operand")
        }
    }

    static func toListItems(_ t: Tensor) -> [Value] {
        guard case .obj(let l as PyList) = toList(t) else { return [] }
        return l.items
    }

    /// `a.tolist()`: nested lists of Python scalars.
    static func toList(_ t: Tensor) -> Value {
        let values = t.doubles()
        // int64 elements are read exactly (doubles hold integers only up to 2^53).
        let exact = t.dtype == .int64 ? t.positions().map { Int(t.base(Int64.self)[$0]) } : []
        func leaf(_ k: Int) -> Value {
            switch t.dtype {
            case .int64: return .int(exact[k])
            case .float32, .float64: return .float(values[k])
            case .bool: return .bool(values[k] != 0)
            case .int32, .uint8: return .int(Int(values[k]))
            }
        }
        func build(_ d: Int, _ offset: Int) -> Value {
            if d == t.rank { return leaf(offset) }
            let stride = t.shape[(d + 1)...].reduce(1, *)
            return .obj(PyList((0..<t.shape[d]).map { build(d + 1, offset + $0 * stride) }))
        }
        if t.rank == 0 { return scalar(t) }
        return build(0, 0)
    }
}

extension Value {
    var isFloatValue: Bool { if case .float = self { return true }; return false }
}

/// `a.dtype`, `np.dtype("float32")`: an element type.
final class PyDType: PyObject, PyRepresentable, PyOperand {
    let dtype: DType
    init(_ d: DType) { dtype = d }
    static let type: PyType = {
        let t = PyType(name: "dtype", bases: [BuiltinTypes.object], module: "numpy")
        t.dict["__doc__"] = .string("A numpy element type: np.dtype('float32'), np.dtype(np.int64), a.dtype.")
        t.construct = { interp, _, args, kwargs in
            guard args.count == 1, kwargs.isEmpty else { throw PyError.type("dtype() takes exactly 1 positional argument") }
            return .obj(PyDType(try NumpyModule.dtypeArg(interp, args[0])))
        }
        t.def("__call__", ["*args"]) { _, a in
            let name = (a[0].object as! PyDType).dtype.rawValue.capitalized
            throw PyError.type("'numpy.dtypes.\(name)DType' object is not callable")
        }
        t.getter("name") { _, v in .string((v.object as! PyDType).dtype.rawValue) }
        t.getter("type") { _, v in .obj(NumpyScalarTypes.type(of: (v.object as! PyDType).dtype)) }
        t.getter("itemsize") { _, v in .int((v.object as! PyDType).dtype.itemSize) }
        t.getter("kind") { _, v in
            let d = (v.object as! PyDType).dtype
            return .string(d.isFloating ? "f" : d == .bool ? "b" : d == .uint8 ? "u" : "i")
        }
        return t
    }()
    override var pyType: PyType { PyDType.type }
    func repr(_ interp: Interpreter) throws -> String { "dtype('\(dtype.rawValue)')" }
    func str(_ interp: Interpreter) throws -> String { dtype.rawValue }

    /// A dtype equals what names it: `a.dtype == np.int64`, `a.dtype == "float32"`, `a.dtype == float`.
    func compare(_ op: CmpOp, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard op == .eq || op == .ne else { return nil }
        let same: Bool
        switch other {
        case .obj(is PyDType), .obj(is PyType), .str: same = (try? NumpyModule.dtypeArg(interp, other)) == dtype
        default: return nil
        }
        return .bool(op == .eq ? same : !same)
    }
    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? { nil }
    func unary(_ op: UnaryExpr.Op, _ interp: Interpreter) throws -> Value? { nil }
}
