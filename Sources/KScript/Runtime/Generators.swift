// Generator functions: the body runs on its own thread and hands values over at each `yield`,
// so the tree-walking evaluator can suspend mid-expression without being rewritten.
import Foundation

public final class GeneratorRunner {
    let frame: Frame
    // The hand-over semaphores are plain POSIX ones, not objects: this module counts references
    // non-atomically, and a semaphore object retained by one thread just after it woke the other
    // (as debug builds do around every call) would race with that other thread's retain of it.
    private let toGen = GeneratorRunner.makeSemaphore()
    private let toCaller = GeneratorRunner.makeSemaphore()
    private var started = false
    private(set) var finished = false
    private var running = false
    // Hand-over slots, written by one side before it signals the other.
    private var outValue: Value = .none
    private var outError: Error?
    private var inValue: Value = .none
    private var inThrow: PyError?
    /// What the body returned, until a StopIteration carries it to the caller.
    private var returnValue: Value = .none
    /// The generator's thread, joined once its body has ended: the thread may still be inside its
    /// last `signal()` after the caller wakes, so the semaphores must outlive it.
    private var thread: pthread_t?

    init(frame: Frame) { self.frame = frame }

    deinit {
        // A generator that ignored GeneratorExit still waits on its semaphore: leave them be.
        guard !started || finished else { return }
        for semaphore in [toGen, toCaller] {
            sem_destroy(semaphore)
            semaphore.deallocate()
        }
    }

    private static func makeSemaphore() -> UnsafeMutablePointer<sem_t> {
        let semaphore = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
        return semaphore
    }

    /// Waits on `semaphore`, retrying when a signal handler interrupts the wait.
    private static func wait(_ semaphore: UnsafeMutablePointer<sem_t>) {
        while sem_wait(semaphore) != 0 && errno == EINTR {}
    }

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
            try startThread()
        } else {
            sem_post(toGen)
        }
        Self.wait(toCaller)
        if finished, let t = thread {
            pthread_join(t, nil)
            thread = nil
        }
        if let e = outError { outError = nil; throw e }
        if finished { return nil }
        return outValue
    }

    /// Runs `body` on a new thread with a large stack. The runner is passed unretained: the
    /// generator object keeps it alive while its thread runs, and nothing on that thread may
    /// touch reference counts after handing back control.
    private func startThread() throws {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, 64 << 20)
        var id = pthread_t()
        let started = pthread_create(&id, &attributes, { context in
            Unmanaged<GeneratorRunner>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.body() }
            return nil
        }, Unmanaged.passUnretained(self).toOpaque())
        if started != 0 {
            finished = true
            throw PyError.runtime("can't start new thread")
        }
        thread = id
    }

    private func body() {
        do {
            frame.generator = self
            returnValue = try frame.interp.runFrame(frame)
        } catch let e as PyError where e.isInstance(of: ExcTypes.generatorExit) {
        } catch let e as PyError where e.isInstance(of: ExcTypes.stopIteration) {
            outError = PyError.runtime("generator raised StopIteration")
        } catch {
            outError = error
        }
        finished = true
        frame.generator = nil
        sem_post(toCaller)
    }

    /// Called on the generator's thread by `yield`: hands `v` to the caller and waits to be resumed.
    func yield(_ v: Value) throws -> Value {
        outValue = v
        sem_post(toCaller)
        Self.wait(toGen)
        if let t = inThrow { inThrow = nil; throw t }
        return inValue
    }

    /// The StopIteration that ends the generator, carrying its return value the first time.
    func stopIteration() -> PyError {
        defer { returnValue = .none }
        return returnValue.isNone ? .stopIteration() : PyError(ExcTypes.stopIteration, args: [returnValue])
    }

    /// The return value of a finished body, handed out once (`x = yield from inner()`).
    func takeReturnValue() -> Value {
        defer { returnValue = .none }
        return returnValue
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
    public override func exhausted() -> PyError { runner.stopIteration() }
    func send(_ v: Value) throws -> Value? { try runner.resume(send: v) }
    deinit { runner.close() }
}
