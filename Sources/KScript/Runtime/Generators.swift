// Generator functions: the body runs on its own thread and hands values over at each `yield`,
// so the tree-walking evaluator can suspend mid-expression without being rewritten.
import Foundation

public final class GeneratorRunner {
    let frame: Frame
    private let toGen = DispatchSemaphore(value: 0)
    private let toCaller = DispatchSemaphore(value: 0)
    private var started = false
    private(set) var finished = false
    private var running = false
    // Hand-over slots, written by one side before it signals the other.
    private var outValue: Value = .none
    private var outError: Error?
    private var inValue: Value = .none
    private var inThrow: PyError?

    init(frame: Frame) { self.frame = frame }

    /// Resumes the generator with `send`; returns the next yielded value, or nil when it returns.
    func resume(send: Value, throwing: PyError? = nil) throws -> Value? {
        if finished {
            if let t = throwing { throw t }
            return nil
        }
        if running { throw PyError.value("generator already executing") }
        running = true
        defer { running = false }
        inValue = send
        inThrow = throwing
        if !started {
            started = true
            if let t = throwing { finished = true; throw t }
            // Unretained: the generator object keeps the runner alive while its thread runs, and
            // nothing on that thread may release interpreter objects after handing back control.
            let thread = Thread { [unowned(unsafe) self] in self.body() }
            thread.stackSize = 64 << 20
            thread.start()
        } else {
            toGen.signal()
        }
        toCaller.wait()
        if let e = outError { outError = nil; throw e }
        if finished { return nil }
        return outValue
    }

    private func body() {
        do {
            frame.generator = self
            _ = try frame.interp.runFrame(frame)
        } catch let e as PyError where e.isInstance(of: ExcTypes.generatorExit) {
        } catch let e as PyError where e.isInstance(of: ExcTypes.stopIteration) {
            outError = PyError.runtime("generator raised StopIteration")
        } catch {
            outError = error
        }
        finished = true
        frame.generator = nil
        toCaller.signal()
    }

    /// Called on the generator's thread by `yield`: hands `v` to the caller and waits to be resumed.
    func yield(_ v: Value) throws -> Value {
        outValue = v
        toCaller.signal()
        toGen.wait()
        if let t = inThrow { inThrow = nil; throw t }
        return inValue
    }

    /// Ends a suspended generator by raising GeneratorExit inside it.
    func close() {
        guard started && !finished else { finished = true; return }
        _ = try? resume(send: .none, throwing: PyError(ExcTypes.generatorExit, args: []))
    }
}

public final class PyGenerator: PyIterator {
    let runner: GeneratorRunner
    let name: String
    init(frame: Frame, name: String) { runner = GeneratorRunner(frame: frame); self.name = name }
    public override var pyType: PyType { BuiltinTypes.generator }
    public override func next() throws -> Value? { try runner.resume(send: .none) }
    func send(_ v: Value) throws -> Value? { try runner.resume(send: v) }
    deinit { runner.close() }
}
