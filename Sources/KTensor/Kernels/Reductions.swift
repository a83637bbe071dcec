// Reductions over axes (sum, mean, max, min) with keepdims, as numpy computes them.

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
