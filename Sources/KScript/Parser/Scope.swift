// Python's scoping rules: which names are local, captured in cells, free, or global,
// decided for a whole module before it runs so that every name becomes a slot or a cell.
import OrderedCollections

final class Scope {
    enum Kind { case module, function, classBody, comprehension }
    let kind: Kind
    weak var parent: Scope?
    let code: CodeObject
    var children: [Scope] = []
    var params: [String] = []
    var assigned: OrderedSet<String> = []
    var globals: Set<String> = []
    var nonlocals: Set<String> = []
    var uses: [NameExpr] = []
    var hasYield = false

    init(_ kind: Kind, code: CodeObject, parent: Scope?) {
        self.kind = kind; self.code = code; self.parent = parent
        parent?.children.append(self)
    }

    var isFunctionLike: Bool { kind == .function || kind == .comprehension }

    /// Names bound in this scope (function-like scopes only).
    lazy var locals: OrderedSet<String> = {
        var s = OrderedSet(params)
        for a in assigned where !globals.contains(a) && !nonlocals.contains(a) { s.append(a) }
        return s
    }()

    /// Names this scope (or a scope inside it) needs from enclosing function scopes.
    private(set) var needed: Set<String> = []
    private(set) var cellVars: OrderedSet<String> = []
    private(set) var freeVars: OrderedSet<String> = []

    /// Bottom-up: what each scope needs from outside, and which of its locals are captured.
    func collectNeeds() {
        var childNeeds: Set<String> = []
        for c in children { c.collectNeeds(); childNeeds.formUnion(c.needed) }
        switch kind {
        case .module:
            needed = []
        case .classBody:
            var n = childNeeds
            for u in uses where !globals.contains(u.name) { n.insert(u.name) }
            n.formUnion(nonlocals)
            needed = n
        case .function, .comprehension:
            for name in locals where childNeeds.contains(name) { cellVars.append(name) }
            var n: Set<String> = nonlocals
            for u in uses where !locals.contains(u.name) && !globals.contains(u.name) { n.insert(u.name) }
            for name in childNeeds where !locals.contains(name) { n.insert(name) }
            needed = n
        }
    }

    /// Top-down: resolves every name given the function locals visible from enclosing scopes.
    func resolve(module: PyModule, visible: Set<String>) throws {
        for name in nonlocals where !visible.contains(name) {
            throw SyntaxErrorInfo(.syntax, "no binding for nonlocal '\(name)' found", file: code.file, line: code.firstLine, col: 1, text: "")
        }
        if kind == .function || kind == .comprehension || kind == .classBody {
            for name in needed.sorted() where visible.contains(name) && !(isFunctionLike && locals.contains(name)) {
                freeVars.append(name)
            }
        }
        // Slots: locals that are not cells.
        if isFunctionLike {
            var slotNames: [String] = []
            for name in locals where !cellVars.contains(name) || params.contains(name) { slotNames.append(name) }
            code.slotNames = slotNames
            code.cellNames = Array(cellVars)
            code.cellParamSlots = cellVars.map { params.contains($0) ? (slotNames.firstIndex(of: $0) ?? -1) : -1 }
        }
        code.freeNames = Array(freeVars)
        if let p = parent {
            code.freeSources = freeVars.map { p.cellIndex(of: $0) ?? -1 }
        }
        code.isGenerator = hasYield && kind == .function

        for u in uses { u.access = access(for: u.name, module: module) }

        var childVisible = visible
        if isFunctionLike { childVisible.formUnion(locals) }
        for c in children { try c.resolve(module: module, visible: childVisible) }
    }

    /// Index in this scope's frame `cells` of a cell or free variable.
    func cellIndex(of name: String) -> Int? {
        if let i = cellVars.firstIndex(of: name) { return i }
        if let i = freeVars.firstIndex(of: name) { return cellVars.count + i }
        return nil
    }

    func access(for name: String, module: PyModule) -> NameAccess {
        switch kind {
        case .module:
            return .global(module.cell(name))
        case .classBody:
            if globals.contains(name) { return .global(module.cell(name)) }
            if let i = cellIndex(of: name), !assigned.contains(name) || nonlocals.contains(name) {
                return nonlocals.contains(name) ? .cell(i, free: true) : .classBody(.cell(i, free: true))
            }
            return .classBody(.global(module.cell(name)))
        case .function, .comprehension:
            if globals.contains(name) { return .global(module.cell(name)) }
            if let i = cellVars.firstIndex(of: name) { return .cell(i, free: false) }
            if locals.contains(name) { return .local(code.slotNames.firstIndex(of: name)!) }
            if let i = freeVars.firstIndex(of: name) { return .cell(cellVars.count + i, free: true) }
            return .global(module.cell(name))
        }
    }
}
