// `numpy.random`: the legacy RandomState API with numpy's exact algorithms (MT19937 seeded by
// init_genrand, 53-bit doubles, polar Box–Muller with a cached second value, masked rejection
// for integers), so a seeded script gets the very numbers numpy would give.
import Foundation
import KScript
import KTensor

final class LegacyRandomState {
    var mt = MersenneTwister(seed: 0)
    var gauss: Double?

    init() { mt.seedFromTime() }

    func seed(_ s: UInt32) { mt.initGenrand(s); gauss = nil }

    func uniform() -> Double { mt.nextDouble() }

    func normal() -> Double {
        if let g = gauss { gauss = nil; return g }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * mt.nextDouble() - 1
            x2 = 2 * mt.nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * log(r2) / r2).squareRoot()
        gauss = f * x1
        return f * x2
    }

    /// An integer in [0, rng] by masked rejection sampling, as numpy's legacy bounded draws.
    func bounded(_ rng: UInt64) -> UInt64 {
        if rng == 0 { return 0 }
        var mask = rng
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32
        if rng <= 0xFFFF_FFFF {
            while true { let v = UInt64(mt.next32()) & mask; if v <= rng { return v } }
        }
        while true {
            let v = ((UInt64(mt.next32()) << 32) | UInt64(mt.next32())) & mask
            if v <= rng { return v }
        }
    }
}

enum NumpyRandom {
    static func make(_ interp: Interpreter) -> PyModule {
        let state = LegacyRandomState()
        func sized(_ interp: Interpreter, _ size: Value, _ dtype: DType, _ draw: () -> Double) throws -> Value {
            if size.isNone { return dtype.isFloating ? .float(draw()) : .int(Int(draw())) }
            let shape = try NumpyModule.shapeArg(interp, size)
            let t = try tensorCall { try Tensor.zeros(shape, dtype: dtype) }
            for i in 0..<t.count { t.setDouble(draw(), at: i) }
            return .obj(PyNDArray(t))
        }
        func dims(_ interp: Interpreter, _ a: Value) throws -> Value {
            guard case .obj(let t as PyTuple) = a, !t.items.isEmpty else { return .none }
            return .obj(PyTuple(t.items))
        }
        let members: [(String, Value)] = [
            ("seed", nativeFunction("seed", ["seed"], defaults: [.none]) { interp, a in
                if a[0].isNone { state.mt.seedFromTime(); state.gauss = nil; return .none }
                let s = try interp.intArg(a[0])
                guard s >= 0 && s <= Int(UInt32.max) else { throw PyError.value("Seed must be between 0 and 2**32 - 1") }
                state.seed(UInt32(s))
                return .none
            }),
            ("random", nativeFunction("random", ["size"], defaults: [.none]) { interp, a in
                try sized(interp, a[0], .float64) { state.uniform() }
            }),
            ("random_sample", nativeFunction("random_sample", ["size"], defaults: [.none]) { interp, a in
                try sized(interp, a[0], .float64) { state.uniform() }
            }),
            ("rand", nativeFunction("rand", ["*dims"]) { interp, a in
                try sized(interp, try dims(interp, a[0]), .float64) { state.uniform() }
            }),
            ("randn", nativeFunction("randn", ["*dims"]) { interp, a in
                try sized(interp, try dims(interp, a[0]), .float64) { state.normal() }
            }),
            ("normal", nativeFunction("normal", ["loc", "scale", "size"], defaults: [.float(0), .float(1), .none]) { interp, a in
                let (mu, sigma) = (try interp.floatArg(a[0]), try interp.floatArg(a[1]))
                if sigma < 0 { throw PyError.value("scale < 0") }
                return try sized(interp, a[2], .float64) { mu + sigma * state.normal() }
            }),
            ("uniform", nativeFunction("uniform", ["low", "high", "size"], defaults: [.float(0), .float(1), .none]) { interp, a in
                let (lo, hi) = (try interp.floatArg(a[0]), try interp.floatArg(a[1]))
                return try sized(interp, a[2], .float64) { lo + (hi - lo) * state.uniform() }
            }),
            ("shuffle", nativeFunction("shuffle", ["x"]) { interp, a in
                // Fisher-Yates from the end, with numpy's legacy bounded draws.
                if case .obj(let l as PyList) = a[0] {
                    var i = l.items.count - 1
                    while i > 0 { l.items.swapAt(i, Int(state.bounded(UInt64(i)))); i -= 1 }
                    return .none
                }
                guard case .obj(let arr as PyNDArray) = a[0] else { throw PyError.type("shuffle() expects a list or an array") }
                let t = arr.tensor
                guard let n = t.shape.first, n > 1 else { return .none }
                let rowSize = t.shape.dropFirst().reduce(1, *)
                let rows = try tensorCall { try t.reshaped([n, rowSize]) }
                var values = rows.doubles()
                var i = n - 1
                while i > 0 {
                    let j = Int(state.bounded(UInt64(i)))
                    for k in 0..<rowSize { values.swapAt(i * rowSize + k, j * rowSize + k) }
                    i -= 1
                }
                for (k, p) in t.positions().enumerated() { t.setDouble(values[k], at: p) }
                return .none
            }),
            ("permutation", nativeFunction("permutation", ["x"]) { interp, a in
                let t: Tensor
                if case .int(let n) = a[0] {
                    t = try tensorCall { try Tensor.zeros([n], dtype: .int64) }
                    for i in 0..<n { t.setDouble(Double(i), at: i) }
                } else {
                    t = try tensorCall { try NumpyModule.toTensor(interp, a[0], dtype: nil).astype(NumpyModule.toTensor(interp, a[0], dtype: nil).dtype, copy: true) }
                }
                guard let n = t.shape.first else { throw PyError.index("x must be an integer or at least 1-dimensional") }
                let rowSize = t.shape.dropFirst().reduce(1, *)
                var values = t.doubles()
                var i = n - 1
                while i > 0 {
                    let j = Int(state.bounded(UInt64(i)))
                    for k in 0..<rowSize { values.swapAt(i * rowSize + k, j * rowSize + k) }
                    i -= 1
                }
                for k in 0..<values.count { t.setDouble(values[k], at: k) }
                return .obj(PyNDArray(t))
            }),
            ("randint", nativeFunction("randint", ["low", "high", "size", "dtype"], defaults: [.none, .none, .none]) { interp, a in
                var (lo, hi) = (try interp.intArg(a[0]), 0)
                if a[1].isNone { hi = lo; lo = 0 } else { hi = try interp.intArg(a[1]) }
                if lo >= hi { throw PyError.value("low >= high") }
                let rng = UInt64(hi - lo - 1)
                let type: DType = a[3].isNone ? .int64 : try NumpyModule.dtypeArg(interp, a[3])
                return try sized(interp, a[2], type) { Double(Int64(lo) + Int64(state.bounded(rng))) }
            }),
        ]
        return interp.makeNativeModule("numpy.random", members)
    }
}
