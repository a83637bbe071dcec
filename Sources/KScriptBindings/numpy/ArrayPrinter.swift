// numpy's array printing (array2string): 'maxprec' float mode at the print options' precision
// (8 by default), scientific notation when the range demands it (not for small values with
// suppress=True), aligned columns, lines of `linewidth` columns, '...' past `threshold` elements.
import Foundation
import KScript
import KTensor

struct ArrayPrinter {
    /// numpy's print options (np.set_printoptions), kept per interpreter.
    struct Options {
        var precision = 8, threshold = 1000, edgeItems = 3, lineWidth = 75
        var suppress = false
        /// `legacy=`: nil for False, else the numpy version whose printing is kept ("1.25" prints
        /// scalars without their type: `0.5`, not `np.float64(0.5)`).
        var legacy: String?
        static let stateKey = "numpy.printoptions"
    }
    let options: Options
    var lineWidth: Int { options.lineWidth }
    var precision: Int { options.precision }
    var threshold: Int { options.threshold }
    var edgeItems: Int { options.edgeItems }

    /// A printer with the interpreter's current print options.
    init(_ interp: Interpreter) { options = interp.bindingState[Options.stateKey] as? Options ?? Options() }

    /// `repr(a)`: `array([...])`, then numpy's extras: `shape=` for an empty array that is not 1-D
    /// and for a summarised one, `dtype=` when it is not the default for the values; on a line of
    /// their own when they would take the last line past the line width.
    func repr(_ t: Tensor) -> String {
        let prefix = "array("
        let body = t.rank == 0 ? formatter(t)(t.double(at: 0)) : t.count == 0 ? "[]" : render(t, separator: ", ", prefix: prefix)
        var extras: [String] = []
        if (t.count == 0 && t.shape != [0]) || t.count > threshold { extras.append("shape=\(Tensor.describe(t.shape))") }
        if !(t.dtype == .float64 || t.dtype == .int64 || t.dtype == .bool) || t.count == 0 { extras.append("dtype=\(t.dtype.rawValue)") }
        if extras.isEmpty { return prefix + body + ")" }
        let head = prefix + body + ",", tail = extras.joined(separator: ", ") + ")"
        let lastLine = head.count - ((head.lastIndex(of: "\n").map { head.distance(from: head.startIndex, to: $0) } ?? -1) + 1)
        return head + (lastLine + tail.count + 1 > lineWidth ? "\n" + String(repeating: " ", count: prefix.count) : " ") + tail
    }

    /// `str(a)`: the bare nested brackets.
    func str(_ t: Tensor) -> String {
        if t.rank == 0 { return scalarString(t) }
        // An empty array prints as [] whatever its shape.
        if t.count == 0 { return "[]" }
        return render(t, separator: " ", prefix: "")
    }

    /// `str` of a 0-d array is `str` of its scalar: `5.0`, not `5.`.
    func scalarString(_ t: Tensor) -> String {
        let v = t.double(at: 0)
        switch t.dtype {
        case .bool: return v != 0 ? "True" : "False"
        case .uint8, .int32: return String(Int64(v))
        case .int64: return String(t.base(Int64.self)[0])
        case .float32: return float32String(Float(v))
        case .float64: return Interpreter.floatRepr(v)
        }
    }

    /// A float32 scalar as numpy writes it: its shortest digits, positional from 1e-4 up to 1e6,
    /// scientific (`1e+06`, `1.6777216e+07`) outside that range.
    func float32String(_ f: Float) -> String {
        guard f.isFinite else { return f.isNaN ? "nan" : (f < 0 ? "-inf" : "inf") }
        let magnitude = Double(f.magnitude)
        // Swift writes the shortest round-tripping digits, positional in this range.
        if magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e6) { return f.description }
        var text = f.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        // Digits without the point, and where the point was, give the scientific form's exponent.
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        let leadingZeros = digits.prefix { $0 == "0" }.count
        digits.removeFirst(leadingZeros)
        exponent += whole.count - 1 - leadingZeros
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        let mantissa = digits.count > 1 ? "\(digits.first!).\(digits.dropFirst())" : digits
        let power = String(abs(exponent))
        return (f < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (power.count < 2 ? "0" + power : power)
    }

    func render(_ t: Tensor, separator: String, prefix: String) -> String {
        let summarize = t.count > threshold
        let integral = t.dtype == .int64 || t.dtype == .int32 || t.dtype == .uint8
        // Integers print from their exact texts (int64 beyond 2^53 has no exact double): the
        // layout walks element numbers instead of values.
        let texts = integral ? t.int64s().map(String.init) : []
        let values = integral ? (0..<t.count).map(Double.init) : t.doubles()
        let shown = summarize ? summarizedValues(t, values) : values
        let fmt: (Double) -> String
        if integral {
            let width = shown.map { texts[Int($0)].count }.max() ?? 1
            fmt = { self.pad(texts[Int($0)], width) }
        } else {
            fmt = formatter(t, values: shown)
        }
        var out = ""
        format(t.shape, values, fmt, separator: separator, indent: String(repeating: " ", count: prefix.count + 1),
               level: 0, offset: 0, summarize: summarize, into: &out, lineStart: prefix.count)
        return out
    }

    func summarizedValues(_ t: Tensor, _ values: [Double]) -> [Double] {
        // The edge items of every axis are the ones shown.
        var keep: [Double] = []
        let strides = Tensor.contiguousStrides(t.shape)
        func walk(_ d: Int, _ base: Int) {
            if d == t.rank { keep.append(values[base]); return }
            let n = t.shape[d]
            let idx = n > 2 * edgeItems ? Array(0..<edgeItems) + Array((n - edgeItems)..<n) : Array(0..<n)
            for i in idx { walk(d + 1, base + i * strides[d]) }
        }
        walk(0, 0)
        return keep
    }

    /// Formats elements at a common width.
    func formatter(_ t: Tensor, values: [Double]? = nil) -> (Double) -> String {
        let vals = values ?? t.doubles()
        switch t.dtype {
        case .bool:
            // numpy gives booleans in an array the width of "False" whatever the values.
            let width = t.rank == 0 ? 0 : 5
            return { v in pad(v != 0 ? "True" : "False", width) }
        case .uint8, .int32, .int64:
            // A 0-d array's value (arrays print their integers exactly in render).
            return { _ in String(t.int64s().first ?? 0) }
        default:
            return floatFormatter(vals, single: t.dtype == .float32)
        }
    }

    func pad(_ s: String, _ width: Int) -> String {
        s.leftPadded(width)
    }

    /// `single`: the values are float32, printed with float32's shortest digits.
    func floatFormatter(_ vals: [Double], single: Bool = false) -> (Double) -> String {
        func sciParts(_ v: Double) -> (String, String, Int) { self.sciParts(v, single: single) }
        func positionalParts(_ v: Double) -> (String, String) { self.positionalParts(v, single: single) }
        let finite = vals.filter { $0.isFinite }
        let nonZero = finite.filter { $0 != 0 }.map { abs($0) }
        var exp = false
        if let mx = nonZero.max(), let mn = nonZero.min() {
            exp = mx >= 1e8 || (!options.suppress && (mn < 0.0001 || mx / mn > 1000))
        }
        if exp {
            // Mantissa digits: unique up to `precision`, padded to the longest; exponent >= 2 digits.
            let parts = finite.map { sciParts($0) }
            let fracLen = parts.map { $0.1.count }.max() ?? 0
            let expLen = max(2, parts.map { String(abs($0.2)).count }.max() ?? 2)
            let anyNeg = finite.contains { $0.sign == .minus }
            return { v in
                let width = (anyNeg ? 1 : 0) + 2 + fracLen + 2 + expLen
                if !v.isFinite { return pad(v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf"), width) }
                let (lead, frac, e) = sciParts(v)
                let mant = lead + "." + frac + String(repeating: "0", count: fracLen - frac.count)
                let expo = String(abs(e)).leftPadded(expLen, with: "0")
                return pad((v.sign == .minus ? "-" : "") + mant + "e" + (e < 0 ? "-" : "+") + expo, width)
            }
        }
        let parts = finite.map { positionalParts($0) }
        let fracLen = parts.map { $0.1.count }.max() ?? 0
        var intLen = parts.map { $0.0.count }.max() ?? 0
        if finite.count != vals.count {
            // nan and inf are right-aligned in the column, which widens to hold them.
            let infLen = vals.contains(-.infinity) ? 4 : 3
            intLen = max(intLen, 3 - (fracLen + 1), infLen - (fracLen + 1))
        }
        return { v in
            if !v.isFinite { return pad(v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf"), intLen + 1 + fracLen) }
            let (i, f) = positionalParts(v)
            return pad(i, intLen) + "." + f + String(repeating: " ", count: fracLen - f.count)
        }
    }

    /// The integer part (with sign) and the unique fractional digits (at most `precision`).
    func positionalParts(_ v: Double, single: Bool = false) -> (String, String) {
        var s = single ? positional(Float(v)) : Interpreter.floatRepr(v)
        if s.contains("e") || fractionDigits(s) > precision {
            s = String(format: "%.\(precision)f", v)
            while s.hasSuffix("0") { s.removeLast() }
        }
        let comps = s.split(separator: ".", omittingEmptySubsequences: false)
        var frac = comps.count > 1 ? String(comps[1]) : ""
        if frac == "0" { frac = "" }
        return (String(comps[0]), frac)
    }

    /// A float32 value in positional notation from its shortest digits.
    func positional(_ f: Float) -> String {
        if f == 0 { return f.sign == .minus ? "-0.0" : "0.0" }
        let (digits, decpt) = Interpreter.shortestDigits(float32: Swift.abs(f))
        let sign = f < 0 ? "-" : ""
        if decpt <= 0 { return sign + "0." + String(repeating: "0", count: -decpt) + digits }
        if decpt >= digits.count { return sign + digits + String(repeating: "0", count: decpt - digits.count) + ".0" }
        let cut = digits.index(digits.startIndex, offsetBy: decpt)
        return sign + digits[..<cut] + "." + digits[cut...]
    }

    func fractionDigits(_ s: String) -> Int {
        guard let dot = s.firstIndex(of: ".") else { return 0 }
        return s.distance(from: dot, to: s.endIndex) - 1
    }

    /// Scientific parts of a finite value: leading digit, fraction digits (unique, at most
    /// `precision`, trailing zeros trimmed) and the decimal exponent.
    func sciParts(_ v: Double, single: Bool = false) -> (String, String, Int) {
        if v == 0 { return ("0", "", 0) }
        var (digits, decpt) = single ? Interpreter.shortestDigits(float32: Float(abs(v))) : Interpreter.shortestDigits(abs(v))
        if digits.count - 1 > precision {
            // Round to `precision` fraction digits (printf rounds correctly).
            let s = String(format: "%.\(precision)e", abs(v))
            let ePos = s.firstIndex(of: "e")!
            digits = s[..<ePos].replacingOccurrences(of: ".", with: "")
            decpt = (Int(s[s.index(after: ePos)...]) ?? 0) + 1
        }
        var frac = String(digits.dropFirst())
        while frac.hasSuffix("0") { frac.removeLast() }
        return (String(digits.prefix(1)), frac, decpt - 1)
    }

    /// numpy's recursive layout: rows on their own lines, wrapping long rows at `lineWidth`.
    func format(_ shape: [Int], _ values: [Double], _ fmt: (Double) -> String, separator: String, indent: String,
                       level: Int, offset: Int, summarize: Bool, into out: inout String, lineStart: Int) {
        let strides = Tensor.contiguousStrides(shape)
        let n = shape[level]
        let idx: [Int?] = summarize && n > 2 * edgeItems
            ? Array(0..<edgeItems).map { Optional($0) } + [nil] + Array((n - edgeItems)..<n).map { Optional($0) }
            : Array(0..<n).map { Optional($0) }
        out += "["
        if level == shape.count - 1 {
            var lineLen = lineStart + 1
            let trimmedSep = separator.trimmingCharacters(in: .whitespaces)
            for (k, i) in idx.enumerated() {
                let word = i.map { fmt(values[offset + $0 * strides[level]]) } ?? "..."
                if k > 0 {
                    // numpy leaves room for one closing bracket per nesting level and for the
                    // separator or bracket after the word.
                    let room = lineWidth - level - max(trimmedSep.count, 1)
                    if lineLen + separator.count + word.count > room && lineLen > indent.count {
                        // The line ends without the padding of its last word, as numpy strips it.
                        out += trimmedSep
                        while out.hasSuffix(" ") { out.removeLast() }
                        out += "\n" + indent
                        lineLen = indent.count
                    } else {
                        out += separator
                        lineLen += separator.count
                    }
                }
                out += word
                lineLen += word.count
            }
            out += "]"
            return
        }
        let rowSep = trimmedSeparator(separator) + String(repeating: "\n", count: shape.count - level - 1)
        for (k, i) in idx.enumerated() {
            if k > 0 { out += rowSep + indent }
            if let i = i {
                format(shape, values, fmt, separator: separator, indent: indent + " ", level: level + 1,
                       offset: offset + i * strides[level], summarize: summarize, into: &out, lineStart: indent.count)
            } else {
                out += "..."
            }
        }
        out += "]"
    }

    func trimmedSeparator(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }
}

extension String {
    func leftPadded(_ width: Int, with c: Character = " ") -> String {
        count >= width ? self : String(repeating: c, count: width - count) + self
    }
}
