// Tensor core values: shapes, views, broadcasting, reductions, matrix products, errors.
import XCTest
@testable import KTensor

final class TensorTests: XCTestCase {
    func testViewsShareStorage() throws {
        let t = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        let tt = try t.transposed()
        XCTAssertEqual(tt.shape, [3, 2])
        XCTAssertFalse(tt.isContiguous)
        XCTAssertEqual(tt.floats(), [1, 4, 2, 5, 3, 6])
        let r = try t.reshaped([3, -1])
        XCTAssertEqual(r.shape, [3, 2])
        r.setDouble(9, at: 0)
        XCTAssertEqual(t.floats()[0], 9, "a reshape of a contiguous tensor is a view")
        XCTAssertThrowsError(try t.reshaped([4, -1])) { e in
            XCTAssertEqual("\(e)", "cannot reshape array of size 6 into shape (4,newaxis)")
        }
    }

    func testTakeSelectAndAssignOnViews() throws {
        let t = try Tensor((0..<12).map(Double.init), shape: [3, 4])
        let columns = try t.transposed()
        XCTAssertEqual(try columns.take([3, 0], indexShape: [2], axis: 0).doubles(), [3, 7, 11, 0, 4, 8])
        XCTAssertEqual(try t.take([2, 2], indexShape: [1, 2], axis: 1).shape, [3, 1, 2])
        let chosen = try Tensor.select(try Tensor([1, 0, 1, 0] as [Double], shape: [4]), t, try Tensor.scalar(-1, dtype: .float64))
        XCTAssertEqual(chosen.doubles(), [0, -1, 2, -1, 4, -1, 6, -1, 8, -1, 10, -1])
        XCTAssertThrowsError(try Tensor.select(try Tensor.zeros([2]), t, t)) { e in
            XCTAssertEqual("\(e)", "operands could not be broadcast together with shapes (2,) (3,4) (3,4) ")
        }
        // Writing row 1 through the transposed view lands in column 1 of the original.
        try columns.assign(try Tensor([7, 8, 9] as [Double], shape: [3]), positions: columns.takenPositions([1], axis: 0), shape: [1, 3])
        XCTAssertEqual(t.doubles(), [0, 7, 2, 3, 4, 8, 6, 7, 8, 9, 10, 11])
        let tail = try t.reshaped([12])
        let head = Tensor(storage: tail.storage, dtype: tail.dtype, shape: [11], strides: [1], offset: tail.offset)
        try tail.assign(head, positions: Array(1..<12), shape: [11])
        XCTAssertEqual(Array(t.doubles().prefix(4)), [0, 0, 7, 2], "an overlapping source is copied before writing")
    }

    /// Windows copy out and in by contiguous runs (the trailing axes whole in both views fold into
    /// one run): the same elements as the element-by-element walk, size-1 axes, int and bool
    /// dtypes and views whose last axis is strided (which take the walk) included.
    func testWindowCopiesByRuns() throws {
        let t = try Tensor((0..<120).map(Double.init), shape: [2, 3, 4, 5])
        for ranges in [[0..<2, 1..<3, 0..<4, 0..<5], [1..<2, 0..<3, 1..<3, 2..<5], [0..<2, 2..<3, 0..<4, 4..<5], [0..<1, 0..<1, 0..<1, 0..<1]] {
            for dtype in [DType.float32, .int64, .bool] {
                let view = try t.astype(dtype).window(ranges)
                let copy = try view.contiguous()
                XCTAssertTrue(copy.isContiguous)
                XCTAssertEqual(copy.doubles(), view.doubles(), "\(ranges) \(dtype)")
                let padded = try Tensor.zeros(t.shape, dtype: dtype)
                try padded.window(ranges).copyIn(copy)
                let inside = Set(view.positions().map { $0 + view.offset })
                for (k, v) in try t.astype(dtype).doubles().enumerated() {
                    XCTAssertEqual(padded.doubles()[k], inside.contains(k) ? v : 0, "\(ranges) \(dtype) element \(k)")
                }
            }
        }
        let columns = try t.reshaped([24, 5]).transposed()
        XCTAssertEqual(try columns.contiguous().doubles(), columns.doubles(), "a strided last axis takes the element walk")
    }

    func testBroadcastingArithmetic() throws {
        let a = try Tensor([1, 2, 3] as [Double], shape: [3, 1])
        let b = try Tensor([10, 20, 30, 40] as [Double], shape: [4])
        let s = try Tensor.binary(.add, a, b)
        XCTAssertEqual(s.shape, [3, 4])
        XCTAssertEqual(s.doubles(), [11, 21, 31, 41, 12, 22, 32, 42, 13, 23, 33, 43])
        XCTAssertThrowsError(try Tensor.binary(.add, try Tensor.zeros([3, 4]), try Tensor.zeros([5]))) { e in
            XCTAssertEqual("\(e)", "operands could not be broadcast together with shapes (3,4) (5,) ")
        }
        let ints = try Tensor.binary(.div, try Tensor.zeros([2], dtype: .int64), try Tensor.scalar(2, dtype: .int64))
        XCTAssertEqual(ints.dtype, .float64, "true division of integers gives floats")
        XCTAssertEqual(DType.promote(.int32, .float32), .float64)
    }

    func testReductions() throws {
        let t = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        XCTAssertEqual(try t.reduce(.sum).floats(), [21])
        XCTAssertEqual(try t.reduce(.sum, axes: [0]).floats(), [5, 7, 9])
        XCTAssertEqual(try t.reduce(.mean, axes: [-1], keepdims: true).shape, [2, 1])
        XCTAssertEqual(try t.reduce(.max, axes: [1]).floats(), [3, 6])
        XCTAssertThrowsError(try t.reduce(.sum, axes: [2])) { e in
            XCTAssertEqual("\(e)", "axis 2 is out of bounds for array of dimension 2")
        }
    }

    /// Sums agree with numpy's to the last bit (values captured from numpy 2.4): pairwise along a
    /// contiguous run in the array's own precision, row after row across rows; NaN wins max/min.
    func testReductionsAddUpAsNumpyDoes() throws {
        let values = (0..<10007).map { Double(($0 * 7919) % 1000) / 997 }
        let doubles = try Tensor(values, shape: [10007]), floats = try doubles.astype(.float32)
        XCTAssertEqual(try doubles.reduce(.sum).double(at: 0), 5014.342026078235)
        XCTAssertEqual(try doubles.reduce(.mean).double(at: 0), 0.5010834441968857)
        XCTAssertEqual(try floats.reduce(.sum).double(at: 0), 5014.34228515625)
        XCTAssertEqual(try floats.reduce(.mean).double(at: 0), 0.501083493232727)
        let square = try Tensor(Array(values[..<10000]), shape: [100, 100])
        XCTAssertEqual(try square.reduce(.sum, axes: [0]).double(at: 3), 50.85255767301906)
        XCTAssertEqual(try square.reduce(.sum, axes: [1]).double(at: 5), 50.20060180541624)
        XCTAssertEqual(try square.astype(.float32).reduce(.sum, axes: [1]).double(at: 7), 49.197593688964844)
        let withNaN = try Tensor([1, .nan, 3] as [Double], shape: [3])
        XCTAssertTrue(try withNaN.reduce(.max).double(at: 0).isNaN)
        XCTAssertTrue(try withNaN.reduce(.min).double(at: 0).isNaN)
        XCTAssertEqual(try withNaN.argExtreme(max: true, axis: nil).double(at: 0), 1)
        XCTAssertEqual(try Tensor([2, 7, 7, 1] as [Float], shape: [4]).argExtreme(max: true, axis: nil).double(at: 0), 1)
    }

    func testMatmulAgainstLoops() throws {
        let (m, k, n) = (5, 7, 3)
        let av = (0..<(m * k)).map { Float(($0 * 37) % 11) - 5 }
        let bv = (0..<(k * n)).map { Float(($0 * 13) % 7) - 3 }
        let a = try Tensor(av, shape: [m, k]), b = try Tensor(bv, shape: [k, n])
        let c = try Tensor.matmul(a, b)
        for i in 0..<m { for j in 0..<n {
            var s: Float = 0
            for p in 0..<k { s += av[i * k + p] * bv[p * n + j] }
            XCTAssertEqual(c.floats()[i * n + j], s, accuracy: 1e-4)
        } }
        // A transposed view goes to BLAS without a copy and gives the same product.
        let bt = try Tensor.matmul(try (try b.transposed().contiguous()).transposed(), try Tensor.zeros([n, 2]).reshaped([n, 2]))
        XCTAssertEqual(bt.shape, [k, 2])
        XCTAssertThrowsError(try Tensor.matmul(a, a))
    }

    func testImpossibleAllocationIsAnError() {
        XCTAssertThrowsError(try Tensor.zeros([1 << 40, 1 << 30])) { e in
            guard case TensorError.memory = e else { return XCTFail("expected a memory error, got \(e)") }
        }
    }
}
