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

    /// Fisher-Yates from the end over `n` rows of `rowSize` values, with numpy's legacy bounded draws.
    func shuffleRows(_ values: inout [Double], rows n: Int, rowSize: Int) {
        var i = n - 1
        while i > 0 {
            let j = Int(bounded(UInt64(i)))
            for k in 0..<rowSize { values.swapAt(i * rowSize + k, j * rowSize + k) }
            i -= 1
        }
    }

    /// A permutation of 0..<n, as numpy's legacy `permutation(n)`.
    func permutation(_ n: Int) -> [Int] {
        var values = (0..<n).map(Double.init)
        shuffleRows(&values, rows: n, rowSize: 1)
        return values.map { Int($0) }
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

/// A RandomState object: its methods live in its attributes; it prints as numpy's does.
final class RandomStateInstance: PyInstance, PyRepresentable {
    func repr(_ interp: Interpreter) throws -> String { "RandomState(MT19937)" }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

enum NumpyRandom {
    static func make(_ interp: Interpreter) -> PyModule {
        interp.makeNativeModule("numpy.random", functions(LegacyRandomState()) + [
            ("RandomState", .obj(randomStateType)), ("default_rng", NumpyGenerator.defaultRNG()), ("Generator", .obj(NumpyGenerator.type)),
        ])
    }

    /// `np.random.RandomState(seed)`: a generator of its own whose methods are the module's
    /// functions drawing from its own state.
    static let randomStateType: PyType = {
        let t = PyType(name: "RandomState", bases: [BuiltinTypes.object], module: "numpy.random.mtrand", isBuiltin: false)
        t.def("__init__", ["seed"], defaults: [.none]) { interp, a in
            guard let instance = a[0].object as? PyInstance else { throw PyError.type("RandomState.__init__ needs a RandomState") }
            let state = LegacyRandomState()
            let methods = functions(state)
            for (name, f) in methods { instance.attrs[name] = f }
            if !a[1].isNone, case .obj(let seed as PyNativeFunction)? = methods.first(where: { $0.0 == "seed" })?.1 {
                _ = try seed.fn(interp, [a[1]], [])
            }
            return .none
        }
        t.makeInstance = { RandomStateInstance(cls: $0) }
        return t
    }()

    /// The legacy functions, all drawing from `state`.
    /// One draw as a Python number (size None), or an array of `size` draws.
    static func sized(_ interp: Interpreter, _ size: Value, _ dtype: DType, _ draw: () -> Double) throws -> Value {
        if size.isNone { return dtype.isFloating ? .float(draw()) : .int(Int(draw())) }
        let shape = try NumpyModule.shapeArg(interp, size)
        let t = try tensorCall { try Tensor.zeros(shape, dtype: dtype) }
        for i in 0..<t.count { t.setDouble(draw(), at: i) }
        return .obj(PyNDArray(t))
    }

    static func functions(_ state: LegacyRandomState) -> [(String, Value)] {
        func dims(_ interp: Interpreter, _ a: Value) throws -> Value {
            guard case .obj(let t as PyTuple) = a, !t.items.isEmpty else { return .none }
            return .obj(PyTuple(t.items))
        }
        return [
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
            ("standard_normal", nativeFunction("standard_normal", ["size"], defaults: [.none]) { interp, a in
                try sized(interp, a[0], .float64) { state.normal() }
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
                state.shuffleRows(&values, rows: n, rowSize: rowSize)
                for (k, p) in t.positions().enumerated() { t.setDouble(values[k], at: p) }
                return .none
            }),
            ("permutation", nativeFunction("permutation", ["x"]) { interp, a in
                let t: Tensor
                if let n = NumpyModule.plainInt(a[0]) {
                    t = try tensorCall { try Tensor.zeros([n], dtype: .int64) }
                    for i in 0..<n { t.setDouble(Double(i), at: i) }
                } else {
                    let source = try NumpyModule.toTensor(interp, a[0], dtype: nil)
                    t = try tensorCall { try source.astype(source.dtype, copy: true) }
                }
                guard let n = t.shape.first else { throw PyError.index("x must be an integer or at least 1-dimensional") }
                var values = t.doubles()
                state.shuffleRows(&values, rows: n, rowSize: t.shape.dropFirst().reduce(1, *))
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
            ("choice", nativeFunction("choice", ["a", "size", "replace", "p"], defaults: [.none, .bool(true), .none]) { interp, a in
                try choice(interp, state, a[0], a[1], try interp.truthy(a[2]), a[3])
            }),
        ]
    }

    /// numpy's legacy `choice`: uniform draws are `randint`, weighted ones search the cumulative
    /// probabilities, draws without replacement take the head of a permutation.
    static func choice(_ interp: Interpreter, _ state: LegacyRandomState, _ population: Value, _ size: Value,
                       _ replace: Bool, _ p: Value) throws -> Value {
        var source: Tensor?
        let count: Int
        if let n = NumpyModule.plainInt(population) {
            count = n
        } else {
            let t = try NumpyModule.toTensor(interp, population, dtype: nil)
            guard t.rank == 1 else { throw PyError.value("a must be 1-dimensional") }
            (source, count) = (t, t.count)
        }
        let shape: [Int]? = size.isNone ? nil : try NumpyModule.shapeArg(interp, size)
        let drawn = shape?.reduce(1, *) ?? 1
        if count <= 0 && drawn > 0 {
            throw PyError.value(source == nil ? "a must be greater than 0 unless no samples are taken" : "'a' cannot be empty unless no samples are taken")
        }
        var weights: [Double]?
        if !p.isNone {
            let w = try NumpyModule.toTensor(interp, p, dtype: .float64)
            guard w.rank == 1 else { throw PyError.value("'p' must be 1-dimensional") }
            guard w.count == count else { throw PyError.value("'a' and 'p' must have same size") }
            let values = w.doubles()
            if values.contains(where: { $0 < 0 }) { throw PyError.value("probabilities are not non-negative") }
            if abs(values.reduce(0, +) - 1) > Double.ulpOfOne.squareRoot() { throw PyError.value("probabilities do not sum to 1") }
            weights = values
        }
        var picks: [Int]
        if replace, let w = weights {
            var cdf: [Double] = []
            var total = 0.0
            for v in w { total += v; cdf.append(total) }
            picks = (0..<drawn).map { _ in
                let u = state.uniform()
                // searchsorted(side='right') over the normalised cumulative sums
                var lo = 0, hi = cdf.count
                while lo < hi { let mid = (lo + hi) / 2; if cdf[mid] / total <= u { lo = mid + 1 } else { hi = mid } }
                return lo
            }
        } else if replace {
            picks = (0..<drawn).map { _ in Int(state.bounded(UInt64(count - 1))) }
        } else {
            if weights != nil { throw PyError.notImplemented("np.random.choice with replace=False and p is not supported by kscript yet") }
            if drawn > count { throw PyError.value("Cannot take a larger sample than population when 'replace=False'") }
            picks = Array(state.permutation(count).prefix(drawn))
        }
        let indices = try tensorCall { try Tensor.zeros(shape ?? [], dtype: .int64) }
        for (k, v) in picks.enumerated() { indices.setDouble(Double(v), at: k) }
        guard let values = source else { return shape == nil ? .int(picks[0]) : .obj(PyNDArray(indices)) }
        if shape == nil { return NumpyModule.numpyScalar(try tensorCall { try values.take([picks[0]], indexShape: [], axis: 0) }) }
        return .obj(PyNDArray(try tensorCall { try values.take(picks, indexShape: shape ?? [], axis: 0) }))
    }
}
