// Colours, matplotlib's colour cycle and named colours, format strings ('ro', 'g--') and the
// colormaps imshow uses (gray, binary, viridis).
import Foundation

public struct RGBA: Equatable {
    public var r, g, b, a: Double
    public init(_ r: Double, _ g: Double, _ b: Double, _ a: Double = 1) { self.r = r; self.g = g; self.b = b; self.a = a }

    /// '#1f77b4', '#1f77b480', or a name ('red', 'tab:blue', 'C0', 'k').
    public init?(_ spec: String) {
        var s = spec.lowercased()
        if let named = Palette.named[s] { s = named }
        if s.count == 2, s.first == "c", let i = Int(String(s.last!)) { self = Palette.cycle[i]; return }
        guard s.hasPrefix("#"), s.count == 7 || s.count == 9, let v = UInt64(s.dropFirst(), radix: 16) else { return nil }
        let hasAlpha = s.count == 9
        let shift = hasAlpha ? 8 : 0
        self.init(Double((v >> (16 + shift)) & 255) / 255, Double((v >> (8 + shift)) & 255) / 255, Double((v >> shift) & 255) / 255,
                  hasAlpha ? Double(v & 255) / 255 : 1)
    }
}

public enum Palette {
    /// matplotlib's default colour cycle (tab10).
    public static let cycle: [RGBA] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"].map { RGBA($0)! }

    static let named: [String: String] = [
        "b": "#0000ff", "g": "#008000", "r": "#ff0000", "c": "#00bfbf", "m": "#bf00bf", "y": "#bfbf00", "k": "#000000", "w": "#ffffff",
        "blue": "#0000ff", "green": "#008000", "red": "#ff0000", "cyan": "#00ffff", "magenta": "#ff00ff", "yellow": "#ffff00",
        "black": "#000000", "white": "#ffffff", "gray": "#808080", "grey": "#808080", "orange": "#ffa500", "purple": "#800080",
        "brown": "#a52a2a", "pink": "#ffc0cb", "navy": "#000080", "olive": "#808000", "teal": "#008080", "lime": "#00ff00",
        "darkblue": "#00008b", "darkgreen": "#006400", "darkred": "#8b0000", "lightblue": "#add8e6", "lightgreen": "#90ee90",
        "lightgray": "#d3d3d3", "lightgrey": "#d3d3d3", "darkgray": "#a9a9a9", "darkgrey": "#a9a9a9", "gold": "#ffd700",
        "salmon": "#fa8072", "skyblue": "#87ceeb", "violet": "#ee82ee", "indigo": "#4b0082", "crimson": "#dc143c",
        "tab:blue": "#1f77b4", "tab:orange": "#ff7f0e", "tab:green": "#2ca02c", "tab:red": "#d62728", "tab:purple": "#9467bd",
        "tab:brown": "#8c564b", "tab:pink": "#e377c2", "tab:gray": "#7f7f7f", "tab:grey": "#7f7f7f", "tab:olive": "#bcbd22", "tab:cyan": "#17becf",
    ]

    static let markers: Set<Character> = [".", ",", "o", "v", "^", "<", ">", "s", "p", "*", "+", "x", "D", "d", "h", "H", "|", "_"]

    /// A format string such as 'b-', 'ro', 'g--', 'k:': (colour, dashes or nil for no line, marker).
    public static func parseFormat(_ f: String) throws -> (RGBA?, [Double]??, Character?) {
        var rest = Substring(f)
        var dashes: [Double]?? = nil
        for (token, pattern) in [("--", [3.7, 1.6]), ("-.", [6.4, 1.6, 1, 1.6]), ("-", []), (":", [1, 1.65])] as [(String, [Double])] {
            if let r = rest.range(of: token) { dashes = .some(pattern); rest.removeSubrange(r); break }
        }
        var color: RGBA?, marker: Character?
        for ch in rest {
            if let c = named[String(ch)], color == nil { color = RGBA(c) }
            else if markers.contains(ch), marker == nil { marker = ch }
            else { throw PlotError("'\(f)' is not a valid format string (unrecognized character '\(ch)')") }
        }
        if dashes == nil { dashes = marker == nil ? .some([]) : .some(nil) }
        return (color, dashes, marker)
    }

    /// A value in [0, 1] through a colormap.
    public static func colormap(_ name: String) -> ((Double) -> RGBA)? {
        switch name {
        case "gray", "grey", "Greys_r": return { v in RGBA(v, v, v) }
        case "binary", "gray_r", "Greys", "grey_r": return { v in RGBA(1 - v, 1 - v, 1 - v) }
        case "viridis":
            return { v in
                let stops = viridis
                let x = Swift.min(Swift.max(v, 0), 1) * Double(stops.count - 1)
                let i = Swift.min(Int(x), stops.count - 2), t = x - Double(i)
                let (a, b) = (stops[i], stops[i + 1])
                return RGBA(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
            }
        case "hot":
            return { v in RGBA(Swift.min(1, v * 2.5), Swift.min(1, Swift.max(0, v * 2.5 - 1)), Swift.max(0, v * 2.5 - 1.5) / 1) }
        default: return nil
        }
    }

    /// viridis at eleven evenly spaced points.
    static let viridis: [(Double, Double, Double)] = [
        (0.267, 0.005, 0.329), (0.283, 0.141, 0.458), (0.254, 0.265, 0.530), (0.207, 0.372, 0.553), (0.164, 0.471, 0.558),
        (0.128, 0.567, 0.551), (0.135, 0.659, 0.518), (0.267, 0.749, 0.441), (0.478, 0.821, 0.318), (0.741, 0.873, 0.150),
        (0.993, 0.906, 0.144),
    ]
}
