// numpy's ndarray as a kscript object: a tensor-core Tensor with numpy's operators, attributes,
// indexing and printing.
import KScript
import KTensor

class PyNDArray: PyObject, PyOperand, PyRepresentable, PyFormattable {
    let tensor: Tensor
    init(_ t: Tensor) { tensor = t }
    override var pyType: PyType { NumpyModule.ndarrayType }

    func repr(_ interp: Interpreter) throws -> String { ArrayPrinter(interp).repr(tensor) }
    func str(_ interp: Interpreter) throws -> String { ArrayPrinter(interp).str(tensor) }

    /// A 0-d array formats as its scalar (`f"{a.mean():.3f}"`); others only with an empty spec.
    func format(_ spec: String, _ interp: Interpreter) throws -> String {
        if tensor.rank == 0 {
            return spec.isEmpty ? ArrayPrinter(interp).str(tensor) : try Formatter.format(NumpyModule.scalar(tensor), spec, interp)
        }
        if !spec.isEmpty { throw PyError.type("unsupported format string passed to numpy.ndarray.__format__") }
        return ArrayPrinter(interp).str(tensor)
    }

    func binary(_ op: BinOp, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        let o: Tensor
        do { o = try NumpyModule.operand(other, like: tensor, interp) } catch let e as PyError where e.type === ExcTypes.overflowError { throw e } catch { return nil }
        let (a, b) = reflected ? (o, tensor) : (tensor, o)
        let kind: BinaryOp
        switch op {
        case .add: kind = .add
        case .sub: kind = .sub
        case .mul: kind = .mul
        case .div: kind = .div
        case .pow: kind = .pow
        case .floorDiv: kind = .floorDiv
        case .mod: kind = .mod
        case .matmul: return try NumpyModule.matmul(a, b)
        case .and: return NumpyModule.wrap(try tensorCall { try Tensor.bitwise(.and, a, b) })
        case .or: return NumpyModule.wrap(try tensorCall { try Tensor.bitwise(.or, a, b) })
        case .xor: return NumpyModule.wrap(try tensorCall { try Tensor.bitwise(.xor, a, b) })
        default: throw PyError.notImplemented("the operator \(op.rawValue) on numpy arrays is not supported by kscript yet")
        }
        return NumpyModule.wrap(try tensorCall { try Tensor.binary(kind, a, b) })
    }

    func compare(_ op: CmpOp, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard let kind = CompareOp(op) else { return nil }
        var (mine, o) = (tensor, try? NumpyModule.operand(other, like: tensor, interp))
        // A Python int beyond a small integer type compares by its value (numpy 2), in int64.
        if o == nil, case .int(let i) = other, !tensor.dtype.isFloating {
            mine = try tensorCall { try tensor.astype(.int64) }
            o = try tensorCall { try Tensor.scalar(Double(i), dtype: .int64) }
        }
        guard let o else { return nil }
        return NumpyModule.wrap(try tensorCall { try Tensor.compare(kind, mine, o) })
    }

    func unary(_ op: UnaryExpr.Op, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .neg: return NumpyModule.wrap(try tensorCall { try Tensor.unary(.neg, tensor) })
        case .pos: return .obj(self)
        case .invert: return NumpyModule.wrap(try tensorCall { try Tensor.invert(tensor) })
        default: return nil
        }
    }
}
