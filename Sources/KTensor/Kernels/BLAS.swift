// OpenBLAS, loaded on first use: linking it would start its worker threads (which spin for a
// while) in every process, including the many that never multiply a matrix.
import Foundation
import COpenBLAS

enum BLAS {
    typealias SGEMM = @convention(c) (CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32,
                                      Float, UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias DGEMM = @convention(c) (CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32,
                                      Double, UnsafePointer<Double>?, Int32, UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void

    static let library: UnsafeMutableRawPointer? = dlopen("libopenblas.so.0", RTLD_NOW) ?? dlopen("libopenblas.so", RTLD_NOW)

    static func symbol<F>(_ name: String, as: F.Type) throws -> F {
        guard let lib = library else {
            throw TensorError.value("OpenBLAS (libopenblas.so.0) could not be loaded: install Debian's libopenblas0 (scripts/setup does)")
        }
        guard let sym = dlsym(lib, name) else { throw TensorError.value("OpenBLAS has no function \(name)") }
        return unsafeBitCast(sym, to: F.self)
    }

    static let sgemmFunction = Result { try symbol("cblas_sgemm", as: SGEMM.self) }
    static let dgemmFunction = Result { try symbol("cblas_dgemm", as: DGEMM.self) }

    static func sgemm() throws -> SGEMM { _ = singleThreaded; return try sgemmFunction.get() }
    static func dgemm() throws -> DGEMM { _ = singleThreaded; return try dgemmFunction.get() }

    /// OpenBLAS splits a product between its threads in fixed shares: when another program holds
    /// one of the two cores, the whole product waits for the late share (mlp_fashion's steps took
    /// 1.2 ms instead of 0.45 in such runs). It runs on one thread, and kscript splits the large
    /// products itself (`halves`) with `inParallelPair`, whose caller takes both halves if the
    /// other core is not free.
    static let singleThreaded: Void = {
        typealias SetThreads = @convention(c) (Int32) -> Void
        (try? symbol("openblas_set_num_threads", as: SetThreads.self))?(1)
    }()

    /// Products of fewer multiply-adds than this run whole. From about 15 µs of work a split
    /// pays for itself (the helper is spinning between jobs): mlp_fashion's 300 × 100 layer
    /// (960k multiply-adds per product) split this way trains 8% faster than at 4M.
    static let parallelProduct = 800_000

    /// Runs an m × n × k product as two blocks of C's rows (or columns, when it has more of them)
    /// on the two cores, or whole when it is small. `block` gets the rows and columns of C to make.
    /// The split falls on a multiple of 8 rows or 16 columns where it can, the register kernel's
    /// block sizes.
    static func halves(_ m: Int, _ n: Int, _ k: Int, _ block: (Range<Int>, Range<Int>) -> Void) {
        guard m * n * k >= parallelProduct, Swift.max(m, n) >= 2 else { return block(0..<m, 0..<n) }
        func middle(_ size: Int, _ unit: Int) -> Int { size / 2 >= unit ? size / 2 / unit * unit : size / 2 }
        inParallelPair { i in
            if m >= n {
                let mid = middle(m, 8)
                block(i == 0 ? 0..<mid : mid..<m, 0..<n)
            } else {
                let mid = middle(n, 16)
                block(0..<m, i == 0 ? 0..<mid : mid..<n)
            }
        }
    }
}
