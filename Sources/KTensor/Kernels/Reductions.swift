// Reductions over axes (sum, mean, max, min, prod) with keepdims, as numpy computes them: float
// sums of a contiguous run are numpy's pairwise sums (in the array's own precision), sums across
// rows add row after row, and products multiply in order, so the last bits agree with numpy's too.

public enum ReduceOp { case sum, mean, max, min, prod }

extension Tensor {
    /// Normalises axes (negative allowed); nil means all axes.
    public func normalizedAxes(_ axes: [Int]?) throws -> [Int] {
        guard let axes = axes else { return Array(0..<rank) }
        var out: [Int] = []
        for a in axes {
            let x = a < 0 ? a + rank : a
            guard x >= 0 && x < rank else { throw TensorError.axis("axis \(a) is out of bounds for array of dimension \(rank)") }
            if out.contains(x) { throw TensorError.value("duplicate value in 'axis'") }
            out.append(x)
        }
        return out.sorted()
    }

    public func reduce(_ op: ReduceOp, axes: [Int]? = nil, keepdims: Bool = false) throws -> Tensor {
        let ax = try normalizedAxes(axes)
        let keptShape = shape.enumerated().map { ax.contains($0.offset) ? 1 : $0.element }
        let outShape = keepdims ? keptShape : shape.enumerated().filter { !ax.contains($0.offset) }.map { $0.element }
        let type: DType = (op == .mean && !dtype.isFloating) ? .float64 : (dtype == .bool && (op == .sum || op == .prod) ? .int64 : dtype)
        let outCount = keptShape.reduce(1, *)
        if count == 0 && (op == .max || op == .min) {
            throw TensorError.value("zero-size array to reduction operation \(op == .max ? "maximum" : "minimum") which has no identity")
        }
        if count > 0, type == dtype, let run = consecutive(ax) {
            let x = try contiguous(), out = try Tensor.unfilled(outShape, dtype: type)
            let outer = shape[..<run.lowerBound].reduce(1, *), length = shape[run].reduce(1, *), inner = shape[run.upperBound...].reduce(1, *)
            switch dtype {
            case .float64: Tensor.reduceRuns(op, x.base(Double.self), out.base(Double.self), outer: outer, length: length, inner: inner)
            case .float32: Tensor.reduceRuns(op, x.base(Float.self), out.base(Float.self), outer: outer, length: length, inner: inner)
            default: break
            }
            if dtype.isFloating { return out }
        }
        var acc = [Double](repeating: op == .max ? -.infinity : (op == .min ? .infinity : (op == .prod ? 1 : 0)), count: outCount)
        var nanSeen = [Bool](repeating: false, count: outCount)
        // Map each input element to its output slot: the input index with reduced axes set to 0.
        let outStrides = Tensor.contiguousStrides(keptShape).enumerated().map { ax.contains($0.offset) ? 0 : $0.element }
        let positions = self.positions()
        var index = [Int](repeating: 0, count: rank)
        for k in 0..<count {
            var slot = 0
            for d in 0..<rank { slot += index[d] * outStrides[d] }
            let v = double(at: positions[k])
            switch op {
            case .sum, .mean: acc[slot] += v
            case .prod: acc[slot] *= v
            case .max: if v.isNaN { nanSeen[slot] = true } else if v > acc[slot] { acc[slot] = v }
            case .min: if v.isNaN { nanSeen[slot] = true } else if v < acc[slot] { acc[slot] = v }
            }
            var d = rank - 1
            while d >= 0 { index[d] += 1; if index[d] < shape[d] { break }; index[d] = 0; d -= 1 }
        }
        let n = Double(ax.reduce(1) { $0 * shape[$1] })
        let out = try Tensor.zeros(outShape, dtype: type)
        for s in 0..<outCount {
            var v = acc[s]
            if op == .mean { v /= n }
            if nanSeen[s] { v = .nan }
            out.setDouble(v, at: s)
        }
        return out
    }

    /// The reduced axes as one range when they are side by side.
    private func consecutive(_ axes: [Int]) -> Range<Int>? {
        guard let first = axes.first, axes.last! - first + 1 == axes.count else { return nil }
        return first..<(first + axes.count)
    }

    /// Reduces `x` seen as (outer, length, inner) over its middle axis into (outer, inner): along a
    /// contiguous run (inner 1) a pairwise sum, across rows one row added after another; max and
    /// min let NaN through, as numpy's do.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func reduceRuns<T: BinaryFloatingPoint>(_ op: ReduceOp, _ x: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>,
                                                   outer: Int, length: Int, inner: Int) {
        for o in 0..<outer {
            let block = x + o * length * inner, dst = out + o * inner
            if inner == 1 {
                switch op {
                case .sum: dst[0] = pairwiseSum(block, length)
                case .mean: dst[0] = pairwiseSum(block, length) / T(length)
                case .max, .min: dst[0] = parallelRunExtreme(max: op == .max, block, length)
                case .prod: dst[0] = (0..<length).reduce(1) { $0 * block[$1] }
                }
                continue
            }
            dst.update(from: block, count: inner)
            for k in 1..<length {
                let row = block + k * inner
                switch op {
                case .sum, .mean: for i in 0..<inner { dst[i] += row[i] }
                case .max, .min: for i in 0..<inner { dst[i] = extreme(op, dst[i], row[i]) }
                case .prod: for i in 0..<inner { dst[i] *= row[i] }
                }
            }
            if op == .mean { for i in 0..<inner { dst[i] /= T(length) } }
        }
    }

    /// runExtreme over each half of a large run on its own core, then the two combined.
    static func parallelRunExtreme<T: BinaryFloatingPoint>(max isMax: Bool, _ a: UnsafeMutablePointer<T>, _ n: Int) -> T {
        guard n >= 1 << 18 else { return runExtreme(max: isMax, a, n) }
        var halves = [T](repeating: 0, count: 2)
        halves.withUnsafeMutableBufferPointer { out in
            forEachHalf(0..<n, work: n) { r in out[r.lowerBound == 0 ? 0 : 1] = runExtreme(max: isMax, a + r.lowerBound, r.count) }
        }
        if halves[0].isNaN || halves[1].isNaN { return .nan }
        return isMax ? Swift.max(halves[0], halves[1]) : Swift.min(halves[0], halves[1])
    }

    /// The largest or smallest of a contiguous run, NaN if it holds one: eight independent running
    /// extremes (no chain of dependent comparisons), then combined; the order of comparisons does
    /// not change a max or a min.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func runExtreme<T: BinaryFloatingPoint>(max isMax: Bool, _ a: UnsafeMutablePointer<T>, _ n: Int) -> T {
        var b0 = a[0], b1 = a[0], b2 = a[0], b3 = a[0], b4 = a[0], b5 = a[0], b6 = a[0], b7 = a[0]
        var nans = false
        var i = 0
        @inline(__always) func pick(_ v: T, _ b: T) -> T { isMax ? (v > b ? v : b) : (v < b ? v : b) }
        while i + 8 <= n {
            let v0 = a[i], v1 = a[i + 1], v2 = a[i + 2], v3 = a[i + 3], v4 = a[i + 4], v5 = a[i + 5], v6 = a[i + 6], v7 = a[i + 7]
            b0 = pick(v0, b0); b1 = pick(v1, b1); b2 = pick(v2, b2); b3 = pick(v3, b3)
            b4 = pick(v4, b4); b5 = pick(v5, b5); b6 = pick(v6, b6); b7 = pick(v7, b7)
            nans = nans || (v0 != v0) || (v1 != v1) || (v2 != v2) || (v3 != v3) || (v4 != v4) || (v5 != v5) || (v6 != v6) || (v7 != v7)
            i += 8
        }
        if nans { return .nan }
        var result = pick(pick(pick(b0, b1), pick(b2, b3)), pick(pick(b4, b5), pick(b6, b7)))
        while i < n {
            let v = a[i]
            if v != v { return .nan }
            result = pick(v, result)
            i += 1
        }
        return result
    }

    @inline(__always) static func extreme<T: BinaryFloatingPoint>(_ op: ReduceOp, _ a: T, _ b: T) -> T {
        if a.isNaN || b.isNaN { return .nan }
        return op == .max ? Swift.max(a, b) : Swift.min(a, b)
    }

    /// numpy's pairwise summation: eight running sums over blocks of up to 128, halves above that.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func pairwiseSum<T: BinaryFloatingPoint>(_ a: UnsafeMutablePointer<T>, _ n: Int) -> T {
        if n < 8 {
            var res: T = 0
            for i in 0..<n { res += a[i] }
            return res
        }
        if n <= 128 {
            var r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7]
            var i = 8
            while i < n - n % 8 {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3]
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7]
                i += 8
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n { res += a[i]; i += 1 }
            return res
        }
        var half = n / 2
        half -= half % 8
        return pairwiseSum(a, half) + pairwiseSum(a + half, n - half)
    }

    /// Sums `self` down to `shape` (undoing a broadcast): used by gradients of broadcasting ops.
    public func sumTo(_ target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let pad = rank - target.count
        var axes: [Int] = Array(0..<pad)
        for (i, d) in target.enumerated() where d == 1 && shape[pad + i] != 1 { axes.append(pad + i) }
        let s = try reduce(.sum, axes: axes, keepdims: true)
        return try s.reshaped(target)
    }
}
