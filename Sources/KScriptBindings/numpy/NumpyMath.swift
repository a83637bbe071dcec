// numpy's element-wise math ufuncs beyond the tensor core's differentiable ones, the predicates
// (isnan, ...), and the whole-array reductions any/all/prod/count_nonzero and cumulative sums.
import Foundation
import KScript
import KTensor

enum NumpyMath {
    static func members() -> [(String, Value)] {
        var out: [(String, Value)] = []
        let floating: [(String, (Double) -> Double)] = [
            ("sin", sin), ("cos", cos), ("tan", tan), ("arcsin", asin), ("arccos", acos), ("arctan", atan),
            ("sinh", sinh), ("cosh", cosh), ("log10", log10), ("log2", log2), ("log1p", log1p), ("expm1", expm1),
        ]
        for (name, f) in floating {
            out.append((name, nativeFunction(name, ["x"]) { interp, a in
                let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
                return .obj(PyNDArray(try mapped(t, to: t.dtype.isFloating ? t.dtype : .float64, f)))
            }))
        }
        // Integers stay integers through floor, ceil, trunc and sign (numpy 2).
        let typePreserving: [(String, (Double) -> Double)] = [
            ("floor", { $0.rounded(.down) }), ("ceil", { $0.rounded(.up) }), ("trunc", { $0.rounded(.towardZero) }),
            ("sign", { $0.isNaN ? .nan : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) }),
        ]
        for (name, f) in typePreserving {
            out.append((name, nativeFunction(name, ["x"]) { interp, a in
                let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
                return .obj(PyNDArray(try mapped(t, to: t.dtype == .bool ? .int64 : t.dtype, f)))
            }))
        }
        // Two-argument float functions, broadcast; float32 stays float32, the rest gives float64.
        let floatingPairs: [(String, (Double, Double) -> Double)] = [
            ("arctan2", atan2), ("hypot", hypot), ("copysign", copysign),
            ("logaddexp", { x, y in
                if x == y { return x + log(2.0) }
                let (hi, lo) = x > y ? (x, y) : (y, x)
                return hi + log1p(exp(lo - hi))
            }),
        ]
        for (name, f) in floatingPairs {
            out.append((name, nativeFunction(name, ["x1", "x2"]) { interp, a in
                let (x, y) = try NumpyModule.operands(interp, a[0], a[1])
                let dtype: DType = x.dtype == .float32 && (y.dtype == .float32 || y.rank == 0) ? .float32 : .float64
                let shape = try tensorCall { try Broadcast.shape(x.shape, y.shape) }
                // Broadcast by adding -0.0, which keeps every value (a -0.0 included) as it is.
                let zero = try tensorCall { try Tensor.unary(.neg, try Tensor.zeros(shape, dtype: .float64)) }
                let xs = try tensorCall { try Tensor.binary(.add, x.astype(.float64), zero).doubles() }
                let ys = try tensorCall { try Tensor.binary(.add, y.astype(.float64), zero).doubles() }
                let result = try tensorCall { try Tensor.zeros(shape, dtype: dtype) }
                for k in 0..<xs.count { result.setDouble(f(xs[k], ys[k]), at: k) }
                return .obj(PyNDArray(result))
            }))
        }
        let predicates: [(String, (Double) -> Bool)] = [("isnan", { $0.isNaN }), ("isinf", { $0.isInfinite }), ("isfinite", { $0.isFinite })]
        for (name, p) in predicates {
            out.append((name, nativeFunction(name, ["x"]) { interp, a in
                let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
                return .obj(PyNDArray(try mapped(t, to: .bool) { p($0) ? 1 : 0 }))
            }))
        }
        // isclose: |a - b| <= atol + rtol * |b| elementwise (broadcast); NaNs equal only with equal_nan.
        func closeness(_ interp: Interpreter, _ a: [Value]) throws -> Tensor {
            let (x, y) = try NumpyModule.operands(interp, a[0], a[1])
            let shape = try tensorCall { try Broadcast.shape(x.shape, y.shape) }
            let zero = try tensorCall { try Tensor.zeros(shape, dtype: .float64) }
            let xs = try tensorCall { try Tensor.binary(.add, x.astype(.float64), zero).doubles() }
            let ys = try tensorCall { try Tensor.binary(.add, y.astype(.float64), zero).doubles() }
            let (rtol, atol, equalNaN) = (try interp.floatArg(a[2]), try interp.floatArg(a[3]), try interp.truthy(a[4]))
            let out = try tensorCall { try Tensor.zeros(shape, dtype: .bool) }
            for k in 0..<xs.count {
                let (u, v) = (xs[k], ys[k])
                let close = u.isNaN || v.isNaN ? (equalNaN && u.isNaN && v.isNaN) : (u == v || abs(u - v) <= atol + rtol * abs(v))
                out.setDouble(close ? 1 : 0, at: k)
            }
            return out
        }
        let closeParams = ["a", "b", "rtol", "atol", "equal_nan"], closeDefaults: [Value] = [.float(1e-5), .float(1e-8), .bool(false)]
        out.append(("isclose", nativeFunction("isclose", closeParams, defaults: closeDefaults) { interp, a in
            let t = try closeness(interp, a)
            return t.rank == 0 ? .bool(t.double(at: 0) != 0) : .obj(PyNDArray(t))
        }))
        out.append(("allclose", nativeFunction("allclose", closeParams, defaults: closeDefaults) { interp, a in
            .bool(try closeness(interp, a).doubles().allSatisfy { $0 != 0 })
        }))
        out.append(("array_equal", nativeFunction("array_equal", ["a1", "a2", "equal_nan"], defaults: [.bool(false)]) { interp, a in
            let (x, y) = (try NumpyModule.toTensor(interp, a[0], dtype: nil), try NumpyModule.toTensor(interp, a[1], dtype: nil))
            guard x.shape == y.shape else { return .bool(false) }
            let equalNaN = try interp.truthy(a[2])
            return .bool(zip(x.doubles(), y.doubles()).allSatisfy { $0 == $1 || (equalNaN && $0.isNaN && $1.isNaN) })
        }))
        for (name, isAny) in [("any", true), ("all", false)] {
            out.append((name, nativeFunction(name, ["a", "axis", "keepdims"], defaults: [.none, .bool(false)]) { interp, a in
                let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
                if t.count == 0 && a[1].isNone { return .bool(!isAny) }
                let truth = try tensorCall { try Tensor.compare(.ne, t, try Tensor.scalar(0, dtype: t.dtype)) }
                let r = try NumpyModule.reduce(interp, isAny ? .max : .min, truth, a[1], a[2])
                if case .obj(let arr as PyNDArray) = r { return .obj(PyNDArray(try tensorCall { try arr.tensor.astype(.bool) })) }
                return .bool(try interp.truthy(r))
            }))
        }
        out.append(("count_nonzero", nativeFunction("count_nonzero", ["a", "axis", "keepdims"], defaults: [.none, .bool(false)]) { interp, a in
            let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
            let nonzero = try tensorCall { try Tensor.compare(.ne, t, try Tensor.scalar(0, dtype: t.dtype)) }
            return try NumpyModule.reduce(interp, .sum, nonzero, a[1], a[2])
        }))
        for (name, isProduct) in [("cumsum", false), ("cumprod", true)] {
            out.append((name, nativeFunction(name, ["a", "axis", "dtype"], defaults: [.none, .none]) { interp, a in
                let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
                let type = a[2].isNone ? NumpyMath.accumulatorType(t.dtype) : try NumpyModule.dtypeArg(interp, a[2])
                return .obj(PyNDArray(try NumpySorting.lanes(interp, t, a[1], dtype: type) { row in
                    var total = isProduct ? 1.0 : 0.0
                    return row.map { total = isProduct ? total * $0 : total + $0; return total }
                }))
            }))
        }
        return out
    }

    /// numpy sums and multiplies booleans and small integers in int64.
    static func accumulatorType(_ type: DType) -> DType { [.bool, .uint8, .int32].contains(type) ? .int64 : type }

    /// `f` applied to every element, giving a new contiguous tensor of `type`.
    static func mapped(_ t: Tensor, to type: DType, _ f: (Double) -> Double) throws -> Tensor {
        let out = try tensorCall { try Tensor.zeros(t.shape, dtype: type) }
        for (k, v) in t.doubles().enumerated() { out.setDouble(f(v), at: k) }
        return out
    }
}
