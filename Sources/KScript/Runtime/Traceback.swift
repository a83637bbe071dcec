// Printing uncaught exceptions as CPython does: the traceback, chained causes, SyntaxError carets,
// and the "Did you mean" hints for misspelt names and attributes.

extension Interpreter {
    /// Lines of every source file run, for printing tracebacks.
    func sourceLine(_ file: String, _ line: Int) -> String? {
        guard let lines = sourceCache[file], line >= 1, line <= lines.count else { return nil }
        return lines[line - 1]
    }

    public func formatException(_ e: PyExceptionObject) -> String {
        var out = ""
        if let c = e.cause {
            out += formatException(c) + "\nThe above exception was the direct cause of the following exception:\n\n"
        } else if let c = e.context, !e.suppressContext {
            out += formatException(c) + "\nDuring handling of the above exception, another exception occurred:\n\n"
        }
        if !e.traceback.isEmpty {
            out += "Traceback (most recent call last):\n"
            var previous: TraceEntry? = nil
            var repeats = 0
            func flushRepeats() {
                if repeats > 3 {
                    let n = repeats - 3
                    out += "  [Previous line repeated \(n) more time\(n == 1 ? "" : "s")]\n"
                }
            }
            for t in e.traceback {
                // Like CPython, show at most three identical consecutive frames.
                if let p = previous, p.file == t.file, p.line == t.line, p.function == t.function {
                    repeats += 1
                    if repeats > 3 { continue }
                } else {
                    flushRepeats()
                    repeats = 1
                }
                previous = t
                out += "  File \"\(t.file)\", line \(t.line), in \(t.function)\n"
                if let src = sourceLine(t.file, t.line) {
                    // CPython shows the line without its indentation (trailing spaces stay).
                    let shown = String(src.drop { $0 == " " || $0 == "\t" })
                    let stripped = shown.trimmingTrailingSpaces()
                    if !stripped.isEmpty {
                        out += "    \(shown)\n"
                        if let pos = t.position { out += carets(pos, line: src, stripped: stripped) }
                    }
                }
            }
            flushRepeats()
        }
        if e.cls.isSubtype(of: ExcTypes.syntaxError), case .str(let file)? = e.attrs["filename"], case .int(let line)? = e.attrs["lineno"] {
            out += "  File \"\(file.value)\", line \(line)\n"
            if case .str(let text)? = e.attrs["text"], !text.value.isEmpty {
                let raw = text.value
                let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
                let shown = String(raw.dropFirst(indent)).trimmingTrailingSpaces()
                out += "    \(shown)\n"
                // CPython draws no caret when the offset falls within the stripped indentation.
                if case .int(let off)? = e.attrs["offset"], off - indent >= 1 {
                    let col = off - indent
                    var width = 1
                    if case .int(let endOff)? = e.attrs["end_offset"], endOff > off { width = endOff - off }
                    out += "    " + String(repeating: " ", count: col - 1) + String(repeating: "^", count: width) + "\n"
                }
            }
        }
        out += exceptionLine(e) + "\n"
        return out
    }

    /// CPython 3.11's markers under the failing part of a traceback line (`^^^` or `~~^~~`), shown
    /// only when that part is not the whole line.
    func carets(_ p: ErrorPosition, line: String, stripped: String) -> String {
        let chars = Array(line)
        let indent = chars.count - Array(String(line.drop { $0 == " " || $0 == "\t" })).count
        let start = Int(p.start.col)
        var end = Int(p.end.col)
        var anchors = p.anchors
        if p.end.line != p.start.line { end = indent + stripped.count; anchors = nil }
        guard start >= indent, end > start, end <= chars.count else { return "" }
        if let (l, r) = anchors {
            // CPython skips spaces and closing brackets between the left operand and the operator.
            var left = l, right = r
            while start + left < chars.count, chars[start + left] == " " || chars[start + left] == ")" { left += 1; right += 1 }
            anchors = (left, right)
        }
        let showAnchors = anchors.map { $0.1 - $0.0 > 0 } ?? false
        guard end - start < stripped.count || showAnchors else { return "" }
        var row = "    " + String(repeating: " ", count: start - indent)
        if let (l, r) = anchors {
            row += String(repeating: "~", count: l) + String(repeating: "^", count: r - l) + String(repeating: "~", count: max(0, end - start - r))
        } else {
            row += String(repeating: "^", count: end - start)
        }
        return row + "\n"
    }

    /// `TypeName: message`, with a suggestion appended where CPython gives one.
    func exceptionLine(_ e: PyExceptionObject) -> String {
        var name = e.cls.qualname
        if case .str(let m)? = e.cls.dict["__module__"], m.value != "__main__", m.value != "builtins" { name = m.value + "." + name }
        var msg: String
        if e.cls.isSubtype(of: ExcTypes.syntaxError), case .str(let m)? = e.attrs["msg"] {
            msg = m.value
        } else {
            msg = (try? str(.obj(e))) ?? "<exception str() failed>"
        }
        if case .str(let s)? = e.attrs["_suggestion"] { msg += ". Did you mean: '\(s.value)'?" }
        else if e.cls === ExcTypes.attributeError, case .str(let n)? = e.attrs["name"], let obj = e.attrs["obj"],
                let s = suggestion(for: n.value, among: (try? dir(obj)) ?? []) {
            msg += ". Did you mean: '\(s)'?"
        }
        return msg.isEmpty ? name : "\(name): \(msg)"
    }

    /// NameError for `name`, with a close match from the frame's locals, globals and builtins.
    func nameError(_ name: String, frame f: Frame) -> PyError {
        let e = PyError.name("name '\(name)' is not defined")
        e.exc.attrs["name"] = .string(name)
        var candidates: [String] = []
        for k in 0..<f.code.nslots where !f.slots[k].isUnbound { candidates.append(f.code.slotNames[k]) }
        for (k, c) in zip(f.code.cellNames, f.cells) where !c.value.isUnbound { candidates.append(k) }
        candidates += f.module.items.map { $0.0 }
        candidates += builtins.items.map { $0.0 }
        if let s = suggestion(for: name, among: candidates) { e.exc.attrs["_suggestion"] = .string(s) }
        return e
    }

    /// CPython's suggestion rule: the candidate with the smallest weighted edit distance within bounds.
    func suggestion(for wrong: String, among candidates: [String]) -> String? {
        let w = Array(wrong)
        if w.count > 40 { return nil }
        var best: String? = nil
        var bestDistance = Int.max
        for cand in candidates where cand != wrong {
            let c = Array(cand)
            if c.count > 40 { continue }
            var maxDistance = (c.count + w.count + 3) * 2 / 6
            if bestDistance != Int.max { maxDistance = min(maxDistance, bestDistance - 1) }
            let d = weightedDistance(w, c, limit: maxDistance)
            if d > maxDistance { continue }
            if best == nil || d < bestDistance { best = cand; bestDistance = d }
        }
        return best
    }

    /// Levenshtein distance where case-only changes cost 1 and other edits cost 2.
    func weightedDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if a == b { return 0 }
        var prev = (0...b.count).map { $0 * 2 }
        for i in 1...max(a.count, 1) where a.count > 0 {
            var cur = [i * 2] + [Int](repeating: 0, count: b.count)
            var rowMin = cur[0]
            for j in 1...max(b.count, 1) where b.count > 0 {
                let sub = a[i - 1] == b[j - 1] ? 0 : (a[i - 1].lowercased() == b[j - 1].lowercased() ? 1 : 2)
                cur[j] = min(prev[j - 1] + sub, prev[j] + 2, cur[j - 1] + 2)
                rowMin = min(rowMin, cur[j])
            }
            if rowMin > limit { return limit + 1 }
            prev = cur
        }
        return prev[b.count]
    }
}
