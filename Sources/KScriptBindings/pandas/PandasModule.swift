// `pandas`, only the idiom tutorials use to look at a History: `pd.DataFrame(history.history)`
// with `.plot(figsize=...)` (learning curves through pyplot), `.head()`, `.tail()`, `.columns`,
// `.shape`, `df['loss']`, `len(df)`, and printing as pandas prints small frames.
import Foundation
import KScript
import KTensor
import Pictures

final class PyDataFrame: PyObject, PyRepresentable {
    let columns: [String]
    let values: [[Double]]   // one array per column
    /// Columns made from integers print without decimals.
    let integer: [Bool]
    let index: [Int]
    init(columns: [String], values: [[Double]], integer: [Bool], index: [Int]) {
        self.columns = columns; self.values = values; self.integer = integer; self.index = index
    }
    override var pyType: PyType { PandasModule.frameType }

    func rows(_ r: [Int]) -> PyDataFrame {
        PyDataFrame(columns: columns, values: values.map { col in r.map { col[$0] } }, integer: integer, index: r.map { index[$0] })
    }

    /// pandas's layout: the index on the left, each column right-aligned under its name, floats
    /// with six decimals less the trailing zeros every value of the column shares.
    func repr(_ interp: Interpreter) throws -> String {
        if columns.isEmpty { return "Empty DataFrame\nColumns: []\nIndex: []" }
        let cells: [[String]] = zip(values, integer).map { col, isInt in
            var texts = col.map { v -> String in
                if v.isNaN { return "NaN" }
                if v.isInfinite { return v < 0 ? "-inf" : "inf" }
                return isInt ? String(Int(v)) : String(format: "%.6f", v)
            }
            // Trailing zeros every number shares go, keeping one decimal.
            func trimmable(_ t: String) -> Bool { !t.contains(".") || (t.hasSuffix("0") && !t.hasSuffix(".0")) }
            while !isInt && texts.contains(where: { $0.contains(".") }) && texts.allSatisfy(trimmable) {
                texts = texts.map { $0.contains(".") ? String($0.dropLast()) : $0 }
            }
            return texts
        }
        let indexTexts = index.map(String.init)
        let indexWidth = indexTexts.map { $0.count }.max() ?? 0
        let widths = columns.indices.map { c in Swift.max(columns[c].count, cells[c].map { $0.count }.max() ?? 0) }
        var lines = [String(repeating: " ", count: indexWidth) + columns.indices.map { "  " + columns[$0].leftPadded(widths[$0]) }.joined()]
        for (r, label) in indexTexts.enumerated() {
            lines.append(label.padding(toLength: indexWidth, withPad: " ", startingAt: 0) + columns.indices.map { "  " + cells[$0][r].leftPadded(widths[$0]) }.joined())
        }
        return lines.joined(separator: "\n")
    }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

enum PandasModule {
    static let frameType = PyType(name: "DataFrame", bases: [BuiltinTypes.object], module: "pandas.core.frame")

    static func make(_ interp: Interpreter) -> PyModule {
        let t = frameType
        t.construct = { interp, _, args, kw in
            let sig = NativeSignature("DataFrame", ["data", "index", "columns"], defaults: [.none, .none, .none])
            let a = try sig.bind(args, kw)
            var names: [String] = [], cols: [[Double]] = [], integer: [Bool] = []
            if case .obj(let d as PyDict) = a[0] {
                for (k, v) in d.storage {
                    names.append(try interp.str(k.value))
                    let column = try tensorCall { try NumpyModule.toTensor(interp, v, dtype: nil) }
                    cols.append(column.doubles())
                    integer.append(!column.dtype.isFloating)
                }
            } else if !a[0].isNone {
                let m = try tensorCall { try NumpyModule.toTensor(interp, a[0], dtype: .float64) }
                guard m.rank == 2 else { throw PyError.value("Must pass 2-d input. shape=\(Tensor.describe(m.shape))") }
                let flat = m.doubles()
                cols = (0..<m.shape[1]).map { c in (0..<m.shape[0]).map { flat[$0 * m.shape[1] + c] } }
                names = a[2].isNone ? (0..<m.shape[1]).map(String.init) : try interp.iterateAll(a[2]).map { try interp.str($0) }
                integer = Array(repeating: false, count: names.count)
            }
            let n = cols.first?.count ?? 0
            guard cols.allSatisfy({ $0.count == n }) else { throw PyError.value("All arrays must be of the same length") }
            return .obj(PyDataFrame(columns: names, values: cols, integer: integer, index: Array(0..<n)))
        }
        t.def("head", ["n"], defaults: [.int(5)]) { interp, a in
            let f = a[0].object as! PyDataFrame
            return .obj(f.rows(Array(0..<Swift.min(Swift.max(try interp.intArg(a[1]), 0), f.index.count))))
        }
        t.def("tail", ["n"], defaults: [.int(5)]) { interp, a in
            let f = a[0].object as! PyDataFrame
            let n = Swift.min(Swift.max(try interp.intArg(a[1]), 0), f.index.count)
            return .obj(f.rows(Array((f.index.count - n)..<f.index.count)))
        }
        t.def("__len__") { _, a in .int((a[0].object as! PyDataFrame).index.count) }
        t.def("__getitem__", ["key"]) { interp, a in
            let f = a[0].object as! PyDataFrame
            let key = try interp.str(a[1])
            guard let c = f.columns.firstIndex(of: key) else { throw PyError(ExcTypes.keyError, args: [a[1]]) }
            return .obj(PyNDArray(try tensorCall { try Tensor(f.values[c], shape: [f.values[c].count]) }))
        }
        t.getter("columns") { _, v in .obj(PyList((v.object as! PyDataFrame).columns.map { .string($0) })) }
        t.getter("shape") { _, v in let f = v.object as! PyDataFrame; return .obj(PyTuple([.int(f.index.count), .int(f.columns.count)])) }
        t.def("plot", ["figsize", "title", "grid", "xlabel", "ylabel", "**kwargs"], defaults: [.none, .none, .bool(false), .none, .none]) { interp, a in
            let f = a[0].object as! PyDataFrame
            let plt = try interp.importNative("matplotlib.pyplot")
            var figureArgs: KwArgs = []
            if !a[1].isNone { figureArgs.append(("figsize", a[1])) }
            _ = try interp.call(plt.get("figure")!, [], figureArgs)
            let axes = try interp.call(plt.get("gca")!, [])
            let x = Value.obj(PyList(f.index.map { .int($0) }))
            for (name, col) in zip(f.columns, f.values) {
                _ = try interp.call(try interp.getAttr(axes, "plot"), [x, .obj(PyList(col.map { .float($0) }))], [("label", .string(name))])
            }
            _ = try interp.call(try interp.getAttr(axes, "legend"), [])
            if !a[2].isNone, try interp.truthy(a[3]) { _ = try interp.call(try interp.getAttr(axes, "grid"), [.bool(true)]) }
            if !a[2].isNone { _ = try interp.call(try interp.getAttr(axes, "set_title"), [a[2]]) }
            if !a[4].isNone { _ = try interp.call(try interp.getAttr(axes, "set_xlabel"), [a[4]]) }
            if !a[5].isNone { _ = try interp.call(try interp.getAttr(axes, "set_ylabel"), [a[5]]) }
            return axes
        }
        return interp.makeNativeModule("pandas", [("DataFrame", .obj(t)), ("__version__", .string("2.2.3"))])
    }
}
