// Unit tests of the Keras engine on its own (no language): shapes, parameter counts, names,
// graph order and the summary table's geometry.
import XCTest
@testable import Keras

final class KerasEngineTests: XCTestCase {
    func testDenseShapesAndParameters() throws {
        let c = KerasContext()
        let input = try InputLayer(context: c, shape: [784], name: nil)
        let d = try Dense(context: c, units: 300, activation: "relu", name: nil)
        let out = try d.call([input.output])
        XCTAssertEqual(out[0].shape, [nil, 300])
        XCTAssertEqual(d.parameterCount, 784 * 300 + 300)
        XCTAssertEqual(d.name, "dense")
        XCTAssertEqual(try Dense(context: c, units: 1, name: nil).name, "dense_1")
        XCTAssertThrowsError(try d.call([try InputLayer(context: c, shape: [20], name: nil).output])) { e in
            XCTAssertEqual("\(e)", "Input 0 with name 'None' of layer 'dense' is incompatible with the layer: expected axis -1 of input shape to have value 784, but received input with shape (None, 20)")
        }
        XCTAssertThrowsError(try Dense(context: c, units: 0, name: nil))
    }

    func testConvolutionAndPoolingShapes() throws {
        let c = KerasContext()
        let x = try InputLayer(context: c, shape: [64, 64, 1], name: nil).output
        let conv = try Conv2D(context: c, filters: 32, kernelSize: (4, 4), name: nil)
        let y = try conv.call([x])[0]
        XCTAssertEqual(y.shape, [nil, 61, 61, 32])
        XCTAssertEqual(conv.parameterCount, 4 * 4 * 1 * 32 + 32)
        let same = try Conv2D(context: c, filters: 8, kernelSize: (3, 3), strides: (2, 2), padding: "same", name: nil)
        XCTAssertEqual(try same.call([x])[0].shape, [nil, 32, 32, 8])
        XCTAssertEqual(try Pooling2D(context: c, name: nil).call([y])[0].shape, [nil, 30, 30, 32])
    }

    func testRecurrentParameterCounts() throws {
        let c = KerasContext()
        let x = try InputLayer(context: c, shape: [100, 1], name: nil).output
        let lstm = try LSTM(context: c, units: 10, name: nil)
        XCTAssertEqual(try lstm.call([x])[0].shape, [nil, 10])
        XCTAssertEqual(lstm.parameterCount, 480)
        let gru = try GRU(context: c, units: 6, returnSequences: true, name: nil)
        XCTAssertEqual(try gru.call([x])[0].shape, [nil, 100, 6])
        XCTAssertEqual(gru.parameterCount, 3 * 6 * (1 + 6) + 2 * 3 * 6)
    }

    func testFunctionalOrderAndSummaryGeometry() throws {
        let c = KerasContext()
        let x = try InputLayer(context: c, shape: [10], name: nil).output
        let a = try Dense(context: c, units: 4, name: nil).call([x])[0]
        let b = try Dense(context: c, units: 3, name: nil).call([x])[0]
        let m = try Concatenate(context: c, name: nil).call([a, b])[0]
        let model = try Functional(context: c, inputs: [x], outputs: [m], name: nil)
        XCTAssertEqual(model.layers.map { $0.name }, ["input_layer", "dense", "dense_1", "concatenate"])
        XCTAssertFalse(model.isSequentialLike)
        XCTAssertEqual(model.totalParameters, 44 + 33)
        let table = Summary.render(model)
        let lines = table.split(separator: "\n")
        XCTAssertEqual(lines[0], "Model: \"functional\"")
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") || $0.count == 76 }, "the table is 76 columns wide without a terminal")
        XCTAssertEqual(Summary.shrink([34, 26, 16], to: 72), [33, 24, 15], "rich's ratio_reduce")
        XCTAssertEqual(Summary.memory(2204), "2.15 KB")
    }

    func testGraphDisconnectedIsAnError() throws {
        let c = KerasContext()
        let x = try InputLayer(context: c, shape: [3], name: nil).output
        let other = try InputLayer(context: c, shape: [3], name: nil).output
        let y = try Dense(context: c, units: 1, name: nil).call([other])[0]
        XCTAssertThrowsError(try Functional(context: c, inputs: [x], outputs: [y], name: nil))
    }
}
