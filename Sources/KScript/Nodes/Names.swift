// Variable references, resolved before running to a local slot, a closure cell or a module cell.

public enum NameAccess {
    case unresolved
    case local(Int)
    case cell(Int, free: Bool)
    case global(GlobalCell)
    /// A name read or written in a class body: the class namespace first, then `fallback`.
    indirect case classBody(NameAccess)
}

public final class NameExpr: Expr {
    public let name: String
    public var access: NameAccess = .unresolved
    public init(_ name: String, _ pos: SourcePos) { self.name = name; super.init(pos) }

    public override func eval(_ f: Frame) throws -> Value {
        do { return try load(f, access) } catch let e as PyError { throw mark(e) }
    }

    @inline(__always) func load(_ f: Frame, _ a: NameAccess) throws -> Value {
        switch a {
        case .local(let i):
            let v = f.slots[i]
            if case .unbound = v {
                throw PyError(ExcTypes.unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
            }
            return v
        case .global(let g):
            let v = g.value
            if case .unbound = v {
                if let b = g.builtin, !b.value.isUnbound { return b.value }
                throw f.interp.nameError(name, frame: f)
            }
            return v
        case .cell(let i, let free):
            let v = f.cells[i].value
            if case .unbound = v {
                if free { throw PyError(ExcTypes.nameError, "cannot access free variable '\(name)' where it is not associated with a value in enclosing scope") }
                throw PyError(ExcTypes.unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
            }
            return v
        case .classBody(let fallback):
            if let ns = f.namespace, let v = ns.get(name) { return v }
            return try load(f, fallback)
        case .unresolved:
            throw PyError.runtime("internal error: unresolved name '\(name)'")
        }
    }

    public override func assign(_ f: Frame, _ v: Value) throws {
        switch access {
        case .local(let i): f.slots[i] = v
        case .global(let g): g.value = v
        case .cell(let i, _): f.cells[i].value = v
        case .classBody: f.namespace?.set(name, v)
        case .unresolved: throw PyError.runtime("internal error: unresolved name '\(name)'")
        }
    }

    public override func delete(_ f: Frame) throws {
        _ = try eval(f)
        switch access {
        case .local(let i): f.slots[i] = .unbound
        case .global(let g): g.value = .unbound
        case .cell(let i, _): f.cells[i].value = .unbound
        case .classBody: f.namespace?.storage.removeValue(forKey: HashKey(.string(name)))
        case .unresolved: break
        }
    }
}
