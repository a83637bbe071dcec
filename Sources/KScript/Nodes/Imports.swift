// `import a.b as c` and `from a.b import c, d` / `from a import *`.

public final class ImportStmt: Stmt {
    /// (dotted module name, the name bound: `as` name or the first component)
    public let names: [(String, String?, NameExpr)]
    public init(_ names: [(String, String?, NameExpr)], line: Int) { self.names = names; super.init(line: line) }
    public override func exec(_ f: Frame) throws -> Flow {
        for (dotted, alias, target) in names {
            let leaf = try f.interp.importModule(dotted, from: f)
            if alias != nil {
                try target.assign(f, .obj(leaf))
            } else {
                let top = String(dotted.split(separator: ".").first!)
                try target.assign(f, .obj(try f.interp.importModule(top, from: f)))
            }
        }
        return .normal
    }
}

public final class ImportFromStmt: Stmt {
    public let module: String
    public let level: Int
    /// (imported name, target); empty for `import *`.
    public let names: [(String, NameExpr)]
    public init(module: String, level: Int, names: [(String, NameExpr)], line: Int) {
        self.module = module; self.level = level; self.names = names; super.init(line: line)
    }
    public override func exec(_ f: Frame) throws -> Flow {
        let m = try f.interp.importModule(module, from: f, level: level)
        if names.isEmpty {
            for (name, v) in try f.interp.publicNames(of: m) { try f.interp.setGlobal(f, name, v) }
            return .normal
        }
        for (name, target) in names {
            if let v = m.get(name) {
                try target.assign(f, v)
            } else if let sub = try? f.interp.importModule(m.name + "." + name, from: f) {
                try target.assign(f, .obj(sub))
            } else {
                let e = PyError(ExcTypes.importError, "cannot import name '\(name)' from '\(m.name)' (\(m.file ?? "unknown location"))")
                e.exc.attrs["name"] = .string(m.name)
                throw e
            }
        }
        return .normal
    }
}
