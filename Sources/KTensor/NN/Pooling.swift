// Max and average pooling over (height, width) windows of channels-last input (N, H, W, C).
// Padding never takes part: max ignores it and the average divides by the cells inside.

extension Variable {
    public static func pool2d(_ x: Variable, max isMax: Bool, _ geo: ConvGeometry) throws -> Variable {
        let dtype = computeDType(x.value.dtype)
        let xv = try x.value.dense(dtype)
        guard xv.rank == 4 else { throw TensorError.value("pool2d: expected a 4-D input, got \(Tensor.describe(xv.shape))") }
        let (oh, ow) = geo.outputSize(xv.shape[1], xv.shape[2])
        let out = try Tensor.zeros([xv.shape[0], oh, ow, xv.shape[3]], dtype: dtype)
        let pool = PoolPlan(x: xv.shape, geo: geo, out: (oh, ow))
        let source = pool.forward(scalarType(dtype), xv, out, max: isMax)
        return record(out, [x]) { g in
            let gx = try Tensor.zeros(xv.shape, dtype: dtype)
            pool.backward(scalarType(dtype), try g.dense(dtype), gx, source: source, max: isMax)
            return [gx]
        }
    }
}

struct PoolPlan {
    let n, h, w, c, oh, ow: Int
    let geo: ConvGeometry

    init(x: [Int], geo: ConvGeometry, out: (Int, Int)) {
        (n, h, w, c) = (x[0], x[1], x[2], x[3])
        (oh, ow) = out
        self.geo = geo
    }

    /// The input rows and columns one output cell covers (clipped to the image).
    @inline(__always) func window(_ oy: Int, _ ox: Int) -> (Range<Int>, Range<Int>) {
        let y0 = oy * geo.strides.0 - geo.padding.0.0, x0 = ox * geo.strides.1 - geo.padding.1.0
        return (Swift.max(y0, 0)..<Swift.min(y0 + geo.kernel.0, h), Swift.max(x0, 0)..<Swift.min(x0 + geo.kernel.1, w))
    }

    /// Fills `out`; for max pooling returns, per output value, the input position it came from.
    /// Channels are the innermost loop, so every window cell is read as one contiguous row.
    @_specialize(where T == Float) @_specialize(where T == Double)
    func forward<T: NNScalar>(_: T.Type, _ xt: Tensor, _ out: Tensor, max isMax: Bool) -> [Int32] {
        let x = xt.ptr(T.self), o = out.ptr(T.self)
        var source = [Int32](repeating: -1, count: isMax ? out.count : 0)
        source.withUnsafeMutableBufferPointer { src in
            var k = 0
            for img in 0..<n {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let (rows, cols) = window(oy, ox)
                        let dst = o + k, from = src.baseAddress! + k
                        for ch in 0..<c { dst[ch] = 0 }
                        var firstCell = true
                        for iy in rows {
                            for ix in cols {
                                let p = ((img * h + iy) * w + ix) * c
                                let row = x + p
                                if !isMax {
                                    for ch in 0..<c { dst[ch] += row[ch] }
                                } else if firstCell {
                                    for ch in 0..<c { dst[ch] = row[ch]; from[ch] = Int32(p + ch) }
                                } else {
                                    for ch in 0..<c {
                                        let better = row[ch] > dst[ch]
                                        dst[ch] = better ? row[ch] : dst[ch]
                                        from[ch] = better ? Int32(p + ch) : from[ch]
                                    }
                                }
                                firstCell = false
                            }
                        }
                        let cells = T(rows.count * cols.count)
                        if !isMax && cells > 0 { for ch in 0..<c { dst[ch] /= cells } }
                        k += c
                    }
                }
            }
        }
        return source
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func backward<T: NNScalar>(_: T.Type, _ gt: Tensor, _ gxt: Tensor, source: [Int32], max isMax: Bool) {
        let g = gt.ptr(T.self), gx = gxt.ptr(T.self)
        if isMax {
            for k in 0..<gt.count where source[k] >= 0 { gx[Int(source[k])] += g[k] }
            return
        }
        var k = 0
        for img in 0..<n {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let (rows, cols) = window(oy, ox)
                    let cells = T(rows.count * cols.count)
                    for ch in 0..<c {
                        if cells > 0 {
                            let share = g[k] / cells
                            for iy in rows { for ix in cols { gx[((img * h + iy) * w + ix) * c + ch] += share } }
                        }
                        k += 1
                    }
                }
            }
        }
    }
}
