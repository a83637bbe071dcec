// Reads a PNG back through Cairo: its size and how much of it is not white (tests use this to
// check that a picture was really drawn).
import CCairo

public struct PNGSummary {
    public let width: Int, height: Int
    /// The fraction of pixels that are not pure white.
    public let inkFraction: Double
    /// Premultiplied ARGB pixels, row by row.
    let pixels: [UInt32]

    /// The colour at a pixel, as (red, green, blue) bytes.
    public func rgb(x: Int, y: Int) -> (Int, Int, Int) {
        let v = pixels[y * width + x]
        return (Int(v >> 16 & 0xFF), Int(v >> 8 & 0xFF), Int(v & 0xFF))
    }

    public init?(path: String) {
        guard let s = cairo_image_surface_create_from_png(path), cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else { return nil }
        defer { cairo_surface_destroy(s) }
        cairo_surface_flush(s)
        width = Int(cairo_image_surface_get_width(s)); height = Int(cairo_image_surface_get_height(s))
        let stride = Int(cairo_image_surface_get_stride(s))
        guard let data = cairo_image_surface_get_data(s), width > 0, height > 0 else { return nil }
        var ink = 0, all: [UInt32] = []
        all.reserveCapacity(width * height)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width { all.append(row[x]); if row[x] != 0xFFFF_FFFF { ink += 1 } }
        }
        pixels = all
        inkFraction = Double(ink) / Double(width * height)
    }
}
