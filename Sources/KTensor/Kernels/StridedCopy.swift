// Copying between strided views of the same dtype (a window of an image batch into a padded
// one, a crop out of it, a slice made contiguous) one contiguous run at a time: the trailing
// axes that are contiguous in both views form one run, copied with memcpy, instead of moving
// element by element through Doubles.
import Foundation

extension Tensor {
    /// Copies `source` (same shape and dtype, other storage) into this view; false, copying
    /// nothing, when the views do not allow it (the last axis strided in either of them).
    func copyRuns(from source: Tensor) -> Bool {
        guard source.dtype == dtype, source.shape == shape, source.storage !== storage, rank > 0,
              strides[rank - 1] == 1 || shape[rank - 1] == 1,
              source.strides[rank - 1] == 1 || shape[rank - 1] == 1 else { return false }
        if count == 0 { return true }
        // Fold the trailing axes that continue one run in both views.
        var runAxes = 1, run = shape[rank - 1]
        while runAxes < rank {
            let a = rank - 1 - runAxes
            guard strides[a] == run || shape[a] == 1, source.strides[a] == run || shape[a] == 1 else { break }
            run *= shape[a]
            runAxes += 1
        }
        let size = dtype.itemSize, outer = rank - runAxes
        let to = storage.bytes + offset * size, from = source.storage.bytes + source.offset * size
        var index = [Int](repeating: 0, count: outer)
        var d = 0, s = 0
        for _ in 0..<(count / run) {
            (to + d * size).copyMemory(from: from + s * size, byteCount: run * size)
            var a = outer - 1
            while a >= 0 {
                index[a] += 1; d += strides[a]; s += source.strides[a]
                if index[a] < shape[a] { break }
                d -= strides[a] * shape[a]; s -= source.strides[a] * shape[a]; index[a] = 0
                a -= 1
            }
        }
        return true
    }
}
