// keras.utils.plot_model: the model drawn by Graphviz into an image (png, svg, pdf, ...), its DOT
// text (.dot), or boxes of text (.txt, or to_file='-' to print it).
import Foundation
import KScript
import Keras
import Pictures

extension KerasSession {
    static let diagramParameters = ["model", "to_file", "show_shapes", "show_dtype", "show_layer_names", "rankdir",
                                    "expand_nested", "dpi", "show_layer_activations", "show_trainable"]
    static let diagramDefaults: [Value] = [.bool(false), .bool(false), .bool(true), .string("TB"), .bool(false), .int(200), .bool(false), .bool(false)]

    func modelArg(_ v: Value) throws -> Model {
        guard case .obj(let p as PyLayer) = v, let m = p.layer as? Model else {
            throw PyError.type("plot_model expects a Keras model; received \(interp.typeName(v))")
        }
        if let s = m as? Sequential, !s.isBuilt {
            throw PyError.value("You must call `build()` or call the model on data before plotting it: the model `\(m.name)` is not built.")
        }
        return m
    }

    /// Options from show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, dpi,
    /// show_layer_activations, show_trainable (in that order).
    func diagramOptions(_ a: [Value]) throws -> DiagramOptions {
        var o = DiagramOptions()
        o.showShapes = try interp.truthy(a[0]); o.showDtype = try interp.truthy(a[1]); o.showLayerNames = try interp.truthy(a[2])
        o.rankdir = try interp.strArg(a[3], "rankdir")
        guard ["TB", "LR", "BT", "RL"].contains(o.rankdir) else {
            throw PyError.value("rankdir must be 'TB' (vertical) or 'LR' (horizontal); received \(Interpreter.strRepr(o.rankdir))")
        }
        o.expandNested = try interp.truthy(a[4]); o.dpi = try interp.intArg(a[5])
        o.showLayerActivations = try interp.truthy(a[6]); o.showTrainable = try interp.truthy(a[7])
        return o
    }

    func plotModel(_ a: [Value]) throws -> Value {
        let model = try modelArg(a[0])
        let options = try diagramOptions(Array(a[2...]))
        let path = try interp.strArg(a[1], "to_file")
        if path == "-" {
            interp.out.write(ModelDiagram.text(model, options))
            return .none
        }
        let ext = (path as NSString).pathExtension.lowercased()
        let dir = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !dir.isEmpty && !(FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue) {
            throw PyError.os(ExcTypes.fileNotFoundError, errno: 2, "No such file or directory", filename: path)
        }
        switch ext {
        case "dot", "gv": try writeText(ModelDiagram.dot(model, options), to: path)
        case "txt": try writeText(ModelDiagram.text(model, options), to: path)
        case _ where GraphvizRenderer.formats.contains(ext):
            do { try GraphvizRenderer.render(dot: ModelDiagram.dot(model, options), format: ext, to: path) }
            catch let e as PictureError { throw PyError.runtime(e.message) }
        default:
            throw PyError.value("plot_model cannot write '\(path)': the file extension '.\(ext)' is not one of png, svg, pdf, jpg, gif, ps, dot, txt")
        }
        return .none
    }

    /// Writes text atomically (a temporary file renamed into place).
    func writeText(_ text: String, to path: String) throws {
        let temporary = path + ".kscript-tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)), rename(temporary, path) == 0 else {
            unlink(temporary)
            throw PyError.os(ExcTypes.permissionError, errno: 13, "Permission denied", filename: path)
        }
    }
}
