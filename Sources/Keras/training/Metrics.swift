// Keras's metrics: running values over an epoch. Most are the weighted mean of a per-sample
// value (accuracies, mse, ...); Precision, Recall and AUC keep confusion counts.
import KTensor

public final class Metric {
    public enum Kind: String, CaseIterable {
        case binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, top_k_categorical_accuracy
        case sparse_top_k_categorical_accuracy
        case mean_squared_error, mean_absolute_error, mean_absolute_percentage_error, mean_squared_logarithmic_error
        case binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy
        case precision, recall, auc
        /// The losses Keras also keeps as metric classes (Hinge, KLDivergence, ...), by the same names.
        case hinge, squared_hinge, categorical_hinge, kl_divergence, poisson, log_cosh
        /// The mean cosine similarity (the loss of that name is its negative).
        case cosine_similarity
        /// The share of predictions equal to their targets (keras.metrics.Accuracy).
        case accuracy
        case root_mean_squared_error
        /// The weighted sum of the values given to `update(values:)` (keras.metrics.Sum).
        case sum
        /// The running mean of a value given to `update(mean:)` (the loss trackers).
        case mean
        /// A function given by the script, averaged over samples.
        case custom
        /// A metric object written in the script (update_state / result / reset_state).
        case stateful
    }
    public let kind: Kind
    public var name: String
    public var threshold = 0.5
    /// A weighted metric (compile's weighted_metrics) counts each sample by its sample weight.
    public var weighted = false
    public var k = 5
    /// The script's function, for `.custom`: (targets, predictions) → per-sample values.
    public var function: ((Tensor, Variable) throws -> Variable)?
    /// For `.stateful`: the script object's update_state, result and reset_state.
    public var statefulUpdate: ((Tensor, Tensor, Tensor?) throws -> Void)?
    public var statefulResult: (() throws -> Double)?
    public var statefulReset: (() throws -> Void)?
    /// The stateful metric's value after its latest update.
    var latest = 0.0
    var total = 0.0, count = 0.0
    /// Confusion counts per threshold (Precision, Recall: one threshold; AUC: 200).
    var truePositives: [Double] = [], falsePositives: [Double] = [], trueNegatives: [Double] = [], falseNegatives: [Double] = []
    var thresholds: [Double] = []

    public init(_ kind: Kind, name: String? = nil) {
        self.kind = kind
        self.name = name ?? kind.rawValue
        reset()
    }

    static let aliases: [String: Kind] = [
        "mse": .mean_squared_error, "mae": .mean_absolute_error, "mape": .mean_absolute_percentage_error,
        "msle": .mean_squared_logarithmic_error, "top_k_accuracy": .top_k_categorical_accuracy,
        // keras.metrics.get also takes class names ("AUC"); the metric is then named as written.
        "AUC": .auc, "Precision": .precision, "Recall": .recall, "BinaryAccuracy": .binary_accuracy,
        "CategoricalAccuracy": .categorical_accuracy, "SparseCategoricalAccuracy": .sparse_categorical_accuracy,
        "TopKCategoricalAccuracy": .top_k_categorical_accuracy, "SparseTopKCategoricalAccuracy": .sparse_top_k_categorical_accuracy,
        "MeanSquaredError": .mean_squared_error, "MeanAbsoluteError": .mean_absolute_error,
        "MeanAbsolutePercentageError": .mean_absolute_percentage_error, "MeanSquaredLogarithmicError": .mean_squared_logarithmic_error,
        "BinaryCrossentropy": .binary_crossentropy, "CategoricalCrossentropy": .categorical_crossentropy,
        "SparseCategoricalCrossentropy": .sparse_categorical_crossentropy,
    ]

    /// A metric from its Keras identifier; 'accuracy'/'acc' resolve by the loss and shapes as in Keras.
    public static func resolve(_ identifier: String, loss: Loss?, targetShape: [Int], outputShape: [Int]) -> Metric? {
        if identifier == "accuracy" || identifier == "acc" {
            let kind: Kind
            if outputShape.last == 1 || loss?.kind == .binary_crossentropy { kind = .binary_accuracy }
            else if loss?.kind == .sparse_categorical_crossentropy || targetShape.count == outputShape.count - 1
                        || (targetShape.count == outputShape.count && targetShape.last == 1) { kind = .sparse_categorical_accuracy }
            else { kind = .categorical_accuracy }
            return Metric(kind, name: identifier)
        }
        if let k = Kind(rawValue: identifier) ?? aliases[identifier], ![.mean, .sum, .custom, .stateful].contains(k) { return Metric(k, name: identifier) }
        return nil
    }

    public func reset() {
        total = 0; count = 0; latest = 0
        if kind == .stateful {
            try? statefulReset?()
            latest = (try? statefulResult?()) ?? 0
        }
        if kind == .auc {
            // Keras's 200 evenly spaced thresholds, the ends nudged past 0 and 1.
            thresholds = (0..<200).map { (i: Int) -> Double in i == 0 ? -1e-7 : (i == 199 ? 1 + 1e-7 : Double(i) / 199) }
        } else {
            thresholds = [threshold]
        }
        let zeros = [Double](repeating: 0, count: thresholds.count)
        (truePositives, falsePositives, trueNegatives, falseNegatives) = (zeros, zeros, zeros, zeros)
    }

    /// Adds one batch's mean value, counted `weight` times (the loss trackers count samples).
    public func update(mean value: Double, weight: Double) { total += value * weight; count += weight }

    /// Adds values, each counted by its weight (broadcast to the values' shape): keras.metrics.Mean and Sum.
    public func update(values: Tensor, sampleWeight: Tensor?) throws {
        let v = try values.dense(.float64).doubles()
        var w = [Double](repeating: 1, count: v.count)
        if let sampleWeight { w = try sampleWeight.broadcast(to: values.shape).dense(.float64).doubles() }
        for (x, weight) in zip(v, w) { total += x * weight; count += weight }
    }

    /// Adds one batch of targets and predictions.
    public func update(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        if kind == .stateful {
            try statefulUpdate?(yTrue, yPred, sampleWeight)
            latest = try statefulResult?() ?? 0
            return
        }
        let predictions = try yPred.dense(.float64)
        defer { withExtendedLifetime(predictions) {} }
        let p = predictions.base(Double.self)
        let classes = yPred.shape.last ?? 1, rows = yPred.count / Swift.max(classes, 1)
        let weights = try sampleWeight.map { try $0.dense(.float64).doubles() }
        func weight(_ r: Int) -> Double { weights.map { $0.count == rows ? $0[r] : 1 } ?? 1 }
        switch kind {
        case .accuracy:
            // Keras counts every element as a sample here, each weighted by its row's weight.
            let t = try matchShape(yTrue, yPred.shape).doubles()
            for i in 0..<yPred.count {
                let w = weights.map { $0.count == yPred.count ? $0[i] : weight(i / Swift.max(classes, 1)) } ?? 1
                total += (p[i] == t[i] ? 1 : 0) * w
                count += w
            }
        case .precision, .recall, .auc:
            let targets = try matchShape(yTrue, yPred.shape).dense(.float64)
            defer { withExtendedLifetime(targets) {} }
            let t = targets.base(Double.self)
            for i in 0..<yPred.count {
                let w = weight(i / Swift.max(classes, 1)), positive = t[i] > 0.5
                for (j, th) in thresholds.enumerated() {
                    let predicted = p[i] > th
                    switch (predicted, positive) {
                    case (true, true): truePositives[j] += w
                    case (true, false): falsePositives[j] += w
                    case (false, false): trueNegatives[j] += w
                    case (false, true): falseNegatives[j] += w
                    }
                }
            }
        default:
            let values = try perSample(yTrue, yPred, p, rows: rows, classes: classes)
            for (r, v) in values.enumerated() { let w = weight(r); total += v * w; count += w }
        }
    }

    func perSample(_ yTrue: Tensor, _ yPred: Tensor, _ p: UnsafeMutablePointer<Double>, rows: Int, classes: Int) throws -> [Double] {
        func argmax(_ row: UnsafeMutablePointer<Double>) -> Int {
            var best = 0
            for j in 1..<Swift.max(classes, 1) where row[j] > row[best] { best = j }
            return best
        }
        switch kind {
        case .binary_accuracy:
            let t = try matchShape(yTrue, yPred.shape).doubles()
            return (0..<rows).map { r in
                (0..<classes).reduce(0.0) { $0 + (((p[r * classes + $1] > threshold) == (t[r * classes + $1] > 0.5)) ? 1 : 0) } / Double(classes)
            }
        case .categorical_accuracy:
            let targets = try matchShape(yTrue, yPred.shape).dense(.float64)
            let t = targets.base(Double.self)
            return withExtendedLifetime(targets) { (0..<rows).map { r in argmax(p + r * classes) == argmax(t + r * classes) ? 1 : 0 } }
        case .sparse_categorical_accuracy:
            let ids = yTrue.doubles()
            guard ids.count == rows else { throw KerasError(.value, "sparse_categorical_accuracy: \(ids.count) labels for \(rows) predictions") }
            return (0..<rows).map { r in Double(argmax(p + r * classes)) == ids[r] ? 1 : 0 }
        case .top_k_categorical_accuracy, .sparse_top_k_categorical_accuracy:
            let ids: [Int]
            if kind == .sparse_top_k_categorical_accuracy { ids = yTrue.doubles().map { Int($0) } }
            else {
                let targets = try matchShape(yTrue, yPred.shape).dense(.float64)
                let t = targets.base(Double.self)
                ids = withExtendedLifetime(targets) { (0..<rows).map { argmax(t + $0 * classes) } }
            }
            return (0..<rows).map { r in
                let row = p + r * classes
                let better = (0..<classes).filter { row[$0] > row[ids[r]] }.count
                return better < k ? 1 : 0
            }
        case .root_mean_squared_error:
            return try Loss(.mean_squared_error).perSample(yTrue, Variable(try yPred.astype(.float32))).value.doubles()
        case .cosine_similarity:
            return try Loss(.cosine_similarity).perSample(yTrue, Variable(try yPred.astype(.float32))).value.doubles().map { -$0 }
        case .custom:
            guard let f = function else { return [] }
            let values = try f(yTrue, Variable(try yPred.astype(.float32))).value
            // A per-sample result averages per sample; anything else counts once per sample.
            return values.count == rows ? values.doubles() : Array(repeating: try values.reduce(.mean).double(at: 0), count: rows)
        default:
            guard let lossKind = Loss.Kind(rawValue: kind.rawValue) else { return [] }
            return try Loss(lossKind).perSample(yTrue, Variable(try yPred.astype(.float32))).value.doubles()
        }
    }

    /// The metric's current value.
    public var result: Double {
        switch kind {
        case .precision:
            let d = truePositives[0] + falsePositives[0]
            return d == 0 ? 0 : truePositives[0] / d
        case .recall:
            let d = truePositives[0] + falseNegatives[0]
            return d == 0 ? 0 : truePositives[0] / d
        case .auc:
            // The ROC curve's area by the trapezoid rule over the thresholds.
            var area = 0.0
            func rates(_ j: Int) -> (Double, Double) {
                let tpr = truePositives[j] + falseNegatives[j] == 0 ? 0 : truePositives[j] / (truePositives[j] + falseNegatives[j])
                let fpr = falsePositives[j] + trueNegatives[j] == 0 ? 0 : falsePositives[j] / (falsePositives[j] + trueNegatives[j])
                return (fpr, tpr)
            }
            for j in 0..<(thresholds.count - 1) {
                let (x0, y0) = rates(j), (x1, y1) = rates(j + 1)
                area += (x0 - x1) * (y0 + y1) / 2
            }
            return area
        case .stateful:
            return latest
        case .sum:
            return total
        case .root_mean_squared_error:
            return count == 0 ? 0 : (total / count).squareRoot()
        default:
            return count == 0 ? 0 : total / count
        }
    }
}
