// Work split between the machine's two cores (the images of a batch, the elements of a large array,
// the blocks of a large product): each half writes its own part of the output. The halves run
// through CKernels' ks_parallel_pair, whose helper thread starts at once and never makes the
// caller wait for a core it cannot have. Small work stays on one thread.
import CKernels

/// Runs `body(0)` and `body(1)`, in parallel when the helper thread is free.
public func inParallelPair(_ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        var job = body
        withUnsafeMutablePointer(to: &job) { ks_parallel_pair(runHalf, $0) }
    }
}

private let runHalf: ks_half_function = { context, half in
    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(half))
}

/// Calls `body` on sub-ranges of `range` covering it, in parallel when the work is big enough.
public func forEachHalf(_ range: Range<Int>, work: Int, _ body: (Range<Int>) -> Void) {
    let count = range.count
    guard count >= 2, work >= 200_000 else { body(range); return }
    let middle = range.lowerBound + count / 2
    inParallelPair { i in body(i == 0 ? range.lowerBound..<middle : middle..<range.upperBound) }
}
