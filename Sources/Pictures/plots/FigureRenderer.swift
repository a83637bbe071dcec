// Draws a Figure with Cairo in matplotlib's default look (DejaVu Sans 10 pt, 0.8 pt spines,
// outward ticks, 5 % data margins, the tab10 cycle) to PNG, SVG or PDF, written atomically.
import Foundation
import CCairo

public enum FigureRenderer {
    /// Renders `figure` to `path`; the format follows the extension (.png, .svg, .pdf).
    public static func save(_ figure: Figure, to path: String, dpi: Double? = nil) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ["png", "svg", "pdf"].contains(ext) else {
            throw PlotError("Format '\(ext)' is not supported (supported formats: pdf, png, svg)")
        }
        let dir = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !dir.isEmpty && !(FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue) {
            var e = PlotError("No such file or directory: '\(path)'")
            (e.errno, e.path) = (ENOENT, path)
            throw e
        }
        let scale = (dpi ?? figure.dpi) / 72
        let (w, h) = (figure.width * 72 * scale, figure.height * 72 * scale)
        let temporary = path + ".kscript-tmp"
        let surface: OpaquePointer?
        switch ext {
        case "svg": surface = cairo_svg_surface_create(temporary, w, h)
        case "pdf": surface = cairo_pdf_surface_create(temporary, w, h)
        default: surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w.rounded()), Int32(h.rounded()))
        }
        guard let s = surface, cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else { throw PlotError("could not create a \(ext) surface for '\(path)'") }
        let cr = cairo_create(s)!
        Painter(cr: cr, scale: scale, width: w, height: h).draw(figure)
        cairo_destroy(cr)
        if ext == "png" {
            let status = cairo_surface_write_to_png(s, temporary)
            cairo_surface_destroy(s)
            guard status == CAIRO_STATUS_SUCCESS else { throw PlotError("could not write '\(path)'") }
        } else {
            cairo_surface_finish(s)
            cairo_surface_destroy(s)
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw PlotError("could not write '\(path)'")
        }
    }
}

/// Drawing in points (1/72 inch) scaled to the output's pixels.
struct Painter {
    let cr: OpaquePointer
    let scale: Double
    let width: Double, height: Double

    func pt(_ v: Double) -> Double { v * scale }

    func color(_ c: RGBA) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a) }

    func font(_ size: Double, bold: Bool = false) {
        cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, pt(size) * 1.0)
    }

    func textWidth(_ s: String) -> Double {
        var e = cairo_text_extents_t()
        cairo_text_extents(cr, s, &e)
        return e.x_advance
    }

    /// Text anchored at (x, y): ha in left/center/right, va in top/center/baseline/bottom.
    func text(_ s: String, _ x: Double, _ y: Double, size: Double, ha: String = "center", va: String = "center", rotate: Bool = false) {
        font(size)
        var fe = cairo_font_extents_t()
        cairo_font_extents(cr, &fe)
        let w = textWidth(s)
        var dx = ha == "center" ? -w / 2 : ha == "right" ? -w : 0
        var dy: Double
        switch va {
        case "top": dy = fe.ascent
        case "bottom": dy = -fe.descent
        case "baseline": dy = 0
        default: dy = (fe.ascent - fe.descent) / 2
        }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        if rotate { cairo_rotate(cr, -Double.pi / 2) }
        if rotate { swap(&dx, &dy); dx = -w / 2; dy = (fe.ascent - fe.descent) / 2 }
        cairo_move_to(cr, dx, dy)
        color(RGBA(0, 0, 0))
        cairo_show_text(cr, s)
        cairo_restore(cr)
    }

    func draw(_ figure: Figure) {
        color(RGBA(1, 1, 1))
        cairo_paint(cr)
        // matplotlib's subplot parameters; tight_layout narrows the margins and widens the gaps.
        var (left, right, bottom, top, wspace, hspace) = (0.125, 0.9, 0.11, 0.88, 0.2, 0.2)
        if figure.tight { (left, right, bottom, top, wspace, hspace) = (0.1, 0.97, 0.1, figure.suptitle == nil ? 0.93 : 0.87, 0.3, 0.45) }
        if let s = figure.suptitle { text(s, width / 2, height * 0.02, size: 12, va: "top") }
        for a in figure.axes {
            let (r, c) = ((a.grid.index - 1) / a.grid.cols, (a.grid.index - 1) % a.grid.cols)
            let cellW = (right - left) / (Double(a.grid.cols) + wspace * Double(a.grid.cols - 1))
            let cellH = (top - bottom) / (Double(a.grid.rows) + hspace * Double(a.grid.rows - 1))
            let x0 = left + Double(c) * cellW * (1 + wspace)
            let y0 = top - Double(r) * cellH * (1 + hspace)
            drawAxes(a, box: (x0 * width, (1 - y0) * height, cellW * width, cellH * height))
        }
    }

    /// Data limits with matplotlib's 5 % margins (none for images; bars keep their 0 baseline).
    func limits(_ a: Axes) -> ((Double, Double), (Double, Double)) {
        var xs: [Double] = [], ys: [Double] = []
        var stickyY0 = false, image: Raster?
        for s in a.series {
            switch s {
            case .line(let x, let y, _, _): xs += x.filter { $0.isFinite }; ys += y.filter { $0.isFinite }
            case .bars(let l, let w, let hgt, let b, _, _):
                for i in l.indices { xs += [l[i], l[i] + w[i]]; ys += [b[i], b[i] + hgt[i]] }
                stickyY0 = true
            case .image(let r): image = r
            }
        }
        if let r = image, xs.isEmpty {
            return (a.xlim ?? (-0.5, Double(r.width) - 0.5), a.ylim ?? (Double(r.height) - 0.5, -0.5))
        }
        func padded(_ v: [Double], sticky: Bool) -> (Double, Double) {
            guard var lo = v.min(), var hi = v.max() else { return (0, 1) }
            if lo == hi { let d = lo == 0 ? 0.05 : abs(lo) * 0.05; lo -= d; hi += d }
            let m = (hi - lo) * 0.05
            return (sticky && lo >= 0 && v.contains(0) ? lo : lo - m, hi + m)
        }
        return (a.xlim ?? padded(xs, sticky: false), a.ylim ?? padded(ys, sticky: stickyY0))
    }

    func drawAxes(_ a: Axes, box b: (x: Double, y: Double, w: Double, h: Double)) {
        var box = b
        let ((x0, x1), (y0, y1)) = limits(a)
        if a.hasImage, let r = a.series.compactMap({ s -> Raster? in if case .image(let r) = s { return r }; return nil }).first {
            // Square pixels: the box shrinks to the image's aspect, centred.
            let aspect = Double(r.height) / Double(r.width)
            if box.w * aspect > box.h { let w = box.h / aspect; box.x += (box.w - w) / 2; box.w = w }
            else { let h = box.w * aspect; box.y += (box.h - h) / 2; box.h = h }
        }
        func px(_ x: Double) -> Double { box.x + (x - x0) / (x1 - x0) * box.w }
        func py(_ y: Double) -> Double { box.y + box.h - (y - y0) / (y1 - y0) * box.h }
        let xt = a.xticks ?? Ticks.positions(Swift.min(x0, x1), Swift.max(x0, x1), bins: Swift.max(1, Swift.min(9, Int(box.w / pt(30)))))
        let yt = a.yticks ?? Ticks.positions(Swift.min(y0, y1), Swift.max(y0, y1), bins: Swift.max(1, Swift.min(9, Int(box.h / pt(20)))))
        if a.showAxis {
            color(RGBA(1, 1, 1)); cairo_rectangle(cr, box.x, box.y, box.w, box.h); cairo_fill(cr)
        }
        if a.showGrid && a.showAxis {
            color(RGBA(0.69, 0.69, 0.69)); cairo_set_line_width(cr, pt(0.8)); cairo_set_dash(cr, nil, 0, 0)
            for t in xt where t >= Swift.min(x0, x1) && t <= Swift.max(x0, x1) { cairo_move_to(cr, px(t), box.y); cairo_line_to(cr, px(t), box.y + box.h) }
            for t in yt where t >= Swift.min(y0, y1) && t <= Swift.max(y0, y1) { cairo_move_to(cr, box.x, py(t)); cairo_line_to(cr, box.x + box.w, py(t)) }
            cairo_stroke(cr)
        }
        cairo_save(cr)
        cairo_rectangle(cr, box.x, box.y, box.w, box.h)
        cairo_clip(cr)
        for s in a.series { drawSeries(s, px, py, box) }
        cairo_restore(cr)
        if a.showAxis {
            color(RGBA(0, 0, 0)); cairo_set_line_width(cr, pt(0.8)); cairo_set_dash(cr, nil, 0, 0)
            cairo_rectangle(cr, box.x, box.y, box.w, box.h); cairo_stroke(cr)
            let xl = a.xtickLabels ?? Ticks.labels(xt), yl = a.ytickLabels ?? Ticks.labels(yt)
            for (i, t) in xt.enumerated() where t >= Swift.min(x0, x1) - 1e-9 && t <= Swift.max(x0, x1) + 1e-9 {
                cairo_move_to(cr, px(t), box.y + box.h); cairo_line_to(cr, px(t), box.y + box.h + pt(3.5)); cairo_stroke(cr)
                if i < xl.count { text(xl[i], px(t), box.y + box.h + pt(7), size: 10, va: "top") }
            }
            var widest = 0.0
            for (i, t) in yt.enumerated() where t >= Swift.min(y0, y1) - 1e-9 && t <= Swift.max(y0, y1) + 1e-9 {
                cairo_move_to(cr, box.x, py(t)); cairo_line_to(cr, box.x - pt(3.5), py(t)); cairo_stroke(cr)
                if i < yl.count { text(yl[i], box.x - pt(7), py(t), size: 10, ha: "right"); font(10); widest = Swift.max(widest, textWidth(yl[i])) }
            }
            if let l = a.xlabel { text(l, box.x + box.w / 2, box.y + box.h + pt(7) + pt(14), size: 10, va: "top") }
            if let l = a.ylabel { text(l, box.x - pt(7) - widest - pt(10), box.y + box.h / 2, size: 10, rotate: true) }
        }
        if let t = a.title { text(t, box.x + box.w / 2, box.y - pt(6), size: 12, va: "bottom") }
        if a.showLegend { drawLegend(a, box, px, py) }
    }

    func drawSeries(_ s: Series, _ px: (Double) -> Double, _ py: (Double) -> Double, _ box: (x: Double, y: Double, w: Double, h: Double)) {
        switch s {
        case .line(let xs, let ys, let style, _):
            color(style.color)
            cairo_set_line_width(cr, pt(style.width))
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            if let dashes = style.dashes {
                let d = dashes.map { pt($0 * style.width) }
                cairo_set_dash(cr, d, Int32(d.count), 0)
                var started = false
                for (x, y) in zip(xs, ys) {
                    guard x.isFinite && y.isFinite else { started = false; continue }
                    if started { cairo_line_to(cr, px(x), py(y)) } else { cairo_move_to(cr, px(x), py(y)); started = true }
                }
                cairo_stroke(cr)
                cairo_set_dash(cr, nil, 0, 0)
            }
            if let m = style.marker {
                for (x, y) in zip(xs, ys) where x.isFinite && y.isFinite { marker(m, px(x), py(y), pt(style.markerSize), style.color) }
            }
        case .bars(let lefts, let widths, let heights, let bottoms, let c, _):
            color(c)
            for i in lefts.indices {
                let (xa, xb) = (px(lefts[i]), px(lefts[i] + widths[i])), (ya, yb) = (py(bottoms[i]), py(bottoms[i] + heights[i]))
                cairo_rectangle(cr, Swift.min(xa, xb), Swift.min(ya, yb), abs(xb - xa), abs(yb - ya))
            }
            cairo_fill(cr)
        case .image(let r):
            var data = [UInt32](repeating: 0, count: r.width * r.height)
            for (i, p) in r.pixels.enumerated() {
                let a = p.a
                func byte(_ v: Double) -> UInt32 { UInt32((Swift.min(Swift.max(v, 0), 1) * a * 255).rounded()) }
                data[i] = UInt32((a * 255).rounded()) << 24 | byte(p.r) << 16 | byte(p.g) << 8 | byte(p.b)
            }
            data.withUnsafeMutableBytes { raw in
                let img = cairo_image_surface_create_for_data(raw.baseAddress!.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_ARGB32,
                                                              Int32(r.width), Int32(r.height), Int32(r.width * 4))
                cairo_save(cr)
                let (left, right) = (px(-0.5), px(Double(r.width) - 0.5)), (topY, bottomY) = (py(-0.5), py(Double(r.height) - 0.5))
                cairo_translate(cr, left, Swift.min(topY, bottomY))
                cairo_scale(cr, (right - left) / Double(r.width), abs(bottomY - topY) / Double(r.height))
                cairo_set_source_surface(cr, img, 0, 0)
                cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
                cairo_paint(cr)
                cairo_restore(cr)
                cairo_surface_destroy(img)
            }
        }
    }

    func marker(_ m: Character, _ x: Double, _ y: Double, _ size: Double, _ c: RGBA) {
        color(c)
        let r = size / 2
        switch m {
        case ".": cairo_arc(cr, x, y, r * 0.5, 0, 2 * Double.pi); cairo_fill(cr)
        case ",": cairo_rectangle(cr, x - 0.5, y - 0.5, 1, 1); cairo_fill(cr)
        case "s": cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r); cairo_fill(cr)
        case "^", "v", "<", ">":
            let pts: [(Double, Double)] = m == "^" ? [(0, -r), (r, r), (-r, r)] : m == "v" ? [(0, r), (r, -r), (-r, -r)]
                : m == "<" ? [(-r, 0), (r, -r), (r, r)] : [(r, 0), (-r, -r), (-r, r)]
            cairo_move_to(cr, x + pts[0].0, y + pts[0].1)
            for p in pts.dropFirst() { cairo_line_to(cr, x + p.0, y + p.1) }
            cairo_close_path(cr); cairo_fill(cr)
        case "D", "d":
            cairo_move_to(cr, x, y - r); cairo_line_to(cr, x + r, y); cairo_line_to(cr, x, y + r); cairo_line_to(cr, x - r, y)
            cairo_close_path(cr); cairo_fill(cr)
        case "+", "x", "|", "_":
            cairo_set_line_width(cr, pt(1))
            if m == "+" || m == "_" { cairo_move_to(cr, x - r, y); cairo_line_to(cr, x + r, y) }
            if m == "+" || m == "|" { cairo_move_to(cr, x, y - r); cairo_line_to(cr, x, y + r) }
            if m == "x" { cairo_move_to(cr, x - r, y - r); cairo_line_to(cr, x + r, y + r); cairo_move_to(cr, x - r, y + r); cairo_line_to(cr, x + r, y - r) }
            cairo_stroke(cr)
        default: cairo_arc(cr, x, y, r, 0, 2 * Double.pi); cairo_fill(cr)
        }
    }

    /// The legend where it covers the fewest data points ('best'), or at the corner asked for.
    func drawLegend(_ a: Axes, _ box: (x: Double, y: Double, w: Double, h: Double), _ px: (Double) -> Double, _ py: (Double) -> Double) {
        let entries = a.legendEntries
        guard !entries.isEmpty else { return }
        font(10)
        let line = pt(14), handle = pt(20), pad = pt(5)
        let wText = entries.map { textWidth($0.0) }.max() ?? 0
        let (w, h) = (pad * 3 + handle + wText, pad * 2 + line * Double(entries.count))
        let inset = pt(6)
        let corners: [String: (Double, Double)] = [
            "upper right": (box.x + box.w - w - inset, box.y + inset), "upper left": (box.x + inset, box.y + inset),
            "lower left": (box.x + inset, box.y + box.h - h - inset), "lower right": (box.x + box.w - w - inset, box.y + box.h - h - inset),
        ]
        var points: [(Double, Double)] = []
        for s in a.series { if case .line(let xs, let ys, _, _) = s { for (u, v) in zip(xs, ys) where u.isFinite && v.isFinite { points.append((px(u), py(v))) } } }
        func covered(_ c: (Double, Double)) -> Int { points.filter { $0.0 >= c.0 && $0.0 <= c.0 + w && $0.1 >= c.1 && $0.1 <= c.1 + h }.count }
        let order = ["upper right", "upper left", "lower left", "lower right"]
        let chosen = a.legendLocation.flatMap { corners[$0] } ?? order.map { corners[$0]! }.min { covered($0) < covered($1) }!
        let (x, y) = chosen
        color(RGBA(1, 1, 1, 0.8)); cairo_rectangle(cr, x, y, w, h); cairo_fill(cr)
        color(RGBA(0.8, 0.8, 0.8)); cairo_set_line_width(cr, pt(1)); cairo_rectangle(cr, x, y, w, h); cairo_stroke(cr)
        for (i, (label, s)) in entries.enumerated() {
            let cy = y + pad + line * (Double(i) + 0.5)
            switch s {
            case .line(_, _, let style, _):
                if let d = style.dashes {
                    color(style.color); cairo_set_line_width(cr, pt(style.width))
                    let dd = d.map { pt($0 * style.width) }
                    cairo_set_dash(cr, dd, Int32(dd.count), 0)
                    cairo_move_to(cr, x + pad, cy); cairo_line_to(cr, x + pad + handle, cy); cairo_stroke(cr)
                    cairo_set_dash(cr, nil, 0, 0)
                }
                if let m = style.marker { marker(m, x + pad + handle / 2, cy, pt(style.markerSize), style.color) }
            case .bars(_, _, _, _, let c, _):
                color(c); cairo_rectangle(cr, x + pad, cy - pt(4), handle, pt(8)); cairo_fill(cr)
            case .image: break
            }
            text(label, x + pad * 2 + handle, cy, size: 10, ha: "left")
        }
    }
}
