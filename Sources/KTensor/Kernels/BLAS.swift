// OpenBLAS, loaded on first use: linking it would start its worker threads (which spin for a
// while) in every process, including the many that never multiply a matrix. Small products
// run on one thread: splitting them gains nothing, and it keeps the other worker spinning
// where it takes the second core from kscript's own parallel loops (convolutions, pooling).
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

    /// The function for an m × n × k product, with OpenBLAS's thread count set for its size.
    static func sgemm(_ m: Int, _ n: Int, _ k: Int) throws -> SGEMM { let f = try sgemmFunction.get(); threads.use(m * n * k); return f }
    static func dgemm(_ m: Int, _ n: Int, _ k: Int) throws -> DGEMM { let f = try dgemmFunction.get(); threads.use(m * n * k); return f }

    /// Products of fewer multiply-adds than this take one thread.
    static let parallelProduct = 4_000_000

    /// OpenBLAS's thread count: its own default (the cores, or OPENBLAS_NUM_THREADS) for large
    /// products, one for small ones; changed only when it differs from the last call's.
    final class Threads: @unchecked Sendable {
        typealias Set = @convention(c) (Int32) -> Void
        typealias Get = @convention(c) () -> Int32
        let set: Set?
        let most: Int32
        var current: Int32

        init() {
            set = try? BLAS.symbol("openblas_set_num_threads", as: Set.self)
            most = (try? BLAS.symbol("openblas_get_num_threads", as: Get.self)).map { $0() } ?? 1
            current = most
        }

        func use(_ multiplyAdds: Int) {
            let wanted: Int32 = multiplyAdds < BLAS.parallelProduct ? 1 : most
            guard wanted != current, let set else { return }
            set(wanted)
            current = wanted
        }
    }
    static let threads = Threads()
}
