// keras.random: normal, uniform, truncated_normal, randint, dropout and shuffle on tensors, and
// SeedGenerator. The numbers come from kscript's generator, not the backend's (no two Keras
// backends draw the same numbers either): an integer seed gives the same draw every time, a
// SeedGenerator advances with each use, no seed draws from the global generator that
// keras.utils.set_random_seed seeds.
import Foundation
import KScript
import KTensor
import Keras

/// `keras.random.SeedGenerator(seed)`: a generator of its own for the random functions.
final class PySeedGenerator: PyObject {
    var source: RandomSource
    init(seed: UInt64) { source = RandomSource(seed: seed) }
    override var pyType: PyType { KerasRandom.seedGeneratorType }
}

enum KerasRandom {
    static let seedGeneratorType: PyType = {
        let t = PyType(name: "SeedGenerator", bases: [BuiltinTypes.object], module: "keras.random")
        t.construct = { interp, _, args, kw in
            let a = try NativeSignature("SeedGenerator", ["seed", "name"], defaults: [.none, .none]).bind(args, kw)
            let seed = a[0].isNone ? UInt64.random(in: 0...UInt64.max) : UInt64(truncatingIfNeeded: try interp.intArg(a[0]))
            return .obj(PySeedGenerator(seed: seed))
        }
        return t
    }()

    static func module(_ session: KerasSession, _ interp: Interpreter, _ path: String) -> PyModule {
        /// Runs `draw` with the generator the seed argument names.
        func withSource<T>(_ seed: Value, _ draw: (inout RandomSource) throws -> T) throws -> T {
            switch seed {
            case .none: return try draw(&session.context.random)
            case .obj(let g as PySeedGenerator): return try draw(&g.source)
            default:
                var fixed = RandomSource(seed: UInt64(truncatingIfNeeded: try interp.intArg(seed)))
                return try draw(&fixed)
            }
        }
        func shape(_ v: Value) throws -> [Int] { try session.shapeArg(v).map { $0 ?? 1 } }
        func tensor(_ shape: [Int], dtype: Value, _ value: () -> Double) throws -> Value {
            let type: DType = dtype.isNone ? .float32 : (DType(rawValue: try interp.str(dtype)) ?? .float32)
            let t = try tensorCall { try Tensor.zeros(shape, dtype: type) }
            for k in 0..<t.count { t.setDouble(value(), at: k) }
            return .obj(PyVariable(Variable(t)))
        }
        let distribution = ["shape", "mean", "stddev", "dtype", "seed"]
        return interp.makeNativeModule(path, [
            ("SeedGenerator", .obj(seedGeneratorType)),
            ("normal", nativeFunction("normal", distribution, defaults: [.float(0), .float(1), .none, .none]) { interp, a in
                let (mean, stddev) = (try interp.floatArg(a[1]), try interp.floatArg(a[2]))
                return try withSource(a[4]) { source in try tensor(try shape(a[0]), dtype: a[3]) { mean + stddev * source.normal() } }
            }),
            ("truncated_normal", nativeFunction("truncated_normal", distribution, defaults: [.float(0), .float(1), .none, .none]) { interp, a in
                let (mean, stddev) = (try interp.floatArg(a[1]), try interp.floatArg(a[2]))
                return try withSource(a[4]) { source in try tensor(try shape(a[0]), dtype: a[3]) { mean + stddev * source.truncatedNormal() } }
            }),
            ("uniform", nativeFunction("uniform", ["shape", "minval", "maxval", "dtype", "seed"], defaults: [.float(0), .float(1), .none, .none]) { interp, a in
                let (low, high) = (try interp.floatArg(a[1]), try interp.floatArg(a[2]))
                return try withSource(a[4]) { source in try tensor(try shape(a[0]), dtype: a[3]) { low + (high - low) * source.uniform() } }
            }),
            ("randint", nativeFunction("randint", ["shape", "minval", "maxval", "dtype", "seed"], defaults: [.string("int32"), .none]) { interp, a in
                let (low, high) = (try interp.intArg(a[1]), try interp.intArg(a[2]))
                guard high > low else { throw PyError.value("randint needs maxval > minval, got minval=\(low), maxval=\(high)") }
                return try withSource(a[4]) { source in try tensor(try shape(a[0]), dtype: a[3]) { Double(low + source.below(high - low)) } }
            }),
            ("dropout", nativeFunction("dropout", ["inputs", "rate", "noise_shape", "seed"], defaults: [.none, .none]) { interp, a in
                let x = try ScriptTensors.variable(interp, a[0])
                let rate = try interp.floatArg(a[1])
                guard rate >= 0 && rate < 1 else { throw PyError.value("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)") }
                let maskShape = a[2].isNone ? x.shape : try shape(a[2])
                let keep = try withSource(a[3]) { source -> Tensor in
                    let m = try tensorCall { try Tensor.zeros(maskShape, dtype: .float32) }
                    for k in 0..<m.count { m.setDouble(source.uniform() < rate ? 0 : 1 / (1 - rate), at: k) }
                    return m
                }
                return .obj(PyVariable(try tensorCall { try Variable.binary(.mul, x, Variable(keep)) }))
            }),
            ("shuffle", nativeFunction("shuffle", ["x", "axis", "seed"], defaults: [.int(0), .none]) { interp, a in
                let x = try ScriptTensors.variable(interp, a[0])
                var axis = try interp.intArg(a[1])
                if axis < 0 { axis += x.shape.count }
                guard axis >= 0 && axis < x.shape.count else { throw PyError.value("axis \(try interp.intArg(a[1])) is out of bounds for a tensor of rank \(x.shape.count)") }
                let n = x.shape[axis]
                let order = try withSource(a[2]) { source in source.permutation(n) }
                return .obj(PyVariable(Variable(try tensorCall { try x.value.take(order, indexShape: [n], axis: axis) })))
            }),
        ])
    }
}
