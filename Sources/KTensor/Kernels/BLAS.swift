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

    static func sgemm() throws -> SGEMM { try sgemmFunction.get() }
    static func dgemm() throws -> DGEMM { try dgemmFunction.get() }
}
