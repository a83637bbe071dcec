// numpy's general advanced indexing: several index arrays (integers among them count as 0-d
// arrays) broadcast together, boolean arrays standing for their nonzero coordinates, and the
// rule that places the broadcast axes where the arrays stand when they are side by side, first
// otherwise. The common one-array case keeps its own faster path (ArrayIndexing.swift).
import KScript
import KTensor

extension NumpyModule {
    /// The elements an advanced index selects: storage `positions` (relative to `view`) in the
    /// row-major order of a result of `shape`.
    struct AdvancedSelection {
        let view: Tensor
        let positions: [Int]
        let shape: [Int]
    }

    /// One item of an index once boolean arrays are split into their coordinates.
    private enum IndexPart {
        case basic(Value)                       // a slice, None or `...`
        case advanced(indices: [Int], shape: [Int], isInteger: Bool)  // consumes one axis
    }

    static func isIndexArray(_ v: Value) -> Bool {
        if case .obj(let o) = v { return o is PyNDArray || o is PyList }
        return false
    }

    static func isIndexInteger(_ v: Value) -> Bool {
        if case .int = v { return true }
        return false
    }

    /// Whether the one-array path cannot serve this index: several arrays, an array next to None,
    /// or arrays and integers a slice apart.
    static func needsGeneralAdvancedIndexing(_ items: [Value]) -> Bool {
        let arrays = items.filter(isIndexArray).count
        guard arrays > 0 else { return false }
        if arrays > 1 || items.contains(where: { $0.isNone }) { return true }
        let advanced = items.indices.filter { isIndexArray(items[$0]) || isIndexInteger(items[$0]) }
        return advanced.last! - advanced.first! + 1 != advanced.count
    }

    static func advancedSelection(_ interp: Interpreter, _ t: Tensor, _ items: [Value]) throws -> AdvancedSelection {
        var parts: [IndexPart] = []
        for item in items {
            if case .int(let i) = item { parts.append(.advanced(indices: [i], shape: [], isInteger: true)); continue }
            guard isIndexArray(item) else { parts.append(.basic(item)); continue }
            let selector = try toTensor(interp, item, dtype: nil)
            let isMask = selector.dtype == .bool && (selector.count > 0 || item.object is PyNDArray)
            if isMask {
                if selector.rank == 0 { throw PyError.notImplemented("indexing a numpy array with a 0-d boolean is not supported by kscript yet") }
                // A mask stands for its nonzero coordinates, one index array per axis it covers.
                let flags = selector.positions()
                let strides = Tensor.contiguousStrides(selector.shape)
                let hits = flags.indices.filter { selector.double(at: flags[$0]) != 0 }
                for d in 0..<selector.rank {
                    parts.append(.advanced(indices: hits.map { ($0 / strides[d]) % selector.shape[d] }, shape: [hits.count], isInteger: false))
                }
                continue
            }
            if selector.dtype.isFloating && selector.count > 0 {
                throw PyError.index("arrays used as indices must be of integer (or boolean) type")
            }
            parts.append(.advanced(indices: selector.positions().map { Int(Tensor.truncatedInt64(selector.double(at: $0))) }, shape: selector.shape, isInteger: false))
        }

        // `...` stands for the axes no other item takes; axes after the last item are whole.
        func isEllipsis(_ p: IndexPart) -> Bool {
            if case .basic(.obj(let o)) = p { return o === PySingleton.ellipsis }
            return false
        }
        func takesAxis(_ p: IndexPart) -> Bool {
            if case .basic(let v) = p { return !v.isNone && !isEllipsis(p) }
            return true
        }
        let taken = parts.filter(takesAxis).count
        if taken > t.rank {
            throw PyError.index("too many indices for array: array is \(t.rank)-dimensional, but \(taken) were indexed")
        }
        let whole = IndexPart.basic(.obj(PySlice(.none, .none, .none)))
        if let e = parts.firstIndex(where: isEllipsis) {
            parts.replaceSubrange(e...e, with: Array(repeating: whole, count: t.rank - taken))
        } else {
            parts += Array(repeating: whole, count: t.rank - taken)
        }

        // The basic view, with a whole axis where each array stands.
        let view = try basicView(t, parts.map { part in
            if case .basic(let v) = part { return v }
            return .obj(PySlice(.none, .none, .none))
        })
        var arrays: [(indices: [Int], shape: [Int], axis: Int, isInteger: Bool)] = []
        var basicAxes: [Int] = []
        var viewAxis = 0, sourceAxis = 0
        for part in parts {
            switch part {
            case .advanced(let indices, let shape, let isInteger):
                let n = view.shape[viewAxis]
                let inRange = try indices.map { i -> Int in
                    if i < -n || i >= n { throw PyError.index("index \(i) is out of bounds for axis \(sourceAxis) with size \(n)") }
                    return i < 0 ? i + n : i
                }
                arrays.append((inRange, shape, viewAxis, isInteger))
                sourceAxis += 1
            case .basic(let v):
                basicAxes.append(viewAxis)
                if !v.isNone { sourceAxis += 1 }
            }
            viewAxis += 1
        }

        // The arrays broadcast together (integers are 0-d arrays and never named in the error).
        var common: [Int] = []
        do {
            for a in arrays { common = try Broadcast.shape(common, a.shape) }
        } catch {
            // numpy writes these shapes without spaces: `(1,2) (3,) `.
            func describe(_ s: [Int]) -> String { s.count == 1 ? "(\(s[0]),)" : "(" + s.map(String.init).joined(separator: ",") + ")" }
            throw PyError.index("shape mismatch: indexing arrays could not be broadcast together with shapes "
                + arrays.filter { !$0.isInteger }.map { describe($0.shape) + " " }.joined())
        }
        let commonCount = common.reduce(1, *)
        var arrayOffsets = [Int](repeating: 0, count: commonCount)
        for a in arrays {
            let stride = view.strides[a.axis]
            let source = Tensor.contiguousStrides(a.shape)
            let pad = common.count - a.shape.count
            let reads = (0..<common.count).map { d in d < pad || a.shape[d - pad] == 1 ? 0 : source[d - pad] }
            forEachIndex(common) { k, index in
                var j = 0
                for d in 0..<common.count { j += index[d] * reads[d] }
                arrayOffsets[k] += a.indices[j] * stride
            }
        }

        // Side by side, the broadcast axes replace the arrays where they stand; apart, they come first.
        let advancedParts = parts.indices.filter { if case .advanced = parts[$0] { return true }; return false }
        let together = advancedParts.last! - advancedParts.first! + 1 == advancedParts.count
        let split = together ? basicAxes.filter { $0 < arrays[0].axis }.count : 0
        let before = Array(basicAxes[..<split]), after = Array(basicAxes[split...])
        func offsets(_ axes: [Int]) -> [Int] {
            var out: [Int] = []
            forEachIndex(axes.map { view.shape[$0] }) { _, index in
                out.append(zip(index, axes).reduce(0) { $0 + $1.0 * view.strides[$1.1] })
            }
            return out
        }
        let outer = offsets(before), inner = offsets(after)
        var positions: [Int] = []
        positions.reserveCapacity(outer.count * commonCount * inner.count)
        for o in outer { for a in arrayOffsets { for i in inner { positions.append(o + a + i) } } }
        let shape = before.map { view.shape[$0] } + common + after.map { view.shape[$0] }
        return AdvancedSelection(view: view, positions: positions, shape: shape)
    }

    /// Calls `body(k, index)` for every multi-index of `shape` in row-major order.
    private static func forEachIndex(_ shape: [Int], _ body: (Int, [Int]) -> Void) {
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        var index = [Int](repeating: 0, count: shape.count)
        for k in 0..<count {
            body(k, index)
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
    }
}
