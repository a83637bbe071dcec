// The pyplot data model: a figure of axes (a grid of subplots), each holding what was drawn on
// it (lines, markers, bars, images) and its decorations (titles, labels, limits, ticks, legend).

public final class Figure {
    public let number: Int
    /// Size in inches and resolution, matplotlib's defaults 6.4 x 4.8 at 100 dpi.
    public var width = 6.4, height = 4.8, dpi = 100.0
    public private(set) var axes: [Axes] = []
    public var suptitle: String?
    /// tight_layout(): smaller margins between and around the subplots.
    public var tight = false

    public init(number: Int) { self.number = number }

    /// The axes at position `index` (1-based) of a rows x cols grid, made on first use.
    public func subplot(rows: Int, cols: Int, index: Int) throws -> Axes {
        guard rows > 0, cols > 0 else { throw PlotError("Number of rows must be a positive integer, not \(rows)") }
        guard index >= 1 && index <= rows * cols else {
            throw PlotError("num must be an integer with 1 <= num <= \(rows * cols), not \(index)")
        }
        if let existing = axes.first(where: { $0.grid == (rows, cols, index) }) { return existing }
        let a = Axes(grid: (rows, cols, index))
        axes.append(a)
        return a
    }

    /// The current axes: the last made, or a single subplot.
    public func currentAxes() throws -> Axes { try axes.last ?? subplot(rows: 1, cols: 1, index: 1) }

    public func clear() { axes = []; suptitle = nil; tight = false }
}

public struct PlotError: Error, CustomStringConvertible {
    public let description: String
    /// Set when the file could not be written: the errno and the path.
    public var errno: Int32?, path: String?
    public init(_ d: String) { description = d }
}

/// One thing drawn on axes.
public enum Series {
    case line(xs: [Double], ys: [Double], style: LineStyle, label: String?)
    case bars(lefts: [Double], widths: [Double], heights: [Double], bottoms: [Double], color: RGBA, label: String?)
    case image(Raster)
}

public struct LineStyle {
    public var color: RGBA
    /// Dash pattern in points (empty: solid); nil draws no line (markers only).
    public var dashes: [Double]?
    public var width = 1.5
    public var marker: Character?
    public var markerSize = 6.0
    public init(color: RGBA, dashes: [Double]?, marker: Character? = nil) { self.color = color; self.dashes = dashes; self.marker = marker }
}

/// Pixels for imshow: rows of RGBA, top row first.
public struct Raster {
    public let width: Int, height: Int
    public let pixels: [RGBA]
    public init(width: Int, height: Int, pixels: [RGBA]) { self.width = width; self.height = height; self.pixels = pixels }
}

public final class Axes {
    public let grid: (rows: Int, cols: Int, index: Int)
    public private(set) var series: [Series] = []
    public var title: String?, xlabel: String?, ylabel: String?
    public var xlim: (Double, Double)?, ylim: (Double, Double)?
    public var xticks: [Double]?, yticks: [Double]?
    public var xtickLabels: [String]?, ytickLabels: [String]?
    public var showGrid = false, showAxis = true, showLegend = false
    /// legend(loc=...): 'upper right', 'upper left', 'lower left', 'lower right'; nil is 'best'.
    public var legendLocation: String?
    /// Where the next series without a colour takes its colour in the cycle.
    var cycle = 0

    init(grid: (Int, Int, Int)) { self.grid = grid }

    public func nextColor() -> RGBA {
        defer { cycle += 1 }
        return Palette.cycle[cycle % Palette.cycle.count]
    }

    public func add(_ s: Series) { series.append(s) }

    public func clear() {
        series = []; title = nil; xlabel = nil; ylabel = nil; xlim = nil; ylim = nil
        xticks = nil; yticks = nil; xtickLabels = nil; ytickLabels = nil
        showGrid = false; showAxis = true; showLegend = false; cycle = 0
    }

    var hasImage: Bool { series.contains { if case .image = $0 { return true }; return false } }

    /// The labelled series for the legend: label, colour and how to draw its key.
    var legendEntries: [(String, Series)] {
        series.compactMap { s in
            switch s {
            case .line(_, _, _, let l?), .bars(_, _, _, _, _, let l?): return l.hasPrefix("_") ? nil : (l, s)
            default: return nil
            }
        }
    }
}
