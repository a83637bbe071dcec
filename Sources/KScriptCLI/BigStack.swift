// Runs the interpreter on a thread with a large stack, so deep (but legal) recursion never
// overflows the native stack before RecursionError is raised.
import Foundation

extension CommandLine {
    static func runInBigStack(_ body: @escaping () -> Int32) -> Int32 {
        var status: Int32 = 0
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            status = body()
            done.signal()
        }
        t.stackSize = 1 << 30
        t.start()
        done.wait()
        return status
    }
}
