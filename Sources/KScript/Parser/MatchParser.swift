// Parsing `match` statements: `match` is a keyword only where a match statement stands
// (`match subject:` then an indented block of `case pattern [if guard]:` clauses).

extension Parser {
    /// A match statement at the current `match` name, or nil (position unchanged) when the line
    /// is something else that starts with the name `match`.
    func matchStatement() throws -> Stmt? {
        let start = p
        let line = Int(cur.pos.line)
        advance()
        guard let subject = try? testListStarExpr(), at(":"), peekTok().kind == .newline else { p = start; return nil }
        advance(); advance()
        guard cur.kind == .indent else { throw error("expected an indented block after 'match' statement on line \(line)", kind: .indentation) }
        advance()
        var cases: [MatchStmt.Case] = []
        while cur.kind != .dedent && cur.kind != .eof {
            if cur.kind == .newline { advance(); continue }
            guard atKeyword("case") else { throw error("invalid syntax") }
            let caseLine = Int(advance().pos.line)
            let pattern = try openSequencePattern()
            let guardExpr = acceptKeyword("if") ? try namedExprTest() : nil
            cases.append(MatchStmt.Case(pattern: pattern, guardExpr: guardExpr, body: try block("'case' statement", line: caseLine), line: caseLine))
        }
        if cur.kind == .dedent { advance() }
        return MatchStmt(subject, cases, line: line)
    }

    /// The pattern after `case`: several comma-separated patterns make a sequence pattern.
    func openSequencePattern() throws -> Pattern {
        let first = try sequenceItem()
        guard at(",") else {
            // A starred pattern stands only inside a sequence.
            if first.star { throw error("invalid syntax") }
            return first.pattern
        }
        var items = [first]
        while accept(",") {
            if at(":") || atKeyword("if") { break }
            items.append(try sequenceItem())
        }
        return try sequencePattern(items)
    }

    /// One item of a sequence pattern: a pattern, or `*name` / `*_`.
    private func sequenceItem() throws -> (pattern: Pattern, star: Bool, target: NameExpr?) {
        if accept("*") {
            guard cur.kind == .name else { throw error("invalid syntax") }
            let t = advance()
            if t.text == "_" { return (.wildcard, true, nil) }
            let n = makeName(t.text, t.pos)
            try markTarget(n)
            return (.wildcard, true, n)
        }
        return (try pattern(), false, nil)
    }

    private func sequencePattern(_ items: [(pattern: Pattern, star: Bool, target: NameExpr?)]) throws -> Pattern {
        let stars = items.indices.filter { items[$0].star }
        if stars.count > 1 { throw error("multiple starred names in sequence pattern") }
        return .sequence(items.map { $0.pattern }, star: stars.first, starTarget: stars.first.flatMap { items[$0].target })
    }

    /// pattern: or-pattern [as NAME]
    func pattern() throws -> Pattern {
        var options = [try closedPattern()]
        while accept("|") { options.append(try closedPattern()) }
        var result: Pattern = options.count == 1 ? options[0] : .or(options)
        if acceptKeyword("as") {
            guard cur.kind == .name, cur.text != "_" else { throw error("invalid pattern target") }
            let t = advance()
            let n = makeName(t.text, t.pos)
            try markTarget(n)
            result = .asPattern(result, n)
        }
        return result
    }

    private func closedPattern() throws -> Pattern {
        let t = cur
        switch t.kind {
        case .int, .float, .string, .bytes: return .value(try atom())
        case .op where t.text == "-":
            advance()
            guard cur.kind == .int || cur.kind == .float else { throw error("invalid syntax") }
            guard let c = try atom() as? ConstExpr else { throw error("invalid syntax") }
            switch c.value {
            case .int(let i): return .value(ConstExpr(.int(-i), t.pos))
            case .float(let d): return .value(ConstExpr(.float(-d), t.pos))
            default: throw error("invalid syntax")
            }
        case .op where t.text == "(":
            advance()
            if accept(")") { return .sequence([], star: nil, starTarget: nil) }
            var items = [try sequenceItem()]
            var isTuple = false
            while accept(",") {
                isTuple = true
                if at(")") { break }
                items.append(try sequenceItem())
            }
            try expect(")")
            if !isTuple && !items[0].star { return items[0].pattern }
            return try sequencePattern(items)
        case .op where t.text == "[":
            advance()
            var items: [(pattern: Pattern, star: Bool, target: NameExpr?)] = []
            while !at("]") {
                items.append(try sequenceItem())
                if !accept(",") { break }
            }
            try expect("]")
            return try sequencePattern(items)
        case .op where t.text == "{":
            advance()
            var entries: [(Expr, Pattern)] = []
            var rest: NameExpr? = nil
            while !at("}") {
                if accept("**") {
                    guard cur.kind == .name else { throw error("invalid syntax") }
                    let n = advance()
                    rest = makeName(n.text, n.pos)
                    try markTarget(rest!)
                } else {
                    let key: Expr
                    if cur.kind == .name && !["None", "True", "False"].contains(cur.text) { key = try patternValueName() } else { key = try atom() }
                    try expect(":")
                    entries.append((key, try pattern()))
                }
                if !accept(",") { break }
            }
            try expect("}")
            return .mapping(entries, rest: rest)
        case .name:
            switch t.text {
            case "None": advance(); return .singleton(.none)
            case "True": advance(); return .singleton(.bool(true))
            case "False": advance(); return .singleton(.bool(false))
            case "_" where peekTok().text != "(" && peekTok().text != ".": advance(); return .wildcard
            default: break
            }
            if peekTok().text == "." || peekTok().text == "(" {
                let name = try patternValueName()
                if accept("(") { return try classPattern(name) }
                return .value(name)
            }
            advance()
            let n = makeName(t.text, t.pos)
            try markTarget(n)
            return .capture(n)
        default:
            throw error("invalid syntax")
        }
    }

    /// `a.b.c` as a load of those names.
    private func patternValueName() throws -> Expr {
        let first = advance()
        var e: Expr = makeName(first.text, first.pos)
        while accept(".") {
            guard cur.kind == .name else { throw error("invalid syntax") }
            let attr = advance()
            e = fin(AttributeExpr(e, attr.text, first.pos))
        }
        return e
    }

    /// `Cls(p, ..., kw=p, ...)` after its `(`.
    private func classPattern(_ cls: Expr) throws -> Pattern {
        var positional: [Pattern] = [], keywords: [(String, Pattern)] = []
        while !at(")") {
            if cur.kind == .name && peekTok().text == "=" {
                let k = advance()
                advance()
                keywords.append((k.text, try pattern()))
            } else {
                if !keywords.isEmpty { throw error("positional patterns follow keyword patterns") }
                positional.append(try pattern())
            }
            if !accept(",") { break }
        }
        try expect(")")
        return .classPattern(cls, positional, keywords)
    }
}
