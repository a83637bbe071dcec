// Reductions over axes (sum, mean, max, min) with keepdims, as numpy computes them: float sums
// of a contiguous run are numpy's pairwise sums (in the array's own precision), sums across
// rows add row after row, so the last bits agree with numpy's too.

public enum ReduceOp { case sum, mean, max, min }

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
        let type: DType = (op == .mean && !dtype.isFloating) ? .float64 : (dtype == .bool && op == .sum ? .int64 : dtype)
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
        var acc = [Double](repeating: op == .max ? -.infinity : (op == .min ? .infinity : 0), count: outCount)
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
                case .max, .min: dst[0] = runExtreme(max: op == .max, block, length)
                }
                continue
            }
            dst.update(from: block, count: inner)
            for k in 1..<length {
                let row = block + k * inner
                switch op {
                case .sum, .mean: for i in 0..<inner { dst[i] += row[i] }
                case .max, .min: for i in 0..<inner { dst[i] = extreme(op, dst[i], row[i]) }
                }
            }
            if op == .mean { for i in 0..<inner { dst[i] /= T(length) } }
        }
    }

    /// The largest or smallest of a contiguous run, NaN if it holds one: selections and a count,
    /// no branches, so the loop vectorizes.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func runExtreme<T: BinaryFloatingPoint>(max isMax: Bool, _ a: UnsafeMutablePointer<T>, _ n: Int) -> T {
        var best = a[0], nans = 0
        if isMax {
            for k in 0..<n { let v = a[k]; best = v > best ? v : best; nans &+= v != v ? 1 : 0 }
        } else {
            for k in 0..<n { let v = a[k]; best = v < best ? v : best; nans &+= v != v ? 1 : 0 }
        }
        return nans > 0 ? .nan : best
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
