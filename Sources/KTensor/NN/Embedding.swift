// Embedding lookup: rows of a table picked by integer ids; the backward pass adds each
// upstream row into the table gradient at its id.

extension Variable {
    /// `table[ids]`: ids of any shape (float or integer values), result ids.shape + [dim].
    public static func embedding(_ ids: Tensor, _ table: Variable) throws -> Variable {
        let dtype = computeDType(table.value.dtype)
        let t = try table.value.dense(dtype)
        guard t.rank == 2 else { throw TensorError.value("embedding: the table must be 2-D") }
        let (rows, dim) = (t.shape[0], t.shape[1])
        let index = try ids.dense(.int64)
        let pi = index.ptr(Int64.self)
        for k in 0..<index.count where pi[k] < 0 || pi[k] >= Int64(rows) {
            throw TensorError.index("indices[\(k)] = \(pi[k]) is not in [0, \(rows))")
        }
        let out = try Tensor.zeros(ids.shape + [dim], dtype: dtype)
        let size = dtype.itemSize * dim
        for k in 0..<index.count {
            (out.storage.bytes + k * size).copyMemory(from: t.storage.bytes + Int(pi[k]) * size, byteCount: size)
        }
        return record(out, [table]) { g in
            @_specialize(where T == Float) @_specialize(where T == Double)
            func back<T: NNScalar>(_: T.Type) throws -> Tensor {
                let gd = try g.dense(dtype), gt = try Tensor.zeros(t.shape, dtype: dtype)
                let pg = gd.ptr(T.self), pt = gt.ptr(T.self)
                defer { withExtendedLifetime(gd) {} }
                for k in 0..<index.count {
                    let dst = pt + Int(pi[k]) * dim, src = pg + k * dim
                    for j in 0..<dim { dst[j] += src[j] }
                }
                return gt
            }
            return [try back(scalarType(dtype))]
        }
    }
}
