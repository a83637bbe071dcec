// `matplotlib.pyplot` (the subset tutorials use): pyplot's current-figure state machine over the
// Pictures plot model, and the same drawing methods on Axes objects. Rendered with Cairo.
import Foundation
import KScript
import KTensor
import Pictures

final class PyplotSession {
    unowned let interp: Interpreter
    var figures: [Int: Figure] = [:]
    var current: Figure?
    var shown = 0

    init(_ interp: Interpreter) { self.interp = interp }

    func figure(_ number: Int? = nil) -> Figure {
        if let n = number {
            if let f = figures[n] { current = f; return f }
            let f = Figure(number: n)
            figures[n] = f; current = f
            return f
        }
        if let f = current { return f }
        return newFigure()
    }

    func newFigure() -> Figure {
        let f = Figure(number: (figures.keys.max() ?? 0) + 1)
        figures[f.number] = f; current = f
        return f
    }

    func axes() throws -> Axes { try plotCall { try figure().currentAxes() } }

    func wrap(_ a: Axes, _ f: Figure) -> Value { .obj(PyAxes(a, f)) }

    // MARK: arguments

    func numbers(_ v: Value) throws -> [Double] {
        try tensorCall { try NumpyModule.toTensor(interp, v, dtype: .float64).doubles() }
    }

    func colorArg(_ v: Value) throws -> RGBA? {
        switch v {
        case .none: return nil
        case .str(let s):
            guard let c = RGBA(s.value) else { throw PyError.value("'\(s.value)' is not a valid color value.") }
            return c
        default:
            let parts = try numbers(v)
            guard parts.count == 3 || parts.count == 4 else { throw PyError.value("\(try interp.repr(v)) is not a valid color value.") }
            return RGBA(parts[0], parts[1], parts[2], parts.count == 4 ? parts[3] : 1)
        }
    }

    func kw(_ kwargs: KwArgs, _ names: String...) -> Value? {
        for n in names { if let v = kwargs.first(where: { $0.0 == n })?.1 { return v } }
        return nil
    }

    static let lineKeywords: Set<String> = ["label", "color", "c", "linewidth", "lw", "linestyle", "ls", "marker", "markersize", "ms", "alpha"]

    // MARK: drawing on axes

    /// plot([x], y, [fmt], ..., label=, color=, linewidth=, linestyle=, marker=, markersize=, alpha=)
    func plot(_ a: Axes, _ args: [Value], _ kwargs: KwArgs) throws -> Value {
        for (k, _) in kwargs where !PyplotSession.lineKeywords.contains(k) {
            throw PyError.attribute("Line2D.set() got an unexpected keyword argument '\(k)'")
        }
        var groups: [(Value?, Value, String?)] = []
        var i = 0
        while i < args.count {
            if case .str = args[i] { throw PyError.value("plot() format string given without data") }
            var x: Value? = nil, y = args[i], fmt: String? = nil
            if i + 1 < args.count, case .str(let s) = args[i + 1] { fmt = s.value; i += 2 }
            else if i + 1 < args.count {
                x = args[i]; y = args[i + 1]; i += 2
                if i < args.count, case .str(let s) = args[i] { fmt = s.value; i += 1 }
            } else { i += 1 }
            groups.append((x, y, fmt))
        }
        var lines: [Value] = []
        for (xv, yv, fmt) in groups {
            let ys = try numbers(yv)
            let xs = try xv.map { try numbers($0) } ?? ys.indices.map(Double.init)
            guard xs.count == ys.count else {
                throw PyError.value("x and y must have same first dimension, but have shapes (\(xs.count),) and (\(ys.count),)")
            }
            var style = LineStyle(color: a.nextColor(), dashes: [])
            if let f = fmt {
                let (c, d, m) = try plotCall { try Palette.parseFormat(f) }
                if let c = c { style.color = c }
                if let d = d { style.dashes = d }
                style.marker = m
            }
            if let c = try kw(kwargs, "color", "c").flatMap({ try colorArg($0) }) { style.color = c }
            if let w = kw(kwargs, "linewidth", "lw") { style.width = try interp.floatArg(w) }
            if let m = kw(kwargs, "marker"), case .str(let s) = m { style.marker = s.value.first }
            if let ms = kw(kwargs, "markersize", "ms") { style.markerSize = try interp.floatArg(ms) }
            if let ls = kw(kwargs, "linestyle", "ls"), case .str(let s) = ls {
                let patterns: [String: [Double]?] = ["-": [], "solid": [], "--": [3.7, 1.6], "dashed": [3.7, 1.6], ":": [1, 1.65],
                                                     "dotted": [1, 1.65], "-.": [6.4, 1.6, 1, 1.6], "dashdot": [6.4, 1.6, 1, 1.6], "None": nil, "none": nil, "": nil]
                guard let p = patterns[s.value] else { throw PyError.value("'\(s.value)' is not a valid value for ls") }
                style.dashes = p
            }
            if let alpha = kw(kwargs, "alpha") { style.color.a = try interp.floatArg(alpha) }
            let label = try kw(kwargs, "label").flatMap { $0.isNone ? nil : try interp.str($0) }
            a.add(.line(xs: xs, ys: ys, style: style, label: label))
            lines.append(.none)
        }
        return .obj(PyList(lines))
    }

    func scatter(_ a: Axes, _ x: Value, _ y: Value, _ kwargs: KwArgs) throws -> Value {
        let xs = try numbers(x), ys = try numbers(y)
        guard xs.count == ys.count else { throw PyError.value("x and y must be the same size") }
        var style = LineStyle(color: a.nextColor(), dashes: nil, marker: "o")
        if let c = try kw(kwargs, "color", "c").flatMap({ try colorArg($0) }) { style.color = c }
        if let s = kw(kwargs, "s"), !s.isNone { style.markerSize = (try interp.floatArg(s)).squareRoot() }
        if let m = kw(kwargs, "marker"), case .str(let ms) = m { style.marker = ms.value.first }
        if let alpha = kw(kwargs, "alpha"), !alpha.isNone { style.color.a = try interp.floatArg(alpha) }
        let label = try kw(kwargs, "label").flatMap { $0.isNone ? nil : try interp.str($0) }
        a.add(.line(xs: xs, ys: ys, style: style, label: label))
        return .none
    }

    func bar(_ a: Axes, _ x: Value, _ height: Value, _ kwargs: KwArgs) throws -> Value {
        var positions: [Double]
        let items = (try? interp.iterateAll(x)) ?? [x]
        var names: [String]? = nil
        if items.allSatisfy({ if case .str = $0 { return true }; return false }) {
            names = try items.map { try interp.str($0) }
            positions = names!.indices.map(Double.init)
        } else {
            positions = try numbers(x)
        }
        var heights = try numbers(height)
        if heights.count == 1 && positions.count > 1 { heights = Array(repeating: heights[0], count: positions.count) }
        guard heights.count == positions.count else { throw PyError.value("shape mismatch: objects cannot be broadcast to a single shape") }
        let width = try kw(kwargs, "width").map { try interp.floatArg($0) } ?? 0.8
        let bottom = try kw(kwargs, "bottom").map { try interp.floatArg($0) } ?? 0
        var color = try kw(kwargs, "color").flatMap { try colorArg($0) } ?? a.nextColor()
        if let alpha = kw(kwargs, "alpha"), !alpha.isNone { color.a = try interp.floatArg(alpha) }
        let label = try kw(kwargs, "label").flatMap { $0.isNone ? nil : try interp.str($0) }
        a.add(.bars(lefts: positions.map { $0 - width / 2 }, widths: Array(repeating: width, count: positions.count), heights: heights,
                    bottoms: Array(repeating: bottom, count: positions.count), color: color, label: label))
        if let n = names { a.xticks = positions; a.xtickLabels = n }
        return .none
    }

    /// hist(x, bins=10, range=None, density=False, color, alpha, label): (counts, edges, None).
    func hist(_ a: Axes, _ x: Value, _ kwargs: KwArgs) throws -> Value {
        let values = try numbers(x).filter { $0.isFinite }
        let binsArg = kw(kwargs, "bins") ?? .int(10)
        var edges: [Double]
        if case .int(let n) = binsArg {
            var (lo, hi) = (values.min() ?? 0, values.max() ?? 1)
            if let r = kw(kwargs, "range"), !r.isNone { let p = try numbers(r); lo = p[0]; hi = p[1] }
            if lo == hi { lo -= 0.5; hi += 0.5 }
            edges = (0...n).map { lo + (hi - lo) * Double($0) / Double(n) }
        } else {
            edges = try numbers(binsArg)
        }
        var counts = [Double](repeating: 0, count: Swift.max(edges.count - 1, 0))
        for v in values {
            guard let last = edges.last, v >= edges[0], v <= last else { continue }
            var k = edges.lastIndex { $0 <= v } ?? 0
            if k >= counts.count { k = counts.count - 1 }
            counts[k] += 1
        }
        if let d = kw(kwargs, "density"), try interp.truthy(d) {
            let total = counts.reduce(0, +)
            counts = counts.enumerated().map { $0.element / Swift.max(total * (edges[$0.offset + 1] - edges[$0.offset]), 1e-300) }
        }
        var color = try kw(kwargs, "color").flatMap { try colorArg($0) } ?? a.nextColor()
        if let alpha = kw(kwargs, "alpha"), !alpha.isNone { color.a = try interp.floatArg(alpha) }
        let label = try kw(kwargs, "label").flatMap { $0.isNone ? nil : try interp.str($0) }
        a.add(.bars(lefts: Array(edges.dropLast()), widths: zip(edges.dropFirst(), edges).map { $0 - $1 }, heights: counts,
                    bottoms: Array(repeating: 0, count: counts.count), color: color, label: label))
        return .obj(PyTuple([.obj(PyNDArray(try tensorCall { try Tensor(counts, shape: [counts.count]) })),
                             .obj(PyNDArray(try tensorCall { try Tensor(edges, shape: [edges.count]) })), .none]))
    }

    /// imshow(X, cmap=None, vmin=None, vmax=None): 2-D values through a colormap, or RGB(A) rows.
    func imshow(_ a: Axes, _ x: Value, _ kwargs: KwArgs) throws -> Value {
        let t = try tensorCall { try NumpyModule.toTensor(interp, x, dtype: nil) }
        let shape = t.shape
        let values = t.doubles()
        var pixels: [RGBA] = []
        if shape.count == 2 || (shape.count == 3 && shape[2] == 1) {
            let cmapName = try kw(kwargs, "cmap").flatMap { $0.isNone ? nil : try interp.str($0) } ?? "viridis"
            guard let cmap = Palette.colormap(cmapName) else { throw PyError.value("'\(cmapName)' is not a valid value for cmap; kscript knows gray, binary, viridis, hot") }
            let finite = values.filter { $0.isFinite }
            let lo = try kw(kwargs, "vmin").flatMap { $0.isNone ? nil : try interp.floatArg($0) } ?? finite.min() ?? 0
            let hi = try kw(kwargs, "vmax").flatMap { $0.isNone ? nil : try interp.floatArg($0) } ?? finite.max() ?? 1
            pixels = values.map { v in v.isFinite ? cmap(hi > lo ? (v - lo) / (hi - lo) : 0) : RGBA(0, 0, 0, 0) }
        } else if shape.count == 3 && (shape[2] == 3 || shape[2] == 4) {
            let scale = t.dtype.isFloating ? 1.0 : 255.0
            for p in 0..<(shape[0] * shape[1]) {
                let c = shape[2]
                pixels.append(RGBA(values[p * c] / scale, values[p * c + 1] / scale, values[p * c + 2] / scale, c == 4 ? values[p * c + 3] / scale : 1))
            }
        } else {
            throw PyError.type("Invalid shape \(Tensor.describe(shape)) for image data")
        }
        a.add(.image(Raster(width: shape[1], height: shape[0], pixels: pixels)))
        return .none
    }

    func limits(_ args: [Value], _ kwargs: KwArgs, current: (Double, Double)?, set: ((Double, Double)) -> Void) throws -> Value {
        var lo: Double? = nil, hi: Double? = nil
        if args.count == 1, !args[0].isNone { let p = try interp.iterateAll(args[0]); lo = try interp.floatArg(p[0]); hi = try interp.floatArg(p[1]) }
        else if args.count >= 2 { lo = args[0].isNone ? nil : try interp.floatArg(args[0]); hi = args[1].isNone ? nil : try interp.floatArg(args[1]) }
        for (k, v) in kwargs where !v.isNone {
            if ["left", "bottom", "xmin", "ymin"].contains(k) { lo = try interp.floatArg(v) }
            if ["right", "top", "xmax", "ymax"].contains(k) { hi = try interp.floatArg(v) }
        }
        if lo != nil || hi != nil { set((lo ?? current?.0 ?? 0, hi ?? current?.1 ?? 1)) }
        let c = lo.map { ($0, hi ?? 1) } ?? current ?? (0, 1)
        return .obj(PyTuple([.float(c.0), .float(c.1)]))
    }

    func ticks(_ args: [Value], _ kwargs: KwArgs, _ setPositions: ([Double]) -> Void, _ setLabels: ([String]?) -> Void) throws {
        guard let t = args.first ?? kw(kwargs, "ticks"), !t.isNone else { return }
        setPositions(try numbers(t))
        if let l = args.count > 1 ? args[1] : kw(kwargs, "labels"), !l.isNone { setLabels(try interp.iterateAll(l).map { try interp.str($0) }) }
        else { setLabels(nil) }
    }

    func axisCommand(_ a: Axes, _ v: Value) throws {
        switch v {
        case .str(let s):
            switch s.value {
            case "off": a.showAxis = false
            case "on": a.showAxis = true
            case "equal", "scaled", "tight", "auto", "image", "square": break
            default: throw PyError.value("Unrecognized string '\(s.value)' to axis; try 'on' or 'off'")
            }
        case .bool(let b): a.showAxis = b
        default:
            let p = try numbers(v)
            guard p.count == 4 else { throw PyError.type("The first argument to axis() must be an iterable of the form [xmin, xmax, ymin, ymax]") }
            a.xlim = (p[0], p[1]); a.ylim = (p[2], p[3])
        }
    }

    /// Writes the figure beside the script (`<script>_figure_<n>.png`), the picture pyplot would show.
    func show() throws {
        let ordered = figures.values.sorted { $0.number < $1.number }
        let script = interp.argv.first.flatMap { $0.isEmpty || $0 == "-" || $0 == "-c" ? nil : $0 }
        let base = script.map { (($0 as NSString).deletingPathExtension) } ?? "kscript"
        for f in ordered where !f.axes.isEmpty {
            shown += 1
            let path = "\(base)_figure_\(shown).png"
            try plotCall { try FigureRenderer.save(f, to: path) }
            interp.out.write("[figure saved to \(path)]\n")
        }
        figures = [:]; current = nil
    }
}

@inline(__always) func plotCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as PlotError {
        if let code = e.errno, let path = e.path { throw PyError.os(errno: code, filename: path) }
        throw PyError.value(e.description)
    }
}
