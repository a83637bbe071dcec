// The root of kscript's heap objects; every object knows its Python type.

open class PyObject {
    public init() {}
    /// The object's Python type (`type(x)`).
    open var pyType: PyType { BuiltinTypes.object }
}

/// A variable captured by an inner function (a closure cell) or a module-level variable.
public final class Cell {
    public var value: Value
    public init(_ value: Value = .unbound) { self.value = value }
}

/// A module-level variable, with a fallback to the builtin of the same name when it is unbound.
public final class GlobalCell {
    public let name: String
    public var value: Value = .unbound
    /// The builtins module's cell for this name, when one exists.
    public var builtin: GlobalCell?
    public init(name: String) { self.name = name }
}

/// Arbitrary-precision integers beyond 64 bits (always normalised: a value that fits is `.int`).
import BigInt
import Foundation
public final class PyBigInt: PyObject {
    public let value: BigInt
    public init(_ value: BigInt) { self.value = value }
    public override var pyType: PyType { BuiltinTypes.int }
}

extension BigInt {
    /// The nearest double (round half to even), as CPython converts ints to float; inf when too large.
    var nearestDouble: Double {
        let mag = self.magnitude
        let width = mag.bitWidth
        if width <= 64 {
            let d = Double(UInt64(mag))
            return self.signum() < 0 ? -d : d
        }
        let shift = width - 64
        var top = UInt64(mag >> shift)
        // Fold the discarded bits into a sticky bit so rounding stays correct.
        if mag & ((BigUInt(1) << shift) - 1) != 0 { top |= 1 }
        let d = scalbn(Double(top), Int32(clamping: shift))
        return self.signum() < 0 ? -d : d
    }
}
