// An optimizer's fixed learning rate as Keras 3 shows it: a Variable `adam/learning_rate` whose
// value follows the optimizer's (callbacks change it) and whose assign sets the optimizer's rate.
import KScript
import KTensor
import Keras

final class PyLearningRate: PyWeight {
    unowned let optimizer: Optimizer
    init(_ optimizer: Optimizer, path: String) throws {
        self.optimizer = optimizer
        super.init(Variable(try Tensor.scalar(optimizer.currentLearningRate, dtype: .float32)), name: "learning_rate", path: path, trainable: false)
    }
    override var pyType: PyType { PyLearningRate.type }

    static let type: PyType = {
        let t = PyType(name: "Variable", bases: [WeightVariables.type], module: "keras")
        for (name, sign) in [("assign", 0.0), ("assign_add", 1.0), ("assign_sub", -1.0)] {
            t.def(name, ["value"]) { interp, a in
                let lr = a[0].object as! PyLearningRate
                let given = try ScriptTensors.variable(interp, a[1]).value
                guard given.count == 1 else {
                    throw PyError.value("The shape of the target variable and the shape of the target value in `variable.\(name)(value)` must match. variable.shape=(), Received: value.shape=\(Tensor.describe(given.shape)). Target variable: \(try interp.repr(a[0]))")
                }
                let g = given.double(at: 0), current = Double(Float(lr.optimizer.currentLearningRate))
                let value = Double(Float(sign == 0 ? g : current + sign * g))
                lr.optimizer.learningRate = .constant(value)
                lr.optimizer.decay = 0
                lr.variable.value = try tensorCall { try Tensor.scalar(value, dtype: .float32) }
                return a[0]
            }
        }
        return t
    }()
}
