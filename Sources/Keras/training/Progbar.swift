// Keras 3's progress bar: `32/32 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - accuracy: 0.8125 - loss: 0.4210`.
// On a terminal (verbose=1) it is redrawn in place, in Keras's colours; elsewhere only the final
// line of each epoch is printed, without escape codes. verbose=2 prints one plain line at the end.
import Foundation

/// Where training output goes (the interpreter's stdout in kscript).
public protocol TrainingOutput: AnyObject {
    func write(_ text: String)
    var isTerminal: Bool { get }
    /// True once the user pressed Ctrl-C: training stops after the current batch.
    var interrupted: Bool { get }
}

public final class Progbar {
    /// The number of steps; learned at the end of the first pass when unknown (a generator).
    var target: Int?
    let verbose: Int
    let output: TrainingOutput
    let width = 20
    let interval = 0.05
    let start = Date()
    var lastUpdate = 0.0
    var timeAfterFirstStep: Date?
    var seenSoFar = 0
    var previousWidth = 0
    /// Per key: the sum of values times steps and the steps (Keras averages what it displays).
    var values: [String: (Double, Double)] = [:]
    var order: [String] = []

    public init(target: Int?, verbose: Int, output: TrainingOutput) {
        self.target = target; self.verbose = verbose; self.output = output
    }

    public func update(_ current: Int, _ logs: [(String, Double)], finalize: Bool = false) {
        if finalize && target == nil { target = current }
        for (k, v) in logs {
            if !order.contains(k) { order.append(k) }
            if finalize { values[k] = (v, 1) }
            else {
                let base = Double(Swift.max(current - seenSoFar, 1))
                let old = values[k] ?? (0, 0)
                values[k] = (old.0 + v * base, old.1 + base)
            }
        }
        seenSoFar = current
        let now = Date()
        if current == 1 && timeAfterFirstStep == nil { timeAfterFirstStep = now }
        let elapsed = now.timeIntervalSince(start)
        let perStep: Double
        if let t = timeAfterFirstStep, current > 1 { perStep = now.timeIntervalSince(t) / Double(current - 1) }
        else { perStep = current > 0 ? elapsed / Double(current) : 0 }
        switch verbose {
        case 1:
            let terminal = output.isTerminal
            if !terminal && !finalize { return }
            if terminal && !finalize && elapsed - lastUpdate < interval && current != target { return }
            lastUpdate = elapsed
            output.write(line(current, perStep: perStep, elapsed: elapsed, finalize: finalize, colour: terminal))
        case 2 where finalize:
            let digits = String(target ?? current).count
            var text = String(repeating: " ", count: Swift.max(0, digits - String(current).count)) + "\(current)/\(target ?? current)"
            text += " - \(String(format: "%.0f", elapsed))s -" + Progbar.formatTime(perStep) + metricsText() + "\n"
            output.write(text)
        default: break
        }
    }

    func line(_ current: Int, perStep: Double, elapsed: Double, finalize: Bool, colour: Bool) -> String {
        func style(_ s: String, _ code: String) -> String { colour ? "\u{1b}[\(code)m" + s + "\u{1b}[0m" : s }
        var bar: String
        if let target = target {
            let digits = String(target).count
            bar = style(String(repeating: " ", count: Swift.max(0, digits - String(current).count)) + "\(current)/\(target)", "1") + " "
            let done = Int(Double(width) * Double(current) / Double(Swift.max(target, 1)))
            if done > 0 { bar += style(String(repeating: "━", count: done), "32") }
            bar += style(String(repeating: "━", count: width - done), "37")
        } else {
            bar = String(format: "%7d/Unknown", current)
        }
        var info: String
        if let target = target, !finalize {
            let eta = perStep * Double(target - current)
            let text = eta > 3600 ? String(format: "%d:%02d:%02d", Int(eta) / 3600, Int(eta) % 3600 / 60, Int(eta) % 60)
                : eta > 60 ? String(format: "%d:%02d", Int(eta) / 60, Int(eta) % 60) : String(format: "%.0fs", eta)
            info = " " + style(text, "1")
        } else {
            info = " " + style(String(format: "%.0fs", elapsed), "1")
        }
        info += Progbar.formatTime(perStep) + metricsText()
        let visible = Progbar.visibleWidth(bar + info)
        var text = bar + info
        if colour {
            if previousWidth > visible { text += String(repeating: " ", count: previousWidth - visible) }
            text = "\r" + text
        }
        previousWidth = visible
        return finalize || !colour ? text + "\n" : text
    }

    func metricsText() -> String {
        var s = ""
        for k in order {
            guard let (sum, n) = values[k] else { continue }
            let v = sum / Swift.max(n, 1)
            s += " - \(k): " + String(format: Swift.abs(v) > 1e-3 ? "%.4f" : "%.4e", v)
        }
        return s
    }

    static func formatTime(_ t: Double) -> String {
        if t >= 1 || t == 0 { return String(format: " %.0fs/step", t) }
        if t >= 1e-3 { return String(format: " %.0fms/step", t * 1000) }
        return String(format: " %.0fus/step", t * 1_000_000)
    }

    static func visibleWidth(_ s: String) -> Int {
        var n = 0, escape = false
        for ch in s {
            if ch == "\u{1b}" { escape = true; continue }
            if escape { if ch == "m" { escape = false }; continue }
            n += 1
        }
        return n
    }
}
