// The base classes of the executable syntax tree: expressions evaluate, statements execute.

open class Expr {
    public let pos: SourcePos
    /// Where the expression ends (set by the parser), for traceback carets.
    public var end: SourcePos
    public init(_ pos: SourcePos) { self.pos = pos; self.end = pos }

    /// The source range CPython reports for an error raised by this expression.
    open var errorPosition: ErrorPosition { ErrorPosition(start: pos, end: end, anchors: nil) }

    /// Records this expression as where an exception arose in the current frame (innermost wins).
    @inline(__always) public func mark(_ e: PyError) -> PyError {
        if e.exc.pendingPosition == nil { e.exc.pendingPosition = errorPosition }
        return e
    }
    open func eval(_ f: Frame) throws -> Value {
        throw PyError.runtime("internal error: \(Swift.type(of: self)) cannot be evaluated")
    }
    /// Stores a value into this expression as an assignment target.
    open func assign(_ f: Frame, _ v: Value) throws {
        throw PyError.runtime("internal error: \(Swift.type(of: self)) is not an assignment target")
    }
    open func delete(_ f: Frame) throws {
        throw PyError.runtime("internal error: \(Swift.type(of: self)) cannot be deleted")
    }
}

open class Stmt {
    public let line: Int
    public init(line: Int) { self.line = line }
    open func exec(_ f: Frame) throws -> Flow { .normal }
}

/// Runs statements in order, stopping at the first break/continue/return.
@inline(__always) func execBlock(_ body: [Stmt], _ f: Frame) throws -> Flow {
    for s in body {
        f.line = s.line
        let flow = try s.exec(f)
        if case .normal = flow { continue }
        return flow
    }
    return .normal
}
