// More of keras.ops: comparisons and logic, one_hot, arange, full, where, max/min/var/std/norm
// reductions, split and slice, floor/ceil/round/sign, log_softmax. Differentiable ones are built
// from the engine's differentiable operations; indices, comparisons and roundings are constants of
// the graph (their gradient is zero or undefined, as in Keras).
import KScript
import KTensor
import Keras

extension ScriptTensors {
    static func moreOps() -> [(String, Value)] {
        func wrap(_ v: Variable) -> Value { .obj(PyVariable(v)) }
        func constant(_ t: Tensor) -> Value { wrap(Variable(t)) }
        func dtypeArg(_ interp: Interpreter, _ v: Value, default fallback: DType) throws -> DType {
            guard !v.isNone else { return fallback }
            let name = try interp.str(v)
            switch name {
            case "float32", "float16", "bfloat16", "float", "<class 'float'>": return .float32
            case "float64": return .float64
            case "int32", "int", "<class 'int'>", "int16", "int8": return .int32
            case "int64": return .int64
            case "uint8": return .uint8
            case "bool", "<class 'bool'>": return .bool
            default: throw PyError.value("Invalid dtype: \(name)")
            }
        }
        func comparison(_ name: String, _ op: CompareOp) -> (String, Value) {
            (name, nativeFunction(name, ["x1", "x2"]) { interp, a in
                constant(try tensorCall { try Tensor.compare(op, try variable(interp, a[0]).value, try variable(interp, a[1]).value) })
            })
        }
        func logical(_ name: String, _ combine: @escaping (Bool, Bool) -> Bool) -> (String, Value) {
            (name, nativeFunction(name, ["x1", "x2"]) { interp, a in
                let x = try variable(interp, a[0]).value, y = try variable(interp, a[1]).value
                let shape = try tensorCall { try Broadcast.shape(x.shape, y.shape) }
                let zero = try tensorCall { try Tensor.zeros(shape, dtype: .float64) }
                let xs = try tensorCall { try Tensor.binary(.add, x.astype(.float64), zero).doubles() }
                let ys = try tensorCall { try Tensor.binary(.add, y.astype(.float64), zero).doubles() }
                let out = try tensorCall { try Tensor.zeros(shape, dtype: .bool) }
                for k in 0..<xs.count { out.setDouble(combine(xs[k] != 0, ys[k] != 0) ? 1 : 0, at: k) }
                return constant(out)
            })
        }
        func rounding(_ name: String, _ f: @escaping (Double) -> Double) -> (String, Value) {
            (name, nativeFunction(name, ["x"]) { interp, a in
                let x = try variable(interp, a[0]).value
                let out = try tensorCall { try Tensor.zeros(x.shape, dtype: x.dtype) }
                for k in 0..<x.count { out.setDouble(f(x.double(at: k)), at: k) }
                return constant(out)
            })
        }
        /// The largest (or smallest) values: the gradient goes to the positions holding them,
        /// shared equally between ties.
        func extreme(_ name: String, max: Bool) -> (String, Value) {
            (name, nativeFunction(name, ["x", "axis", "keepdims", "initial"], defaults: [.none, .bool(false), .none]) { interp, a in
                let x = try variable(interp, a[0])
                let ax = try axes(interp, a[1], rank: x.shape.count)
                let keep = try interp.truthy(a[2])
                return wrap(try tensorCall {
                    let best = try x.value.reduce(max ? .max : .min, axes: try x.value.normalizedAxes(ax), keepdims: true)
                    let hits = try Tensor.compare(.eq, x.value, best).astype(.float32)
                    let share = try Tensor.binary(.div, hits, try Tensor.binary(.add, try hits.reduce(.sum, axes: try hits.normalizedAxes(ax), keepdims: true), try Tensor.zeros(hits.shape)))
                    return try Variable.binary(.mul, x, Variable(share)).sum(axes: ax, keepdims: keep)
                })
            })
        }
        func variance(_ interp: Interpreter, _ a: [Value]) throws -> Variable {
            let x = try variable(interp, a[0])
            let ax = try axes(interp, a[1], rank: x.shape.count)
            let centred = try Variable.binary(.sub, x, try x.mean(axes: ax, keepdims: true))
            return try Variable.unary(.square, centred).mean(axes: ax, keepdims: try interp.truthy(a[2]))
        }
        return [
            comparison("equal", .eq), comparison("not_equal", .ne), comparison("greater", .gt),
            comparison("greater_equal", .ge), comparison("less", .lt), comparison("less_equal", .le),
            logical("logical_and") { $0 && $1 }, logical("logical_or") { $0 || $1 }, logical("logical_xor") { $0 != $1 },
            ("logical_not", nativeFunction("logical_not", ["x"]) { interp, a in
                constant(try tensorCall { try Tensor.compare(.eq, try variable(interp, a[0]).value, try Tensor.scalar(0)) })
            }),
            rounding("floor") { $0.rounded(.down) }, rounding("ceil") { $0.rounded(.up) },
            rounding("round") { $0.rounded(.toNearestOrEven) }, rounding("sign") { $0.isNaN ? .nan : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) },
            ("one_hot", nativeFunction("one_hot", ["x", "num_classes", "axis", "dtype", "sparse"], defaults: [.int(-1), .none, .bool(false)]) { interp, a in
                let x = try variable(interp, a[0]).value
                let n = try interp.intArg(a[1])
                guard try interp.intArg(a[2]) == -1 else { throw PyError.notImplemented("ops.one_hot with an axis other than -1 is not supported by kscript yet") }
                let out = try tensorCall { try Tensor.zeros(x.shape + [n], dtype: try dtypeArg(interp, a[3], default: .float32)) }
                for k in 0..<x.count {
                    let c = Int(Tensor.truncatedInt64(x.double(at: k)))
                    if c >= 0 && c < n { out.setDouble(1, at: k * n + c) }
                }
                return constant(out)
            }),
            ("arange", nativeFunction("arange", ["start", "stop", "step", "dtype"], defaults: [.none, .int(1), .none]) { interp, a in
                let (start, stop) = a[1].isNone ? (0.0, try interp.floatArg(a[0])) : (try interp.floatArg(a[0]), try interp.floatArg(a[1]))
                let step = try interp.floatArg(a[2])
                guard step != 0 else { throw PyError.value("arange: step must not be zero") }
                let count = try NumpyModule.arangeCount(start, stop, step)
                let allIntegers = [a[0], a[1], a[2]].allSatisfy { if case .float = $0 { return false }; return true }
                let out = try tensorCall { try Tensor.zeros([count], dtype: try dtypeArg(interp, a[3], default: allIntegers ? .int32 : .float32)) }
                for k in 0..<count { out.setDouble(start + Double(k) * step, at: k) }
                return constant(out)
            }),
            ("full", nativeFunction("full", ["shape", "fill_value", "dtype"], defaults: [.none]) { interp, a in
                let shape = try NumpyModule.shapeArg(interp, a[0])
                return constant(try tensorCall { try Tensor.binary(.add, try Tensor.zeros(shape), try Tensor.scalar(try interp.floatArg(a[1]))) })
            }),
            ("full_like", nativeFunction("full_like", ["x", "fill_value", "dtype"], defaults: [.none]) { interp, a in
                let shape = try variable(interp, a[0]).shape
                return constant(try tensorCall { try Tensor.binary(.add, try Tensor.zeros(shape), try Tensor.scalar(try interp.floatArg(a[1]))) })
            }),
            ("where", nativeFunction("where", ["condition", "x1", "x2"], defaults: [.none, .none]) { interp, a in
                let condition = try variable(interp, a[0]).value
                guard !a[1].isNone && !a[2].isNone else { throw PyError.notImplemented("ops.where with only a condition is not supported by kscript yet") }
                // condition·x1 + (1 - condition)·x2, so both branches keep their gradients.
                let chosen = try tensorCall { try Tensor.compare(.ne, condition, try Tensor.scalar(0)).astype(.float32) }
                let other = try tensorCall { try Tensor.binary(.sub, try Tensor.scalar(1), chosen) }
                return wrap(try tensorCall {
                    try Variable.binary(.add, try Variable.binary(.mul, Variable(chosen), try variable(interp, a[1])),
                                        try Variable.binary(.mul, Variable(other), try variable(interp, a[2])))
                })
            }),
            extreme("max", max: true), extreme("min", max: false), extreme("amax", max: true), extreme("amin", max: false),
            ("var", nativeFunction("var", ["x", "axis", "keepdims"], defaults: [.none, .bool(false)]) { interp, a in
                wrap(try tensorCall { try variance(interp, a) })
            }),
            ("std", nativeFunction("std", ["x", "axis", "keepdims"], defaults: [.none, .bool(false)]) { interp, a in
                wrap(try tensorCall { try Variable.unary(.sqrt, try variance(interp, a)) })
            }),
            ("norm", nativeFunction("norm", ["x", "ord", "axis", "keepdims"], defaults: [.none, .none, .bool(false)]) { interp, a in
                guard a[1].isNone else { throw PyError.notImplemented("ops.norm with ord= is not supported by kscript yet (the 2-norm is)") }
                let x = try variable(interp, a[0])
                let ax = try axes(interp, a[2], rank: x.shape.count)
                return wrap(try tensorCall { try Variable.unary(.sqrt, try Variable.unary(.square, x).sum(axes: ax, keepdims: try interp.truthy(a[3]))) })
            }),
            ("log_softmax", nativeFunction("log_softmax", ["x", "axis"], defaults: [.int(-1)]) { interp, a in
                let x = try variable(interp, a[0])
                let axis = try interp.intArg(a[1])
                let ax = [axis < 0 ? axis + x.shape.count : axis]
                // x - max - log(sum(exp(x - max))): the max is a constant shift.
                return wrap(try tensorCall {
                    let shifted = try Variable.binary(.sub, x, Variable(try x.value.reduce(.max, axes: ax, keepdims: true)))
                    return try Variable.binary(.sub, shifted, try Variable.unary(.log, try Variable.unary(.exp, shifted).sum(axes: ax, keepdims: true)))
                })
            }),
            ("split", nativeFunction("split", ["x", "indices_or_sections", "axis"], defaults: [.int(0)]) { interp, a in
                let x = try variable(interp, a[0])
                var axis = try interp.intArg(a[2])
                if axis < 0 { axis += x.shape.count }
                let n = x.shape[axis]
                var bounds: [Int]
                if case .int(let sections) = a[1] {
                    guard sections > 0, n % sections == 0 else { throw PyError.value("array split does not result in an equal division") }
                    bounds = stride(from: 0, through: n, by: n / sections).map { $0 }
                } else {
                    bounds = [0] + (try interp.iterateAll(a[1]).map { min(n, try interp.intArg($0)) }) + [n]
                }
                var parts: [Value] = []
                for (lo, hi) in zip(bounds, bounds.dropFirst()) {
                    var ranges = x.shape.map { 0..<$0 }
                    ranges[axis] = lo..<max(lo, hi)
                    parts.append(wrap(try tensorCall { try x.cropped(ranges) }))
                }
                return .obj(PyList(parts))
            }),
            ("slice", nativeFunction("slice", ["inputs", "start_indices", "shape"]) { interp, a in
                let x = try variable(interp, a[0])
                let starts = try interp.iterateAll(a[1]).map { try interp.intArg($0) }
                let sizes = try interp.iterateAll(a[2]).map { try interp.intArg($0) }
                guard starts.count == x.shape.count, sizes.count == x.shape.count else { throw PyError.value("ops.slice needs one start and one size per axis") }
                return wrap(try tensorCall { try x.cropped(zip(starts, sizes).map { $0..<($0 + $1) }) })
            }),
            ("isnan", nativeFunction("isnan", ["x"]) { interp, a in
                let x = try variable(interp, a[0]).value
                return constant(try tensorCall { try Tensor.compare(.ne, x, x) })
            }),
        ]
    }
}
