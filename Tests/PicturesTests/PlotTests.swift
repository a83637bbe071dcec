// The pyplot model and its Cairo rendering: matplotlib's tick choices and labels, format
// strings and colours, and figures that decode as PNGs of the right size with something drawn.
import XCTest
import Foundation
@testable import Pictures

final class PlotTests: XCTestCase {
    func testTicksAsMatplotlibPlacesThem() {
        // Values matplotlib's default locator gives for these view limits.
        XCTAssertEqual(Ticks.positions(-1.45, 30.45, bins: 9), [0, 5, 10, 15, 20, 25, 30])
        XCTAssertEqual(Ticks.positions(0, 1, bins: 9), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        XCTAssertEqual(Ticks.positions(0.5, 0.8, bins: 9), [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8])
        XCTAssertEqual(Ticks.labels([0, 0.2, 0.4]), ["0.0", "0.2", "0.4"])
        XCTAssertEqual(Ticks.labels([0, 5, 10]), ["0", "5", "10"])
        XCTAssertEqual(Ticks.labels([-0.5, 0, 0.5]), ["\u{2212}0.5", "0.0", "0.5"])
        XCTAssertEqual(Ticks.labels([0.5, 0.55, 0.6]), ["0.50", "0.55", "0.60"])
    }

    func testFormatStringsAndColours() throws {
        let (c, d, m) = try Palette.parseFormat("ro--")
        XCTAssertEqual(c, RGBA(1, 0, 0)); XCTAssertEqual(d!!, [3.7, 1.6]); XCTAssertEqual(m, "o")
        let (_, none, marker) = try Palette.parseFormat("s")
        XCTAssertNil(none!); XCTAssertEqual(marker, "s")
        XCTAssertThrowsError(try Palette.parseFormat("q"))
        XCTAssertEqual(RGBA("C1"), Palette.cycle[1])
        XCTAssertEqual(RGBA("#ff000080")?.a ?? 0, 128.0 / 255, accuracy: 1e-9)
        XCTAssertNil(RGBA("notacolour"))
    }

    /// A coarse check that the data was drawn where it belongs: the line from (0, 0) to (1, 1)
    /// crosses the middle of the axes, and a point off the line stays white.
    func testPlottedLinePassesThroughItsPixels() throws {
        let path = NSTemporaryDirectory() + "kscript-line-\(UUID().uuidString.prefix(8)).png"
        defer { unlink(path) }
        let f = Figure(number: 1)
        let a = try f.subplot(rows: 1, cols: 1, index: 1)
        a.add(.line(xs: [0, 1], ys: [0, 1], style: LineStyle(color: a.nextColor(), dashes: []), label: nil))
        a.xlim = (0, 1); a.ylim = (0, 1)
        try FigureRenderer.save(f, to: path)
        let png = try XCTUnwrap(PNGSummary(path: path))
        // The axes span x 80...576 and y 57.6...427.2 (matplotlib's subplot parameters).
        func near(_ x: Int, _ y: Int, _ test: ((Int, Int, Int)) -> Bool) -> Bool {
            (-2...2).contains { dx in (-2...2).contains { dy in test(png.rgb(x: x + dx, y: y + dy)) } }
        }
        XCTAssertTrue(near(328, 242) { $0.2 > 150 && $0.0 < 80 }, "the tab:blue line passes through the centre")
        XCTAssertTrue(near(204, 335) { $0.2 > 150 && $0.0 < 80 }, "and through (0.25, 0.25)")
        XCTAssertEqual(png.rgb(x: 204, y: 150).0, 255, "(0.25, 0.75) is off the line and white")
    }

    func testFiguresRenderToPNGsOfTheirSize() throws {
        let dir = NSTemporaryDirectory() + "kscript-plots-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let f = Figure(number: 1)
        let a = try f.subplot(rows: 1, cols: 2, index: 1)
        a.add(.line(xs: [0, 1, 2], ys: [1, 3, 2], style: LineStyle(color: a.nextColor(), dashes: []), label: "loss"))
        a.showLegend = true; a.title = "curve"
        let b = try f.subplot(rows: 1, cols: 2, index: 2)
        b.add(.image(Raster(width: 2, height: 2, pixels: [RGBA(0, 0, 0), RGBA(1, 1, 1), RGBA(1, 0, 0), RGBA(0, 0, 1)])))
        try FigureRenderer.save(f, to: dir + "/f.png")
        let png = try XCTUnwrap(PNGSummary(path: dir + "/f.png"))
        XCTAssertEqual(png.width, 640); XCTAssertEqual(png.height, 480)
        XCTAssertGreaterThan(png.inkFraction, 0.02)
        try FigureRenderer.save(f, to: dir + "/f.png", dpi: 50)
        XCTAssertEqual(PNGSummary(path: dir + "/f.png")?.width, 320)
        try FigureRenderer.save(f, to: dir + "/f.svg")
        XCTAssertTrue(try String(contentsOfFile: dir + "/f.svg", encoding: .utf8).contains("<svg"))
        XCTAssertThrowsError(try FigureRenderer.save(f, to: dir + "/f.bmp"))
        XCTAssertThrowsError(try FigureRenderer.save(f, to: dir + "/missing/f.png"))
        // Nothing half-written is left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["f.png", "f.svg"])
    }
}
