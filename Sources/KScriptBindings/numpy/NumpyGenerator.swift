// np.random.default_rng(seed): numpy's Generator on PCG64 seeded through SeedSequence, so that
// random, integers, uniform, permutation, shuffle and choice (with replacement) give numpy's very
// numbers; normal and standard_normal use the same ziggurat with tables computed from its
// defining constants, equal to numpy's to about 1e-12 (the last digits of a repr can differ).
import Foundation
import KScript
import KTensor

/// PCG64 (128-bit LCG, XSL-RR output) with numpy's SeedSequence seeding and 32-bit buffering.
final class PCG64Generator {
    private var state: (hi: UInt64, lo: UInt64) = (0, 0)
    private var increment: (hi: UInt64, lo: UInt64) = (0, 1)
    private var buffered: UInt32?

    init(seed: [UInt32]) {
        let words = PCG64Generator.seedSequence(seed, words: 8)
        func word64(_ i: Int) -> UInt64 { UInt64(words[2 * i]) | UInt64(words[2 * i + 1]) << 32 }
        increment = add((word64(2) << 1 | word64(3) >> 63, word64(3) << 1 | 1), (0, 0))
        step()
        state = add(state, (word64(0), word64(1)))
        step()
    }

    /// numpy's SeedSequence: the entropy words hashed into a pool of four, then `words` words drawn from it.
    static func seedSequence(_ entropy: [UInt32], words: Int) -> [UInt32] {
        var hashConst: UInt32 = 0x43b0_d7e5
        func hashmix(_ value: UInt32) -> UInt32 {
            var v = value ^ hashConst
            hashConst = hashConst &* 0x931e_8875
            v = v &* hashConst
            return v ^ (v >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let r = 0xca01_f9dd &* x &- 0x4973_f715 &* y
            return r ^ (r >> 16)
        }
        var pool = (0..<4).map { hashmix($0 < entropy.count ? entropy[$0] : 0) }
        for source in 0..<4 { for target in 0..<4 where source != target { pool[target] = mix(pool[target], hashmix(pool[source])) } }
        for extra in entropy.dropFirst(4) { for target in 0..<4 { pool[target] = mix(pool[target], hashmix(extra)) } }
        var drawConst: UInt32 = 0x8b51_f9dd
        return (0..<words).map { i in
            var v = pool[i % 4] ^ drawConst
            drawConst = drawConst &* 0x58f3_8ded
            v = v &* drawConst
            return v ^ (v >> 16)
        }
    }

    private func add(_ a: (hi: UInt64, lo: UInt64), _ b: (hi: UInt64, lo: UInt64)) -> (hi: UInt64, lo: UInt64) {
        let (lo, carry) = a.lo.addingReportingOverflow(b.lo)
        return (a.hi &+ b.hi &+ (carry ? 1 : 0), lo)
    }

    /// state = state · multiplier + increment (mod 2^128).
    private func step() {
        let (mHi, mLo): (UInt64, UInt64) = (2_549_297_995_355_413_924, 4_865_540_595_714_422_341)
        let low = state.lo.multipliedFullWidth(by: mLo)
        let hi = low.high &+ state.lo &* mHi &+ state.hi &* mLo
        state = add((hi, low.low), increment)
    }

    func next64() -> UInt64 {
        step()
        let x = state.hi ^ state.lo, r = state.hi >> 58
        return (x >> r) | (x << ((64 - r) & 63))
    }

    func next32() -> UInt32 {
        if let b = buffered { buffered = nil; return b }
        let n = next64()
        buffered = UInt32(truncatingIfNeeded: n >> 32)
        return UInt32(truncatingIfNeeded: n)
    }

    /// Uniform in [0, 1) from 53 bits.
    func double() -> Double { Double(next64() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// An integer in 0...range (Lemire's method, on 32-bit draws for ranges below 2^32).
    func bounded(_ range: UInt64) -> UInt64 {
        if range == 0 { return 0 }
        if range <= UInt64(UInt32.max) {
            let exclusive = range + 1
            var m = UInt64(next32()) * exclusive
            if m & 0xffff_ffff < exclusive {
                let threshold = (UInt64(UInt32.max) - range) % exclusive
                while m & 0xffff_ffff < threshold { m = UInt64(next32()) * exclusive }
            }
            return m >> 32
        }
        // Wider ranges: the same method on 64-bit draws.
        if range == UInt64.max { return next64() }
        let exclusive = range + 1
        var m = next64().multipliedFullWidth(by: exclusive)
        if m.low < exclusive {
            let threshold = (UInt64.max - range) % exclusive
            while m.low < threshold { m = next64().multipliedFullWidth(by: exclusive) }
        }
        return m.high
    }

    /// An integer in 0...max by masked rejection (numpy's random_interval, used by shuffles).
    func interval(_ max: Int) -> Int {
        if max == 0 { return 0 }
        var mask = UInt64(max)
        for s in [1, 2, 4, 8, 16, 32] { mask |= mask >> UInt64(s) }
        if max <= Int(UInt32.max) {
            while true { let v = UInt64(next32()) & mask; if v <= UInt64(max) { return Int(v) } }
        }
        while true { let v = next64() & mask; if v <= UInt64(max) { return Int(v) } }
    }

    /// 0..<n in numpy's shuffled order (Fisher-Yates from the end, by `interval`).
    func shuffledIndices(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, interval(i)) }
        return order
    }

    /// `k` distinct values of 0..<n as numpy's Generator.choice(replace=False) draws them: for a
    /// large population and sample, the last k of a partial Fisher-Yates shuffle; otherwise
    /// Floyd's algorithm (a draw in 0...j, or j itself when that was taken), then shuffled; the
    /// swaps draw by Lemire's method here, unlike Generator.shuffle's.
    func sampleWithoutReplacement(_ n: Int, _ k: Int, shuffle: Bool) -> [Int] {
        if n > 10000 && k > n / (shuffle ? 50 : 20) {
            var order = Array(0..<n)
            for i in stride(from: n - 1, through: Swift.max(n - k, 1), by: -1) { order.swapAt(i, Int(bounded(UInt64(i)))) }
            return Array(order[(n - k)...])
        }
        var taken = Set<Int>(), out = [Int]()
        for j in (n - k)..<n {
            let v = Int(bounded(UInt64(j)))
            let pick = taken.contains(v) ? j : v
            taken.insert(pick); out.append(pick)
        }
        if shuffle { for i in stride(from: k - 1, to: 0, by: -1) { out.swapAt(i, Int(bounded(UInt64(i)))) } }
        return out
    }

    /// Marsaglia and Tsang's ziggurat, laid out as numpy lays it out.
    func standardNormal() -> Double {
        let t = Ziggurat.tables
        while true {
            var r = next64()
            let index = Int(r & 0xff)
            r >>= 8
            let negative = r & 1 == 1
            let rabs = (r >> 1) & 0x000f_ffff_ffff_ffff
            var x = Double(rabs) * t.w[index]
            if negative { x = -x }
            if rabs < t.k[index] { return x }
            if index == 0 {
                while true {
                    let xx = -(1 / Ziggurat.r) * log1p(-double())
                    let yy = -log1p(-double())
                    if yy + yy > xx * xx { return (rabs >> 8) & 1 == 1 ? -(Ziggurat.r + xx) : Ziggurat.r + xx }
                }
            }
            if (t.f[index - 1] - t.f[index]) * double() + t.f[index] < exp(-0.5 * x * x) { return x }
        }
    }
}

/// The ziggurat's 256 layers for the normal distribution, from its tail start r and layer area v.
enum Ziggurat {
    static let r = 3.6541528853610088
    static let tables: (k: [UInt64], w: [Double], f: [Double]) = {
        let m = 4_503_599_627_370_496.0  // 2^52
        let v = 0.00492867323399
        var dn = r, tn = r
        let q = v / exp(-0.5 * dn * dn)
        var k = [UInt64](repeating: 0, count: 256), w = [Double](repeating: 0, count: 256), f = [Double](repeating: 0, count: 256)
        k[0] = UInt64((dn / q) * m)
        w[0] = q / m; w[255] = dn / m
        f[0] = 1; f[255] = exp(-0.5 * dn * dn)
        for i in stride(from: 254, through: 1, by: -1) {
            dn = (-2 * log(v / dn + exp(-0.5 * dn * dn))).squareRoot()
            k[i + 1] = UInt64((dn / tn) * m)
            tn = dn
            f[i] = exp(-0.5 * dn * dn)
            w[i] = dn / m
        }
        return (k, w, f)
    }()
}

/// A `np.random.Generator` object.
final class PyRandomGenerator: PyObject, PyRepresentable {
    let source: PCG64Generator
    init(_ source: PCG64Generator) { self.source = source }
    override var pyType: PyType { NumpyGenerator.type }
    func repr(_ interp: Interpreter) throws -> String { "Generator(PCG64) at 0x\(String(UInt(bitPattern: ObjectIdentifier(self).hashValue), radix: 16, uppercase: true))" }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

enum NumpyGenerator {
    /// `np.random.default_rng(seed=None)`.
    static func defaultRNG() -> Value {
        nativeFunction("default_rng", ["seed"], defaults: [.none]) { interp, a in
            if case .obj(let g as PyRandomGenerator) = a[0] { return .obj(g) }
            var words: [UInt32]
            if a[0].isNone {
                var t = timespec()
                clock_gettime(CLOCK_REALTIME, &t)
                words = [UInt32(truncatingIfNeeded: t.tv_nsec), UInt32(truncatingIfNeeded: t.tv_sec), UInt32(truncatingIfNeeded: getpid())]
            } else {
                // The seed's 32-bit words, least significant first.
                var n = try interp.intArg(a[0])
                guard n >= 0 else { throw PyError.value("expected non-negative integer") }
                words = []
                repeat { words.append(UInt32(truncatingIfNeeded: n & 0xffff_ffff)); n >>= 32 } while n > 0
            }
            return .obj(PyRandomGenerator(PCG64Generator(seed: words)))
        }
    }

    static let type: PyType = {
        let t = PyType(name: "Generator", bases: [BuiltinTypes.object], module: "numpy.random")
        func gen(_ v: Value) -> PCG64Generator { (v.object as! PyRandomGenerator).source }
        let sized = NumpyRandom.sized
        t.def("random", ["size", "dtype", "out"], defaults: [.none, .none, .none]) { interp, a in
            let g = gen(a[0])
            return try sized(interp, a[1], .float64) { g.double() }
        }
        t.def("integers", ["low", "high", "size", "dtype", "endpoint"], defaults: [.none, .none, .none, .bool(false)]) { interp, a in
            let g = gen(a[0])
            var (low, high) = a[2].isNone ? (0, try interp.intArg(a[1])) : (try interp.intArg(a[1]), try interp.intArg(a[2]))
            if try interp.truthy(a[5]) { high += 1 }
            guard high > low else { throw PyError.value("high <= low") }
            let range = UInt64(high - low - 1)
            // Without a size numpy gives an np.int64 here (random() and normal() give Python floats).
            return try NumpyModule.scalarIfPython(try sized(interp, a[3], .int64) { Double(low + Int(g.bounded(range))) }, .int64)
        }
        t.def("uniform", ["low", "high", "size"], defaults: [.float(0), .float(1), .none]) { interp, a in
            let g = gen(a[0])
            let (low, high) = (try interp.floatArg(a[1]), try interp.floatArg(a[2]))
            return try sized(interp, a[3], .float64) { low + (high - low) * g.double() }
        }
        t.def("standard_normal", ["size", "dtype", "out"], defaults: [.none, .none, .none]) { interp, a in
            let g = gen(a[0])
            return try sized(interp, a[1], .float64) { g.standardNormal() }
        }
        t.def("normal", ["loc", "scale", "size"], defaults: [.float(0), .float(1), .none]) { interp, a in
            let g = gen(a[0])
            let (loc, scale) = (try interp.floatArg(a[1]), try interp.floatArg(a[2]))
            if scale < 0 { throw PyError.value("scale < 0") }
            return try sized(interp, a[3], .float64) { loc + scale * g.standardNormal() }
        }
        t.def("permutation", ["x", "axis"], defaults: [.int(0)]) { interp, a in
            let g = gen(a[0])
            if let n = NumpyModule.plainInt(a[1]) {
                return .obj(PyNDArray(try tensorCall { try Tensor(g.shuffledIndices(n).map(Double.init), shape: [n]).astype(.int64) }))
            }
            let array = try NumpyModule.toTensor(interp, a[1], dtype: nil).contiguous()
            let n = array.shape.first ?? 0
            let order = g.shuffledIndices(n)
            return .obj(PyNDArray(try tensorCall { try array.take(order, indexShape: [n], axis: 0) }))
        }
        t.def("shuffle", ["x", "axis"], defaults: [.int(0)]) { interp, a in
            let g = gen(a[0])
            if case .obj(let list as PyList) = a[1] {
                list.items = g.shuffledIndices(list.items.count).map { list.items[$0] }
                return .none
            }
            guard case .obj(let array as PyNDArray) = a[1] else { throw PyError.type("shuffle needs a numpy array or a list") }
            let n = array.tensor.shape.first ?? 0
            let order = g.shuffledIndices(n)
            let shuffled = try tensorCall { try array.tensor.take(order, indexShape: [n], axis: 0) }
            try tensorCall { try array.tensor.assign(shuffled, positions: array.tensor.positions(), shape: array.tensor.shape) }
            return .none
        }
        t.def("choice", ["a", "size", "replace", "p", "axis", "shuffle"], defaults: [.none, .bool(true), .none, .int(0), .bool(true)]) { interp, a in
            let g = gen(a[0])
            let population: Tensor? = NumpyModule.isIntegerValue(a[1]) ? nil : try NumpyModule.toTensor(interp, a[1], dtype: nil)
            let n = try population.map { $0.shape.first ?? 0 } ?? interp.intArg(a[1])
            let replace = try interp.truthy(a[3])
            let shape: [Int]? = a[2].isNone ? nil : try NumpyModule.shapeArg(interp, a[2])
            let count = shape?.reduce(1, *) ?? 1
            guard n > 0 || count == 0 else { throw PyError.value("a cannot be empty unless no samples are taken") }
            let probabilities = try a[4].isNone ? nil : NumpyModule.toTensor(interp, a[4], dtype: .float64).doubles()
            if let p = probabilities {
                guard p.count == n else { throw PyError.value("a and p must have same size") }
                guard !p.contains(where: { $0 < 0 }) else { throw PyError.value("Probabilities are not non-negative") }
                guard abs(p.reduce(0, +) - 1) <= 1.4901161193847656e-08 else { throw PyError.value("Probabilities do not sum to 1. See Notes section of docstring for more information.") }
            }
            let picks: [Int]
            switch (replace, probabilities) {
            case (true, nil):
                picks = (0..<count).map { _ in Int(g.bounded(UInt64(n - 1))) }
            case (true, let p?):
                // numpy: uniform draws placed in the normalised running sum of p.
                var cdf = [Double](), total = 0.0
                for x in p { total += x; cdf.append(total) }
                cdf = cdf.map { $0 / total }
                picks = (0..<count).map { _ in
                    let u = g.double()
                    var lo = 0, hi = cdf.count
                    while lo < hi { let mid = (lo + hi) / 2; if cdf[mid] <= u { lo = mid + 1 } else { hi = mid } }
                    return lo
                }
            case (false, nil):
                guard count <= n else { throw PyError.value("Cannot take a larger sample than population when replace is False") }
                picks = g.sampleWithoutReplacement(n, count, shuffle: try interp.truthy(a[6]))
            case (false, _?):
                throw PyError.notImplemented("Generator.choice without replacement with p= is not supported by kscript yet")
            }
            guard let pop = population else {
                guard let shape else { return .int(picks[0]) }
                return .obj(PyNDArray(try tensorCall { try Tensor(picks.map { Double($0) }, shape: shape).astype(.int64) }))
            }
            let taken = try tensorCall { try pop.take(picks, indexShape: shape ?? [], axis: 0) }
            return shape == nil && pop.rank == 1 ? NumpyModule.numpyScalar(taken) : .obj(PyNDArray(taken))
        }
        return t
    }()
}
