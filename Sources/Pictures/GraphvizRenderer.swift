// Renders DOT text to an image file with Graphviz's own library (layout with `dot`, output
// through its plugins: png and pdf via cairo, svg). Files are written whole or not at all.
import Foundation
import CGraphviz

public struct PictureError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

public enum GraphvizRenderer {
    /// Formats Graphviz renders for plot_model, by file extension.
    public static let formats: Set<String> = ["png", "svg", "pdf", "jpg", "jpeg", "gif", "ps"]

    public static func render(dot: String, format: String, to path: String) throws {
        guard let context = gvContext() else { throw PictureError(message: "Graphviz could not start (gvContext failed)") }
        defer { gvFreeContext(context) }
        guard let graph = dot.withCString({ agmemread($0) }) else {
            throw PictureError(message: "Graphviz could not read the graph description")
        }
        defer { agclose(graph) }
        guard gvLayout(context, graph, "dot") == 0 else { throw PictureError(message: "Graphviz could not lay out the graph") }
        defer { gvFreeLayout(context, graph) }
        let temporary = path + ".kscript-tmp-\(getpid())"
        let device = format == "jpg" ? "jpeg" : format
        guard gvRenderFilename(context, graph, device, temporary) == 0 else {
            unlink(temporary)
            throw PictureError(message: "Graphviz could not render the '\(format)' format")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PictureError(message: "could not write '\(path)': \(reason)")
        }
    }
}
