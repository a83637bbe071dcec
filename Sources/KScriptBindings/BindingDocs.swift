// One-line descriptions of the numpy and Keras bindings, shown by help() in the REPL.
import KScript

enum BindingDocs {
    static let numpy: [String: String] = [
        "ndarray": "numpy's n-dimensional array: shape, dtype, arithmetic with broadcasting, indexing, reductions.",
        "array": "Create an array from a number, a nested list/tuple or another array; dtype= converts.",
        "asarray": "Like array(), but returns an array argument itself when no conversion is needed.",
        "zeros": "An array of the given shape filled with 0 (float64 unless dtype= says otherwise).",
        "ones": "An array of the given shape filled with 1.",
        "full": "An array of the given shape filled with fill_value.",
        "arange": "Evenly spaced values in [start, stop) with the given step, like range().",
        "linspace": "num evenly spaced values from start to stop, both included.",
        "eye": "A 2-D array with ones on the k-th diagonal and zeros elsewhere.",
        "identity": "The n×n identity matrix.",
        "exp": "e to the power of each element.", "log": "The natural logarithm of each element.",
        "sqrt": "The square root of each element.", "tanh": "The hyperbolic tangent of each element.",
        "abs": "The absolute value of each element.", "square": "Each element squared.",
        "sum": "The sum of the elements, over all axes or along axis= (keepdims= keeps them as size 1).",
        "mean": "The average of the elements, over all axes or along axis=.",
        "max": "The largest element, over all axes or along axis=.", "min": "The smallest element, over all axes or along axis=.",
        "argmax": "The index of the largest element (of the flattened array, or along axis=).",
        "argmin": "The index of the smallest element (of the flattened array, or along axis=).",
        "dot": "The matrix product of two 2-D arrays.", "matmul": "The matrix product of two 2-D arrays (also a @ b).",
        "reshape": "The array with a new shape (one dimension may be -1).", "transpose": "The array with its axes reversed.",
        "concatenate": "Join arrays along an existing axis (axis=0 by default).",
        "seed": "Seed numpy's legacy random generator: the same seed gives numpy's very numbers.",
        "random": "Uniform random floats in [0, 1), of the given size.", "random_sample": "Uniform random floats in [0, 1), of the given size.",
        "rand": "Uniform random floats in [0, 1) of shape (d0, d1, ...).", "randn": "Standard normal random floats of shape (d0, d1, ...).",
        "randint": "Random integers in [low, high) (or [0, low) when high is omitted), of the given size.",
        "normal": "Normal random floats with mean loc and standard deviation scale.",
        "uniform": "Uniform random floats in [low, high).",
        "shuffle": "Shuffles a list, or an array along its first axis, in place.",
        "permutation": "A shuffled copy of an array, or of arange(n) for an integer n.",
        "choice": "Random samples from a 1-D array or arange(a): with or without replacement, optionally weighted by p.",
        "std": "The standard deviation, over all axes or along axis=.", "var": "The variance, over all axes or along axis=.",
        "clip": "Each element limited to [a_min, a_max].", "maximum": "The element-wise maximum of two arrays (NaN wins).",
        "minimum": "The element-wise minimum of two arrays (NaN wins).", "zeros_like": "Zeros with the shape and dtype of `a`.",
        "ones_like": "Ones with the shape and dtype of `a`.", "sort": "A sorted copy along `axis` (the flattened array when None); NaN sorts last.",
        "argsort": "The indices that sort `a` along `axis`; equal elements keep their order.",
        "unique": "The sorted distinct values; optionally first indices, the inverse mapping and counts.",
        "round": "Rounded half to even at `decimals` places.", "save": "Writes an array to a .npy file (the suffix is added when missing), byte for byte as numpy does.",
        "isclose": "Whether a and b are equal within atol + rtol * |b|, elementwise.",
        "allclose": "Whether every element of a is close to b (see isclose).",
        "savez": "Writes several arrays to an uncompressed .npz archive (named arrays by keyword, the others arr_0, arr_1, ...).",
        "savez_compressed": "Writes several arrays to a deflate-compressed .npz archive.",
        "load": "Reads an array from a .npy file.",
        "sin": "Sine, element-wise.", "cos": "Cosine, element-wise.", "tan": "Tangent, element-wise.",
        "arcsin": "Inverse sine, element-wise.", "arccos": "Inverse cosine, element-wise.", "arctan": "Inverse tangent, element-wise.",
        "sinh": "Hyperbolic sine, element-wise.", "cosh": "Hyperbolic cosine, element-wise.",
        "log10": "Base-10 logarithm, element-wise.", "log2": "Base-2 logarithm, element-wise.",
        "log1p": "log(1 + x), accurate for small x.", "expm1": "exp(x) - 1, accurate for small x.",
        "floor": "The largest integer not above each element (integers stay integers).",
        "ceil": "The smallest integer not below each element (integers stay integers).",
        "trunc": "Each element with its fractional part dropped.", "sign": "-1, 0 or 1 for each element (nan stays nan).",
        "isnan": "Where the elements are NaN.", "isinf": "Where the elements are infinite.", "isfinite": "Where the elements are finite.",
        "any": "Whether any element (along `axis`) is true.", "all": "Whether every element (along `axis`) is true.",
        "count_nonzero": "The number of non-zero elements.", "prod": "The product of all elements.",
        "cumsum": "Running sums along `axis` (of the flattened array when None).", "around": "Rounded half to even at `decimals` places.", "where": "Elements of x where condition holds, of y elsewhere; with only a condition, its non-zero indices.",
        "nonzero": "A tuple of index arrays, one per dimension, of the non-zero elements.", "expand_dims": "The array with a new axis of size 1 at `axis`.",
        "squeeze": "The array without its axes of size 1.", "stack": "Joins arrays of the same shape along a new axis.",
        "vstack": "Stacks arrays as rows (1-D arrays become rows).", "hstack": "Stacks arrays as columns (1-D arrays end to end).",
    ]

    static let keras: [String: String] = [
        "Input": "A symbolic input for the functional API: keras.Input(shape=(features,)).",
        "Model": "A model from inputs to outputs: Model(inputs=..., outputs=...). summary() prints its table.",
        "Sequential": "A stack of layers, each fed by the previous one: Sequential([...]) or .add(layer).",
        "Dense": "A fully connected layer: activation(inputs @ kernel + bias), with `units` outputs.",
        "Activation": "Applies an activation function by name ('relu', 'softmax', ...).",
        "Dropout": "Sets a fraction `rate` of inputs to 0 during training (identity otherwise).",
        "Flatten": "Flattens everything but the batch dimension.",
        "Conv1D": "1-D convolution over sequences: `filters` kernels of width kernel_size.",
        "Conv2D": "2-D convolution over images (channels last): `filters` kernels of kernel_size.",
        "MaxPooling1D": "Keeps the maximum of each window of pool_size steps.", "AveragePooling1D": "Averages each window of pool_size steps.",
        "MaxPooling2D": "Keeps the maximum of each pool_size window.", "AveragePooling2D": "Averages each pool_size window.",
        "GlobalMaxPooling1D": "The maximum over all steps, per channel.", "GlobalAveragePooling1D": "The average over all steps, per channel.",
        "GlobalMaxPooling2D": "The maximum over all positions, per channel.", "GlobalAveragePooling2D": "The average over all positions, per channel.",
        "Embedding": "Maps integer ids (< input_dim) to learned vectors of size output_dim.",
        "LSTM": "Long short-term memory recurrent layer with `units` cells (return_sequences for every step).",
        "GRU": "Gated recurrent unit layer with `units` cells.", "SimpleRNN": "Fully connected recurrent layer with `units` cells.",
        "Bidirectional": "Runs a recurrent layer forwards and backwards and merges the two (merge_mode).",
        "TimeDistributed": "Applies a layer to every time step of its input.",
        "BatchNormalization": "Normalizes activations with batch statistics (moving averages for inference).",
        "LayerNormalization": "Normalizes each example over its last axis.",
        "Concatenate": "Joins its inputs along an axis.", "concatenate": "Joins a list of tensors along an axis (the functional form of Concatenate).",
        "Add": "Adds its inputs elementwise.", "add": "Adds a list of tensors elementwise.",
        "Subtract": "Subtracts the second input from the first.", "subtract": "Subtracts the second tensor from the first.",
        "Multiply": "Multiplies its inputs elementwise.", "multiply": "Multiplies a list of tensors elementwise.",
        "Average": "Averages its inputs elementwise.", "average": "Averages a list of tensors elementwise.",
        "Maximum": "Elementwise maximum of its inputs.", "maximum": "Elementwise maximum of a list of tensors.",
        "Minimum": "Elementwise minimum of its inputs.", "minimum": "Elementwise minimum of a list of tensors.",
        "Reshape": "Reshapes everything but the batch dimension to target_shape.", "Permute": "Permutes the non-batch axes (dims counts from 1).",
        "RepeatVector": "Repeats a vector n times: (batch, features) → (batch, n, features).",
        "UpSampling2D": "Repeats rows and columns `size` times.", "ZeroPadding2D": "Adds rows and columns of zeros around images.",
        "Cropping2D": "Removes rows and columns at the edges of images.",
        "ReLU": "max(x, 0) as a layer.", "LeakyReLU": "x for x > 0, negative_slope * x otherwise.", "ELU": "Exponential linear unit as a layer.",
        "Softmax": "Softmax along an axis, as a layer.", "PReLU": "Leaky ReLU with a learned slope per element.",
        "GaussianNoise": "Adds zero-mean Gaussian noise during training.", "SpatialDropout1D": "Drops whole channels of sequences during training.",
        "SpatialDropout2D": "Drops whole channels of images during training.", "Masking": "Marks time steps equal to mask_value as padding.",
        "InputLayer": "The layer holding a model's input (made by keras.Input).", "Layer": "The base class of every layer.",
        "plot_model": "Draws the model to an image (png, svg, pdf, ...), a .dot or .txt file, or prints it with to_file='-'.",
        "model_to_dot": "The model's graph as Graphviz DOT text.",
        "to_categorical": "One-hot encodes integer class labels into a (n, num_classes) array.",
        "Lambda": "Wraps a function of tensors (written with keras.ops) as a layer.",
        "set_random_seed": "Seeds Python's random, numpy's and Keras's random generators, so a run repeats exactly.",
        "SGD": "Stochastic gradient descent, with optional momentum, nesterov and Keras 2's time-based decay.",
        "RMSprop": "Divides the gradient by a running root mean square of recent gradients.",
        "Adam": "Adaptive moment estimation (optionally AMSGrad).", "AdamW": "Adam with decoupled weight decay.",
        "Adagrad": "Per-parameter learning rates scaled by accumulated squared gradients.",
        "Adadelta": "Adagrad's extension with a running window of updates.", "Adamax": "Adam with the infinity norm.",
        "Nadam": "Adam with Nesterov momentum.", "Optimizer": "The base class of the optimizers.",
        "ExponentialDecay": "lr = initial * decay_rate ** (step / decay_steps).",
        "InverseTimeDecay": "lr = initial / (1 + decay_rate * step / decay_steps).",
        "PiecewiseConstantDecay": "A constant learning rate between each pair of step boundaries.",
        "CosineDecay": "A learning rate falling along half a cosine over decay_steps.",
        "LearningRateSchedule": "The base class of learning-rate schedules.",
        "Loss": "The base class of the losses.", "Metric": "The base class of the metrics.",
        "Callback": "The base class of training callbacks; override on_epoch_end and the other hooks.",
        "LambdaCallback": "A callback made from functions given for its hooks.",
        "EarlyStopping": "Stops training when a monitored value stops improving.",
        "ReduceLROnPlateau": "Lowers the learning rate when a monitored value stops improving.",
        "LearningRateScheduler": "Sets the learning rate at the start of each epoch from schedule(epoch, lr).",
        "TerminateOnNaN": "Stops training when the loss becomes NaN or infinite.",
        "CSVLogger": "Writes each epoch's logs to a CSV file.", "History": "Records each epoch's logs; fit returns it.",
        "ModelCheckpoint": "Saves the model during training (not yet in kscript).", "TensorBoard": "TensorBoard logging (not in kscript).",
        "BackupAndRestore": "Resumable training (not in kscript).",
    ]

    /// Losses and metrics: the function or class computes the named quantity.
    static let training: [String: String] = {
        var d: [String: String] = [:]
        let quantities = ["MeanSquaredError": "mean_squared_error", "MeanAbsoluteError": "mean_absolute_error",
                          "MeanAbsolutePercentageError": "mean_absolute_percentage_error", "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
                          "BinaryCrossentropy": "binary_crossentropy", "CategoricalCrossentropy": "categorical_crossentropy",
                          "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy", "Hinge": "hinge", "SquaredHinge": "squared_hinge",
                          "CategoricalHinge": "categorical_hinge", "KLDivergence": "kl_divergence", "Poisson": "poisson",
                          "CosineSimilarity": "cosine_similarity", "Huber": "huber", "LogCosh": "log_cosh",
                          "BinaryAccuracy": "binary_accuracy", "CategoricalAccuracy": "categorical_accuracy",
                          "SparseCategoricalAccuracy": "sparse_categorical_accuracy", "TopKCategoricalAccuracy": "top_k_categorical_accuracy",
                          "SparseTopKCategoricalAccuracy": "sparse_top_k_categorical_accuracy", "Precision": "precision", "Recall": "recall",
                          "AUC": "area under the ROC curve"]
        for (cls, q) in quantities { d[cls] = "Computes \(q.replacingOccurrences(of: "_", with: " "))." }
        for (alias, q) in ["mse": "mean squared error", "mae": "mean absolute error", "mape": "mean absolute percentage error",
                           "msle": "mean squared logarithmic error", "kld": "KL divergence", "kullback_leibler_divergence": "KL divergence",
                           "logcosh": "log cosh", "huber_loss": "huber"] { d[alias] = "Computes the \(q) of each sample." }
        for q in quantities.values where !q.contains(" ") { d[q] = "Computes the \(q.replacingOccurrences(of: "_", with: " ")) of each sample." }
        return d
    }()

    /// Attaches the descriptions to a module's functions and classes.
    static func apply(_ docs: [String: String], to module: PyModule) {
        for (name, value) in module.items {
            guard let doc = docs[name] else { continue }
            switch value {
            case .obj(let f as PyNativeFunction): if f.doc == nil { f.doc = doc }
            case .obj(let t as PyType): if t.dict["__doc__"] == nil || t.dict["__doc__"]!.isNone { t.dict["__doc__"] = .string(doc) }
            default: break
            }
        }
    }
}
