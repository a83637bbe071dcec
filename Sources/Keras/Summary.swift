// model.summary(): Keras 3's table (drawn by rich in Keras), reproduced character for character:
// column widths from the line length, rows wrapped at spaces, long words cut with "…".
import Foundation

public enum Summary {
    /// `expandNested` lists the layers of nested models under theirs; `showTrainable` adds Keras's
    /// Trainable column (Y, N, or - for a layer without weights).
    public static func render(_ model: Model, lineLength: Int? = nil, terminalColumns: Int = 80,
                              expandNested: Bool = false, showTrainable: Bool = false) -> String {
        let sequential = model.isSequentialLike
        var header = ["Layer (type)", "Output Shape", "Param #"]
        var positions = [0.45, 0.80, 1.0]
        var rightAligned = [false, false, true]
        var defaultLength = 88
        if !sequential {
            header.append("Connected to")
            positions = [0.3, 0.56, 0.74, 1.0]
            rightAligned.append(false)
            defaultLength = 108
        }
        var centered = rightAligned.map { _ in false }
        if showTrainable {
            defaultLength += 12
            positions = positions.map { $0 * 0.9 } + [1.0]
            header.append("Trainable")
            rightAligned.append(false)
            centered.append(true)
        }
        let length = lineLength ?? min(defaultLength, terminalColumns - 4)
        var widths: [Int] = []
        var current = 0
        for p in positions {
            let w = Int(p * Double(length)) - current
            widths.append(w)
            current += w
        }
        widths = shrink(widths, to: length - (widths.count + 1))

        var rows: [[String]] = []
        func add(_ layer: Layer, level: Int) {
            let prefix = level == 0 ? "" : String(repeating: "   ", count: level) + "└ "
            var row = ["\(prefix)\(layer.name) (\(layer.className))", outputShape(layer, in: model), paramText(layer, in: model)]
            if !sequential { row.append(connections(layer, in: model)) }
            if showTrainable {
                let hasWeights = (layer as? Model).map { !$0.weightEntries().isEmpty } ?? !layer.weights.isEmpty
                row.append(hasWeights ? (layer.trainable ? "Y" : "N") : "-")
            }
            rows.append(row)
            if expandNested, let inner = layer as? Model { for l in inner.layers { add(l, level: level + 1) } }
        }
        for layer in model.layers { add(layer, level: 0) }

        var out = "Model: \"\(model.name)\"\n"
        out += border("┏", "━", "┳", "┓", widths)
        out += line(header.enumerated().map { wrap($0.element, widths[$0.offset] - 2) }, widths, rightAligned, centered, vertical: "┃")
        out += border("┡", "━", "╇", "┩", widths)
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { wrap($0.element, widths[$0.offset] - 2) }
            out += line(cells, widths, rightAligned, centered, vertical: "│")
            out += i == rows.count - 1 ? border("└", "─", "┴", "┘", widths) : border("├", "─", "┼", "┤", widths)
        }
        if rows.isEmpty { out += border("└", "─", "┴", "┘", widths) }
        let weights = model.totalParameters, trainable = model.trainableParameters
        // Once training has built the optimizer, Keras counts its variables too.
        let optimizer = model.training?.optimizer.variableCount
        let total = weights + (optimizer ?? 0)
        out += " Total params: \(grouped(total)) (\(memory(total * 4)))\n"
        out += " Trainable params: \(grouped(trainable)) (\(memory(trainable * 4)))\n"
        out += " Non-trainable params: \(grouped(weights - trainable)) (\(memory((weights - trainable) * 4)))\n"
        if let n = optimizer { out += " Optimizer params: \(grouped(n)) (\(memory(n * 4)))\n" }
        return out
    }

    /// rich's ratio_reduce: takes the excess out of the columns one by one, rounding half to even.
    static func shrink(_ widths: [Int], to available: Int) -> [Int] {
        var excess = widths.reduce(0, +) - available
        if excess <= 0 { return widths }
        var ratioLeft = widths.count
        return widths.map { w in
            let share = min(w, Int((Double(excess) / Double(ratioLeft)).rounded(.toNearestOrEven)))
            excess -= share
            ratioLeft -= 1
            return w - share
        }
    }

    static func border(_ left: String, _ fill: String, _ mid: String, _ right: String, _ widths: [Int]) -> String {
        left + widths.map { String(repeating: fill, count: $0) }.joined(separator: mid) + right + "\n"
    }

    static func line(_ cells: [[String]], _ widths: [Int], _ right: [Bool], _ centered: [Bool], vertical: String) -> String {
        let height = cells.map { $0.count }.max() ?? 1
        var out = ""
        for r in 0..<height {
            out += vertical
            for (c, w) in widths.enumerated() {
                let text = r < cells[c].count ? cells[c][r] : ""
                let free = max(0, w - 2 - text.count)
                let (before, after) = centered[c] ? (free / 2, free - free / 2) : right[c] ? (free, 0) : (0, free)
                out += " " + String(repeating: " ", count: before) + text + String(repeating: " ", count: after) + " " + vertical
            }
            out += "\n"
        }
        return out
    }

    /// Greedy word wrap; a word longer than the width is cut with an ellipsis; leading spaces stay.
    static func wrap(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var current = String(text.prefix { $0 == " " })
        var first = true
        for word in text.split(separator: " ").map(String.init) {
            let w = word.count > width ? String(word.prefix(max(width - 1, 0))) + "…" : word
            if first { current += w; first = false }
            else if current.isEmpty { current = w }
            else if current.count + 1 + w.count <= width { current += " " + w }
            else { lines.append(current); current = w }
        }
        lines.append(current)
        return lines
    }

    static func outputShape(_ layer: Layer, in model: Model) -> String {
        let nodes = layer.inboundNodes.filter { model.graphNodes.isEmpty || model.graphNodes[ObjectIdentifier($0)] != nil }
        guard let node = nodes.first ?? layer.inboundNodes.first else {
            guard let shapes = layer.valueBuildShapes, let out = try? layer.outputShapes(shapes), out.count == 1 else { return "?" }
            return KerasTensor.describe(out[0])
        }
        if node.outputs.count == 1 { return KerasTensor.describe(node.outputs[0].shape) }
        return "[" + node.outputs.map { KerasTensor.describe($0.shape) }.joined(separator: ", ") + "]"
    }

    static func paramText(_ layer: Layer, in model: Model) -> String {
        if !layer.built { return "0 (unbuilt)" }
        return grouped(layer.parameterCount)
    }

    static func connections(_ layer: Layer, in model: Model) -> String {
        var parts: [String] = []
        for node in layer.inboundNodes where model.graphNodes[ObjectIdentifier(node)] != nil {
            for t in node.inputs {
                parts.append("\(t.layer?.name ?? "?")[\(t.nodeIndex)][\(t.tensorIndex)]")
            }
        }
        return parts.isEmpty ? "-" : parts.joined(separator: ", ")
    }

    public static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    /// Keras's readable_memory_size: 1024-based units with two decimals.
    public static func memory(_ bytes: Int) -> String {
        var v = Double(bytes)
        for unit in ["B", "KB", "MB", "GB", "TB"] {
            if v / 1024 < 1 { return String(format: "%.2f %@", v, unit) }
            v /= 1024
        }
        return String(format: "%.2f PB", v)
    }
}
