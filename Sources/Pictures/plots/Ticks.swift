// Axis ticks as matplotlib places them (MaxNLocator: at most n intervals of 1, 2, 2.5 or 5
// times a power of ten) and their labels (as few decimals as the step needs, U+2212 minus).
import Foundation

enum Ticks {
    static func positions(_ lo: Double, _ hi: Double, bins: Int) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return lo.isFinite ? [lo] : [] }
        let raw = (hi - lo) / Double(Swift.max(bins, 1))
        let scale = pow(10, floor(log10(raw)))
        for m in [1, 2, 2.5, 5, 10] {
            let step = m * scale
            let first = ceil(lo / step - 1e-9), last = floor(hi / step + 1e-9)
            if last - first <= Double(bins) {
                return stride(from: first, through: last, by: 1).map { ($0 * step).roundedToStep(step) }
            }
        }
        return [lo, hi]
    }

    static func labels(_ ticks: [Double]) -> [String] {
        var decimals = 0
        while decimals < 8 && !ticks.allSatisfy({ abs(($0 * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals)) - $0) < 1e-9 * Swift.max(1, abs($0)) }) {
            decimals += 1
        }
        return ticks.map { t in
            var s = String(format: "%.\(decimals)f", t)
            if s.hasPrefix("-") { s = Double(s) == 0 ? String(s.dropFirst()) : "\u{2212}" + s.dropFirst() }
            return s
        }
    }
}

extension Double {
    /// Removes the floating-point dust of k * step (0.30000000000000004 → 0.3).
    func roundedToStep(_ step: Double) -> Double {
        let digits = Swift.max(0, Int(-floor(log10(step))) + 2)
        let f = pow(10, Double(digits))
        return (self * f).rounded() / f
    }
}
