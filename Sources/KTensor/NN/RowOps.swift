// Small loops over row-major matrices shared by the fused ops: adding a bias row to every row,
// and summing columns (the bias gradient).

@inline(__always) func addRow<T: NNScalar>(_ m: UnsafeMutablePointer<T>, rows: Int, cols: Int, stride: Int? = nil, _ v: UnsafePointer<T>) {
    let ld = stride ?? cols
    for r in 0..<rows { let row = m + r * ld; for j in 0..<cols { row[j] += v[j] } }
}

@inline(__always) func addColumnSums<T: NNScalar>(_ m: UnsafePointer<T>, rows: Int, cols: Int, into out: UnsafeMutablePointer<T>) {
    for r in 0..<rows { let row = m + r * cols; for j in 0..<cols { out[j] += row[j] } }
}

/// A zeroed tensor of the kernel's element type.
@inline(__always) func zeros<T: NNScalar>(_: T.Type, _ shape: [Int]) throws -> Tensor { try Tensor.zeros(shape, dtype: T.dtype) }
