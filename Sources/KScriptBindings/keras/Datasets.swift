// keras.datasets (mnist, fashion_mnist, boston_housing, california_housing): read from the files Keras itself downloads, in Keras's
// cache ($KERAS_HOME/datasets or ~/.keras/datasets). A missing file is downloaded from Keras's
// address as Keras does; when that fails, a FileNotFoundError says why, where to get it and where to put it.
import Foundation
import KScript
import KTensor

enum Datasets {
    static var cache: String {
        let env = ProcessInfo.processInfo.environment
        return (env["KERAS_HOME"] ?? ((env["HOME"] ?? "~") + "/.keras")) + "/datasets"
    }

    static func missing(_ file: String, from url: String, because reason: String) -> PyError {
        PyError(ExcTypes.fileNotFoundError, args: [.string(
            "Dataset file not found: \(file). Downloading it failed (\(reason)); fetch \(DatasetDownload.address(url)) (the file Keras downloads) into \((file as NSString).deletingLastPathComponent)/ and run again")])
    }

    /// `path`, downloaded from `url` first when it is not in the cache.
    static func ensure(_ path: String, from url: String, _ interp: Interpreter) throws {
        if FileManager.default.fileExists(atPath: path) { return }
        if let reason = DatasetDownload.fetch(url, to: path, output: InterpreterOutput(interp)) { throw missing(path, from: url, because: reason) }
    }

    static func bytes(_ path: String, from url: String, _ interp: Interpreter) throws -> [UInt8] {
        try ensure(path, from: url, interp)
        return try NumpyFiles.read(path)
    }

    static func tuple(_ items: [Value]) -> Value { .obj(PyTuple(items)) }

    static func mnist(_ interp: Interpreter, _ name: Value) throws -> Value {
        let file = try interp.str(name)
        let path = file.hasPrefix("/") ? file : cache + "/" + file
        let data = try bytes(path, from: DatasetDownload.kerasOrigin + "mnist.npz", interp)
        let archive = try NpzFile.open(data, path)
        func array(_ k: String) throws -> Value {
            guard let t = archive.arrays[k] else { throw PyError.value("\(path) has no array '\(k)'") }
            return .obj(PyNDArray(t))
        }
        return tuple([tuple([try array("x_train"), try array("y_train")]), tuple([try array("x_test"), try array("y_test")])])
    }

    /// Fashion-MNIST's four gzip'd IDX files (labels after 8 header bytes, images after 16).
    static func fashionMNIST(_ interp: Interpreter) throws -> Value {
        let dir = cache + "/fashion-mnist"
        let base = DatasetDownload.kerasOrigin
        func load(_ name: String, header: Int, shape: (Int) -> [Int]) throws -> Value {
            let raw = try bytes(dir + "/" + name, from: base + name, interp)
            let plain: [UInt8]
            do { plain = try ZipArchive.inflate(raw, windowBits: 31) } catch { throw PyError.value("\(dir)/\(name) is not a valid gzip file") }
            guard plain.count >= header else { throw PyError.value("\(dir)/\(name) is truncated") }
            let n = plain.count - header
            let dims = shape(n)
            let t = try tensorCall { try Tensor.zeros(dims, dtype: .uint8) }
            let p = t.base(UInt8.self)
            for k in 0..<n { p[k] = plain[header + k] }
            return .obj(PyNDArray(t))
        }
        let images: (Int) -> [Int] = { [$0 / 784, 28, 28] }, labels: (Int) -> [Int] = { [$0] }
        return tuple([
            tuple([try load("train-images-idx3-ubyte.gz", header: 16, shape: images), try load("train-labels-idx1-ubyte.gz", header: 8, shape: labels)]),
            tuple([try load("t10k-images-idx3-ubyte.gz", header: 16, shape: images), try load("t10k-labels-idx1-ubyte.gz", header: 8, shape: labels)]),
        ])
    }

    static func modules(_ interp: Interpreter, prefix: String) {
        interp.nativeModules[prefix + "keras.datasets.mnist"] = { i in
            i.makeNativeModule(prefix + "keras.datasets.mnist", [("load_data", nativeFunction("load_data", ["path"], defaults: [.string("mnist.npz")]) { interp, a in
                try mnist(interp, a[0])
            })])
        }
        interp.nativeModules[prefix + "keras.datasets.fashion_mnist"] = { i in
            i.makeNativeModule(prefix + "keras.datasets.fashion_mnist", [("load_data", nativeFunction("load_data", []) { interp, _ in
                try fashionMNIST(interp)
            })])
        }
        // The housing sets are kscript on numpy; the helper module holds both loaders.
        interp.nativeModules[prefix + "keras.datasets._housing"] = { i in
            let m = i.makeNativeModule(prefix + "keras.datasets._housing", [
                ("_cached_file", nativeFunction("_cached_file", ["path", "origin"]) { interp, a in
                    let file = try interp.str(a[0]), path = file.hasPrefix("/") ? file : cache + "/" + file
                    try ensure(path, from: try interp.str(a[1]), interp)
                    return .string(path)
                }),
            ])
            try i.run(source: HousingDatasetsSource.text, file: HousingDatasetsSource.file, module: m)
            return m
        }
        for (name, loader) in [("boston_housing", "load_boston"), ("california_housing", "load_california")] {
            interp.nativeModules[prefix + "keras.datasets." + name] = { i in
                i.makeNativeModule(prefix + "keras.datasets." + name, [("load_data", try i.importNative(prefix + "keras.datasets._housing").get(loader)!)])
            }
        }
        // Keras keeps these as pickled Python objects, which kscript cannot read.
        for name in ["imdb", "reuters", "cifar10", "cifar100"] {
            interp.nativeModules[prefix + "keras.datasets." + name] = { i in
                i.makeNativeModule(prefix + "keras.datasets." + name, [("load_data", nativeFunction("load_data", ["*args", "**kwargs"]) { _, _ in
                    throw PyError.notImplemented("keras.datasets.\(name).load_data() is not supported by kscript yet: Keras stores this dataset as pickled Python objects")
                })])
            }
        }
        interp.nativeModules[prefix + "keras.datasets"] = { i in
            i.makeNativeModule(prefix + "keras.datasets", try ["mnist", "fashion_mnist", "boston_housing", "california_housing", "imdb", "reuters", "cifar10", "cifar100"].map {
                ($0, .obj(try i.importNative(prefix + "keras.datasets." + $0)))
            })
        }
    }
}
