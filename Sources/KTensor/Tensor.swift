// An n-dimensional array: a storage, a dtype, a shape, strides and an offset (both in elements).
// Like numpy arrays, tensors are references and slices are views that share memory.

public final class Tensor {
    public let storage: Storage
    public let dtype: DType
    public let shape: [Int]
    public let strides: [Int]
    public let offset: Int
    /// Set on a gradient that is already zero wherever the ReLU output held in this storage is not
    /// positive (a max pooling's backward over that output makes one), so the ReLU's own backward
    /// can pass it on as it is.
    public var reluMaskedFor: Storage?

    public init(storage: Storage, dtype: DType, shape: [Int], strides: [Int], offset: Int = 0) {
        self.storage = storage; self.dtype = dtype; self.shape = shape; self.strides = strides; self.offset = offset
    }

    public var rank: Int { shape.count }
    public var count: Int { shape.reduce(1, *) }

    /// Row-major strides for a shape.
    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) { s[i] = acc; acc *= max(shape[i], 1) }
        return s
    }

    public var isContiguous: Bool {
        var expected = 1
        for i in stride(from: rank - 1, through: 0, by: -1) where shape[i] != 1 {
            if strides[i] != expected { return false }
            expected *= shape[i]
        }
        return true
    }

    /// A new zero-filled tensor.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try allocate(shape, dtype: dtype, zeroed: true)
    }

    /// A new tensor whose elements the caller must all write before anyone reads them.
    public static func unfilled(_ shape: [Int], dtype: DType) throws -> Tensor {
        try allocate(shape, dtype: dtype, zeroed: false)
    }

    private static func allocate(_ shape: [Int], dtype: DType, zeroed: Bool) throws -> Tensor {
        for d in shape where d < 0 { throw TensorError.value("negative dimensions are not allowed") }
        let (n, o1) = shape.reduce((1, false)) { acc, d in let (p, o) = acc.0.multipliedReportingOverflow(by: d); return (p, acc.1 || o) }
        let (bytes, o2) = n.multipliedReportingOverflow(by: dtype.itemSize)
        if o1 || o2 { throw TensorError.memory("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.") }
        if bytes > Storage.limit {
            throw TensorError.memory("Unable to allocate \(Storage.describe(bytes)) for an array with shape \(Tensor.describe(shape)) and data type \(dtype.rawValue)")
        }
        return Tensor(storage: try Storage(byteCount: bytes, zeroed: zeroed), dtype: dtype, shape: shape, strides: contiguousStrides(shape))
    }

    public convenience init(_ values: [Float], shape: [Int]) throws {
        try self.init(copying: values, shape: shape, dtype: .float32)
    }

    public convenience init(_ values: [Double], shape: [Int]) throws {
        try self.init(copying: values, shape: shape, dtype: .float64)
    }

    private convenience init<T>(copying values: [T], shape: [Int], dtype: DType) throws {
        guard shape.reduce(1, *) == values.count else {
            throw TensorError.value("cannot reshape array of size \(values.count) into shape \(Tensor.describe(shape))")
        }
        let t = try Tensor.zeros(shape, dtype: dtype)
        values.withUnsafeBufferPointer { src in
            t.storage.bytes.copyMemory(from: src.baseAddress!, byteCount: values.count * dtype.itemSize)
        }
        self.init(storage: t.storage, dtype: dtype, shape: shape, strides: t.strides)
    }

    /// A scalar (rank 0) tensor.
    public static func scalar(_ v: Double, dtype: DType = .float32) throws -> Tensor {
        let t = try zeros([], dtype: dtype)
        t.setDouble(v, at: 0)
        return t
    }

    /// Pointer to element 0 of this view, typed.
    @inline(__always) public func base<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        storage.bytes.assumingMemoryBound(to: T.self) + offset
    }

    /// The element at a storage position (relative to this view's offset), as a Double.
    public func double(at position: Int) -> Double {
        switch dtype {
        case .float32: return Double(base(Float.self)[position])
        case .float64: return base(Double.self)[position]
        case .int32: return Double(base(Int32.self)[position])
        case .uint8: return Double(base(UInt8.self)[position])
        case .int64: return Double(base(Int64.self)[position])
        case .bool: return base(UInt8.self)[position] != 0 ? 1 : 0
        }
    }

    public func setDouble(_ v: Double, at position: Int) {
        switch dtype {
        case .float32: base(Float.self)[position] = Float(v)
        case .float64: base(Double.self)[position] = v
        case .int32: base(Int32.self)[position] = Int32(clamping: Tensor.truncatedInt64(v))
        // numpy's uint8 arithmetic wraps around.
        case .uint8: base(UInt8.self)[position] = UInt8(truncatingIfNeeded: Tensor.truncatedInt64(v))
        case .int64: base(Int64.self)[position] = Tensor.truncatedInt64(v)
        case .bool: base(UInt8.self)[position] = v != 0 ? 1 : 0
        }
    }

    /// v truncated toward zero; nan, infinities and values beyond Int64 give Int64.min, as the
    /// x86 conversion numpy uses does (never a trap).
    public static func truncatedInt64(_ v: Double) -> Int64 {
        guard v.isFinite, v >= -0x1p63, v < 0x1p63 else { return Int64.min }
        return Int64(v.rounded(.towardZero))
    }

    /// Storage positions of every element, in row-major order of this view.
    public func positions() -> [Int] {
        var out = [Int](repeating: 0, count: count)
        if out.isEmpty { return out }
        if isContiguous { for i in 0..<out.count { out[i] = i }; return out }
        var index = [Int](repeating: 0, count: rank)
        var pos = 0
        for k in 0..<out.count {
            out[k] = pos
            var d = rank - 1
            while d >= 0 {
                index[d] += 1
                pos += strides[d]
                if index[d] < shape[d] { break }
                pos -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
        return out
    }

    /// Every element as Double, in row-major order.
    public func doubles() -> [Double] { positions().map { double(at: $0) } }

    /// Every element of an integer or boolean tensor exactly, in row-major order (floats truncate).
    public func int64s() -> [Int64] { positions().map { int64(at: $0) } }

    /// The element at a storage position as an exact integer (floats truncated toward zero).
    public func int64(at position: Int) -> Int64 {
        switch dtype {
        case .int64: return base(Int64.self)[position]
        case .int32: return Int64(base(Int32.self)[position])
        case .uint8, .bool: return Int64(base(UInt8.self)[position])
        case .float32, .float64: return Tensor.truncatedInt64(double(at: position))
        }
    }

    /// Every element as Float, in row-major order.
    public func floats() -> [Float] { positions().map { Float(double(at: $0)) } }

    /// This tensor with contiguous row-major storage (itself when it already is).
    public func contiguous() throws -> Tensor {
        if isContiguous && offset == 0 { return self }
        return try astype(dtype, copy: true)
    }

    /// A converted copy (or itself when the dtype matches and `copy` is false).
    public func astype(_ to: DType, copy: Bool = false) throws -> Tensor {
        if to == dtype && !copy { return self }
        if to == dtype && !isContiguous {
            let out = try Tensor.unfilled(shape, dtype: to)
            if out.copyRuns(from: self) { return out }
        }
        let out = try Tensor.zeros(shape, dtype: to)
        if to == dtype && isContiguous {
            out.storage.bytes.copyMemory(from: storage.bytes + offset * dtype.itemSize, byteCount: count * dtype.itemSize)
            return out
        }
        if isContiguous && convertContiguous(into: out) { return out }
        if !dtype.isFloating && !to.isFloating {
            // Between integer types exactly (through Double, int64 beyond 2^53 would round).
            for (k, p) in positions().enumerated() { out.setInt64(int64(at: p), at: k) }
            return out
        }
        for (k, p) in positions().enumerated() { out.setDouble(double(at: p), at: k) }
        return out
    }

    /// The common numeric conversions of a contiguous view as one typed loop; false for the others.
    private func convertContiguous(into out: Tensor) -> Bool {
        func loop<S, D>(_: S.Type, _: D.Type, _ f: (S) -> D) {
            let src = base(S.self), dst = out.base(D.self)
            for i in 0..<count { dst[i] = f(src[i]) }
        }
        switch (dtype, out.dtype) {
        case (.float64, .float32): loop(Double.self, Float.self) { Float($0) }
        case (.float32, .float64): loop(Float.self, Double.self) { Double($0) }
        case (.int64, .float32): loop(Int64.self, Float.self) { Float($0) }
        case (.int32, .float32): loop(Int32.self, Float.self) { Float($0) }
        case (.int64, .float64): loop(Int64.self, Double.self) { Double($0) }
        case (.int32, .float64): loop(Int32.self, Double.self) { Double($0) }
        case (.bool, .float32): loop(UInt8.self, Float.self) { $0 != 0 ? 1 : 0 }
        case (.uint8, .float32): loop(UInt8.self, Float.self) { Float($0) }
        case (.uint8, .float64): loop(UInt8.self, Double.self) { Double($0) }
        default: return false
        }
        return true
    }

    /// A view with another shape (one dimension may be -1); copies when this view is not contiguous.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var s = newShape
        let known = s.filter { $0 != -1 }.reduce(1, *)
        let unknown = s.filter { $0 == -1 }.count
        if unknown > 1 { throw TensorError.value("can only specify one unknown dimension") }
        if unknown == 1 {
            guard known > 0, count % known == 0 else {
                throw TensorError.value("cannot reshape array of size \(count) into shape \(Tensor.describeRequested(newShape))")
            }
            s = s.map { $0 == -1 ? count / known : $0 }
        }
        guard s.reduce(1, *) == count, !s.contains(where: { $0 < 0 }) else {
            throw TensorError.value("cannot reshape array of size \(count) into shape \(Tensor.describeRequested(newShape))")
        }
        // A contiguous view (even at an offset) is reshaped in place, so writes through the result reach it.
        let src = isContiguous ? self : try contiguous()
        return Tensor(storage: src.storage, dtype: dtype, shape: s, strides: Tensor.contiguousStrides(s), offset: src.offset)
    }

    /// A view with the axes permuted (reversed when `perm` is nil).
    public func transposed(_ perm: [Int]? = nil) throws -> Tensor {
        let p = perm ?? Array((0..<rank).reversed())
        guard p.count == rank, Set(p) == Set(0..<rank) else { throw TensorError.value("axes don't match array") }
        return Tensor(storage: storage, dtype: dtype, shape: p.map { shape[$0] }, strides: p.map { strides[$0] }, offset: offset)
    }

    /// `(2, 3)` or `(5,)`: a shape as numpy prints it.
    /// A requested shape as numpy's reshape error writes it: `(5,3)`, `(5,newaxis)` for -1.
    static func describeRequested(_ shape: [Int]) -> String {
        let parts = shape.map { $0 == -1 ? "newaxis" : String($0) }
        return "(" + parts.joined(separator: ",") + (parts.count == 1 ? ",)" : ")")
    }

    public static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
