// Indexing numpy arrays: basic indexing (views), one integer or boolean index array, and item
// assignment, and iteration over the first axis. Several index arrays take the general rule of
// AdvancedIndexing.swift.
import KScript
import KTensor

extension NumpyModule {
    /// What an index holding one integer or boolean array selects: `indices` along `axis` of `view`.
    struct ArraySelection {
        let view: Tensor
        let axis: Int
        let indices: [Int]
        let indexShape: [Int]
        let isMask: Bool

        var resultShape: [Int] { Array(view.shape[..<axis]) + indexShape + Array(view.shape[(axis + 1)...]) }
    }

    /// The parts of an index; integer scalars (`np.int64(2)`) index as the integers they hold.
    static func keyItems(_ key: Value) -> [Value] {
        func plain(_ v: Value) -> Value {
            if case .obj(let n as PyNumpyScalar) = v, n.isIndex { return n.pythonNumber }
            return v
        }
        if case .obj(let tu as PyTuple) = key { return tu.items.map(plain) }
        return [plain(key)]
    }

    static func index(_ interp: Interpreter, _ t: Tensor, _ key: Value) throws -> Value {
        if let position = try elementPosition(t, key) { return .obj(try PyNumpyScalar.element(t, at: position)) }
        let items = keyItems(key)
        if needsGeneralAdvancedIndexing(items) {
            let s = try advancedSelection(interp, t, items)
            return .obj(PyNDArray(try tensorCall { try s.view.gathered(s.positions, shape: s.shape) }))
        }
        if let s = try arraySelection(interp, t, items, forWriting: false) {
            return .obj(PyNDArray(try tensorCall { try s.view.take(s.indices, indexShape: s.indexShape, axis: s.axis) }))
        }
        let view = try basicView(t, items)
        return view.rank == 0 ? numpyScalar(view) : .obj(PyNDArray(view))
    }

    /// The storage position `a[i]` or `a[i, j, ...]` names when the key is one integer per axis
    /// (the common case, answered without building a view); nil for any other key.
    static func elementPosition(_ t: Tensor, _ key: Value) throws -> Int? {
        func position(_ i: Int, axis: Int) throws -> Int {
            let n = t.shape[axis]
            if i < -n || i >= n { throw PyError.index("index \(i) is out of bounds for axis \(axis) with size \(n)") }
            return (i < 0 ? i + n : i) * t.strides[axis]
        }
        switch key {
        case .int(let i) where t.rank == 1: return try position(i, axis: 0)
        case .obj(let tuple as PyTuple) where tuple.items.count == t.rank && t.rank > 0:
            var total = 0
            for (axis, item) in tuple.items.enumerated() {
                guard case .int(let i) = item else { return nil }
                total += try position(i, axis: axis)
            }
            return total
        default: return nil
        }
    }

    /// `a[key] = value`: the value (broadcast) is written into the selected elements, cast to `a`'s type.
    static func assignItem(_ interp: Interpreter, _ t: Tensor, _ key: Value, _ value: Value) throws {
        let items = keyItems(key)
        let target: Tensor, positions: [Int], shape: [Int]
        var maskCount: Int?
        if needsGeneralAdvancedIndexing(items) {
            let s = try advancedSelection(interp, t, items)
            (target, positions, shape) = (s.view, s.positions, s.shape)
        } else if let s = try arraySelection(interp, t, items, forWriting: true) {
            (target, positions, shape) = (s.view, s.view.takenPositions(s.indices, axis: s.axis), s.resultShape)
            if s.isMask && shape.count == 1 { maskCount = s.indices.count }
        } else {
            target = try basicView(t, items)
            (positions, shape) = (target.positions(), target.shape)
        }
        let source: Tensor
        switch value {
        case .int, .float, .bool: source = try operand(value, like: t)
        default: source = try toTensor(interp, value, dtype: nil)
        }
        if let n = maskCount, source.rank == 1, source.count != 1, source.count != n {
            throw PyError.value("NumPy boolean array indexing assignment cannot assign \(source.count) input values to the \(n) output values where the mask is true")
        }
        try tensorCall { try target.assign(source, positions: positions, shape: shape) }
    }

    /// The selection made by an index with one array (or list) among slices, `...` and integers
    /// beside it; nil for basic indexing.
    static func arraySelection(_ interp: Interpreter, _ t: Tensor, _ items: [Value], forWriting: Bool) throws -> ArraySelection? {
        func isArray(_ v: Value) -> Bool {
            if case .obj(let o) = v { return o is PyNDArray || o is PyList }
            return false
        }
        func isEllipsis(_ v: Value) -> Bool {
            if case .obj(let o) = v { return o === PySingleton.ellipsis }
            return false
        }
        guard let p = items.firstIndex(where: isArray) else { return nil }
        let isInteger = isIndexInteger
        // Only one array, no None, integers beside it (needsGeneralAdvancedIndexing sent the rest
        // elsewhere): the integers simply drop their axes first.
        let selector = try toTensor(interp, items[p], dtype: nil)
        // An empty list reads as integers, as in numpy.
        let isMask = selector.dtype == .bool && (selector.count > 0 || items[p].object is PyNDArray)
        if isMask && selector.rank == 0 {
            throw PyError.notImplemented("indexing a numpy array with a 0-d boolean is not supported by kscript yet")
        }
        if !isMask && selector.dtype.isFloating && selector.count > 0 {
            throw PyError.index("arrays used as indices must be of integer (or boolean) type")
        }
        let consumed = isMask ? selector.rank : 1
        var rest = items
        rest.replaceSubrange(p...p, with: Array(repeating: Value.obj(PySlice(.none, .none, .none)), count: consumed))
        var view = try basicView(t, rest)
        // The view axis the array applies to: one per slice before it, none per integer, and
        // whatever an earlier `...` stands for.
        let ellipsisAxes = t.rank - rest.filter { !isEllipsis($0) }.count
        let axis = items[..<p].reduce(0) { sum, v in sum + (isInteger(v) ? 0 : (isEllipsis(v) ? ellipsisAxes : 1)) }
        let originalAxis = axis + items[..<p].filter(isInteger).count
        guard isMask else {
            let n = view.shape[axis]
            let indices = try selector.positions().map { position -> Int in
                let i = Int(Tensor.truncatedInt64(selector.double(at: position)))
                if i < -n || i >= n { throw PyError.index("index \(i) is out of bounds for axis \(originalAxis) with size \(n)") }
                return i < 0 ? i + n : i
            }
            return ArraySelection(view: view, axis: axis, indices: indices, indexShape: selector.shape, isMask: false)
        }
        let covered = Array(view.shape[axis..<(axis + consumed)])
        if let d = covered.indices.first(where: { covered[$0] != selector.shape[$0] }) {
            throw PyError.index("boolean index did not match indexed array along axis \(originalAxis + d); size of axis is \(covered[d]) but size of corresponding boolean axis is \(selector.shape[d])")
        }
        if consumed > 1 {
            if forWriting && !view.isContiguous {
                throw PyError.notImplemented("assigning through a multi-dimensional boolean mask into a non-contiguous array view is not supported by kscript yet")
            }
            let merged = Array(view.shape[..<axis]) + [covered.reduce(1, *)] + Array(view.shape[(axis + consumed)...])
            view = try tensorCall { try view.reshaped(merged) }
        }
        let flags = selector.positions()
        let indices = flags.indices.filter { selector.double(at: flags[$0]) != 0 }
        return ArraySelection(view: view, axis: axis, indices: indices, indexShape: [indices.count], isMask: true)
    }

    /// Basic indexing (integers, slices, None, ...): a view of `t`.
    static func basicView(_ t: Tensor, _ key: [Value]) throws -> Tensor {
        var items = key
        let explicit = items.filter { v in
            if v.isNone { return false }
            if case .obj(let o) = v, o === PySingleton.ellipsis { return false }
            return true
        }.count
        if explicit > t.rank {
            throw PyError.index("too many indices for array: array is \(t.rank)-dimensional, but \(explicit) were indexed")
        }
        let isEllipsis: (Value) -> Bool = { if case .obj(let o) = $0 { return o === PySingleton.ellipsis }; return false }
        if items.filter(isEllipsis).count > 1 { throw PyError.index("an index can only have a single ellipsis ('...')") }
        if let e = items.firstIndex(where: isEllipsis) {
            items.replaceSubrange(e...e, with: Array(repeating: Value.obj(PySlice(.none, .none, .none)), count: t.rank - explicit))
        }
        var shape: [Int] = [], strides: [Int] = []
        var offset = t.offset
        var axis = 0
        for item in items {
            switch item {
            case .none:
                shape.append(1); strides.append(0)
            case .obj(let s as PySlice):
                let r = try s.indices(t.shape[axis])
                offset += r.start * t.strides[axis]
                shape.append(r.count); strides.append(r.step * t.strides[axis])
                axis += 1
            default:
                guard case .int(var i) = item else {
                    throw PyError.index("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
                }
                let n = t.shape[axis]
                if i < -n || i >= n { throw PyError.index("index \(i) is out of bounds for axis \(axis) with size \(n)") }
                if i < 0 { i += n }
                offset += i * t.strides[axis]
                axis += 1
            }
        }
        while axis < t.rank { shape.append(t.shape[axis]); strides.append(t.strides[axis]); axis += 1 }
        return Tensor(storage: t.storage, dtype: t.dtype, shape: shape, strides: strides, offset: offset)
    }

}

/// `for x in a`: a's elements (numpy scalars) when it is 1-D, else its sub-arrays along the first
/// axis as views, as numpy iterates.
final class ArrayAxisIterator: PyIterator {
    let tensor: Tensor
    var k = 0
    init(_ t: Tensor) { tensor = t }
    override func next() throws -> Value? {
        guard k < tensor.shape[0] else { return nil }
        defer { k += 1 }
        let position = k * tensor.strides[0]
        if tensor.rank == 1 { return .obj(try PyNumpyScalar.element(tensor, at: position)) }
        return .obj(PyNDArray(Tensor(storage: tensor.storage, dtype: tensor.dtype, shape: Array(tensor.shape.dropFirst()),
                                     strides: Array(tensor.strides.dropFirst()), offset: tensor.offset + position)))
    }
}
