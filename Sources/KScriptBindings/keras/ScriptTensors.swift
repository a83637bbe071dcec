// Tensors inside custom layers, Lambda functions and custom losses: a kscript value around an
// engine Variable, so arithmetic and keras.ops calls in script code are recorded for autodiff.
import KScript
import KTensor
import Keras

class PyVariable: PyObject, PyOperand, PyRepresentable {
    let variable: Variable
    init(_ v: Variable) { variable = v }
    override var pyType: PyType { ScriptTensors.type }
    func repr(_ interp: Interpreter) throws -> String { ArrayPrinter(interp).repr(variable.value) }
    func str(_ interp: Interpreter) throws -> String { ArrayPrinter(interp).str(variable.value) }

    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        guard let o = try? ScriptTensors.variable(interp, other) else { return nil }
        let (a, b) = reflected ? (o, variable) : (variable, o)
        let kind: BinaryOp
        switch op {
        case .add: kind = .add
        case .sub: kind = .sub
        case .mul: kind = .mul
        case .div: kind = .div
        case .pow: kind = .pow
        case .floorDiv: kind = .floorDiv
        case .mod: kind = .mod
        case .matmul: return try ScriptTensors.matmul(a, b)
        default: throw PyError.notImplemented("the operator \(op.rawValue) on tensors is not supported by kscript yet")
        }
        return .obj(PyVariable(try tensorCall { try Variable.binary(kind, a, b) }))
    }

    /// Comparisons give boolean tensors, constants of the graph.
    func compare(_ op: CmpOp, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard let o = try? ScriptTensors.variable(interp, other) else { return nil }
        guard let kind = CompareOp(op) else { return nil }
        return .obj(PyVariable(Variable(try tensorCall { try Tensor.compare(kind, variable.value, o.value) })))
    }

    func unary(_ op: UnaryExpr.Op, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .neg: return .obj(PyVariable(try tensorCall { try Variable.unary(.neg, variable) }))
        case .pos: return .obj(self)
        default: return nil
        }
    }
}

enum ScriptTensors {
    static let type: PyType = {
        let t = PyType(name: "Tensor", bases: [BuiltinTypes.object], module: "keras")
        t.getter("shape") { _, v in .obj(PyTuple((v.object as! PyVariable).variable.shape.map { .int($0) })) }
        t.getter("dtype") { _, v in .string((v.object as! PyVariable).variable.value.dtype.rawValue) }
        t.getter("ndim") { _, v in .int((v.object as! PyVariable).variable.shape.count) }
        t.def("numpy") { _, a in
            // Float tensors are float32, as Keras's; indices (argmax) stay integers.
            let value = (a[0].object as! PyVariable).variable.value
            return .obj(PyNDArray(try tensorCall { try value.astype(value.dtype.isFloating ? .float32 : value.dtype, copy: true) }))
        }
        t.dict["__array__"] = t.dict["numpy"]
        t.def("__getitem__", ["key"]) { interp, a in
            .obj(PyVariable(try slice((a[0].object as! PyVariable).variable, a[1], interp)))
        }
        // A weight's state updates (ComputeSum's `self.total.assign_add(...)`): not differentiated.
        for (name, sign) in [("assign", 0.0), ("assign_add", 1.0), ("assign_sub", -1.0)] {
            t.def(name, ["value"]) { interp, a in
                let target = (a[0].object as! PyVariable).variable
                var new = try variable(interp, a[1]).value
                if sign != 0 { new = try tensorCall { try Tensor.binary(sign > 0 ? .add : .sub, target.value, new) } }
                guard new.shape == target.shape else {
                    throw PyError.value("The shape of the target variable and the shape of the target value in `variable.\(name)(value)` must match. variable.shape=\(Tensor.describe(target.shape)), Received: value.shape=\(Tensor.describe(new.shape)). Target variable: \(try interp.repr(a[0]))")
                }
                target.value = try tensorCall { try new.dense(target.value.dtype).astype(target.value.dtype, copy: true) }
                return a[0]
            }
        }
        // A tensor of one element converts to a Python number, as a backend array does.
        func element(_ v: Value, _ to: String) throws -> Double {
            let value = (v.object as! PyVariable).variable.value
            guard value.count == 1 else { throw PyError.type("only tensors of one element can be converted to Python \(to)s") }
            return value.double(at: 0)
        }
        t.def("__float__") { _, a in .float(try element(a[0], "float")) }
        t.def("__int__") { _, a in .int(Int(try element(a[0], "int"))) }
        t.def("__bool__") { _, a in .bool(try element(a[0], "bool") != 0) }
        t.def("__len__") { _, a in
            let shape = (a[0].object as! PyVariable).variable.shape
            guard let n = shape.first else { throw PyError.type("len() of unsized object") }
            return .int(n)
        }
        return t
    }()

    /// `x[...]` on a tensor: integers, unit-step slices, `None` and `...`, as a differentiable crop
    /// and reshape (integer positions drop their axis, `None` adds one).
    static func slice(_ x: Variable, _ key: Value, _ interp: Interpreter) throws -> Variable {
        var items: [Value] = (key.object as? PyTuple)?.items ?? [key]
        let shape = x.shape
        if let e = items.firstIndex(where: { ($0.object as? PySingleton) === PySingleton.ellipsis }) {
            let used = items.filter { !$0.isNone && ($0.object as? PySingleton) !== PySingleton.ellipsis }.count
            items.replaceSubrange(e...e, with: Array(repeating: .obj(PySlice(.none, .none, .none)), count: max(0, shape.count - used)))
        }
        var ranges: [Range<Int>] = [], outShape: [Int] = []
        var axis = 0
        for item in items {
            if item.isNone { outShape.append(1); continue }
            guard axis < shape.count else {
                throw PyError(ExcTypes.indexError, "too many indices for tensor of dimension \(shape.count)")
            }
            let n = shape[axis]
            switch item {
            case .int, .bool:
                var i = try interp.intArg(item)
                if i < 0 { i += n }
                guard i >= 0 && i < n else {
                    throw PyError(ExcTypes.indexError, "index \(try interp.intArg(item)) is out of bounds for axis \(axis) with size \(n)")
                }
                ranges.append(i..<(i + 1))
            case .obj(let s as PySlice):
                let r = try s.indices(n)
                guard r.step == 1 else { throw PyError.notImplemented("slicing a tensor with a step other than 1 is not supported by kscript yet") }
                ranges.append(r.start..<max(r.start, r.stop))
                outShape.append(max(0, r.stop - r.start))
            default:
                throw PyError.notImplemented("indexing a tensor with \(interp.typeName(item)) is not supported by kscript yet (use keras.ops.take)")
            }
            axis += 1
        }
        for n in shape[axis...] { ranges.append(0..<n); outShape.append(n) }
        let cropped = ranges.elementsEqual(shape.map { 0..<$0 }) ? x : try tensorCall { try x.cropped(ranges) }
        return cropped.shape == outShape ? cropped : try tensorCall { try cropped.reshaped(outShape) }
    }

    /// A tensor, array or number as a Variable (constants need no gradient).
    static func variable(_ interp: Interpreter, _ v: Value) throws -> Variable {
        if case .obj(let p as PyVariable) = v { return p.variable }
        switch v {
        case .int, .float, .bool: return Variable(try tensorCall { try Tensor.scalar(try interp.floatArg(v)) })
        default:
            if case .obj(let o) = v, o is PyNDArray || o is PyList || o is PyTuple {
                return Variable(try tensorCall { try NumpyModule.toTensor(interp, v, dtype: nil).astype(.float32) })
            }
            throw PyError.type("expected a tensor, array or number, got \(interp.typeName(v))")
        }
    }

    static func matmul(_ a: Variable, _ b: Variable) throws -> Value {
        if a.shape.count >= 3 && a.shape.count == b.shape.count {
            return .obj(PyVariable(try tensorCall { try Variable.batchMatmul(a, b) }))
        }
        guard b.shape.count == 2 else { throw PyError.notImplemented("matmul of a \(a.shape.count)-D and a \(b.shape.count)-D tensor is not supported by kscript yet (2-D right operands and batches of the same rank are)") }
        return .obj(PyVariable(try tensorCall { try Variable.linear(a, b, nil) }))
    }

    static func axes(_ interp: Interpreter, _ v: Value, rank: Int) throws -> [Int]? {
        if v.isNone { return nil }
        let list: [Int]
        if case .int(let n) = v { list = [n] } else { list = try interp.iterateAll(v).map { try interp.intArg($0) } }
        return try list.map { axis in
            guard axis >= -rank && axis < rank else { throw PyError.value("axis \(axis) is out of bounds for array of dimension \(rank)") }
            return axis < 0 ? axis + rank : axis
        }
    }

    /// keras.ops: the differentiable functions custom layers and losses are written with.
    static func opsModule(_ interp: Interpreter, _ path: String, _ session: KerasSession) -> PyModule {
        func wrap(_ v: Variable) -> Value { .obj(PyVariable(v)) }
        func unary(_ name: String, _ f: @escaping (Variable) throws -> Variable) -> (String, Value) {
            (name, nativeFunction(name, ["x"]) { interp, a in wrap(try tensorCall { try f(try variable(interp, a[0])) }) })
        }
        func binary(_ name: String, _ op: BinaryOp) -> (String, Value) {
            (name, nativeFunction(name, ["x1", "x2"]) { interp, a in
                wrap(try tensorCall { try Variable.binary(op, try variable(interp, a[0]), try variable(interp, a[1])) })
            })
        }
        func reduction(_ name: String, mean: Bool) -> (String, Value) {
            (name, nativeFunction(name, ["x", "axis", "keepdims"], defaults: [.none, .bool(false)]) { interp, a in
                let x = try variable(interp, a[0])
                let ax = try axes(interp, a[1], rank: x.shape.count)
                let keep = try interp.truthy(a[2])
                return wrap(try tensorCall { mean ? try x.mean(axes: ax, keepdims: keep) : try x.sum(axes: ax, keepdims: keep) })
            })
        }
        func activation(_ kind: ActivationFunction.Kind) -> (String, Value) {
            unary(kind.rawValue) { try $0.activated(ActivationFunction(kind)) }
        }
        var members: [(String, Value)] = [
            ("convert_to_numpy", nativeFunction("convert_to_numpy", ["x"]) { interp, a in
                if case .obj(let p as PyVariable) = a[0] { return .obj(PyNDArray(try tensorCall { try p.variable.value.astype(p.variable.value.dtype, copy: true) })) }
                return .obj(PyNDArray(try NumpyModule.toTensor(interp, a[0], dtype: nil)))
            }),
            binary("add", .add), binary("subtract", .sub), binary("multiply", .mul), binary("divide", .div), binary("power", .pow),
            binary("maximum", .maximum), binary("minimum", .minimum),
            unary("negative") { try Variable.unary(.neg, $0) }, unary("square") { try Variable.unary(.square, $0) },
            unary("sqrt") { try Variable.unary(.sqrt, $0) }, unary("exp") { try Variable.unary(.exp, $0) },
            unary("log") { try Variable.unary(.log, $0) }, unary("abs") { try Variable.unary(.abs, $0) },
            unary("absolute") { try Variable.unary(.abs, $0) },
            reduction("mean", mean: true), reduction("sum", mean: false),
            ("matmul", nativeFunction("matmul", ["x1", "x2"]) { interp, a in try matmul(try variable(interp, a[0]), try variable(interp, a[1])) }),
            ("dot", nativeFunction("dot", ["x1", "x2"]) { interp, a in try matmul(try variable(interp, a[0]), try variable(interp, a[1])) }),
            ("clip", nativeFunction("clip", ["x", "x_min", "x_max"]) { interp, a in
                wrap(try tensorCall { try variable(interp, a[0]).clipped(try interp.floatArg(a[1]), try interp.floatArg(a[2])) })
            }),
            ("reshape", nativeFunction("reshape", ["x", "newshape"]) { interp, a in
                let shape: [Int]
                if case .int(let n) = a[1] { shape = [n] } else { shape = try interp.iterateAll(a[1]).map { $0.isNone ? -1 : try interp.intArg($0) } }
                return wrap(try tensorCall { try variable(interp, a[0]).reshaped(shape) })
            }),
            ("transpose", nativeFunction("transpose", ["x", "axes"], defaults: [.none]) { interp, a in
                let x = try variable(interp, a[0])
                let perm = try axes(interp, a[1], rank: x.shape.count) ?? Array((0..<x.shape.count).reversed())
                return wrap(try tensorCall { try x.transposed(perm) })
            }),
            ("concatenate", nativeFunction("concatenate", ["xs", "axis"], defaults: [.int(0)]) { interp, a in
                let parts = try interp.iterateAll(a[0]).map { try variable(interp, $0) }
                let axis = try interp.intArg(a[1])
                return wrap(try tensorCall { try Variable.concatenate(parts, axis: axis < 0 ? axis + (parts.first?.shape.count ?? 1) : axis) })
            }),
            ("convert_to_tensor", nativeFunction("convert_to_tensor", ["x", "dtype"], defaults: [.none]) { interp, a in wrap(try variable(interp, a[0])) }),
            // Casting to an integer or bool type gives a constant; float types keep the gradient.
            ("cast", nativeFunction("cast", ["x", "dtype"]) { interp, a in
                let x = try variable(interp, a[0])
                let name = try interp.str(a[1])
                guard let target = DType(rawValue: name == "int16" || name == "int8" ? "int32" : name), !target.isFloating else { return wrap(x) }
                return wrap(Variable(try tensorCall { try x.value.astype(target, copy: true) }))
            }),
            ("shape", nativeFunction("shape", ["x"]) { interp, a in .obj(PyTuple(try variable(interp, a[0]).shape.map { .int($0) })) }),
            ("ones_like", nativeFunction("ones_like", ["x"]) { interp, a in
                let x = try variable(interp, a[0])
                return wrap(Variable(try tensorCall { try Tensor.binary(.add, try Tensor.zeros(x.shape), try Tensor.scalar(1)) }))
            }),
            ("zeros_like", nativeFunction("zeros_like", ["x"]) { interp, a in wrap(Variable(try tensorCall { try Tensor.zeros(try variable(interp, a[0]).shape) })) }),
            ("expand_dims", nativeFunction("expand_dims", ["x", "axis"]) { interp, a in
                let x = try variable(interp, a[0])
                var axis = try interp.intArg(a[1])
                if axis < 0 { axis += x.shape.count + 1 }
                guard axis >= 0 && axis <= x.shape.count else { throw PyError.value("expand_dims: axis \(try interp.intArg(a[1])) is out of range for rank \(x.shape.count)") }
                var shape = x.shape
                shape.insert(1, at: axis)
                return wrap(try tensorCall { try x.reshaped(shape) })
            }),
            ("squeeze", nativeFunction("squeeze", ["x", "axis"], defaults: [.none]) { interp, a in
                let x = try variable(interp, a[0])
                let drop = try axes(interp, a[1], rank: x.shape.count) ?? x.shape.indices.filter { x.shape[$0] == 1 }
                for d in drop where d < 0 || d >= x.shape.count || x.shape[d] != 1 {
                    throw PyError.value("Cannot squeeze axis \(d) of a tensor of shape \(Tensor.describe(x.shape)): its size is not 1")
                }
                return wrap(try tensorCall { try x.reshaped(x.shape.indices.filter { !drop.contains($0) }.map { x.shape[$0] }) })
            }),
            ("stack", nativeFunction("stack", ["x", "axis"], defaults: [.int(0)]) { interp, a in
                let parts = try interp.iterateAll(a[0]).map { try variable(interp, $0) }
                guard let first = parts.first else { throw PyError.value("stack needs at least one tensor") }
                let given = try interp.intArg(a[1])
                let axis = given < 0 ? given + first.shape.count + 1 : given
                guard axis >= 0 && axis <= first.shape.count else {
                    throw PyError.value("axis \(given) is out of bounds for array of dimension \(first.shape.count + 1)")
                }
                let expanded = try parts.map { p -> Variable in
                    var shape = p.shape
                    shape.insert(1, at: axis)
                    return try tensorCall { try p.reshaped(shape) }
                }
                return wrap(try tensorCall { try Variable.concatenate(expanded, axis: axis) })
            }),
            ("log1p", nativeFunction("log1p", ["x"]) { interp, a in
                let x = try variable(interp, a[0])
                return wrap(try tensorCall { try Variable.unary(.log, try Variable.binary(.add, x, Variable(try Tensor.scalar(1)))) })
            }),
            // Indices and comparisons carry no gradient: they are constants of the graph.
            ("argmax", nativeFunction("argmax", ["x", "axis", "keepdims"], defaults: [.none, .bool(false)]) { interp, a in
                let x = try variable(interp, a[0])
                let axis: Int? = a[1].isNone ? nil : try interp.intArg(a[1])
                return wrap(Variable(try tensorCall { try x.value.argExtreme(max: true, axis: axis.map { $0 < 0 ? $0 + x.shape.count : $0 }) }))
            }),
            ("argmin", nativeFunction("argmin", ["x", "axis", "keepdims"], defaults: [.none, .bool(false)]) { interp, a in
                let x = try variable(interp, a[0])
                let axis: Int? = a[1].isNone ? nil : try interp.intArg(a[1])
                return wrap(Variable(try tensorCall { try x.value.argExtreme(max: false, axis: axis.map { $0 < 0 ? $0 + x.shape.count : $0 }) }))
            }),
            ("zeros", nativeFunction("zeros", ["shape", "dtype"], defaults: [.none]) { interp, a in
                wrap(Variable(try tensorCall { try Tensor.zeros(try NumpyModule.shapeArg(interp, a[0])) }))
            }),
            ("ones", nativeFunction("ones", ["shape", "dtype"], defaults: [.none]) { interp, a in
                wrap(Variable(try tensorCall { try Tensor.binary(.add, try Tensor.zeros(try NumpyModule.shapeArg(interp, a[0])), try Tensor.scalar(1)) }))
            }),
        ]
        for kind in [ActivationFunction.Kind.relu, .sigmoid, .tanh, .softplus, .softsign, .elu, .selu, .gelu, .swish] { members.append(activation(kind)) }
        members.append(unary("silu") { try $0.activated(ActivationFunction(.swish)) })
        members.append(("softmax", nativeFunction("softmax", ["x", "axis"], defaults: [.int(-1)]) { interp, a in
            let x = try variable(interp, a[0])
            let axis = try interp.intArg(a[1])
            guard axis == -1 || axis == x.shape.count - 1 else { throw PyError.notImplemented("softmax over an axis other than the last is not supported by kscript yet") }
            return wrap(try tensorCall { try x.activated(ActivationFunction(.softmax)) })
        }))
        members += moreOps()
        members = members.map { name, f in (name, session.acceptingSymbolicTensors(name, f)) }
        let module = interp.makeNativeModule(path, members.sorted { $0.0 < $1.0 })
        let native = Set(module.globals.keys)
        do { try interp.run(source: KerasOpsSource.text, file: KerasOpsSource.file, module: module) }
        catch { preconditionFailure("keras.ops' own source failed: \(error)") }
        // Each function the source defines takes symbolic tensors too, as one operation node.
        for name in module.globals.keys where !native.contains(name) && !name.hasPrefix("_") {
            if case .obj(is PyFunction)? = module.get(name) { module.set(name, session.acceptingSymbolicTensors(name, module.get(name)!)) }
        }
        return module
    }
}
