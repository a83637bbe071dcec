// plot_model's drawing of a model: DOT text in the style of Keras 3 (a black title cell with the
// layer name and class, white cells for shapes, dtype, activation, trainable), and a plain-text
// version for terminals.

public struct DiagramOptions {
    public var showShapes = false, showDtype = false, showLayerNames = true
    public var rankdir = "TB", expandNested = false, dpi = 200
    public var showLayerActivations = false, showTrainable = false
    public init() {}
}

public enum ModelDiagram {
    /// The graph as DOT text; nodes are named after layers, so the text is deterministic.
    public static func dot(_ model: Model, _ o: DiagramOptions) -> String {
        var out = "digraph G {\nrankdir=\(o.rankdir);\nconcentrate=true;\ndpi=\(o.dpi);\nsplines=ortho;\nnode [shape=record];\n"
        let layers = shownLayers(model)
        for l in layers {
            out += "\"\(l.name)\" [label=<\(label(l, o))>, fontname=Helvetica, border=0, margin=0];\n"
        }
        for (src, dst) in edges(model, layers) { out += "\"\(src)\" -> \"\(dst)\" [penwidth=2];\n" }
        return out + "}\n"
    }

    /// The layers drawn (a Sequential model's input layer is not drawn, as in Keras).
    static func shownLayers(_ model: Model) -> [Layer] { model.layers }

    static func edges(_ model: Model, _ layers: [Layer]) -> [(String, String)] {
        if model is Sequential {
            return zip(layers, layers.dropFirst()).map { ($0.name, $1.name) }
        }
        var out: [(String, String)] = []
        for l in layers {
            for node in l.inboundNodes where model.graphNodes[ObjectIdentifier(node)] != nil {
                for t in node.inputs { if let src = t.layer { out.append((src.name, l.name)) } }
            }
        }
        return out
    }

    static func shapes(_ l: Layer) -> (input: String?, output: String) {
        guard let node = l.inboundNodes.first else { return (nil, "?") }
        func fmt(_ ts: [KerasTensor]) -> String {
            ts.count == 1 ? KerasTensor.describe(ts[0].shape) : "[" + ts.map { KerasTensor.describe($0.shape) }.joined(separator: ", ") + "]"
        }
        return (node.inputs.isEmpty ? nil : fmt(node.inputs), fmt(node.outputs))
    }

    static func activation(_ l: Layer) -> String? {
        switch l {
        case let d as Dense: return d.activation
        case let c as Conv2D: return c.activation
        case let c as Conv1D: return c.activation
        case let a as Activation: return a.activation
        case is LSTM, is GRU, is SimpleRNN: return "tanh"
        default: return nil
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func label(_ l: Layer, _ o: DiagramOptions) -> String {
        var cols: [String] = []
        if o.showShapes {
            let (input, output) = shapes(l)
            if let i = input { cols.append(cell("Input shape: <b>\(escape(i))</b>")) }
            cols.append(cell("Output shape: <b>\(escape(output))</b>"))
        }
        if o.showDtype { cols.append(cell("Output dtype: <b>\(l.inboundNodes.first?.outputs.first?.dtype ?? "?")</b>")) }
        if o.showTrainable && !l.weights.isEmpty {
            cols.append(l.trainable ? "<td bgcolor=\"forestgreen\"><font point-size=\"14\" color=\"white\"><b>Trainable</b></font></td>"
                                    : "<td bgcolor=\"firebrick\"><font point-size=\"14\" color=\"white\"><b>Non-trainable</b></font></td>")
        }
        // Keras sizes the title cell from the options, not from the cells drawn.
        let span = max(1, (o.showShapes ? 2 : 0) + (o.showDtype ? 1 : 0) + (o.showTrainable ? 1 : 0))
        let title = o.showLayerNames ? "<b>\(escape(l.name))</b> (\(l.className))" : "<b>\(l.className)</b>"
        var table = "<table border=\"0\" cellborder=\"1\" bgcolor=\"black\" cellpadding=\"10\">"
        table += "<tr><td colspan=\"\(span)\" bgcolor=\"black\"><font point-size=\"16\" color=\"white\">\(title)</font></td></tr>"
        if o.showLayerActivations, let a = activation(l) {
            table += "<tr><td bgcolor=\"white\" colspan=\"\(span)\"><font point-size=\"14\">Activation: <b>\(a)</b></font></td></tr>"
        }
        if !cols.isEmpty { table += "<tr>" + cols.joined() + "</tr>" }
        return table + "</table>"
    }

    static func cell(_ text: String) -> String { "<td bgcolor=\"white\"><font point-size=\"14\">\(text)</font></td>" }

    /// The model as boxes and arrows of text, for a terminal.
    public static func text(_ model: Model, _ o: DiagramOptions) -> String {
        let layers = shownLayers(model)
        let incoming = Dictionary(grouping: edges(model, layers), by: { $0.1 }).mapValues { $0.map { $0.0 } }
        var out = ""
        for (i, l) in layers.enumerated() {
            var lines = [o.showLayerNames ? "\(l.name) (\(l.className))" : l.className]
            if o.showLayerActivations, let a = activation(l) { lines.append("Activation: \(a)") }
            if o.showShapes {
                let (input, output) = shapes(l)
                if let s = input { lines.append("Input shape: \(s)") }
                lines.append("Output shape: \(output)")
            }
            if o.showDtype { lines.append("Output dtype: \(l.inboundNodes.first?.outputs.first?.dtype ?? "?")") }
            if o.showTrainable { lines.append(l.trainable ? "Trainable" : "Non-trainable") }
            let from = incoming[l.name] ?? []
            let previous = i > 0 ? layers[i - 1].name : nil
            if !(from.isEmpty || (from.count == 1 && from[0] == previous)) { lines.append("from: " + from.joined(separator: ", ")) }
            let width = lines.map { $0.count }.max() ?? 0
            out += "┌" + String(repeating: "─", count: width + 2) + "┐\n"
            for line in lines { out += "│ " + line + String(repeating: " ", count: width - line.count) + " │\n" }
            out += "└" + String(repeating: "─", count: width + 2) + "┘\n"
            if i + 1 < layers.count, (incoming[layers[i + 1].name] ?? []).contains(l.name) {
                let pad = String(repeating: " ", count: width / 2 + 2)
                out += pad + "│\n" + pad + "▼\n"
            }
        }
        return out
    }
}
