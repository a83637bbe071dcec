// Recursive-descent parser for the Python subset: one method per grammar rule. It builds the
// executable tree and, alongside, the scopes that decide where every name lives.
import BigInt

public final class Parser {
    var toks: [Token]
    var p = 0
    let file: String
    let lines: [String]
    var scope: Scope
    var loopDepth = 0
    var nesting = 0
    /// The innermost enclosing class, for private-name mangling (`__x` → `_C__x`).
    var className: String?
    /// Compile-time SyntaxWarnings (line, message), printed before the module runs.
    var warnings: [(Int, String)] = []
    /// The tokenizer's error, when the tokens stop early (they end where it failed).
    var lexError: SyntaxErrorInfo?

    init(tokens: [Token], file: String, lines: [String], scope: Scope) {
        self.toks = tokens; self.file = file; self.lines = lines; self.scope = scope
    }

    /// Parses a whole module; the result is resolved against `module` and ready to run.
    public static func parseModule(_ source: String, file: String, module: PyModule, name: String = "<module>") throws -> CodeObject {
        try parseModuleWithWarnings(source, file: file, module: module, name: name).0
    }

    /// Parses a module and returns CPython's compile-time SyntaxWarnings with it.
    public static func parseModuleWithWarnings(_ source: String, file: String, module: PyModule, name: String = "<module>") throws -> (CodeObject, [(Int, String)]) {
        let (tokens, lexError) = Lexer.tokenizeUntilError(source, file: file)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { String($0.hasSuffix("\r") ? $0.dropLast() : $0) }
        let code = CodeObject(name: name, qualname: name, file: file, firstLine: 1)
        let root = Scope(.module, code: code, parent: nil)
        let parser = Parser(tokens: tokens, file: file, lines: lines, scope: root)
        parser.lexError = lexError
        var body: [Stmt] = []
        do {
            while parser.cur.kind != .eof {
                if parser.cur.kind == .newline { parser.p += 1; continue }
                body.append(contentsOf: try parser.statement())
            }
        } catch let e as SyntaxErrorInfo {
            throw reported(e, lexError, reachedLine: Int(parser.cur.pos.line))
        }
        if let e = lexError { throw e }
        code.body = body
        if let first = body.first as? ExprStmt, let c = first.expr as? ConstExpr, case .str = c.value { code.doc = c.value }
        root.collectNeeds()
        try root.resolve(module: module, visible: [])
        return (code, parser.warnings)
    }

    /// Which error CPython reports when parsing failed before the place the tokenizer failed:
    /// the tokenizer's own errors (an unterminated string, ...) win; a bracket left open at the end
    /// wins only when the parser had read past the bracket's line.
    static func reported(_ parserError: SyntaxErrorInfo, _ lexError: SyntaxErrorInfo?, reachedLine: Int) -> SyntaxErrorInfo {
        // A character the tokenizer cannot place (`$`) raises nothing itself in CPython.
        guard let lexError, lexError.message != "invalid syntax" else { return parserError }
        if lexError.message.hasSuffix("was never closed") { return reachedLine > lexError.line ? lexError : parserError }
        return lexError
    }

    // MARK: - Token helpers

    var cur: Token { toks[p] }
    func peekTok(_ k: Int = 1) -> Token { toks[min(p + k, toks.count - 1)] }
    func at(_ op: String) -> Bool { cur.kind == .op && cur.text == op }
    func atKeyword(_ k: String) -> Bool { cur.kind == .name && cur.text == k }
    @discardableResult func advance() -> Token { let t = toks[p]; if p < toks.count - 1 { p += 1 }; return t }
    func accept(_ op: String) -> Bool { if at(op) { p += 1; return true }; return false }
    func acceptKeyword(_ k: String) -> Bool { if atKeyword(k) { p += 1; return true }; return false }

    func lineText(_ n: Int) -> String { n >= 1 && n <= lines.count ? lines[n - 1] : "" }

    func error(_ msg: String, at t: Token? = nil, kind: SyntaxErrorInfo.Kind = .syntax, endCol: Int? = nil) -> SyntaxErrorInfo {
        // Reaching the place where the tokenizer failed, the tokenizer's error is the one to report.
        if let e = lexError, p >= toks.count - 1 { return e }
        let tok = t ?? cur
        var line = Int(tok.pos.line), col = Int(tok.pos.col) + 1
        // CPython places an unexpected indent at the end of the indentation (so no caret shows).
        if kind == .indentation && msg == "unexpected indent" { col -= 1 }
        if tok.kind == .eof || (tok.kind == .newline && tok.text.isEmpty) {
            if msg == "invalid syntax" {
                return SyntaxErrorInfo(kind, "unexpected EOF while parsing", file: file, line: line, col: col, text: lineText(line))
            }
        }
        if tok.kind == .newline && !tok.text.isEmpty { line = Int(tok.pos.line); col = Int(tok.pos.col) + 1 }
        // For a plain "invalid syntax" CPython underlines the whole offending token.
        let tokenEnd = msg == "invalid syntax" && tok.endLine == tok.pos.line && tok.endCol > tok.pos.col ? Int(tok.endCol) + 1 : nil
        return SyntaxErrorInfo(kind, msg, file: file, line: line, col: col, endCol: endCol ?? tokenEnd, text: lineText(line))
    }

    func expect(_ op: String, _ msg: String? = nil) throws {
        if !accept(op) { throw error(msg ?? "expected '\(op)'") }
    }

    func expectName() throws -> Token {
        guard cur.kind == .name, !pythonKeywords.contains(cur.text) else { throw error("invalid syntax") }
        return advance()
    }

    /// Sets an expression's end to the end of the last token consumed.
    @discardableResult func fin<T: Expr>(_ e: T) -> T {
        let t = toks[max(p - 1, 0)]
        e.end = SourcePos(line: Int(t.endLine), col: Int(t.endCol))
        return e
    }

    /// CPython's private name mangling inside a class body and its methods.
    func mangle(_ name: String) -> String {
        guard let cls = className, name.hasPrefix("__"), !name.hasSuffix("__"), !name.contains(".") else { return name }
        let stripped = cls.drop { $0 == "_" }
        return stripped.isEmpty ? name : "_\(stripped)\(name)"
    }

    func makeName(_ rawName: String, _ pos: SourcePos) -> NameExpr {
        let name = mangle(rawName)
        let n = NameExpr(name, pos)
        scope.uses.append(n)
        return n
    }

    /// Records the names an assignment target binds; rejects what cannot be assigned to.
    func markTarget(_ e: Expr, augmented: Bool = false) throws {
        switch e {
        case let n as NameExpr:
            if n.name == "__debug__" { throw error("cannot assign to __debug__") }
            scope.assigned.append(n.name)
        case is AttributeExpr, is SubscriptExpr: break
        case let t as TupleExpr where !augmented: for x in t.elts { try markTarget(x) }
        case let l as ListExpr where !augmented: for x in l.elts { try markTarget(x) }
        case let s as StarredExpr where !augmented: try markTarget(s.value)
        default:
            let what = describe(e)
            let tok = Token(kind: .op, text: "", value: .none, pos: e.pos, endCol: e.pos.col)
            if augmented { throw error("'\(what)' is an illegal expression for augmented assignment", at: tok) }
            if what == "function call" || what == "literal" || what == "expression" {
                throw error("cannot assign to \(what) here. Maybe you meant '==' instead of '='?", at: tok)
            }
            throw error("cannot assign to \(what)", at: tok)
        }
    }

    func describe(_ e: Expr) -> String {
        switch e {
        case is CallExpr: return "function call"
        case let c as ConstExpr:
            switch c.value { case .none: return "None"; case .bool(let b): return b ? "True" : "False"; default: return "literal" }
        case is BinaryExpr, is UnaryExpr, is BoolOpExpr: return "expression"
        case is CompareExpr: return "comparison"
        case is LambdaExpr: return "lambda"
        case is IfExpr: return "conditional expression"
        case is ComprehensionExpr: return "comprehension"
        case is DictExpr: return "dict literal"
        case is SetExpr: return "set display"
        case is FStringExpr: return "f-string expression"
        case is YieldExpr: return "yield expression"
        case is NamedExpr: return "named expression"
        default: return "expression"
        }
    }

    // MARK: - Statements

    func statement() throws -> [Stmt] {
        let t = cur
        if t.kind == .indent { throw error("unexpected indent", kind: .indentation) }
        if t.kind == .name {
            switch t.text {
            case "if": return [try ifStatement()]
            case "while": return [try whileStatement()]
            case "for": return [try forStatement()]
            case "try": return [try tryStatement()]
            case "with": return [try withStatement()]
            case "def": return [try funcDef(decorators: [])]
            case "class": return [try classDef(decorators: [])]
            case "match": if let m = try matchStatement() { return [m] }
            default: break
            }
        }
        if at("@") { return [try decorated()] }
        return try simpleStatements()
    }

    func simpleStatements() throws -> [Stmt] {
        var out: [Stmt] = [try simpleStatement()]
        while accept(";") {
            if cur.kind == .newline { break }
            out.append(try simpleStatement())
        }
        if cur.kind != .newline && cur.kind != .eof {
            throw invalidSyntaxHere()
        }
        if cur.kind == .newline { advance() }
        return out
    }

    /// The error for a token that cannot continue a statement, with CPython's hints where it has one.
    func invalidSyntaxHere() -> SyntaxErrorInfo {
        let prev = toks[max(p - 1, 0)]
        if (cur.kind == .name && !pythonKeywords.contains(cur.text)) || cur.kind == .int || cur.kind == .float || cur.kind == .string {
            if prev.kind == .string && cur.kind == .name { return error("invalid syntax") }
        }
        if at("=") { return error("invalid syntax") }
        return error("invalid syntax")
    }

    func simpleStatement() throws -> Stmt {
        let t = cur
        let line = Int(t.pos.line)
        if t.kind == .name {
            switch t.text {
            case "pass": advance(); return PassStmt(line: line)
            case "break":
                advance()
                if loopDepth == 0 { throw error("'break' outside loop", at: t) }
                return BreakStmt(line: line)
            case "continue":
                advance()
                if loopDepth == 0 { throw error("'continue' not properly in loop", at: t) }
                return ContinueStmt(line: line)
            case "return":
                advance()
                if !(scope.kind == .function) { throw error("'return' outside function", at: t) }
                if cur.kind == .newline || at(";") || cur.kind == .eof { return ReturnStmt(nil, line: line) }
                return ReturnStmt(try testListStarExpr(), line: line)
            case "raise":
                advance()
                if cur.kind == .newline || at(";") || cur.kind == .eof { return RaiseStmt(nil, cause: nil, line: line) }
                let e = try test()
                var cause: Expr? = nil
                if acceptKeyword("from") { cause = try test() }
                return RaiseStmt(e, cause: cause, line: line)
            case "global", "nonlocal":
                advance()
                repeat {
                    let n = try expectName()
                    if t.text == "global" {
                        if scope.params.contains(n.text) { throw error("name '\(n.text)' is parameter and global", at: n) }
                        scope.globals.insert(n.text)
                    } else {
                        if scope.kind == .module { throw error("nonlocal declaration not allowed at module level", at: t) }
                        scope.nonlocals.insert(n.text)
                    }
                } while accept(",")
                return GlobalStmt(line: line)
            case "del":
                advance()
                var targets: [Expr] = []
                repeat {
                    if cur.kind == .newline { break }
                    let e = try bitOr()
                    try markTarget(e)
                    targets.append(e)
                } while accept(",")
                return DeleteStmt(targets, line: line)
            case "assert":
                advance()
                let e = try test()
                let m = accept(",") ? try test() : nil
                return AssertStmt(e, m, line: line)
            case "import": return try importStatement()
            case "from": return try fromImport()
            default: break
            }
        }
        return try expressionStatement()
    }

    func expressionStatement() throws -> Stmt {
        let line = Int(cur.pos.line)
        if atKeyword("yield") { return ExprStmt(try yieldExpr(), line: line) }
        let first = try testListStarExpr()
        if cur.kind == .op {
            if let op = augOps[cur.text] {
                let opTok = advance()
                guard first is NameExpr || first is AttributeExpr || first is SubscriptExpr else {
                    throw error("'\(describe(first))' is an illegal expression for augmented assignment", at: Token(kind: .op, text: "", value: .none, pos: first.pos, endCol: opTok.pos.col))
                }
                try markTarget(first, augmented: true)
                let v = at("yield") || atKeyword("yield") ? try yieldExpr() : try testListStarExpr()
                return AugAssignStmt(first, op, v, line: line)
            }
            if at(":") {
                advance()
                let annotation = try test()
                guard first is NameExpr || first is AttributeExpr || first is SubscriptExpr else {
                    throw error("only single target (not tuple) can be annotated", at: Token(kind: .op, text: "", value: .none, pos: first.pos, endCol: 0))
                }
                var value: Expr? = nil
                if accept("=") { value = try testListStarExpr(); try markTarget(first) }
                else if let n = first as? NameExpr { scope.assigned.append(n.name) }
                let recorded = first is NameExpr && (scope.kind == .classBody || scope.kind == .module)
                return AnnAssignStmt(first, recorded ? annotation : nil, value, line: line)
            }
            if at("=") {
                var targets = [first]
                var value: Expr = first
                while accept("=") {
                    value = atKeyword("yield") ? try yieldExpr() : try testListStarExpr()
                    targets.append(value)
                }
                targets.removeLast()
                for t in targets { try markTarget(t) }
                return AssignStmt(targets, value, line: line)
            }
        }
        if let s = first as? StarredExpr {
            throw error("can't use starred expression here", at: Token(kind: .op, text: "", value: .none, pos: s.pos, endCol: 0))
        }
        return ExprStmt(first, line: line)
    }

    let augOps: [String: BinOp] = ["+=": .add, "-=": .sub, "*=": .mul, "/=": .div, "//=": .floorDiv, "%=": .mod,
                                   "**=": .pow, "@=": .matmul, "<<=": .lshift, ">>=": .rshift, "&=": .and, "|=": .or, "^=": .xor]

    func dottedName() throws -> String {
        var s = try expectName().text
        while accept(".") { s += "." + (try expectName().text) }
        return s
    }

    func importStatement() throws -> Stmt {
        let line = Int(advance().pos.line)
        var names: [(String, String?, NameExpr)] = []
        repeat {
            let pos = cur.pos
            let dotted = try dottedName()
            var alias: String? = nil
            if acceptKeyword("as") { alias = try expectName().text }
            let bound = alias ?? String(dotted.split(separator: ".").first!)
            let n = makeName(bound, pos)
            scope.assigned.append(bound)
            names.append((dotted, alias, n))
        } while accept(",")
        return ImportStmt(names, line: line)
    }

    func fromImport() throws -> Stmt {
        let line = Int(advance().pos.line)
        var level = 0
        while at(".") || at("...") { level += cur.text == "..." ? 3 : 1; advance() }
        var module = ""
        if !atKeyword("import") { module = try dottedName() }
        guard acceptKeyword("import") else { throw error("invalid syntax") }
        if accept("*") {
            if scope.kind != .module { throw error("import * only allowed at module level") }
            return ImportFromStmt(module: module, level: level, names: [], line: line)
        }
        let paren = accept("(")
        var names: [(String, NameExpr)] = []
        repeat {
            if paren && at(")") { break }
            let pos = cur.pos
            let name = try expectName().text
            var alias = name
            if acceptKeyword("as") { alias = try expectName().text }
            scope.assigned.append(alias)
            names.append((name, makeName(alias, pos)))
        } while accept(",")
        if paren { try expect(")") }
        return ImportFromStmt(module: module, level: level, names: names, line: line)
    }

    /// A suite after `:`; `what` names the statement for the IndentationError CPython gives.
    func block(_ what: String, line: Int) throws -> [Stmt] {
        guard accept(":") else { throw error("expected ':'") }
        if cur.kind != .newline { return try simpleStatements() }
        advance()
        guard cur.kind == .indent else {
            throw error("expected an indented block after \(what) on line \(line)", kind: .indentation)
        }
        advance()
        var body: [Stmt] = []
        while cur.kind != .dedent && cur.kind != .eof {
            if cur.kind == .newline { advance(); continue }
            body.append(contentsOf: try statement())
        }
        if cur.kind == .dedent { advance() }
        return body
    }

    func ifStatement() throws -> Stmt {
        let t = advance()
        let line = Int(t.pos.line)
        let test = try namedExprTest()
        let body = try block("'\(t.text)' statement", line: line)
        var orelse: [Stmt] = []
        if atKeyword("elif") {
            orelse = [try ifStatement()]
        } else if atKeyword("else") {
            let e = advance()
            orelse = try block("'else' statement", line: Int(e.pos.line))
        }
        return IfStmt(test, body, orelse, line: line)
    }

    func whileStatement() throws -> Stmt {
        let line = Int(advance().pos.line)
        let test = try namedExprTest()
        loopDepth += 1
        let body = try block("'while' statement", line: line)
        loopDepth -= 1
        var orelse: [Stmt] = []
        if atKeyword("else") { let e = advance(); orelse = try block("'else' statement", line: Int(e.pos.line)) }
        return WhileStmt(test, body, orelse, line: line)
    }

    func forStatement() throws -> Stmt {
        let line = Int(advance().pos.line)
        let target = try targetList()
        try markTarget(target)
        guard acceptKeyword("in") else { throw error("invalid syntax") }
        let iter = try testListStarExpr()
        loopDepth += 1
        let body = try block("'for' statement", line: line)
        loopDepth -= 1
        var orelse: [Stmt] = []
        if atKeyword("else") { let e = advance(); orelse = try block("'else' statement", line: Int(e.pos.line)) }
        return ForStmt(target, iter, body, orelse, line: line)
    }

    /// Targets of `for` and comprehensions: stops before `in`.
    func targetList() throws -> Expr {
        let pos = cur.pos
        var elts: [Expr] = []
        var trailingComma = false
        repeat {
            if atKeyword("in") { break }
            if at("*") { let s = advance(); elts.append(StarredExpr(try bitOr(), s.pos)) } else { elts.append(try bitOr()) }
            trailingComma = at(",")
        } while accept(",")
        if elts.count == 1 && !trailingComma { return elts[0] }
        return fin(TupleExpr(elts, pos))
    }

    func tryStatement() throws -> Stmt {
        let line = Int(advance().pos.line)
        let body = try block("'try' statement", line: line)
        var handlers: [ExceptHandler] = []
        while atKeyword("except") {
            let et = advance()
            var type: Expr? = nil
            var name: NameExpr? = nil
            if !at(":") {
                type = try test()
                if at(",") {
                    throw error("multiple exception types must be parenthesized", at: Token(kind: .op, text: "", value: .none, pos: type!.pos, endCol: 0))
                }
                if acceptKeyword("as") {
                    let n = try expectName()
                    name = makeName(n.text, n.pos)
                    scope.assigned.append(n.text)
                }
            }
            let hb = try block("'except' statement", line: Int(et.pos.line))
            handlers.append(ExceptHandler(type: type, name: name, body: hb, line: Int(et.pos.line)))
        }
        var orelse: [Stmt] = []
        var finalbody: [Stmt] = []
        if atKeyword("else") {
            if handlers.isEmpty { throw error("invalid syntax") }
            let e = advance(); orelse = try block("'else' statement", line: Int(e.pos.line))
        }
        if atKeyword("finally") { let e = advance(); finalbody = try block("'finally' statement", line: Int(e.pos.line)) }
        if handlers.isEmpty && finalbody.isEmpty { throw error("expected 'except' or 'finally' block") }
        return TryStmt(body, handlers, orelse, finalbody, line: line)
    }

    func withStatement() throws -> Stmt {
        let line = Int(advance().pos.line)
        var items: [(Expr, Expr?)] = []
        let paren = at("(") && isParenthesizedWithItems()
        if paren { advance() }
        repeat {
            if paren && at(")") { break }
            let e = try test()
            var target: Expr? = nil
            if acceptKeyword("as") { let t = try bitOrTarget(); try markTarget(t); target = t }
            items.append((e, target))
        } while accept(",")
        if paren { try expect(")") }
        let body = try block("'with' statement", line: line)
        return WithStmt(items, body, line: line)
    }

    /// `with (a as b, c as d):` — a parenthesised list of items rather than a parenthesised expression.
    func isParenthesizedWithItems() -> Bool {
        var depth = 0
        var k = p
        while k < toks.count {
            let t = toks[k]
            if t.kind == .op && (t.text == "(" || t.text == "[" || t.text == "{") { depth += 1 }
            if t.kind == .op && (t.text == ")" || t.text == "]" || t.text == "}") { depth -= 1; if depth == 0 { return toks[k + 1].isOp(":") && toks[p + 1...k].contains { $0.isKeyword("as") } } }
            if t.kind == .newline { return false }
            k += 1
        }
        return false
    }

    func bitOrTarget() throws -> Expr {
        if at("(") || at("[") { return try atomExpr() }
        return try bitOr()
    }

    func decorated() throws -> Stmt {
        var decorators: [Expr] = []
        while accept("@") {
            decorators.append(try namedExprTest())
            guard cur.kind == .newline else { throw error("invalid syntax") }
            advance()
        }
        if atKeyword("def") { return try funcDef(decorators: decorators) }
        if atKeyword("class") { return try classDef(decorators: decorators) }
        throw error("invalid syntax")
    }

    func qualname(_ name: String) -> String {
        var parts: [String] = [name]
        var s: Scope? = scope
        while let sc = s, sc.kind != .module {
            if sc.kind == .function { parts.insert("<locals>", at: 0) }
            parts.insert(sc.code.name, at: 0)
            s = sc.parent
        }
        return parts.joined(separator: ".")
    }

    func funcDef(decorators: [Expr]) throws -> Stmt {
        let defTok = advance()
        let line = Int(defTok.pos.line)
        let nameTok = try expectName()
        try expect("(", "invalid syntax")
        let (spec, defaults, kwDefaults) = try parameters(closing: ")")
        try expect(")")
        if accept("->") { _ = try test() }
        scope.assigned.append(mangle(nameTok.text))
        let target = makeName(nameTok.text, nameTok.pos)
        let code = CodeObject(name: nameTok.text, qualname: qualname(nameTok.text), file: file, firstLine: line)
        code.params = spec
        let fnScope = Scope(.function, code: code, parent: scope)
        fnScope.params = paramNames(spec)
        let saved = (scope, loopDepth)
        scope = fnScope; loopDepth = 0
        defer { scope = saved.0; loopDepth = saved.1 }
        let body = try block("function definition", line: line)
        code.body = body
        if let first = body.first as? ExprStmt, let c = first.expr as? ConstExpr, case .str = c.value { code.doc = c.value }
        return FunctionDefStmt(code, target: target, decorators: decorators, defaults: defaults, kwDefaults: kwDefaults, line: line)
    }

    func paramNames(_ s: ParamSpec) -> [String] {
        var n = s.positional
        if let v = s.varargs { n.append(v) }
        n.append(contentsOf: s.kwOnly)
        if let k = s.varkw { n.append(k) }
        return n
    }

    /// A parameter list up to `closing` (`)` for def, `:` for lambda); defaults evaluate in the enclosing scope.
    func parameters(closing: String) throws -> (ParamSpec, [Expr], [(String, Expr)]) {
        var spec = ParamSpec()
        var defaults: [Expr] = []
        var kwDefaults: [(String, Expr)] = []
        var seenStar = false
        var seen: Set<String> = []
        func checkDup(_ t: Token) throws {
            if !seen.insert(t.text).inserted { throw error("duplicate argument '\(t.text)' in function definition", at: t) }
        }
        while !at(closing) {
            if accept("/") {
                spec.posOnlyCount = spec.positional.count
            } else if accept("**") {
                let n = try expectName(); try checkDup(n)
                if closing == ")" && accept(":") { _ = try test() }
                spec.varkw = n.text
            } else if accept("*") {
                seenStar = true
                if at(",") || at(closing) { } else {
                    let n = try expectName(); try checkDup(n)
                    if closing == ")" && accept(":") { _ = try test() }
                    spec.varargs = n.text
                }
            } else {
                let n = try expectName(); try checkDup(n)
                if closing == ")" && accept(":") { _ = try test() }
                if accept("=") {
                    let d = try test()
                    if seenStar { kwDefaults.append((n.text, d)) } else { defaults.append(d) }
                } else if !seenStar && !defaults.isEmpty {
                    throw error("non-default argument follows default argument", at: n)
                }
                if seenStar { spec.kwOnly.append(n.text) } else { spec.positional.append(n.text) }
            }
            if !accept(",") { break }
        }
        return (spec, defaults, kwDefaults)
    }

    func classDef(decorators: [Expr]) throws -> Stmt {
        let line = Int(advance().pos.line)
        let nameTok = try expectName()
        var bases: [CallArg] = []
        if accept("(") { bases = try callArguments() }
        scope.assigned.append(nameTok.text)
        let target = makeName(nameTok.text, nameTok.pos)
        let code = CodeObject(name: nameTok.text, qualname: qualname(nameTok.text), file: file, firstLine: line)
        let clsScope = Scope(.classBody, code: code, parent: scope)
        let saved = (scope, loopDepth, className)
        scope = clsScope; loopDepth = 0; className = nameTok.text
        defer { scope = saved.0; loopDepth = saved.1; className = saved.2 }
        let body = try block("class definition", line: line)
        code.body = body
        if let first = body.first as? ExprStmt, let c = first.expr as? ConstExpr, case .str = c.value {
            code.body.insert(AssignStmt([makeName("__doc__", first.expr.pos)], c, line: first.line), at: 0)
            clsScope.assigned.append("__doc__")
        }
        return ClassDefStmt(name: nameTok.text, code: code, target: target, bases: bases, decorators: decorators, line: line)
    }

    // MARK: - Expressions

    /// `a, b, *c` — a tuple when there is a comma, for statements and returns.
    func testListStarExpr() throws -> Expr {
        let pos = cur.pos
        let first = try starOrTest()
        guard at(",") else { return first }
        var elts = [first]
        while accept(",") {
            if endsTestList() { break }
            elts.append(try starOrTest())
        }
        return fin(TupleExpr(elts, pos))
    }

    func endsTestList() -> Bool {
        cur.kind == .newline || cur.kind == .eof || at("=") || at(")") || at("]") || at("}") || at(";") || at(":") || augOps[cur.text] != nil && cur.kind == .op
    }

    func starOrTest() throws -> Expr {
        if at("*") { let s = advance(); return StarredExpr(try bitOr(), s.pos) }
        return try test()
    }

    func namedExprTest() throws -> Expr {
        if cur.kind == .name && peekTok().isOp(":=") {
            let n = advance()
            advance()
            let target = makeName(n.text, n.pos)
            var s: Scope = scope
            while s.kind == .comprehension, let par = s.parent { s = par }
            s.assigned.append(n.text)
            if s !== scope { scope.nonlocals.insert(n.text) }
            return NamedExpr(target, try test(), n.pos)
        }
        return try test()
    }

    func test() throws -> Expr {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > 200 { throw error("too many nested parentheses") }
        if atKeyword("lambda") { return try lambda() }
        let pos = cur.pos
        let e = try orTest()
        if atKeyword("if") {
            let save = p
            advance()
            let cond = try orTest()
            guard acceptKeyword("else") else {
                p = save
                throw error("expected 'else' after 'if' expression")
            }
            let other = try test()
            return fin(IfExpr(cond, e, other, pos))
        }
        return e
    }

    func testNoCond() throws -> Expr {
        if atKeyword("lambda") { return try lambda() }
        return try orTest()
    }

    func lambda() throws -> Expr {
        let t = advance()
        let (spec, defaults, kwDefaults) = try parameters(closing: ":")
        try expect(":")
        let code = CodeObject(name: "<lambda>", qualname: qualname("<lambda>"), file: file, firstLine: Int(t.pos.line))
        code.params = spec
        let sc = Scope(.function, code: code, parent: scope)
        sc.params = paramNames(spec)
        let saved = scope
        scope = sc
        defer { scope = saved }
        let body = try test()
        code.body = [ReturnStmt(body, line: Int(t.pos.line))]
        return LambdaExpr(code, defaults: defaults, kwDefaults: kwDefaults, t.pos)
    }

    func orTest() throws -> Expr {
        let pos = cur.pos
        let first = try andTest()
        guard atKeyword("or") else { return first }
        var vals = [first]
        while acceptKeyword("or") { vals.append(try andTest()) }
        return fin(BoolOpExpr(isAnd: false, vals, pos))
    }

    func andTest() throws -> Expr {
        let pos = cur.pos
        let first = try notTest()
        guard atKeyword("and") else { return first }
        var vals = [first]
        while acceptKeyword("and") { vals.append(try notTest()) }
        return fin(BoolOpExpr(isAnd: true, vals, pos))
    }

    func notTest() throws -> Expr {
        if atKeyword("not") { let t = advance(); return fin(UnaryExpr(.not, try notTest(), t.pos)) }
        return try comparison()
    }

    func compOp() -> CmpOp? {
        if cur.kind == .op {
            switch cur.text {
            case "<": return .lt; case ">": return .gt; case "==": return .eq
            case ">=": return .ge; case "<=": return .le; case "!=": return .ne
            default: return nil
            }
        }
        if atKeyword("in") { return .inOp }
        if atKeyword("not") && peekTok().isKeyword("in") { return .notIn }
        if atKeyword("is") { return peekTok().isKeyword("not") ? .isNot : .isOp }
        return nil
    }

    func comparison() throws -> Expr {
        let pos = cur.pos
        let first = try bitOr()
        var ops: [CmpOp] = []
        var rest: [Expr] = []
        while let op = compOp() {
            advance()
            if op == .notIn || op == .isNot { advance() }
            ops.append(op)
            rest.append(try bitOr())
        }
        if ops.isEmpty { return first }
        return fin(CompareExpr(first, ops, rest, pos))
    }

    func binaryLevel(_ ops: [String: BinOp], _ next: () throws -> Expr) throws -> Expr {
        var e = try next()
        while cur.kind == .op, let op = ops[cur.text] {
            let t = advance()
            let rhs = try next()
            if op == .mod, let c = e as? ConstExpr, case .str(let s) = c.value, let tuple = rhs as? TupleExpr,
               !tuple.elts.contains(where: { $0 is StarredExpr }), !tuple.elts.isEmpty {
                e = fin(PercentFormatExpr(format: s, items: tuple.elts, operatorAt: t.pos, e.pos))
            } else {
                e = fin(BinaryExpr(op, e, rhs, e.pos, opToken: t))
            }
        }
        return e
    }

    func bitOr() throws -> Expr { try binaryLevel(["|": .or]) { try bitXor() } }
    func bitXor() throws -> Expr { try binaryLevel(["^": .xor]) { try bitAnd() } }
    func bitAnd() throws -> Expr { try binaryLevel(["&": .and]) { try shift() } }
    func shift() throws -> Expr { try binaryLevel(["<<": .lshift, ">>": .rshift]) { try arith() } }
    func arith() throws -> Expr { try binaryLevel(["+": .add, "-": .sub]) { try term() } }
    func term() throws -> Expr {
        try binaryLevel(["*": .mul, "/": .div, "//": .floorDiv, "%": .mod, "@": .matmul]) { try factor() }
    }

    func factor() throws -> Expr {
        if cur.kind == .op {
            let t = cur
            switch t.text {
            case "-":
                advance()
                let operand = try factor()
                if let c = operand as? ConstExpr, case .int(let i) = c.value, i != Int.min { return ConstExpr(.int(-i), t.pos) }
                if let c = operand as? ConstExpr, case .float(let d) = c.value { return ConstExpr(.float(-d), t.pos) }
                return fin(UnaryExpr(.neg, operand, t.pos))
            case "+": advance(); return fin(UnaryExpr(.pos, try factor(), t.pos))
            case "~": advance(); return fin(UnaryExpr(.invert, try factor(), t.pos))
            default: break
            }
        }
        return try power()
    }

    func power() throws -> Expr {
        let base = try atomExpr()
        if at("**") {
            let t = advance()
            return fin(BinaryExpr(.pow, base, try factor(), base.pos, opToken: t))
        }
        return base
    }

    func atomExpr() throws -> Expr {
        var e = try atom()
        while true {
            if at("(") {
                let t = advance()
                let args = try callArguments()
                if let type = inferType(e), !(e is LambdaExpr) {
                    warnings.append((Int(t.pos.line), "'\(type)' object is not callable; perhaps you missed a comma?"))
                }
                if let n = e as? NameExpr, n.name == "super", args.isEmpty, scope.kind == .function {
                    e = fin(SuperExpr(n, n.pos))
                } else if let n = e as? NameExpr, FrameAwareCall.names.contains(n.name) {
                    e = fin(FrameAwareCall(fin(CallExpr(e, args, e.pos))))
                } else {
                    e = fin(CallExpr(e, args, e.pos))
                }
            } else if at("[") {
                let t = advance()
                let idx = try subscriptList()
                try expect("]", "invalid syntax")
                checkSubscript(e, idx, line: Int(t.pos.line))
                e = fin(SubscriptExpr(e, idx, e.pos))
            } else if at(".") {
                advance()
                let n = cur
                guard n.kind == .name else { throw error("invalid syntax") }
                advance()
                e = fin(AttributeExpr(e, mangle(n.text), e.pos))
            } else {
                return e
            }
        }
    }

    /// The type of a literal expression, as CPython infers it for its comma warnings.
    func inferType(_ e: Expr) -> String? {
        switch e {
        case let c as ConstExpr:
            switch c.value {
            case .none: return "NoneType"
            case .bool: return "bool"
            case .int: return "int"
            case .float: return "float"
            case .str: return "str"
            case .obj(let o): return o.pyType.name
            default: return nil
            }
        case is TupleExpr: return "tuple"
        case is ListExpr: return "list"
        case is DictExpr: return "dict"
        case is SetExpr: return "set"
        case let c as ComprehensionExpr:
            switch c.kind { case .list: return "list"; case .set: return "set"; case .dict: return "dict"; case .generator: return "generator" }
        case is FStringExpr: return "str"
        case is LambdaExpr: return "function"
        default: return nil
        }
    }

    /// CPython's SyntaxWarnings for `literal[index]` that cannot work (usually a missing comma).
    func checkSubscript(_ value: Expr, _ index: Expr, line: Int) {
        guard let vt = inferType(value) else { return }
        let unsubscriptable: Set<String> = ["NoneType", "int", "float", "bool", "set", "frozenset", "generator", "function", "ellipsis"]
        if unsubscriptable.contains(vt) && !(value is ComprehensionExpr && vt != "set" && vt != "generator") {
            warnings.append((line, "'\(vt)' object is not subscriptable; perhaps you missed a comma?"))
            return
        }
        guard let it = inferType(index), it != "int", it != "bool", !(index is SliceExpr) else { return }
        if ["str", "bytes", "tuple", "list"].contains(vt) {
            warnings.append((line, "\(vt) indices must be integers or slices, not \(it); perhaps you missed a comma?"))
        }
    }

    /// Arguments after `(` up to and including `)`.
    func callArguments() throws -> [CallArg] {
        var args: [CallArg] = []
        var sawKeyword = false
        var sawDoubleStar = false
        while !at(")") {
            let t = cur
            if accept("*") {
                args.append(.star(try test()))
            } else if accept("**") {
                args.append(.doubleStar(try test())); sawDoubleStar = true
            } else if cur.kind == .name && peekTok().isOp("=") && !pythonKeywords.contains(cur.text) {
                let n = advance(); advance()
                if args.contains(where: { if case .keyword(let k, _) = $0 { return k == n.text }; return false }) {
                    throw error("keyword argument repeated: \(n.text)", at: n)
                }
                args.append(.keyword(n.text, try test())); sawKeyword = true
            } else {
                let start = p
                let marks = (scope.uses.count, scope.children.count)
                var e = try namedExprTest()
                if atKeyword("for") {
                    e = try comprehensionTail(.generator, element: e, value: nil, startUses: marks, pos: t.pos)
                    if !at(")") && !(at(",") && peekTok().isOp(")")) || !args.isEmpty {
                        throw error("Generator expression must be parenthesized", at: toks[start])
                    }
                }
                if at("=") {
                    throw error("expression cannot contain assignment, perhaps you meant \"==\"?", at: toks[start])
                }
                if sawDoubleStar { throw error("positional argument follows keyword argument unpacking", at: toks[start]) }
                if sawKeyword { throw error("positional argument follows keyword argument", at: toks[start]) }
                args.append(.positional(e))
            }
            if !accept(",") {
                if !at(")") { throw missingCommaOrClose(")") }
                break
            }
        }
        try expect(")")
        return args
    }

    /// Two expressions side by side inside brackets: CPython suggests a missing comma.
    func missingCommaOrClose(_ close: String) -> SyntaxErrorInfo {
        let prev = toks[max(p - 1, 0)]
        let startsExpr = (cur.kind == .name && !pythonKeywords.contains(cur.text)) || cur.kind == .int || cur.kind == .float || cur.kind == .string || cur.kind == .fstring
        let prevEndsExpr = prev.kind == .name || prev.kind == .int || prev.kind == .float || prev.kind == .string || prev.isOp(")") || prev.isOp("]")
        if startsExpr && prevEndsExpr {
            var k = p - 1
            while k > 0, toks[k].kind == .name || toks[k].isOp(".") { if toks[k - 1].isOp(".") { k -= 2 } else { break } }
            return error("invalid syntax. Perhaps you forgot a comma?", at: toks[max(k, 0)], endCol: Int(cur.endCol) + 1)
        }
        if cur.kind == .newline || cur.kind == .eof { return error("invalid syntax") }
        return error("invalid syntax")
    }

    func subscriptList() throws -> Expr {
        let pos = cur.pos
        let first = try subscriptItem()
        guard at(",") else { return first }
        var elts = [first]
        while accept(",") {
            if at("]") { break }
            elts.append(try subscriptItem())
        }
        return TupleExpr(elts, pos)
    }

    func subscriptItem() throws -> Expr {
        let pos = cur.pos
        if at("*") { let s = advance(); return StarredExpr(try bitOr(), s.pos) }
        var lower: Expr? = nil
        if !at(":") { lower = try namedExprTest(); if !at(":") { return lower! } }
        advance()
        var upper: Expr? = nil, step: Expr? = nil
        if !at(":") && !at("]") && !at(",") { upper = try test() }
        if accept(":") { if !at("]") && !at(",") { step = try test() } }
        return SliceExpr(lower, upper, step, pos)
    }

    func atom() throws -> Expr { fin(try atomBody()) }

    func atomBody() throws -> Expr {
        let t = cur
        switch t.kind {
        case .name:
            switch t.text {
            case "True": advance(); return ConstExpr(.bool(true), t.pos)
            case "False": advance(); return ConstExpr(.bool(false), t.pos)
            case "None": advance(); return ConstExpr(.none, t.pos)
            case "yield": throw error("'yield' outside parentheses is not allowed here")
            default:
                if pythonKeywords.contains(t.text) { throw error("invalid syntax") }
                advance()
                return fin(makeName(t.text, t.pos))
            }
        case .int:
            advance()
            if case .int(let i) = t.value { return ConstExpr(.int(i), t.pos) }
            if case .bigint(let b) = t.value { return ConstExpr(.bigint(b), t.pos) }
        case .float:
            advance()
            if case .float(let d) = t.value { return ConstExpr(.float(d), t.pos) }
        case .string, .fstring, .bytes:
            return try strings()
        case .op:
            switch t.text {
            case "(": return try parenthesized()
            case "[": return try listDisplay()
            case "{": return try dictOrSetDisplay()
            case "...": advance(); return ConstExpr(.obj(PySingleton.ellipsis), t.pos)
            default: break
            }
        case .indent:
            throw error("unexpected indent", kind: .indentation)
        default: break
        }
        throw error("invalid syntax")
    }

    /// Adjacent string literals concatenate; f-strings among them make an f-string.
    func strings() throws -> Expr {
        let pos = cur.pos
        var parts: [FStringExpr.Part] = []
        var isBytes: Bool? = nil
        var bytes: [UInt8] = []
        while [.string, .fstring, .bytes].contains(cur.kind) {
            let t = advance()
            let b = t.kind == .bytes
            if let ib = isBytes, ib != b { throw error("cannot mix bytes and nonbytes literals", at: t) }
            isBytes = b
            switch t.value {
            case .string(let s): parts.append(.literal(s))
            case .bytes(let bs): bytes.append(contentsOf: bs)
            case .fstring(let fp): parts.append(contentsOf: try fstringParts(fp))
            default: break
            }
        }
        if isBytes == true { return ConstExpr(.obj(PyBytes(bytes)), pos) }
        if parts.allSatisfy({ if case .literal = $0 { return true }; return false }) {
            let s = parts.map { if case .literal(let s) = $0 { return s }; return "" }.joined()
            return ConstExpr(.string(s), pos)
        }
        return FStringExpr(parts, pos)
    }

    func fstringParts(_ fp: [FStringPart]) throws -> [FStringExpr.Part] {
        try fp.map { part in
            switch part {
            case .literal(let s): return .literal(s)
            case .expr(let src, let pos, let conv, let spec, let selfDoc):
                let e = try subExpression(src, pos)
                return .expr(e, conversion: conv, spec: try spec.map { try fstringParts($0) }, selfDoc: selfDoc)
            }
        }
    }

    /// Parses an expression embedded in an f-string, in the current scope.
    func subExpression(_ src: String, _ pos: SourcePos) throws -> Expr {
        var tokens: [Token]
        do {
            tokens = try Lexer.tokenize("(" + src + ")", file: file)
        } catch var e as SyntaxErrorInfo {
            e.line = Int(pos.line); e.text = lineText(Int(pos.line))
            e.message = "f-string: " + e.message
            throw e
        }
        for k in tokens.indices {
            tokens[k].pos = SourcePos(line: Int(pos.line), col: Int(pos.col) + max(0, Int(tokens[k].pos.col) - 1))
        }
        let sub = Parser(tokens: tokens, file: file, lines: lines, scope: scope)
        sub.loopDepth = loopDepth
        sub.className = className
        do {
            let e = try sub.testListStarExpr()
            guard sub.cur.kind == .newline || sub.cur.kind == .eof else { throw sub.error("invalid syntax") }
            return e
        } catch is SyntaxErrorInfo {
            throw fstringError(src, at: pos)
        }
    }

    /// CPython reports an error inside an f-string expression against the text `(expr)`.
    func fstringError(_ src: String, at pos: SourcePos) -> SyntaxErrorInfo {
        let text = "(" + src + ")"
        var err = SyntaxErrorInfo(.syntax, "f-string: invalid syntax", file: file, line: Int(pos.line), col: 1, text: text)
        if let tokens = try? Lexer.tokenize(text, file: file) {
            let scratch = Parser(tokens: tokens, file: file, lines: [text], scope: Scope(.function, code: CodeObject(name: "", qualname: "", file: file, firstLine: 1), parent: nil))
            do {
                _ = try scratch.testListStarExpr()
                if !(scratch.cur.kind == .newline || scratch.cur.kind == .eof) { throw scratch.error("invalid syntax") }
            } catch let e as SyntaxErrorInfo {
                err.message = "f-string: " + e.message
                err.col = e.col
            } catch {}
        }
        return err
    }

    func parenthesized() throws -> Expr {
        let t = advance()
        if accept(")") { return TupleExpr([], t.pos) }
        if atKeyword("yield") { let y = try yieldExpr(); try expect(")"); return y }
        let mark = scope.uses.count, childMark = scope.children.count
        let first = try starOrNamedTest()
        if atKeyword("for") {
            let g = try comprehensionTail(.generator, element: first, value: nil, startUses: (mark, childMark), pos: t.pos)
            try expect(")")
            return g
        }
        if accept(")") {
            if first is StarredExpr { throw error("cannot use starred expression here", at: t) }
            return first
        }
        guard accept(",") else { throw missingCommaOrClose(")") }
        var elts = [first]
        while !at(")") {
            elts.append(try starOrNamedTest())
            if !accept(",") { if !at(")") { throw missingCommaOrClose(")") }; break }
        }
        try expect(")")
        return TupleExpr(elts, t.pos)
    }

    func starOrNamedTest() throws -> Expr {
        if at("*") { let s = advance(); return StarredExpr(try bitOr(), s.pos) }
        return try namedExprTest()
    }

    func yieldExpr() throws -> Expr {
        let t = advance()
        var s: Scope = scope
        if s.kind == .comprehension { throw error("'yield' inside list comprehension", at: t) }
        if s.kind != .function { throw error("'yield' outside function", at: t) }
        s.hasYield = true
        s = scope
        if acceptKeyword("from") { return YieldFromExpr(try test(), t.pos) }
        if at(")") || cur.kind == .newline || at("]") || at("}") || at("=") { return YieldExpr(nil, t.pos) }
        return YieldExpr(try testListStarExpr(), t.pos)
    }

    func listDisplay() throws -> Expr {
        let t = advance()
        if accept("]") { return ListExpr([], t.pos) }
        let mark = scope.uses.count, childMark = scope.children.count
        let first = try starOrNamedTest()
        if atKeyword("for") {
            let c = try comprehensionTail(.list, element: first, value: nil, startUses: (mark, childMark), pos: t.pos)
            try expect("]")
            return c
        }
        var elts = [first]
        while accept(",") {
            if at("]") { break }
            elts.append(try starOrNamedTest())
        }
        if !at("]") { throw missingCommaOrClose("]") }
        advance()
        return ListExpr(elts, t.pos)
    }

    func dictOrSetDisplay() throws -> Expr {
        let t = advance()
        if accept("}") { return DictExpr([], t.pos) }
        let mark = scope.uses.count, childMark = scope.children.count
        if accept("**") {
            var items: [(Expr?, Expr)] = [(nil, try bitOr())]
            try dictItems(&items)
            return DictExpr(items, t.pos)
        }
        let first = try starOrNamedTest()
        if accept(":") {
            let v = try test()
            if atKeyword("for") {
                let c = try comprehensionTail(.dict, element: first, value: v, startUses: (mark, childMark), pos: t.pos)
                try expect("}")
                return c
            }
            var items: [(Expr?, Expr)] = [(first, v)]
            try dictItems(&items)
            return DictExpr(items, t.pos)
        }
        if atKeyword("for") {
            let c = try comprehensionTail(.set, element: first, value: nil, startUses: (mark, childMark), pos: t.pos)
            try expect("}")
            return c
        }
        var elts = [first]
        while accept(",") {
            if at("}") { break }
            elts.append(try starOrNamedTest())
        }
        if !at("}") { throw missingCommaOrClose("}") }
        advance()
        return SetExpr(elts, t.pos)
    }

    func dictItems(_ items: inout [(Expr?, Expr)]) throws {
        while accept(",") {
            if at("}") { break }
            if accept("**") { items.append((nil, try bitOr())); continue }
            let k = try test()
            try expect(":")
            items.append((k, try test()))
        }
        if !at("}") { throw missingCommaOrClose("}") }
        advance()
    }

    /// After the element of a comprehension: `for ... in ... [if ...]...`. The element (already
    /// parsed in the enclosing scope) moves into the comprehension's own scope.
    func comprehensionTail(_ kind: ComprehensionExpr.Kind, element: Expr, value: Expr?, startUses: (Int, Int), pos: SourcePos) throws -> Expr {
        let code = CodeObject(name: kind == .generator ? "<genexpr>" : kind == .list ? "<listcomp>" : kind == .set ? "<setcomp>" : "<dictcomp>",
                              qualname: "", file: file, firstLine: Int(pos.line))
        let outer = scope
        let compScope = Scope(.comprehension, code: code, parent: outer)
        // The element's names and nested scopes belong to the comprehension.
        let (useMark, childMark) = startUses
        compScope.uses.append(contentsOf: outer.uses[useMark...])
        outer.uses.removeSubrange(useMark...)
        let moved = outer.children[childMark..<(outer.children.count - 1)]
        for c in moved { c.parent = compScope; compScope.children.append(c) }
        outer.children.removeSubrange(childMark..<(outer.children.count - 1))
        compScope.children.removeAll { $0 === compScope }
        var clauses: [CompClause] = []
        var first = true
        while atKeyword("for") {
            advance()
            scope = compScope
            let target = try targetList()
            try markTarget(target)
            guard acceptKeyword("in") else { scope = outer; throw error("invalid syntax") }
            // The first iterable is evaluated in the enclosing scope.
            if first { scope = outer }
            let iter = try orTest()
            scope = compScope
            first = false
            var ifs: [Expr] = []
            while atKeyword("if") { advance(); ifs.append(try testNoCond()) }
            clauses.append(CompClause(target: target, iter: iter, ifs: ifs))
        }
        scope = outer
        return ComprehensionExpr(kind, code: code, element: element, value: value, clauses: clauses, pos)
    }
}
