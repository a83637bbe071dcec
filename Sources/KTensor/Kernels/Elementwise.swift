// Elementwise arithmetic with broadcasting, and the unary math functions, over float tensors.
import CKernels
import Foundation

public enum BinaryOp { case add, sub, mul, div, pow, maximum, minimum, floorDiv, mod }

public enum UnaryOp { case neg, exp, log, sqrt, tanh, sigmoid, relu, abs, square }

extension Tensor {
    /// `a op b` with numpy broadcasting and type promotion (true division always gives floats).
    /// `reusing`: a contiguous float tensor of the result's shape and dtype (an operand itself,
    /// when it is no longer needed) that receives the result instead of a new allocation.
    public static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, reusing: Tensor? = nil) throws -> Tensor {
        var type = DType.promote(a.dtype, b.dtype)
        if type == .bool {
            // numpy: + is logical or, * logical and; - is refused; the rest compute in integers.
            switch op {
            case .add, .mul, .maximum, .minimum: break
            case .sub: throw TensorError.type("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
            case .div: type = .float64
            case .pow, .floorDiv, .mod: type = .int64
            }
        } else if !type.isFloating && op == .div {
            type = .float64
        }
        if op == .pow && !type.isFloating && b.doubles().contains(where: { $0 < 0 }) {
            throw TensorError.value("Integers to negative integer powers are not allowed.")
        }
        let shape = try Broadcast.shape(a.shape, b.shape)
        let reusable = reusing.flatMap { r in r.shape == shape && r.dtype == type && type.isFloating && r.isContiguous && r.offset == 0 ? r : nil }
        let out = try reusable ?? Tensor.unfilled(shape, dtype: type)  // every path writes every element
        let x = try a.astype(type), y = try b.astype(type)
        switch type {
        case .float32: binaryKernel(op, x, y, out, Float.self)
        case .float64: binaryKernel(op, x, y, out, Double.self)
        default: try integerBinary(op, x, y, out)
        }
        return out
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    static func binaryKernel<T: BinaryFloatingPoint & ElementaryFunctionsLike>(_ op: BinaryOp, _ a: Tensor, _ b: Tensor, _ out: Tensor, _: T.Type) {
        switch op {
        case .add: binaryLoop(a, b, out, T.self) { $0 + $1 }
        case .sub: binaryLoop(a, b, out, T.self) { $0 - $1 }
        case .mul: binaryLoop(a, b, out, T.self) { $0 * $1 }
        case .div: binaryLoop(a, b, out, T.self) { $0 / $1 }
        case .pow: binaryLoop(a, b, out, T.self) { T.power($0, $1) }
        case .maximum: binaryLoop(a, b, out, T.self) { x, y in x.isNaN || y.isNaN ? .nan : Swift.max(x, y) }
        case .minimum: binaryLoop(a, b, out, T.self) { x, y in x.isNaN || y.isNaN ? .nan : Swift.min(x, y) }
        case .floorDiv: binaryLoop(a, b, out, T.self) { floorDivision($0, $1).quotient }
        case .mod: binaryLoop(a, b, out, T.self) { floorDivision($0, $1).remainder }
        }
    }

    /// `out = f(a, b)` elementwise: one plain loop (which the compiler vectorizes) when both
    /// operands are laid out like the result or one is a single value, the broadcast walk otherwise.
    @inline(__always)
    static func binaryLoop<T>(_ a: Tensor, _ b: Tensor, _ out: Tensor, _: T.Type, _ f: (T, T) -> T) {
        let pa = a.base(T.self), pb = b.base(T.self), po = out.base(T.self)
        let n = out.count
        let aWhole = a.isContiguous && a.shape == out.shape, bWhole = b.isContiguous && b.shape == out.shape
        if aWhole && bWhole {
            for i in 0..<n { po[i] = f(pa[i], pb[i]) }
        } else if aWhole && b.count == 1 {
            let y = pb[0]
            for i in 0..<n { po[i] = f(pa[i], y) }
        } else if bWhole && a.count == 1 {
            let x = pa[0]
            for i in 0..<n { po[i] = f(x, pb[i]) }
        } else {
            Broadcast.walk(out.shape, Broadcast.strides(of: a, to: out.shape), Broadcast.strides(of: b, to: out.shape)) { k, i, j in
                po[k] = f(pa[i], pb[j])
            }
        }
    }

    /// Python's and numpy's divmod: the remainder takes the divisor's sign; the quotient is
    /// computed from the exact remainder so that q * y + r reproduces x as closely as possible.
    @inline(__always)
    static func floorDivision<T: BinaryFloatingPoint>(_ x: T, _ y: T) -> (quotient: T, remainder: T) {
        if y == 0 { return (x / y, T.nan) }
        var remainder = x.truncatingRemainder(dividingBy: y)
        var division = (x - remainder) / y
        if remainder != 0 {
            if (y < 0) != (remainder < 0) { remainder += y; division -= 1 }
        } else {
            remainder = T(signOf: y, magnitudeOf: 0)
        }
        guard division != 0 else { return (T(signOf: x / y, magnitudeOf: 0), remainder) }
        var quotient = division.rounded(.down)
        if division - quotient > 0.5 { quotient += 1 }
        return (quotient, remainder)
    }

    public static func unary(_ op: UnaryOp, _ a: Tensor) throws -> Tensor {
        // numpy keeps integers (and booleans, for abs) integral where the result is exact.
        if !a.dtype.isFloating && [.abs, .neg, .square].contains(op) {
            if a.dtype == .bool && op == .abs { return try a.astype(.bool, copy: true) }
            let type: DType = a.dtype == .bool ? .int64 : a.dtype
            let x = try a.astype(type), out = try Tensor.zeros(a.shape, dtype: type)
            for (k, p) in x.positions().enumerated() {
                let v = x.double(at: p)
                out.setDouble(op == .abs ? Swift.abs(v) : op == .neg ? -v : v * v, at: k)
            }
            return out
        }
        let type: DType = a.dtype.isFloating ? a.dtype : .float64
        let x = try a.astype(type).contiguous()
        let out = try Tensor.unfilled(a.shape, dtype: type)
        if type == .float32 { unaryKernel(op, x, out, Float.self) } else { unaryKernel(op, x, out, Double.self) }
        return out
    }

    /// Large arrays are split between the two cores (the libm functions cost the most, so they split sooner).
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func unaryKernel<T: BinaryFloatingPoint & ElementaryFunctionsLike>(_ op: UnaryOp, _ a: Tensor, _ out: Tensor, _: T.Type) {
        let pa = a.base(T.self), po = out.base(T.self)
        let n = out.count
        let perElement = [.exp, .log, .tanh, .sigmoid].contains(op) ? 8 : 1
        forEachHalf(0..<n, work: n * perElement) { range in
            switch op {
            case .neg: for i in range { po[i] = -pa[i] }
            case .exp where T.self == Double.self:
                ks_exp_f64(UnsafeRawPointer(pa + range.lowerBound).assumingMemoryBound(to: Double.self),
                           UnsafeMutableRawPointer(po + range.lowerBound).assumingMemoryBound(to: Double.self), range.count)
            case .exp: for i in range { po[i] = T.exp(pa[i]) }
            case .log: for i in range { po[i] = T.log(pa[i]) }
            case .sqrt: for i in range { po[i] = pa[i].squareRoot() }
            case .tanh: for i in range { po[i] = T.tanh(pa[i]) }
            case .sigmoid: for i in range { po[i] = 1 / (1 + T.exp(-pa[i])) }
            case .relu: for i in range { po[i] = pa[i] > 0 ? pa[i] : 0 }
            case .abs: for i in range { po[i] = Swift.abs(pa[i]) }
            case .square: for i in range { po[i] = pa[i] * pa[i] }
            }
        }
    }
}

/// The libm functions the kernels need, for Float and Double alike.
public protocol ElementaryFunctionsLike {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func power(_ x: Self, _ y: Self) -> Self
}

extension Float: ElementaryFunctionsLike {
    public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    public static func log(_ x: Float) -> Float { Foundation.logf(x) }
    public static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
    public static func power(_ x: Float, _ y: Float) -> Float { Foundation.powf(x, y) }
}

extension Double: ElementaryFunctionsLike {
    public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    public static func log(_ x: Double) -> Double { Foundation.log(x) }
    public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    public static func power(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
}
