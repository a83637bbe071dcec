// Work split between the machine's two cores (the images of a batch, the elements of a large array):
// each half runs on its own thread and writes its own part of the output. Small work stays on one thread.
import Foundation

/// Calls `body` on sub-ranges of `range` covering it, in parallel when the work is big enough.
public func forEachHalf(_ range: Range<Int>, work: Int, _ body: (Range<Int>) -> Void) {
    let count = range.count
    guard count >= 2, work >= 200_000 else { body(range); return }
    let middle = range.lowerBound + count / 2
    DispatchQueue.concurrentPerform(iterations: 2) { i in
        body(i == 0 ? range.lowerBound..<middle : middle..<range.upperBound)
    }
}
