// The memory behind tensors: one zeroed, aligned allocation shared by every view of it.
import Foundation

public final class Storage {
    public let bytes: UnsafeMutableRawPointer
    public let byteCount: Int

    static let hugePage = 2 << 20
    static let hugePageThreshold = 4 << 20

    /// Half the machine's memory: a single tensor asked to be larger is refused.
    static let limit = Int(clamping: ProcessInfo.processInfo.physicalMemory / 2)

    /// Large tensors come and go every training step: glibc's default hands each one to mmap and
    /// back, so every step paid page faults for fresh zero pages. Kept on the heap, they are reused.
    /// And one heap only: kscript runs scripts on a thread of its own (for its stack), and glibc
    /// would give that thread an arena of its own, whose heaps it hands back to the kernel as
    /// tensors are freed (an epoch of mnist_cnn then took 200,000 page faults instead of 5,000).
    /// The arena limit counts only for threads that have not allocated yet, so a program calls
    /// `tuneAllocator()` before it starts threads.
    static let allocatorTuned: Void = {
        // glibc's mallopt (malloc.h is not in Swift's Glibc module): M_TRIM_THRESHOLD = -1,
        // M_MMAP_THRESHOLD = -3, M_ARENA_MAX = -8.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 256 << 20)
        _ = mallopt(-1, 512 << 20)
        _ = mallopt(-8, 1)
    }()

    public static func tuneAllocator() { _ = allocatorTuned }

    /// Zero-filled unless `zeroed` is false, for kernels that write every byte themselves.
    public init(byteCount: Int, zeroed: Bool = true) throws {
        _ = Storage.allocatorTuned
        guard byteCount >= 0, byteCount <= Storage.limit else {
            throw TensorError.memory("Unable to allocate \(Storage.describe(byteCount)) for an array: this machine has \(Storage.describe(Int(clamping: ProcessInfo.processInfo.physicalMemory))) of memory")
        }
        self.byteCount = byteCount
        if byteCount >= Storage.hugePageThreshold {
            // As numpy does: big arrays ask for 2 MB pages, so filling one takes a few hundred
            // page faults instead of tens of thousands (the machine's THP mode is "madvise").
            bytes = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: Storage.hugePage)
            let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
            _ = madvise(bytes, (byteCount + pageSize - 1) / pageSize * pageSize, 14)  // MADV_HUGEPAGE
        } else {
            bytes = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        }
        if zeroed { bytes.initializeMemory(as: UInt8.self, repeating: 0, count: max(byteCount, 1)) }
    }

    deinit { bytes.deallocate() }

    static func describe(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = Double(n), u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(n) B" : String(format: "%.2f %@", v, units[u])
    }
}
