// Text files of numbers: np.loadtxt and np.genfromtxt (comments, delimiters, skipped rows,
// selected columns, numpy's error for a bad value; genfromtxt fills what it cannot read with nan)
// and np.savetxt (a %-format per value, delimiter, header and footer as numpy writes them).
import Foundation
import KScript
import KTensor

enum NumpyText {
    static func members() -> [(String, Value)] {
        let loadParams = ["fname", "dtype", "comments", "delimiter", "converters", "skiprows", "usecols", "unpack", "ndmin", "encoding", "max_rows"]
        let loadDefaults: [Value] = [.string("float"), .string("#"), .none, .none, .int(0), .none, .bool(false), .int(0), .none, .none]
        let genParams = ["fname", "dtype", "comments", "delimiter", "skip_header", "skip_footer", "usecols", "filling_values", "max_rows", "encoding"]
        let genDefaults: [Value] = [.string("float"), .string("#"), .none, .int(0), .int(0), .none, .none, .none, .none]
        return [
            ("loadtxt", nativeFunction("loadtxt", loadParams, defaults: loadDefaults) { interp, a in
                if !a[4].isNone { throw PyError.notImplemented("np.loadtxt(converters=...) is not supported by kscript yet") }
                let table = try Table(interp, file: a[0], comments: a[2], delimiter: a[3], skip: try interp.intArg(a[5]), skipFooter: 0,
                                      usecols: a[6], maxRows: a[10], strict: true, filling: .nan, dtype: a[1])
                return try table.array(ndmin: try interp.intArg(a[8]), unpack: try interp.truthy(a[7]))
            }),
            ("genfromtxt", nativeFunction("genfromtxt", genParams, defaults: genDefaults) { interp, a in
                let filling = a[7].isNone ? Double.nan : try interp.floatArg(a[7])
                let table = try Table(interp, file: a[0], comments: a[2], delimiter: a[3], skip: try interp.intArg(a[4]), skipFooter: try interp.intArg(a[5]),
                                      usecols: a[6], maxRows: a[8], strict: false, filling: filling, dtype: a[1])
                return try table.array(ndmin: 0, unpack: false)
            }),
            ("savetxt", nativeFunction("savetxt", ["fname", "X", "fmt", "delimiter", "newline", "header", "footer", "comments", "encoding"],
                                       defaults: [.string("%.18e"), .string(" "), .string("\n"), .string(""), .string(""), .string("# "), .none]) { interp, a in
                try savetxt(interp, a)
                return .none
            }),
        ]
    }

    /// The numbers of a text file, row by row.
    struct Table {
        var rows: [[Double]] = []
        let dtype: DType

        init(_ interp: Interpreter, file: Value, comments: Value, delimiter: Value, skip: Int, skipFooter: Int, usecols: Value,
             maxRows: Value, strict: Bool, filling: Double, dtype: Value) throws {
            let path = try interp.str(file)
            let text = String(decoding: try NumpyFiles.read(path), as: UTF8.self)
            let comment = comments.isNone ? nil : try interp.str(comments)
            let separator = delimiter.isNone ? nil : try interp.str(delimiter)
            let typeName = try interp.str(dtype).replacingOccurrences(of: "<class '", with: "").replacingOccurrences(of: "'>", with: "")
            switch typeName {
            case "float", "float64": self.dtype = .float64
            case "float32": self.dtype = .float32
            case "int", "int64": self.dtype = .int64
            case "int32": self.dtype = .int32
            default: throw PyError.notImplemented("reading text as dtype \(typeName) is not supported by kscript yet")
            }
            var columns: [Int]? = nil
            if let c = NumpyModule.plainInt(usecols) { columns = [c] } else if !usecols.isNone { columns = try interp.iterateAll(usecols).map { try interp.intArg($0) } }
            let limit = maxRows.isNone ? Int.max : try interp.intArg(maxRows)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            if lines.last == "" { lines.removeLast() }
            lines = Array(lines.dropFirst(skip).dropLast(skipFooter))
            var width: Int? = nil
            for line in lines where rows.count < limit {
                var content = Substring(line)
                if let c = comment, let r = content.range(of: c) { content = content[..<r.lowerBound] }
                if content.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                var fields = separator.map { content.components(separatedBy: $0) } ?? content.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                if let cols = columns {
                    fields = try cols.map { c in
                        let k = c < 0 ? c + fields.count : c
                        guard k >= 0 && k < fields.count else { throw PyError.value("invalid column index \(c) at row \(rows.count + 1) with \(fields.count) columns") }
                        return fields[k]
                    }
                }
                if strict, let w = width, w != fields.count {
                    throw PyError.value("the number of columns changed from \(w) to \(fields.count) at row \(rows.count + 1); use `usecols` to select a subset and avoid this error")
                }
                width = width ?? fields.count
                rows.append(try fields.enumerated().map { col, field in
                    if let v = Table.number(field, integer: !self.dtype.isFloating) { return v }
                    if strict {
                        throw PyError.value("could not convert string '\(field)' to \(self.dtype.rawValue) at row \(rows.count), column \(col + 1).")
                    }
                    return filling
                })
            }
            if !strict, let w = rows.map({ $0.count }).max() { rows = rows.map { $0 + Array(repeating: filling, count: w - $0.count) } }
        }

        static func number(_ text: String, integer: Bool) -> Double? {
            let s = text.trimmingCharacters(in: .whitespaces)
            if integer { return Int64(s).map(Double.init) }
            switch s.lowercased() {
            case "nan", "+nan", "-nan": return .nan
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            default: return s.isEmpty || s.contains(where: { $0.isLetter && $0 != "e" && $0 != "E" }) ? nil : Double(s)
            }
        }

        /// numpy's shape: one row or one column squeezes to 1-D (unless ndmin asks for 2-D).
        func array(ndmin: Int, unpack: Bool) throws -> Value {
            let width = rows.first?.count ?? 0
            var shape = [rows.count, width]
            if ndmin < 2 && (rows.count == 1 || width == 1) { shape = [rows.count * width] }
            if rows.isEmpty { shape = ndmin >= 2 ? [0, 0] : [0] }
            let t = try tensorCall { try Tensor(rows.flatMap { $0 }, shape: shape).astype(dtype) }
            if unpack && t.rank == 2 { return .obj(PyNDArray(try tensorCall { try t.transposed().contiguous() })) }
            return .obj(PyNDArray(t))
        }
    }

    static func savetxt(_ interp: Interpreter, _ a: [Value]) throws {
        let path = try interp.str(a[0])
        let t = try tensorCall { try NumpyModule.toTensor(interp, a[1], dtype: nil) }
        guard t.rank == 1 || t.rank == 2 else { throw PyError.value("Expected 1D or 2D array, got \(t.rank)D array instead") }
        let fmt = try interp.str(a[2]), delimiter = try interp.str(a[3]), newline = try interp.str(a[4])
        let (header, footer, comments) = (try interp.str(a[5]), try interp.str(a[6]), try interp.str(a[7]))
        let values = t.doubles()
        let width = t.rank == 2 ? t.shape[1] : 1
        var out = ""
        func commented(_ text: String) -> String { text.split(separator: "\n", omittingEmptySubsequences: false).map { comments + $0 }.joined(separator: newline) + newline }
        if !header.isEmpty { out += commented(header) }
        for r in 0..<(width == 0 ? 0 : values.count / width) {
            let cells = try (0..<width).map { c -> String in
                let v = values[r * width + c]
                let number: Value = t.dtype.isFloating ? .float(v) : .int(Int(Tensor.truncatedInt64(v)))
                return try interp.str(try interp.binary(.mod, .string(fmt), number))
            }
            out += cells.joined(separator: delimiter) + newline
        }
        if !footer.isEmpty { out += commented(footer) }
        try NumpyFiles.write(Array(out.utf8), to: path)
    }
}
