// The standard modules scripts use: math, random, time, sys, os and os.path natively;
// itertools, functools, collections, json, dataclasses, enum and the other pure modules from
// their kscript sources (Stdlib/).
import Foundation
import BigInt

extension Interpreter {
    func registerNativeModules() {
        nativeModules["math"] = { $0.makeMathModule() }
        nativeModules["random"] = { $0.makeRandomModule() }
        nativeModules["time"] = { $0.makeTimeModule() }
        nativeModules["sys"] = { $0.makeSysModule() }
        nativeModules["os"] = { $0.makeOSModule() }
        nativeModules["os.path"] = { $0.makeOSPathModule() }
        nativeModules["re"] = { $0.makeReModule() }
        nativeModules["builtins"] = { $0.builtins }
        nativeModules["traceback"] = { $0.makeTracebackModule() }
        stdlibSources["itertools"] = ItertoolsSource.text
        stdlibSources["functools"] = FunctoolsSource.text
        stdlibSources["collections"] = CollectionsSource.text
        stdlibSources["string"] = StringModuleSource.text
        stdlibSources["operator"] = OperatorSource.text
        stdlibSources["heapq"] = HeapqSource.text
        stdlibSources["bisect"] = BisectSource.text
        stdlibSources["copy"] = CopySource.text
        stdlibSources["typing"] = TypingSource.text
        stdlibSources["abc"] = AbcSource.text
        stdlibSources["dataclasses"] = DataclassesSource.text
        stdlibSources["enum"] = EnumSource.text
        stdlibSources["statistics"] = StatisticsSource.text
        stdlibSources["json"] = JsonSource.text
        stdlibSources["warnings"] = WarningsSource.text
        stdlibSources["contextlib"] = ContextlibSource.text
        stdlibSources["pprint"] = PprintSource.text
        stdlibSources["textwrap"] = TextwrapSource.text
        stdlibSources["types"] = SmallModulesSource.types
        stdlibSources["gc"] = SmallModulesSource.gc
        stdlibSources["timeit"] = SmallModulesSource.timeit
        stdlibSources["io"] = IoCsvSource.io
        stdlibSources["csv"] = IoCsvSource.csv
        stdlibSources["logging"] = LoggingFractionsSource.logging
        stdlibSources["fractions"] = LoggingFractionsSource.fractions
        stdlibSources["datetime"] = DatetimeSource.text
    }

    func makeMathModule() -> PyModule {
        func unary(_ name: String, _ f: @escaping (Double) -> Double, domain: ((Double) -> Bool)? = nil) -> (String, Value) {
            (name, nativeFunction(name, ["x"]) { interp, a in
                let x = try interp.floatArg(a[0])
                if let ok = domain, !ok(x) { throw PyError.value("math domain error") }
                let r = f(x)
                if r.isInfinite && x.isFinite { throw PyError.overflow("math range error") }
                return .float(r)
            })
        }
        var members: [(String, Value)] = [
            ("pi", .float(Double.pi)), ("e", .float(M_E)), ("tau", .float(2 * Double.pi)),
            ("inf", .float(.infinity)), ("nan", .float(.nan)),
            unary("sqrt", { $0.squareRoot() }, domain: { $0 >= 0 }),
            unary("exp", { Foundation.exp($0) }),
            unary("log2", { Foundation.log2($0) }, domain: { $0 > 0 }),
            unary("log10", { Foundation.log10($0) }, domain: { $0 > 0 }),
            unary("log1p", { Foundation.log1p($0) }, domain: { $0 > -1 }),
            unary("expm1", { Foundation.expm1($0) }),
            unary("sin", { Foundation.sin($0) }), unary("cos", { Foundation.cos($0) }), unary("tan", { Foundation.tan($0) }),
            unary("asin", { Foundation.asin($0) }, domain: { abs($0) <= 1 }), unary("acos", { Foundation.acos($0) }, domain: { abs($0) <= 1 }),
            unary("atan", { Foundation.atan($0) }), unary("sinh", { Foundation.sinh($0) }), unary("cosh", { Foundation.cosh($0) }),
            unary("tanh", { Foundation.tanh($0) }), unary("fabs", { abs($0) }),
            unary("degrees", { $0 * 180 / Double.pi }), unary("radians", { $0 * Double.pi / 180 }),
            unary("erf", { Foundation.erf($0) }), unary("erfc", { Foundation.erfc($0) }),
            unary("gamma", { Foundation.tgamma($0) }), unary("lgamma", { Foundation.lgamma($0) }),
        ]
        members.append(("log", nativeFunction("log", ["x", "base"], defaults: [.none]) { interp, a in
            let x: Double
            if let b = interp.bigArg(a[0]), b > 0, b.nearestDouble.isInfinite {
                x = Double(b.bitWidth) * M_LN2
            } else {
                let v = try interp.floatArg(a[0])
                if v <= 0 { throw PyError.value("math domain error") }
                x = Foundation.log(v)
            }
            if a[1].isNone { return .float(x) }
            let base = try interp.floatArg(a[1])
            if base <= 0 || base == 1 { throw PyError.value("math domain error") }
            return .float(x / Foundation.log(base))
        }))
        members.append(("pow", nativeFunction("pow", ["x", "y"]) { interp, a in
            .float(Foundation.pow(try interp.floatArg(a[0]), try interp.floatArg(a[1])))
        }))
        members.append(("atan2", nativeFunction("atan2", ["y", "x"]) { interp, a in
            .float(Foundation.atan2(try interp.floatArg(a[0]), try interp.floatArg(a[1])))
        }))
        members.append(("hypot", nativeFunction("hypot", ["*coordinates"]) { interp, a in
            let xs = try interp.iterateAll(a[0]).map { try interp.floatArg($0) }
            return .float(xs.reduce(0) { $0 + $1 * $1 }.squareRoot())
        }))
        for (name, rule) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up), ("trunc", .towardZero)] {
            members.append((name, nativeFunction(name, ["x"]) { interp, a in
                if interp.bigArg(a[0]) != nil { return try IntMethods.toInt(interp, a[0]) }
                let d = try interp.floatArg(a[0])
                if d.isNaN { throw PyError.value("cannot convert float NaN to integer") }
                if d.isInfinite { throw PyError.overflow("cannot convert float infinity to integer") }
                return .bigint(BigInt(d.rounded(rule)))
            }))
        }
        members.append(("isnan", nativeFunction("isnan", ["x"]) { interp, a in .bool(try interp.floatArg(a[0]).isNaN) }))
        members.append(("isinf", nativeFunction("isinf", ["x"]) { interp, a in .bool(try interp.floatArg(a[0]).isInfinite) }))
        members.append(("isfinite", nativeFunction("isfinite", ["x"]) { interp, a in .bool(try interp.floatArg(a[0]).isFinite) }))
        members.append(("isclose", nativeFunction("isclose", ["a", "b", "*", "rel_tol", "abs_tol"], kwDefaults: ["rel_tol": .float(1e-9), "abs_tol": .float(0)]) { interp, a in
            let x = try interp.floatArg(a[0]), y = try interp.floatArg(a[1])
            let rt = try interp.floatArg(a[2]), at = try interp.floatArg(a[3])
            if x == y { return .bool(true) }
            if x.isInfinite || y.isInfinite { return .bool(false) }
            let d = abs(x - y)
            return .bool(d <= abs(rt * y) || d <= abs(rt * x) || d <= at)
        }))
        members.append(("copysign", nativeFunction("copysign", ["x", "y"]) { interp, a in
            .float(Foundation.copysign(try interp.floatArg(a[0]), try interp.floatArg(a[1])))
        }))
        members.append(("fmod", nativeFunction("fmod", ["x", "y"]) { interp, a in
            let y = try interp.floatArg(a[1])
            if y == 0 { throw PyError.value("math domain error") }
            return .float(Foundation.fmod(try interp.floatArg(a[0]), y))
        }))
        members.append(("factorial", nativeFunction("factorial", ["n"]) { interp, a in
            if case .float = a[0] { throw PyError.type("'float' object cannot be interpreted as an integer") }
            let n = try interp.intArg(a[0])
            if n < 0 { throw PyError.value("factorial() not defined for negative values") }
            var r = BigInt(1)
            if n > 1 { for i in 2...n { r *= BigInt(i) } }
            return .bigint(r)
        }))
        members.append(("gcd", nativeFunction("gcd", ["*integers"]) { interp, a in
            var g = BigInt(0)
            for v in try interp.iterateAll(a[0]) {
                guard let b = interp.bigArg(v) else { throw PyError.type("'\(interp.typeName(v))' object cannot be interpreted as an integer") }
                g = g.greatestCommonDivisor(with: b)
            }
            return .bigint(g)
        }))
        members.append(("fsum", nativeFunction("fsum", ["iterable"]) { interp, a in
            // Neumaier compensated summation.
            var s = 0.0, c = 0.0
            for v in try interp.iterateAll(a[0]) {
                let x = try interp.floatArg(v)
                let t = s + x
                c += abs(s) >= abs(x) ? (s - t) + x : (x - t) + s
                s = t
            }
            return .float(s + c)
        }))
        members.append(("prod", nativeFunction("prod", ["iterable", "*", "start"], kwDefaults: ["start": .int(1)]) { interp, a in
            var acc = a[1]
            for v in try interp.iterateAll(a[0]) { acc = try interp.binary(.mul, acc, v) }
            return acc
        }))
        members.append(("comb", nativeFunction("comb", ["n", "k"]) { interp, a in
            let n = try interp.intArg(a[0]), k = try interp.intArg(a[1])
            if n < 0 || k < 0 { throw PyError.value("n must be a non-negative integer") }
            if k > n { return .int(0) }
            var r = BigInt(1)
            for i in 0..<min(k, n - k) { r = r * BigInt(n - i) / BigInt(i + 1) }
            return .bigint(r)
        }))
        members.append(("perm", nativeFunction("perm", ["n", "k"], defaults: [.none]) { interp, a in
            let n = try interp.intArg(a[0]), k = a[1].isNone ? n : try interp.intArg(a[1])
            if n < 0 { throw PyError.value("n must be a non-negative integer") }
            if k < 0 { throw PyError.value("k must be a non-negative integer") }
            if k > n { return .int(0) }
            var r = BigInt(1)
            for i in 0..<k { r *= BigInt(n - i) }
            return .bigint(r)
        }))
        members.append(("lcm", nativeFunction("lcm", ["*integers"]) { interp, a in
            var l = BigInt(1)
            for v in try interp.iterateAll(a[0]) {
                guard let b = interp.bigArg(v) else { throw PyError.type("'\(interp.typeName(v))' object cannot be interpreted as an integer") }
                if b == 0 { return .int(0) }
                l = BigInt((l * b).magnitude) / l.greatestCommonDivisor(with: b)
            }
            return .bigint(l)
        }))
        members.append(("dist", nativeFunction("dist", ["p", "q"]) { interp, a in
            let p = try interp.iterateAll(a[0]).map { try interp.floatArg($0) }, q = try interp.iterateAll(a[1]).map { try interp.floatArg($0) }
            guard p.count == q.count else { throw PyError.value("both points must have the same number of dimensions") }
            return .float(zip(p, q).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot())
        }))
        members.append(("modf", nativeFunction("modf", ["x"]) { interp, a in
            let x = try interp.floatArg(a[0])
            if x.isInfinite { return .obj(PyTuple([.float(Foundation.copysign(0, x)), .float(x)])) }
            let whole = x.rounded(.towardZero)
            return .obj(PyTuple([.float(Foundation.copysign(x - whole, x)), .float(whole)]))
        }))
        members.append(("frexp", nativeFunction("frexp", ["x"]) { interp, a in
            let x = try interp.floatArg(a[0])
            if x == 0 || !x.isFinite { return .obj(PyTuple([.float(x), .int(0)])) }
            let e = Int(x.exponent) + 1
            return .obj(PyTuple([.float(x / Foundation.pow(2, Double(e))), .int(e)]))
        }))
        members.append(("ldexp", nativeFunction("ldexp", ["x", "i"]) { interp, a in
            .float(Foundation.scalbn(try interp.floatArg(a[0]), try interp.intArg(a[1])))
        }))
        members.append(("remainder", nativeFunction("remainder", ["x", "y"]) { interp, a in
            .float(Foundation.remainder(try interp.floatArg(a[0]), try interp.floatArg(a[1])))
        }))
        members.append(("ulp", nativeFunction("ulp", ["x"]) { interp, a in .float(abs(try interp.floatArg(a[0])).ulp) }))
        members.append(("nextafter", nativeFunction("nextafter", ["x", "y"]) { interp, a in
            let x = try interp.floatArg(a[0]), y = try interp.floatArg(a[1])
            return .float(x == y ? y : (y > x ? x.nextUp : x.nextDown))
        }))
        members.append(unary("cbrt", { Foundation.cbrt($0) }))
        members.append(unary("exp2", { Foundation.exp2($0) }))
        members.append(("isqrt", nativeFunction("isqrt", ["n"]) { interp, a in
            guard let n = interp.bigArg(a[0]) else { throw PyError.type("'\(interp.typeName(a[0]))' object cannot be interpreted as an integer") }
            if n < 0 { throw PyError.value("isqrt() argument must be nonnegative") }
            return .bigint(n.squareRoot())
        }))
        return makeNativeModule("math", members)
    }

    func makeRandomModule() -> PyModule {
        var members: [(String, Value)] = []
        members.append(("seed", nativeFunction("seed", ["a"], defaults: [.none]) { interp, a in
            switch a[0] {
            case .none: interp.random.seedFromTime()
            case .str(let s):
                // Python seeds from a string via SHA-512; kscript uses the UTF-8 bytes.
                interp.random.seedPython(words: stride(from: 0, to: s.value.utf8.count, by: 4).map { i in
                    let b = Array(s.value.utf8)
                    var w: UInt32 = 0
                    for k in 0..<4 where i + k < b.count { w |= UInt32(b[i + k]) << (8 * UInt32(k)) }
                    return w
                })
            case .float(let d): interp.random.seedPython(words: interp.words(BigUInt(d.bitPattern)))
            default:
                guard let b = interp.bigArg(a[0]) else { throw PyError.type("The only supported seed types are: None, int, float, str") }
                interp.random.seedPython(words: interp.words(b.magnitude))
            }
            return .none
        }))
        members.append(("random", nativeFunction("random", []) { interp, _ in .float(interp.random.nextDouble()) }))
        members.append(("uniform", nativeFunction("uniform", ["a", "b"]) { interp, a in
            let x = try interp.floatArg(a[0]), y = try interp.floatArg(a[1])
            return .float(x + (y - x) * interp.random.nextDouble())
        }))
        members.append(("randint", nativeFunction("randint", ["a", "b"]) { interp, a in
            let lo = try interp.intArg(a[0]), hi = try interp.intArg(a[1])
            if hi < lo { throw PyError.value("empty range in randrange(\(lo), \(hi + 1))") }
            return .int(lo + interp.random.below(hi - lo + 1))
        }))
        members.append(("randrange", nativeFunction("randrange", ["start", "stop", "step"], defaults: [.none, .int(1)]) { interp, a in
            var lo = try interp.intArg(a[0]), hi = 0
            if a[1].isNone { hi = lo; lo = 0 } else { hi = try interp.intArg(a[1]) }
            let step = try interp.intArg(a[2])
            if step == 0 { throw PyError.value("zero step for randrange()") }
            let n = step > 0 ? (hi - lo + step - 1) / step : (hi - lo + step + 1) / step
            if n <= 0 { throw PyError.value("empty range for randrange()") }
            return .int(lo + step * interp.random.below(n))
        }))
        members.append(("choice", nativeFunction("choice", ["seq"]) { interp, a in
            let n = try interp.len(a[0])
            if n == 0 { throw PyError.index("Cannot choose from an empty sequence") }
            return try interp.getItem(a[0], .int(interp.random.below(n)))
        }))
        members.append(("shuffle", nativeFunction("shuffle", ["x"]) { interp, a in
            guard case .obj(let l as PyList) = a[0] else { throw PyError.type("shuffle() needs a list") }
            var i = l.items.count - 1
            while i > 0 {
                let j = interp.random.below(i + 1)
                l.items.swapAt(i, j)
                i -= 1
            }
            return .none
        }))
        members.append(("sample", nativeFunction("sample", ["population", "k"]) { interp, a in
            var pool = try interp.iterateAll(a[0])
            let k = try interp.intArg(a[1])
            if k < 0 || k > pool.count { throw PyError.value("Sample larger than population or is negative") }
            // CPython draws from a shrinking pool for small populations, else by rejection.
            var setSize = 21
            if k > 5 { setSize += Int(pow(4.0, ceil(log(Double(k * 3)) / log(4.0)))) }
            let n = pool.count
            var out: [Value] = []
            if n <= setSize {
                for i in 0..<k {
                    let j = interp.random.below(n - i)
                    out.append(pool[j]); pool[j] = pool[n - i - 1]
                }
            } else {
                var selected = Set<Int>()
                for _ in 0..<k {
                    var j = interp.random.below(n)
                    while selected.contains(j) { j = interp.random.below(n) }
                    selected.insert(j)
                    out.append(pool[j])
                }
            }
            return .obj(PyList(out))
        }))
        members.append(("choices", nativeFunction("choices", ["population", "weights", "*", "cum_weights", "k"], defaults: [.none],
                                                   kwDefaults: ["cum_weights": .none, "k": .int(1)]) { interp, a in
            let population = try interp.iterateAll(a[0])
            let k = try interp.intArg(a[3])
            let n = population.count
            // CPython indexes the empty population and fails the same way.
            if n == 0 && k > 0 { throw PyError.index("list index out of range") }
            var out: [Value] = []
            if a[1].isNone && a[2].isNone {
                for _ in 0..<max(k, 0) { out.append(population[Int((interp.random.nextDouble() * Double(n)).rounded(.down))]) }
                return .obj(PyList(out))
            }
            if !a[1].isNone && !a[2].isNone { throw PyError.type("Cannot specify both weights and cumulative weights") }
            var cumulative: [Double] = []
            if !a[2].isNone { cumulative = try interp.iterateAll(a[2]).map { try interp.floatArg($0) } } else {
                var total = 0.0
                for w in try interp.iterateAll(a[1]) { total += try interp.floatArg(w); cumulative.append(total) }
            }
            if cumulative.count != n { throw PyError.value("The number of weights does not match the population") }
            guard let total = cumulative.last, total > 0, total.isFinite else { throw PyError.value("Total of weights must be greater than zero") }
            for _ in 0..<max(k, 0) {
                // bisect_right over the cumulative weights, never past the last item.
                let x = interp.random.nextDouble() * total
                var lo = 0, hi = n - 1
                while lo < hi { let mid = (lo + hi) / 2; if x < cumulative[mid] { hi = mid } else { lo = mid + 1 } }
                out.append(population[lo])
            }
            return .obj(PyList(out))
        }))
        members.append(("getrandbits", nativeFunction("getrandbits", ["k"]) { interp, a in
            var k = try interp.intArg(a[0])
            if k < 0 { throw PyError.value("number of bits must be non-negative") }
            var value = BigInt(0), shift = 0
            while k > 0 {
                let word = k >= 32 ? interp.random.next32() : interp.random.bits(k)
                value |= BigInt(word) << shift
                shift += 32; k -= 32
            }
            return .bigint(value)
        }))
        members.append(("triangular", nativeFunction("triangular", ["low", "high", "mode"], defaults: [.float(0), .float(1), .none]) { interp, a in
            var low = try interp.floatArg(a[0]), high = try interp.floatArg(a[1])
            var u = interp.random.nextDouble()
            var c = 0.5
            if !a[2].isNone {
                if high == low { return .float(low) }
                c = (try interp.floatArg(a[2]) - low) / (high - low)
            }
            if u > c { u = 1 - u; c = 1 - c; swap(&low, &high) }
            return .float(low + (high - low) * (u * c).squareRoot())
        }))
        members.append(("gammavariate", nativeFunction("gammavariate", ["alpha", "beta"]) { interp, a in
            .float(try interp.gammaVariate(try interp.floatArg(a[0]), try interp.floatArg(a[1])))
        }))
        members.append(("betavariate", nativeFunction("betavariate", ["alpha", "beta"]) { interp, a in
            let y = try interp.gammaVariate(try interp.floatArg(a[0]), 1)
            return .float(y == 0 ? 0 : y / (y + (try interp.gammaVariate(try interp.floatArg(a[1]), 1))))
        }))
        members.append(("expovariate", nativeFunction("expovariate", ["lambd"], defaults: [.float(1)]) { interp, a in
            .float(-log(1 - interp.random.nextDouble()) / (try interp.floatArg(a[0])))
        }))
        members.append(("gauss", nativeFunction("gauss", ["mu", "sigma"], defaults: [.float(0), .float(1)]) { interp, a in
            try interp.gauss(a)
        }))
        members.append(("normalvariate", nativeFunction("normalvariate", ["mu", "sigma"], defaults: [.float(0), .float(1)]) { interp, a in
            try interp.normalVariate(a)
        }))
        return makeNativeModule("random", members)
    }

    /// Python's gammavariate: Cheng's rejection method above alpha 1, Kennedy and Gentle's
    /// algorithm GS below it, an exponential draw at 1.
    func gammaVariate(_ alpha: Double, _ beta: Double) throws -> Double {
        guard alpha > 0, beta > 0 else { throw PyError.value("gammavariate: alpha and beta must be > 0.0") }
        if alpha > 1 {
            let ainv = (2 * alpha - 1).squareRoot(), bbb = alpha - log(4.0), ccc = alpha + ainv
            let magic = 1 + log(4.5)
            while true {
                let u1 = random.nextDouble()
                if !(1e-7 < u1 && u1 < 0.9999999) { continue }
                let u2 = 1 - random.nextDouble()
                let v = log(u1 / (1 - u1)) / ainv
                let x = alpha * exp(v)
                let z = u1 * u1 * u2
                let r = bbb + ccc * v - x
                if r + magic - 4.5 * z >= 0 || r >= log(z) { return x * beta }
            }
        }
        if alpha == 1 { return -log(1 - random.nextDouble()) * beta }
        while true {
            let u = random.nextDouble()
            let b = (M_E + alpha) / M_E
            let p = b * u
            let x = p <= 1 ? pow(p, 1 / alpha) : -log((b - p) / alpha)
            let u1 = random.nextDouble()
            if p > 1 ? u1 <= pow(x, alpha - 1) : u1 <= exp(-x) { return x * beta }
        }
    }

    /// Python's gauss: Box-Muller, one value of each pair kept for the next call.
    func gauss(_ a: [Value]) throws -> Value {
        let mu = try floatArg(a[0]), sigma = try floatArg(a[1])
        let z: Double
        if let kept = random.gaussNext {
            z = kept
            random.gaussNext = nil
        } else {
            let angle = random.nextDouble() * 2 * Double.pi
            let radius = (-2.0 * log(1.0 - random.nextDouble())).squareRoot()
            z = cos(angle) * radius
            random.gaussNext = sin(angle) * radius
        }
        return .float(mu + z * sigma)
    }

    /// Python's normalvariate (Kinderman and Monahan's ratio method).
    func normalVariate(_ a: [Value]) throws -> Value {
        let mu = try floatArg(a[0]), sigma = try floatArg(a[1])
        let magic = 4 * exp(-0.5) / 2.0.squareRoot()
        while true {
            let u1 = random.nextDouble()
            let u2 = 1.0 - random.nextDouble()
            let z = magic * (u1 - 0.5) / u2
            if z * z / 4.0 <= -log(u2) { return .float(mu + z * sigma) }
        }
    }

    /// 32-bit words of a non-negative integer, least significant first.
    func words(_ b: BigUInt) -> [UInt32] {
        var x = b
        var out: [UInt32] = []
        while x > 0 { out.append(UInt32(x & 0xffffffff)); x >>= 32 }
        return out
    }

    func makeTimeModule() -> PyModule {
        makeNativeModule("time", [
            ("time", nativeFunction("time", []) { _, _ in .float(Date().timeIntervalSince1970) }),
            ("perf_counter", nativeFunction("perf_counter", []) { _, _ in
                var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t)
                return .float(Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9)
            }),
            ("monotonic", nativeFunction("monotonic", []) { _, _ in
                var t = timespec(); clock_gettime(CLOCK_MONOTONIC, &t)
                return .float(Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9)
            }),
            ("process_time", nativeFunction("process_time", []) { _, _ in .float(Double(clock()) / Double(CLOCKS_PER_SEC)) }),
            ("sleep", nativeFunction("sleep", ["secs"]) { interp, a in
                let s = try interp.floatArg(a[0])
                if s < 0 { throw PyError.value("sleep length must be non-negative") }
                var left = s
                while left > 0 {
                    try interp.checkInterrupt()
                    let step = min(left, 0.05)
                    usleep(UInt32(step * 1e6)); left -= step
                }
                return .none
            }),
            // The local calendar fields of a time (datetime's now and fromtimestamp use them):
            // (year, month, day, hour, minute, second, weekday with Monday 0, day of year).
            ("_localtime", nativeFunction("_localtime", ["secs"]) { interp, a in
                var t = time_t(try interp.floatArg(a[0]).rounded(.down)); var tmv = tm(); localtime_r(&t, &tmv)
                return .obj(PyTuple([Int(tmv.tm_year) + 1900, Int(tmv.tm_mon) + 1, Int(tmv.tm_mday), Int(tmv.tm_hour), Int(tmv.tm_min),
                                     Int(tmv.tm_sec), (Int(tmv.tm_wday) + 6) % 7, Int(tmv.tm_yday) + 1].map { .int($0) }))
            }),
            ("strftime", nativeFunction("strftime", ["format"]) { interp, a in
                let fmt = try interp.strArg(a[0], "strftime() argument")
                var t = time(nil); var tmv = tm(); localtime_r(&t, &tmv)
                var buf = [Int8](repeating: 0, count: 256)
                let n = Foundation.strftime(&buf, 256, fmt, &tmv)
                return .string(String(cString: Array(buf[0..<n]) + [0]))
            }),
        ])
    }

    func makeSysModule() -> PyModule {
        let m = makeNativeModule("sys", [
            ("argv", .obj(PyList(argv.map { .string($0) }))),
            ("stdout", .obj(PyStdStream(isErr: false))),
            ("stderr", .obj(PyStdStream(isErr: true))),
            ("platform", .string("linux")),
            ("version", .string("3.12.0 (kscript)")),
            ("version_info", .obj(PyTuple([.int(3), .int(12), .int(0), .string("final"), .int(0)]))),
            ("maxsize", .int(Int.max)),
            ("path", .obj(PyList(searchPaths.map { .string($0) }))),
            ("exit", nativeFunction("exit", ["status"], defaults: [.none]) { _, a in
                throw PyError(ExcTypes.systemExit, args: a[0].isNone ? [] : [a[0]])
            }),
            ("getrecursionlimit", nativeFunction("getrecursionlimit", []) { interp, _ in .int(interp.recursionLimit) }),
            ("exc_info", nativeFunction("exc_info", []) { interp, _ in
                guard let e = interp.handledException else { return .obj(PyTuple([.none, .none, .none])) }
                return .obj(PyTuple([.obj(e.cls), .obj(e), .none]))
            }),
            ("setrecursionlimit", nativeFunction("setrecursionlimit", ["limit"]) { interp, a in
                let n = try interp.intArg(a[0])
                if n < 1 { throw PyError.value("recursion limit must be greater or equal than 1") }
                interp.recursionLimit = min(n, Interpreter.maxRecursionLimit)
                return .none
            }),
        ])
        // The attributes of CPython's sys.float_info (a plain namespace here, not a struct sequence).
        m.set("float_info", .obj(makeNativeModule("sys.float_info", [
            ("max", .float(Double.greatestFiniteMagnitude)), ("max_exp", .int(1024)), ("max_10_exp", .int(308)),
            ("min", .float(Double.leastNormalMagnitude)), ("min_exp", .int(-1021)), ("min_10_exp", .int(-307)),
            ("dig", .int(15)), ("mant_dig", .int(53)), ("epsilon", .float(Double.ulpOfOne)), ("radix", .int(2)), ("rounds", .int(1)),
        ])))
        m.set("modules", .obj(PyDict(.init(uniqueKeysWithValues: modules.map { (HashKey(.string($0.key)), Value.obj($0.value)) }))))
        return m
    }

    /// The deepest recursion the interpreter's stack can hold safely.
    public static let maxRecursionLimit = 20000

    func makeOSModule() -> PyModule {
        let env = PyDict()
        for (k, v) in ProcessInfo.processInfo.environment { env.set(k, .string(v)) }
        let m = makeNativeModule("os", [
            ("environ", .obj(env)),
            ("sep", .string("/")),
            ("getcwd", nativeFunction("getcwd", []) { _, _ in .string(FileManager.default.currentDirectoryPath) }),
            ("listdir", nativeFunction("listdir", ["path"], defaults: [.string(".")]) { interp, a in
                let p = try interp.strArg(a[0], "listdir() argument")
                do { return .obj(PyList(try FileManager.default.contentsOfDirectory(atPath: p).sorted().map { .string($0) })) }
                catch { throw PyError.os(ExcTypes.fileNotFoundError, errno: 2, "No such file or directory", filename: p) }
            }),
            ("makedirs", nativeFunction("makedirs", ["name", "mode", "exist_ok"], defaults: [.int(0o777), .bool(false)]) { interp, a in
                let p = try interp.strArg(a[0], "makedirs() argument")
                if FileManager.default.fileExists(atPath: p) {
                    if try interp.truthy(a[2]) { return .none }
                    throw PyError.os(ExcTypes.fileExistsError, errno: 17, "File exists", filename: p)
                }
                try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
                return .none
            }),
            ("mkdir", nativeFunction("mkdir", ["path"]) { interp, a in
                let p = try interp.strArg(a[0], "mkdir() argument")
                if Foundation.mkdir(p, 0o777) != 0 {
                    throw PyError.os(errno: errno, filename: p)
                }
                return .none
            }),
            ("remove", nativeFunction("remove", ["path"]) { interp, a in
                let p = try interp.strArg(a[0], "remove() argument")
                if unlink(p) != 0 { throw PyError.os(errno: errno, filename: p) }
                return .none
            }),
            ("getenv", nativeFunction("getenv", ["key", "default"], defaults: [.none]) { interp, a in
                ProcessInfo.processInfo.environment[try interp.strArg(a[0], "getenv() argument")].map { .string($0) } ?? a[1]
            }),
        ])
        if let p = try? loadOne("os.path") { m.set("path", .obj(p)) }
        return m
    }

    func makeOSPathModule() -> PyModule {
        func pathFn(_ name: String, _ f: @escaping (String) -> Value) -> (String, Value) {
            (name, nativeFunction(name, ["path"]) { interp, a in f(try interp.strArg(a[0], "\(name)() argument")) })
        }
        return makeNativeModule("os.path", [
            pathFn("exists") { .bool(FileManager.default.fileExists(atPath: $0)) },
            pathFn("isfile") { var d: ObjCBool = false; return .bool(FileManager.default.fileExists(atPath: $0, isDirectory: &d) && !d.boolValue) },
            pathFn("isdir") { var d: ObjCBool = false; return .bool(FileManager.default.fileExists(atPath: $0, isDirectory: &d) && d.boolValue) },
            pathFn("basename") { p in .string(p.hasSuffix("/") ? "" : String(p.split(separator: "/", omittingEmptySubsequences: false).last ?? "")) },
            pathFn("dirname") { p in
                guard let i = p.lastIndex(of: "/") else { return .string("") }
                let d = String(p[..<i])
                return .string(d.isEmpty ? "/" : d)
            },
            pathFn("abspath") { p in .string(URL(fileURLWithPath: p).standardizedFileURL.path) },
            pathFn("expanduser") { p in .string((p as NSString).expandingTildeInPath) },
            pathFn("splitext") { p in
                let base = p.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? p
                guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return .obj(PyTuple([.string(p), .string("")])) }
                let ext = String(base[dot...])
                return .obj(PyTuple([.string(String(p.dropLast(ext.count))), .string(ext)]))
            },
            pathFn("getsize") { p in .int(((try? FileManager.default.attributesOfItem(atPath: p))?[.size] as? Int) ?? 0) },
            ("join", nativeFunction("join", ["a", "*p"]) { interp, a in
                var out = try interp.strArg(a[0], "join() argument")
                for x in try interp.iterateAll(a[1]) {
                    let s = try interp.strArg(x, "join() argument")
                    if s.hasPrefix("/") { out = s } else if out.isEmpty || out.hasSuffix("/") { out += s } else { out += "/" + s }
                }
                return .string(out)
            }),
            ("sep", .string("/")),
        ])
    }
}
