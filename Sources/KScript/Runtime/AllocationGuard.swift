// Refuses allocations the machine cannot hold, raising MemoryError instead of letting the
// process abort (Swift cannot recover from a failed allocation).
import Foundation

public enum AllocationGuard {
    /// Half the machine's memory: any single object asked to be larger is refused.
    static let limit: UInt64 = ProcessInfo.processInfo.physicalMemory / 2

    /// Throws MemoryError when `count` items of `size` bytes would exceed the limit.
    public static func check(_ count: Int, bytesEach size: Int) throws {
        let (total, overflow) = count.multipliedReportingOverflow(by: max(size, 1))
        if count > 0 && (overflow || UInt64(total) > limit) {
            let asked = overflow ? "more than \(Int.max)" : "\(total)"
            throw PyError.memory("cannot allocate \(asked) bytes (this machine has \(ProcessInfo.processInfo.physicalMemory) bytes of memory)")
        }
    }
}
