// matplotlib's Figure and Axes as kscript objects, and the grid of axes subplots() returns
// (indexable by axes[i], axes[r, c], iterable, with .flat and .ravel()).
import KScript
import Pictures

final class PyFigure: PyObject, PyRepresentable {
    let figure: Figure
    init(_ f: Figure) { figure = f }
    override var pyType: PyType { PlotTypes.figure }
    func repr(_ interp: Interpreter) throws -> String {
        "<Figure size \(Int(figure.width * figure.dpi))x\(Int(figure.height * figure.dpi)) with \(figure.axes.count) Axes>"
    }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }
}

final class PyAxes: PyObject, PyRepresentable {
    let axes: Axes
    unowned let figure: Figure
    init(_ a: Axes, _ f: Figure) { axes = a; figure = f }
    override var pyType: PyType { PlotTypes.axes }
    func repr(_ interp: Interpreter) throws -> String { "<Axes: >" }
    func str(_ interp: Interpreter) throws -> String { "Axes(\(axes.grid.rows),\(axes.grid.cols),\(axes.grid.index))" }
}

/// What subplots() returns for several axes: numpy's object array of Axes, in the ways scripts use it.
final class PyAxesGrid: PyObject, PyRepresentable {
    let rows: Int, cols: Int
    let items: [Value]
    /// A grid of one row or one column is one-dimensional, as subplots(squeeze=True) makes it.
    let flat: Bool
    init(rows: Int, cols: Int, items: [Value], flat: Bool) { self.rows = rows; self.cols = cols; self.items = items; self.flat = flat }
    override var pyType: PyType { PlotTypes.axesGrid }
    func repr(_ interp: Interpreter) throws -> String { "array([" + items.map { _ in "<Axes: >" }.joined(separator: ", ") + "], dtype=object)" }
    func str(_ interp: Interpreter) throws -> String { try repr(interp) }

    func item(_ interp: Interpreter, _ key: Value) throws -> Value {
        func index(_ v: Value, _ n: Int) throws -> Int {
            let i = try interp.intArg(v)
            let k = i < 0 ? i + n : i
            guard k >= 0 && k < n else { throw PyError.index("index \(i) is out of bounds for axis 0 with size \(n)") }
            return k
        }
        if case .obj(let t as PyTuple) = key, t.items.count == 2, !flat {
            return items[try index(t.items[0], rows) * cols + index(t.items[1], cols)]
        }
        if flat { return items[try index(key, items.count)] }
        let r = try index(key, rows)
        return .obj(PyAxesGrid(rows: 1, cols: cols, items: Array(items[(r * cols)..<((r + 1) * cols)]), flat: true))
    }
}

enum PlotTypes {
    static let figure = PyType(name: "Figure", bases: [BuiltinTypes.object], module: "matplotlib.figure")
    static let axes = PyType(name: "Axes", bases: [BuiltinTypes.object], module: "matplotlib.axes")
    static let axesGrid: PyType = {
        let t = PyType(name: "ndarray", bases: [BuiltinTypes.object], module: "numpy")
        t.def("__getitem__", ["key"]) { interp, a in try (a[0].object as! PyAxesGrid).item(interp, a[1]) }
        t.def("__len__") { _, a in let g = a[0].object as! PyAxesGrid; return .int(g.flat ? g.items.count : g.rows) }
        t.def("__iter__") { interp, a in
            let g = a[0].object as! PyAxesGrid
            let rows: [Value] = g.flat ? g.items : (0..<g.rows).map { r in .obj(PyAxesGrid(rows: 1, cols: g.cols, items: Array(g.items[(r * g.cols)..<((r + 1) * g.cols)]), flat: true)) }
            return .obj(try interp.iterate(.obj(PyList(rows))))
        }
        t.getter("flat") { _, v in .obj(PyList((v.object as! PyAxesGrid).items)) }
        t.def("ravel") { _, a in .obj(PyList((a[0].object as! PyAxesGrid).items)) }
        t.def("flatten") { _, a in .obj(PyList((a[0].object as! PyAxesGrid).items)) }
        t.getter("shape") { _, v in
            let g = v.object as! PyAxesGrid
            return .obj(PyTuple(g.flat ? [.int(g.items.count)] : [.int(g.rows), .int(g.cols)]))
        }
        return t
    }()
}
