// The functions of matplotlib.pyplot and the methods of Figure and Axes objects, bound to one
// interpreter's pyplot state. Each drawing call acts on the current axes (plt.*) or on its axes.
import Foundation
import KScript
import Pictures

extension Bindings {
    static func installPyplot(into interp: Interpreter) {
        var session: PyplotSession?
        func state(_ i: Interpreter) -> PyplotSession {
            if let s = session { return s }
            let s = PyplotSession(i); session = s
            defineMethods(s)
            return s
        }
        interp.nativeModules["matplotlib.pyplot"] = { i in makePyplot(state(i)) }
        interp.nativeModules["matplotlib"] = { i in
            _ = state(i)
            return i.makeNativeModule("matplotlib", [
                ("pyplot", .obj(try i.importNative("matplotlib.pyplot"))), ("__version__", .string("3.10.0")),
                ("use", nativeFunction("use", ["backend", "force"], defaults: [.bool(true)]) { _, _ in .none }),
            ])
        }
    }

    /// (positional args, keyword args) of a `*args, **kwargs` native method.
    static func split(_ a: [Value], from first: Int) -> ([Value], KwArgs) {
        let args: [Value] = (a.count > first ? (a[first].object as? PyTuple)?.items : nil) ?? []
        var kwargs: KwArgs = []
        if a.count > first + 1, case .obj(let d as PyDict) = a[first + 1] {
            for (k, v) in d.storage { if case .str(let s) = k.value { kwargs.append((s.value, v)) } }
        }
        return (args, kwargs)
    }

    typealias AxesCall = (PyplotSession, Axes, [Value], KwArgs) throws -> Value

    /// Drawing and decoration calls shared by plt.<name> and Axes.<name> (Axes also has set_* names).
    static func axesCalls() -> [(String, String?, AxesCall)] {
        func text(_ s: PyplotSession, _ args: [Value], _ kwargs: KwArgs) throws -> String? {
            guard let v = args.first ?? s.kw(kwargs, "label", "t", "s", "xlabel", "ylabel") else { return nil }
            return try s.interp.str(v)
        }
        return [
            ("plot", nil, { s, a, args, kw in try s.plot(a, args, kw) }),
            ("scatter", nil, { s, a, args, kw in
                guard args.count >= 2 else { throw PyError.type("scatter() missing 2 required positional arguments: 'x' and 'y'") }
                return try s.scatter(a, args[0], args[1], kw + (args.count > 2 ? [("s", args[2])] : []) + (args.count > 3 ? [("c", args[3])] : []))
            }),
            ("bar", nil, { s, a, args, kw in
                guard args.count >= 2 else { throw PyError.type("bar() missing 2 required positional arguments: 'x' and 'height'") }
                return try s.bar(a, args[0], args[1], kw + (args.count > 2 ? [("width", args[2])] : []))
            }),
            ("hist", nil, { s, a, args, kw in
                guard let x = args.first else { throw PyError.type("hist() missing 1 required positional argument: 'x'") }
                return try s.hist(a, x, kw + (args.count > 1 ? [("bins", args[1])] : []))
            }),
            ("imshow", nil, { s, a, args, kw in
                guard let x = args.first else { throw PyError.type("imshow() missing 1 required positional argument: 'X'") }
                return try s.imshow(a, x, kw + (args.count > 1 ? [("cmap", args[1])] : []))
            }),
            ("title", "set_title", { s, a, args, kw in a.title = try text(s, args, kw); return .none }),
            ("xlabel", "set_xlabel", { s, a, args, kw in a.xlabel = try text(s, args, kw); return .none }),
            ("ylabel", "set_ylabel", { s, a, args, kw in a.ylabel = try text(s, args, kw); return .none }),
            ("legend", nil, { s, a, _, kw in
                a.showLegend = true
                if let loc = s.kw(kw, "loc"), case .str(let l) = loc, l.value != "best" {
                    guard ["upper right", "upper left", "lower left", "lower right"].contains(l.value) else {
                        throw PyError.notImplemented("legend(loc='\(l.value)') is not supported by kscript yet; use 'best' or a corner")
                    }
                    a.legendLocation = l.value
                }
                return .none
            }),
            ("grid", nil, { s, a, args, kw in
                let v = args.first ?? s.kw(kw, "visible", "b") ?? .bool(true)
                a.showGrid = v.isNone ? !a.showGrid : try s.interp.truthy(v)
                return .none
            }),
            ("xlim", "set_xlim", { s, a, args, kw in try s.limits(args, kw, current: a.xlim) { a.xlim = $0 } }),
            ("ylim", "set_ylim", { s, a, args, kw in try s.limits(args, kw, current: a.ylim) { a.ylim = $0 } }),
            ("xticks", "set_xticks", { s, a, args, kw in try s.ticks(args, kw, { a.xticks = $0 }, { a.xtickLabels = $0 }); return .none }),
            ("yticks", "set_yticks", { s, a, args, kw in try s.ticks(args, kw, { a.yticks = $0 }, { a.ytickLabels = $0 }); return .none }),
            ("axis", nil, { s, a, args, _ in if let v = args.first { try s.axisCommand(a, v) }; return .none }),
            ("cla", "clear", { _, a, _, _ in a.clear(); return .none }),
        ]
    }

    static func defineMethods(_ s: PyplotSession) {
        let axesType = PlotTypes.axes
        for (name, alias, call) in axesCalls() {
            let method: (Interpreter, [Value]) throws -> Value = { _, a in
                let (args, kw) = split(a, from: 1)
                return try call(s, (a[0].object as! PyAxes).axes, args, kw)
            }
            if let alias = alias { axesType.def(alias, ["*args", "**kwargs"], method) }
            if alias == nil || name == "cla" { axesType.def(name, ["*args", "**kwargs"], method) }
        }
        axesType.def("set_xticklabels", ["labels"]) { interp, a in
            (a[0].object as! PyAxes).axes.xtickLabels = try interp.iterateAll(a[1]).map { try interp.str($0) }; return .none
        }
        axesType.def("set_yticklabels", ["labels"]) { interp, a in
            (a[0].object as! PyAxes).axes.ytickLabels = try interp.iterateAll(a[1]).map { try interp.str($0) }; return .none
        }
        axesType.def("get_xlim") { _, a in let l = (a[0].object as! PyAxes).axes.xlim ?? (0, 1); return .obj(PyTuple([.float(l.0), .float(l.1)])) }
        axesType.def("get_ylim") { _, a in let l = (a[0].object as! PyAxes).axes.ylim ?? (0, 1); return .obj(PyTuple([.float(l.0), .float(l.1)])) }
        axesType.def("set_axis_off") { _, a in (a[0].object as! PyAxes).axes.showAxis = false; return .none }
        axesType.def("set_axis_on") { _, a in (a[0].object as! PyAxes).axes.showAxis = true; return .none }

        let figureType = PlotTypes.figure
        figureType.def("savefig", ["fname", "dpi", "**kwargs"], defaults: [.none]) { interp, a in
            let f = (a[0].object as! PyFigure).figure
            try plotCall { try FigureRenderer.save(f, to: try interp.str(a[1]), dpi: a[2].isNone ? nil : try interp.floatArg(a[2])) }
            return .none
        }
        figureType.def("add_subplot", ["*args"]) { interp, a in
            let f = (a[0].object as! PyFigure).figure
            let (r, c, i) = try gridArgs(interp, (a[1].object as? PyTuple)?.items ?? [])
            return s.wrap(try plotCall { try f.subplot(rows: r, cols: c, index: i) }, f)
        }
        figureType.def("suptitle", ["t", "**kwargs"]) { interp, a in (a[0].object as! PyFigure).figure.suptitle = try interp.str(a[1]); return .none }
        figureType.def("tight_layout", ["*args", "**kwargs"]) { _, a in (a[0].object as! PyFigure).figure.tight = true; return .none }
        figureType.def("set_size_inches", ["w", "h"], defaults: [.none]) { interp, a in
            let f = (a[0].object as! PyFigure).figure
            if a[2].isNone { let p = try s.numbers(a[1]); f.width = p[0]; f.height = p[1] } else { f.width = try interp.floatArg(a[1]); f.height = try interp.floatArg(a[2]) }
            return .none
        }
        figureType.def("gca") { _, a in let f = (a[0].object as! PyFigure).figure; return s.wrap(try plotCall { try f.currentAxes() }, f) }
        figureType.getter("axes") { _, v in let f = (v.object as! PyFigure).figure; return .obj(PyList(f.axes.map { s.wrap($0, f) })) }
        figureType.def("show") { _, _ in try s.show(); return .none }
    }

    /// subplot(2, 2, 1) or subplot(221).
    static func gridArgs(_ interp: Interpreter, _ args: [Value]) throws -> (Int, Int, Int) {
        if args.count == 1 {
            let n = try interp.intArg(args[0])
            guard n >= 111 && n <= 999 else { throw PyError.value("Integer subplot specification must be a three-digit number, not \(n)") }
            return (n / 100, n / 10 % 10, n % 10)
        }
        if args.isEmpty { return (1, 1, 1) }
        guard args.count == 3 else { throw PyError.type("subplot() takes 1 or 3 positional arguments but \(args.count) were given") }
        return (try interp.intArg(args[0]), try interp.intArg(args[1]), try interp.intArg(args[2]))
    }

    static func makePyplot(_ s: PyplotSession) -> PyModule {
        let interp = s.interp
        var members: [(String, Value)] = []
        for (name, _, call) in axesCalls() {
            members.append((name, nativeFunction(name, ["*args", "**kwargs"]) { _, a in
                let (args, kw) = split(a, from: 0)
                return try call(s, try s.axes(), args, kw)
            }))
        }
        func sizeArgs(_ f: Figure, _ figsize: Value, _ dpi: Value) throws {
            if !figsize.isNone { let p = try s.numbers(figsize); guard p.count == 2 else { throw PyError.value("figsize must be (width, height)") }; f.width = p[0]; f.height = p[1] }
            if !dpi.isNone { f.dpi = try interp.floatArg(dpi) }
        }
        members += [
            ("figure", nativeFunction("figure", ["num", "figsize", "dpi", "**kwargs"], defaults: [.none, .none, .none]) { interp, a in
                let f = a[0].isNone ? s.newFigure() : s.figure(try interp.intArg(a[0]))
                try sizeArgs(f, a[1], a[2])
                return .obj(PyFigure(f))
            }),
            ("subplot", nativeFunction("subplot", ["*args", "**kwargs"]) { interp, a in
                let (args, _) = split(a, from: 0)
                let (r, c, i) = try gridArgs(interp, args)
                let f = s.figure()
                return s.wrap(try plotCall { try f.subplot(rows: r, cols: c, index: i) }, f)
            }),
            ("subplots", nativeFunction("subplots", ["nrows", "ncols", "sharex", "sharey", "squeeze", "figsize", "dpi", "**kwargs"],
                                        defaults: [.int(1), .int(1), .bool(false), .bool(false), .bool(true), .none, .none]) { interp, a in
                let (rows, cols) = (try interp.intArg(a[0]), try interp.intArg(a[1]))
                let f = s.newFigure()
                try sizeArgs(f, a[5], a[6])
                let axes = try (1...Swift.max(rows * cols, 1)).map { i in s.wrap(try plotCall { try f.subplot(rows: rows, cols: cols, index: i) }, f) }
                let squeeze = try interp.truthy(a[4])
                let grid: Value = squeeze && rows * cols == 1 ? axes[0]
                    : .obj(PyAxesGrid(rows: rows, cols: cols, items: axes, flat: squeeze && (rows == 1 || cols == 1)))
                return .obj(PyTuple([.obj(PyFigure(f)), grid]))
            }),
            ("suptitle", nativeFunction("suptitle", ["t", "**kwargs"]) { interp, a in s.figure().suptitle = try interp.str(a[0]); return .none }),
            ("gca", nativeFunction("gca", []) { _, _ in let f = s.figure(); return s.wrap(try plotCall { try f.currentAxes() }, f) }),
            ("gcf", nativeFunction("gcf", []) { _, _ in .obj(PyFigure(s.figure())) }),
            ("tight_layout", nativeFunction("tight_layout", ["*args", "**kwargs"]) { _, _ in s.figure().tight = true; return .none }),
            ("savefig", nativeFunction("savefig", ["fname", "dpi", "**kwargs"], defaults: [.none]) { interp, a in
                let f = s.figure()
                try plotCall { try FigureRenderer.save(f, to: try interp.str(a[0]), dpi: a[1].isNone ? nil : try interp.floatArg(a[1])) }
                return .none
            }),
            ("show", nativeFunction("show", ["*args", "**kwargs"]) { _, _ in try s.show(); return .none }),
            ("close", nativeFunction("close", ["fig"], defaults: [.none]) { interp, a in
                switch a[0] {
                case .none: if let c = s.current { s.figures[c.number] = nil; s.current = nil }
                case .str(let w) where w.value == "all": s.figures = [:]; s.current = nil
                case .obj(let f as PyFigure): s.figures[f.figure.number] = nil; if s.current === f.figure { s.current = nil }
                default: s.figures[try interp.intArg(a[0])] = nil
                }
                return .none
            }),
            ("clf", nativeFunction("clf", []) { _, _ in s.figure().clear(); return .none }),
            ("ion", nativeFunction("ion", []) { _, _ in .none }),
            ("ioff", nativeFunction("ioff", []) { _, _ in .none }),
            ("Figure", .obj(PlotTypes.figure)), ("Axes", .obj(PlotTypes.axes)),
        ]
        return interp.makeNativeModule("matplotlib.pyplot", members.sorted { $0.0 < $1.0 })
    }
}
