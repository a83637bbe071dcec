// Elementwise loops written so that the compiler vectorizes them: every operand is loaded before
// the selection, which then compiles to a blend instead of a branch per element (mispredicted
// half the time on real data). Swift's generic SIMD types compile to lane-by-lane code here.

/// `y = x < 0 ? 0 : x` over a range; NaN passes through, as in Keras.
@inline(__always) func reluForward<T: NNScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ r: Range<Int>) {
    for i in r { let v = x[i]; y[i] = v < 0 ? 0 : v }
}

/// `d = x > 0 ? g : 0` over a range: the gradient through a plain ReLU.
@inline(__always) func reluBackward<T: NNScalar>(_ x: UnsafePointer<T>, _ g: UnsafePointer<T>, _ d: UnsafeMutablePointer<T>,
                                                 _ r: Range<Int>) {
    for i in r { let v = x[i], gi = g[i]; d[i] = v > 0 ? gi : 0 }
}

/// Folds one row of `count` channels into `acc`: the running maximum (a later value wins only
/// when strictly greater, so the first maximum and a leading NaN stay) or the running sum.
@inline(__always) func foldRow<T: NNScalar>(_ acc: UnsafeMutablePointer<T>, _ row: UnsafePointer<T>, _ count: Int, max isMax: Bool) {
    if isMax {
        for i in 0..<count { let a = acc[i], b = row[i]; acc[i] = b > a ? b : a }
    } else {
        for i in 0..<count { acc[i] += row[i] }
    }
}
