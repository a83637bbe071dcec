// `import`: finds a module by dotted name — the script's folder, then the embedded stdlib, then
// native modules — runs it once and caches it.
import Foundation

extension Interpreter {
    /// Imports `name` (absolute, or relative with `level` dots from frame `f`'s module).
    public func importModule(_ name: String, from f: Frame, level: Int = 0) throws -> PyModule {
        var full = name
        if level > 0 {
            var pkg = f.module.name.split(separator: ".").map(String.init)
            let isPackage = f.module.file?.hasSuffix("__init__.ks") ?? false
            if !isPackage { pkg = Array(pkg.dropLast()) }
            if level - 1 > pkg.count { throw PyError(ExcTypes.importError, "attempted relative import beyond top-level package") }
            pkg = Array(pkg.dropLast(level - 1))
            if pkg.isEmpty { throw PyError(ExcTypes.importError, "attempted relative import with no known parent package") }
            full = (pkg + (name.isEmpty ? [] : [name])).joined(separator: ".")
        }
        let parts = full.split(separator: ".").map(String.init)
        var module: PyModule? = nil
        for k in 1...parts.count {
            let prefix = parts[0..<k].joined(separator: ".")
            let m = try loadOne(prefix)
            if let parent = module { parent.set(parts[k - 1], .obj(m)) }
            module = m
        }
        return module!
    }

    func loadOne(_ name: String) throws -> PyModule {
        if let m = modules[name] { return m }
        let rel = name.replacingOccurrences(of: ".", with: "/")
        for dir in searchPaths {
            for candidate in ["\(dir)/\(rel).ks", "\(dir)/\(rel)/__init__.ks"] where FileManager.default.fileExists(atPath: candidate) {
                guard let data = FileManager.default.contents(atPath: candidate), let src = String(data: data, encoding: .utf8) else {
                    throw PyError(ExcTypes.importError, "cannot read module file '\(candidate)'")
                }
                return try execModule(name, source: src, file: candidate)
            }
        }
        if let factory = nativeModules[name] {
            let m = try factory(self)
            modules[name] = m
            return m
        }
        if let src = stdlibSources[name] {
            return try execModule(name, source: src, file: "<stdlib>/\(rel).ks")
        }
        let e = PyError(ExcTypes.moduleNotFoundError, "No module named '\(name)'")
        e.exc.attrs["name"] = .string(name)
        throw e
    }

    func execModule(_ name: String, source: String, file: String) throws -> PyModule {
        let m = PyModule(name: name, file: file, builtins: builtins)
        modules[name] = m
        do {
            try run(source: source, file: file, module: m)
        } catch {
            modules[name] = nil
            throw error
        }
        return m
    }

    /// What `from m import *` binds: `__all__`, or every name not starting with `_`.
    func publicNames(of m: PyModule) throws -> [(String, Value)] {
        if let all = m.get("__all__") {
            return try iterateAll(all).map { n in
                let name = try strArg(n, "__all__ item")
                guard let v = m.get(name) else { throw PyError.attribute("module '\(m.name)' has no attribute '\(name)'") }
                return (name, v)
            }
        }
        return m.items.filter { !$0.0.hasPrefix("_") }
    }

    /// A native module from a list of members.
    public func makeNativeModule(_ name: String, _ members: [(String, Value)]) -> PyModule {
        let m = PyModule(name: name, builtins: builtins)
        for (k, v) in members { m.set(k, v) }
        return m
    }
}

extension Interpreter {
    /// Imports a module by its absolute dotted name (for bindings that assemble packages).
    public func importNative(_ name: String) throws -> PyModule { try loadOne(name) }
}
