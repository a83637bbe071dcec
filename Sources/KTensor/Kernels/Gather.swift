// numpy's integer-array indexing (along one axis, or at any list of places) and the assignment that
// writes into selected places.

extension Tensor {
    /// The elements at `indices` (already within bounds) along `axis`; `indexShape` replaces that axis.
    public func take(_ indices: [Int], indexShape: [Int], axis: Int) throws -> Tensor {
        let out = try Tensor.zeros(Array(shape[..<axis]) + indexShape + Array(shape[(axis + 1)...]), dtype: dtype)
        let source = try contiguous()
        let size = dtype.itemSize, n = shape[axis]
        let outer = shape[..<axis].reduce(1, *), block = shape[(axis + 1)...].reduce(1, *) * size
        let from = source.storage.bytes + source.offset * size
        var to = out.storage.bytes
        for o in 0..<outer {
            for i in indices {
                to.copyMemory(from: from + (o * n + i) * block, byteCount: block)
                to += block
            }
        }
        return out
    }

    /// A new tensor of `shape` holding the elements at storage `positions` (relative to this view), in order.
    public func gathered(_ positions: [Int], shape: [Int]) throws -> Tensor {
        let out = try Tensor.zeros(shape, dtype: dtype)
        let size = dtype.itemSize
        let from = storage.bytes + offset * size, to = out.storage.bytes
        for (k, p) in positions.enumerated() { (to + k * size).copyMemory(from: from + p * size, byteCount: size) }
        return out
    }

    /// Storage positions (relative to this view) of the elements `take` selects, in the order of its result.
    public func takenPositions(_ indices: [Int], axis: Int) -> [Int] {
        let all = positions()
        let n = shape[axis], outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        var out: [Int] = []
        out.reserveCapacity(outer * indices.count * inner)
        for o in 0..<outer {
            for i in indices {
                let first = (o * n + i) * inner
                for r in 0..<inner { out.append(all[first + r]) }
            }
        }
        return out
    }

    /// Writes `source`, broadcast to `shape`, into this view's storage `positions` (row-major over `shape`).
    public func assign(_ source: Tensor, positions: [Int], shape: [Int]) throws {
        guard (try? Broadcast.shape(source.shape, shape)) == shape else {
            throw TensorError.value("could not broadcast input array from shape \(Broadcast.describe(source.shape)) into shape \(Broadcast.describe(shape))")
        }
        // A source that shares this storage (x[1:] = x[:-1]) is read before anything is written.
        let values = source.storage === storage ? try source.astype(source.dtype, copy: true) : source
        Broadcast.walk(shape, Tensor.contiguousStrides(shape), Broadcast.strides(of: values, to: shape)) { k, _, j in
            setDouble(values.double(at: j), at: positions[k])
        }
    }
}
