// numpy's ordering functions: sort, argsort, unique (with index, inverse and counts), and round.
import Foundation
import KScript
import KTensor

enum NumpySorting {
    static func members() -> [(String, Value)] {
        [
            // Every sort here is stable, so `kind` ('quicksort', 'mergesort', 'heapsort', 'stable') is accepted and changes nothing.
            ("sort", nativeFunction("sort", ["a", "axis", "kind", "order"], defaults: [.int(-1), .none, .none]) { interp, a in
                let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
                return .obj(PyNDArray(try lanes(interp, t, a[1], dtype: t.dtype) { row in order(row).map { row[$0] } }))
            }),
            ("argsort", nativeFunction("argsort", ["a", "axis", "kind", "order"], defaults: [.int(-1), .none, .none]) { interp, a in
                let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
                return .obj(PyNDArray(try lanes(interp, t, a[1], dtype: .int64) { row in order(row).map(Double.init) }))
            }),
            ("unique", nativeFunction("unique", ["ar", "return_index", "return_inverse", "return_counts"],
                                      defaults: [.bool(false), .bool(false), .bool(false)]) { interp, a in
                try unique(interp, try NumpyModule.toTensor(interp, a[0], dtype: nil), a[1], a[2], a[3])
            }),
            ("round", roundFunction("round")),
            ("around", roundFunction("around")),
        ]
    }

    /// Positions that put `row` in ascending order, NaN last, equal elements in their original order.
    static func order(_ row: [Double]) -> [Int] {
        row.indices.sorted { i, j in
            let (x, y) = (row[i], row[j])
            if x.isNaN || y.isNaN { return !x.isNaN && y.isNaN || (x.isNaN == y.isNaN && i < j) }
            return x < y || (x == y && i < j)
        }
    }

    /// `rowResult` applied to every 1-D lane of `t` along `axis` (to the flattened array when None).
    static func lanes(_ interp: Interpreter, _ t: Tensor, _ axisValue: Value, dtype: DType,
                      _ rowResult: ([Double]) -> [Double]) throws -> Tensor {
        var source = t, axis = 0
        if axisValue.isNone {
            source = try tensorCall { try t.reshaped([-1]) }
        } else {
            axis = try interp.intArg(axisValue)
            if axis < -t.rank || axis >= max(t.rank, 1) {
                throw PyError.numpyAxis("axis \(axis) is out of bounds for array of dimension \(t.rank)")
            }
            if axis < 0 { axis += t.rank }
        }
        if source.rank == 0 { source = try tensorCall { try source.reshaped([1]) } }
        // Move the axis last, work on contiguous rows, then put it back.
        var perm = Array(0..<source.rank)
        perm.remove(at: axis)
        perm.append(axis)
        let rows = try tensorCall { try source.transposed(perm).contiguous() }
        let n = source.shape[axis]
        let values = rows.doubles()
        let out = try tensorCall { try Tensor.zeros(rows.shape, dtype: dtype) }
        var start = 0
        while start < values.count {
            for (k, v) in rowResult(Array(values[start..<(start + n)])).enumerated() { out.setDouble(v, at: start + k) }
            start += n
        }
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return try tensorCall { try out.transposed(inverse).contiguous() }
    }

    static func unique(_ interp: Interpreter, _ t: Tensor, _ wantIndex: Value, _ wantInverse: Value, _ wantCounts: Value) throws -> Value {
        let values = t.doubles()
        let sortedPositions = order(values)
        var firsts: [Int] = [], counts: [Int] = []
        var inverse = [Int](repeating: 0, count: values.count)
        for p in sortedPositions {
            let v = values[p]
            if let last = firsts.last, values[last] == v || (values[last].isNaN && v.isNaN) {
                counts[counts.count - 1] += 1
            } else {
                firsts.append(p)
                counts.append(1)
            }
            inverse[p] = firsts.count - 1
        }
        let uniques = try tensorCall { try Tensor.zeros([firsts.count], dtype: t.dtype) }
        for (k, p) in firsts.enumerated() { uniques.setDouble(values[p], at: k) }
        var results: [Value] = [.obj(PyNDArray(uniques))]
        for (wanted, list) in [(wantIndex, firsts), (wantInverse, inverse), (wantCounts, counts)] where try interp.truthy(wanted) {
            let column = try tensorCall { try Tensor.zeros([list.count], dtype: .int64) }
            for (k, v) in list.enumerated() { column.setDouble(Double(v), at: k) }
            results.append(.obj(PyNDArray(column)))
        }
        return results.count == 1 ? results[0] : .obj(PyTuple(results))
    }

    /// Rounds half to even at `decimals` places, as numpy does (integers stay integers).
    static func roundFunction(_ name: String) -> Value {
        nativeFunction(name, ["a", "decimals"], defaults: [.int(0)]) { interp, a in
            let t = try NumpyModule.toTensor(interp, a[0], dtype: nil)
            let decimals = try interp.intArg(a[1])
            if !t.dtype.isFloating && decimals >= 0 { return .obj(PyNDArray(try tensorCall { try t.astype(t.dtype, copy: true) })) }
            let scale = pow(10.0, Double(abs(decimals)))
            let values = t.doubles()
            let out = try tensorCall { try Tensor.zeros(t.shape, dtype: t.dtype) }
            for (k, v) in values.enumerated() {
                let r = decimals >= 0 ? (v * scale).rounded(.toNearestOrEven) / scale : (v / scale).rounded(.toNearestOrEven) * scale
                out.setDouble(r, at: k)
            }
            return t.rank == 0 ? NumpyModule.numpyScalar(out) : .obj(PyNDArray(out))
        }
    }
}
