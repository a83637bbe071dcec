// A running function's state: its local slots, closure cells, module and current line.

/// The parameters of a function: what the argument binder fills in, in slot order.
public struct ParamSpec {
    public var positional: [String] = []      // positional-or-keyword (positional-only first)
    public var posOnlyCount = 0
    public var varargs: String? = nil
    public var kwOnly: [String] = []
    public var varkw: String? = nil

    public init(positional: [String] = [], posOnlyCount: Int = 0, varargs: String? = nil, kwOnly: [String] = [], varkw: String? = nil) {
        self.positional = positional; self.posOnlyCount = posOnlyCount; self.varargs = varargs
        self.kwOnly = kwOnly; self.varkw = varkw
    }

    /// Slots the parameters occupy: positional, *args, keyword-only, **kwargs.
    public var slotCount: Int { positional.count + (varargs == nil ? 0 : 1) + kwOnly.count + (varkw == nil ? 0 : 1) }
    var varargsSlot: Int { positional.count }
    var kwOnlyStart: Int { positional.count + (varargs == nil ? 0 : 1) }
    var varkwSlot: Int { kwOnlyStart + kwOnly.count }
}

/// The compiled form of a function, lambda, comprehension, class body or module.
public final class CodeObject {
    public let name: String
    public var qualname: String
    public let file: String
    public let firstLine: Int
    public var params = ParamSpec()
    public var body: [Stmt] = []
    public var slotNames: [String] = []
    /// For each own cell variable, the parameter slot it starts from (or -1).
    public var cellParamSlots: [Int] = []
    public var cellNames: [String] = []
    public var freeNames: [String] = []
    /// For each free variable, the index of the cell in the defining frame.
    public var freeSources: [Int] = []
    public var isGenerator = false
    public var doc: Value = .none

    public init(name: String, qualname: String, file: String, firstLine: Int) {
        self.name = name; self.qualname = qualname; self.file = file; self.firstLine = firstLine
    }
    public var nslots: Int { slotNames.count }
}

public enum Flow { case normal, breakLoop, continueLoop, returned }

public final class Frame {
    // Not retained: the interpreter outlives every frame, and the code and module are kept alive
    // by the function object (or the syntax tree) that the frame runs.
    public unowned(unsafe) let interp: Interpreter
    public unowned(unsafe) let code: CodeObject
    public let slots: UnsafeMutablePointer<Value>
    public var cells: [Cell]
    public unowned(unsafe) let module: PyModule
    public var line: Int
    public var returnValue: Value = .none
    /// The namespace of a class body being executed.
    public var namespace: PyDict?
    /// The function running in this frame (for zero-argument super()).
    public var function: PyFunction?
    /// The generator this frame runs in, when it is a generator's frame.
    public var generator: GeneratorRunner?
    /// The exception being handled by an `except` block, for a bare `raise`.
    public var handling: PyExceptionObject?

    public init(interp: Interpreter, code: CodeObject, module: PyModule, closure: [Cell]) {
        self.interp = interp
        self.code = code
        self.module = module
        self.line = code.firstLine
        let n = code.nslots
        slots = UnsafeMutablePointer<Value>.allocate(capacity: max(n, 1))
        slots.initialize(repeating: .unbound, count: max(n, 1))
        if code.cellNames.isEmpty {
            cells = closure
        } else {
            var c: [Cell] = []
            c.reserveCapacity(code.cellNames.count + closure.count)
            for _ in code.cellNames { c.append(Cell()) }
            c.append(contentsOf: closure)
            cells = c
        }
    }

    deinit {
        slots.deinitialize(count: max(code.nslots, 1))
        slots.deallocate()
    }

    /// Moves parameters that inner functions capture into their cells (after binding).
    @inline(__always) func initCellParams() {
        if code.cellParamSlots.isEmpty { return }
        for (ci, slot) in code.cellParamSlots.enumerated() where slot >= 0 {
            cells[ci].value = slots[slot]
        }
    }
}
