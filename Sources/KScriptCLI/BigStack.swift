// Runs the interpreter on a thread with a large stack, so deep (but legal) recursion never
// overflows the native stack before RecursionError is raised.
import Foundation

extension CommandLine {
    /// The exit status handed back from the interpreter thread.
    private final class Outcome: @unchecked Sendable { var status: Int32 = 0 }

    static func runInBigStack(_ body: @escaping @Sendable () -> Int32) -> Int32 {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            outcome.status = body()
            done.signal()
        }
        t.stackSize = 1 << 30
        t.start()
        done.wait()
        return outcome.status
    }
}
