// Each optimizer's update rule against real Keras 3.15: five steps on w with gradient w * c,
// reference values captured with keras.optimizers.*.apply_gradients (jax backend).
import XCTest
import KTensor
@testable import Keras

final class OptimizerTests: XCTestCase {
    static let references: [(String, [Double])] = [
        ("sgd", [0.5904899835586548, -1.5475618839263916, 4.83152961730957, 0.16383998095989227]),
        ("sgd_momentum", [-0.029159963130950928, -0.8343117833137512, 7.953000068664551, -0.2902100086212158]),
        ("sgd_nesterov", [-0.10458166897296906, -0.6318846344947815, 10.477438926696777, -0.20785874128341675]),
        ("rmsprop", [0.8955066800117493, -1.894508719444275, 3.107074499130249, 0.39761537313461304]),
        ("rmsprop_centered_momentum", [0.8022453784942627, -1.7991913557052612, 3.2054638862609863, 0.30898213386535645]),
        ("adam", [0.9500466585159302, -1.95002281665802, 3.050013542175293, 0.45009878277778625]),
        ("adam_amsgrad", [0.9500466585159302, -1.95002281665802, 3.050013542175293, 0.45009878277778625]),
        ("adamw", [0.949850857257843, -1.949627161026001, 3.0494096279144287, 0.4500029981136322]),
        ("adagrad", [0.7056087851524353, -1.6949379444122314, 3.3282618522644043, 0.22963736951351166]),
        ("adadelta", [0.9928068518638611, -1.9928005933761597, 3.0072104930877686, 0.4928196370601654]),
        ("adamax", [0.9504435062408447, -1.9501720666885376, 3.04984974861145, 0.4509831964969635]),
        ("nadam", [0.9606301784515381, -1.9605154991149902, 3.039672374725342, 0.46086418628692627]),
        ("sgd_clipnorm", [0.9308316707611084, -1.929840326309204, 3.219660758972168, 0.4327724277973175]),
        ("sgd_clipvalue", [0.7499999403953552, -1.750000238418579, 3.249999761581421, 0.24999995529651642]),
        ("sgd_schedule", [0.7472897171974182, -1.733471393585205, 3.93721079826355, 0.27287083864212036]),
    ]

    func optimizer(_ name: String) -> Optimizer {
        func make(_ k: Optimizer.Kind, _ lr: Double, _ configure: (Optimizer) -> Void = { _ in }) -> Optimizer {
            let o = Optimizer(k); o.learningRate = .constant(lr); configure(o); return o
        }
        switch name {
        case "sgd": return make(.sgd, 0.1)
        case "sgd_momentum": return make(.sgd, 0.1) { $0.momentum = 0.9 }
        case "sgd_nesterov": return make(.sgd, 0.1) { $0.momentum = 0.9; $0.nesterov = true }
        case "rmsprop": return make(.rmsprop, 0.01)
        case "rmsprop_centered_momentum": return make(.rmsprop, 0.01) { $0.momentum = 0.5; $0.centered = true }
        case "adam": return make(.adam, 0.01)
        case "adam_amsgrad": return make(.adam, 0.01) { $0.amsgrad = true }
        case "adamw": return make(.adamw, 0.01)
        case "adagrad": return make(.adagrad, 0.1)
        case "adadelta": return make(.adadelta, 1.0)
        case "adamax": return make(.adamax, 0.01)
        case "nadam": return make(.nadam, 0.01)
        case "sgd_clipnorm": return make(.sgd, 0.1) { $0.clipnorm = 0.5 }
        case "sgd_clipvalue": return make(.sgd, 0.1) { $0.clipvalue = 0.5 }
        default:
            let o = Optimizer(.sgd)
            o.learningRate = .exponentialDecay(initial: 0.1, steps: 2, rate: 0.5, staircase: false)
            return o
        }
    }

    func testUpdateRulesMatchKeras() throws {
        let c: [Float] = [1, 0.5, -1, 2]
        for (name, expected) in OptimizerTests.references {
            let opt = optimizer(name)
            let w = Variable(try Tensor([1, -2, 3, 0.5] as [Float], shape: [4]), requiresGrad: true)
            for _ in 0..<5 {
                let g = try Tensor(zip(w.value.floats(), c).map { $0 * $1 }, shape: [4])
                try opt.apply([(w, g)])
            }
            for (got, want) in zip(w.value.doubles(), expected) {
                XCTAssertEqual(got, want, accuracy: 1e-5 * max(1, abs(want)), name)
            }
        }
    }

    func testKeras2TimeBasedDecay() throws {
        let opt = Optimizer(.sgd)
        opt.learningRate = .constant(0.1); opt.decay = 0.5
        let w = Variable(try Tensor([1] as [Float], shape: [1]), requiresGrad: true)
        var expected = 1.0
        for step in 0..<3 {
            try opt.apply([(w, try Tensor([1] as [Float], shape: [1]))])
            expected -= 0.1 / (1 + 0.5 * Double(step))
        }
        XCTAssertEqual(w.value.doubles()[0], expected, accuracy: 1e-6)
    }
}
