// Runs every .ks program under Tests/ScriptTests/cases and compares what it prints (stdout and
// stderr, in order) and its exit status with the committed .out file beside it.
import Foundation
import XCTest
@testable import KScript
@testable import KScriptBindings
import Pictures

final class ScriptTests: XCTestCase {
    static let casesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("cases")

    static let examplesDir = casesDir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
    static let expectedExamplesDir = casesDir.deletingLastPathComponent().appendingPathComponent("examples")

    /// Runs one script in-process, capturing both streams into one text.
    static func run(_ path: String, displayName: String? = nil) -> (String, Int32) {
        var text = ""
        let out = OutputStream(fd: 1)
        let err = OutputStream(fd: 2)
        out.capture = { text += $0 }
        err.capture = { text += $0 }
        let interp = Interpreter(out: out, err: err)
        Bindings.install(into: interp)
        interp.argv = [path]
        interp.searchPaths = [(path as NSString).deletingLastPathComponent]
        let source = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let name = displayName ?? (path as NSString).lastPathComponent
        let status = interp.runMain(source: source, file: name, module: interp.makeMainModule(file: path))
        return (text, status)
    }

    /// Runs a script on its own thread with a large stack, as the CLI does, and waits for it.
    static func runOnLargeStack(_ path: String, displayName: String? = nil) -> (String, Int32) {
        final class Outcome: @unchecked Sendable { var value: (String, Int32) = ("", 0) }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            outcome.value = run(path, displayName: displayName)
            done.signal()
        }
        thread.stackSize = 256 << 20
        thread.start()
        done.wait()
        return outcome.value
    }

    /// Progress lines carry wall-clock times (`0s 2ms/step`, `- 1s -`); they are compared without them.
    static func withoutTimings(_ s: String) -> String {
        var out = s
        for (pattern, template) in [("\\b\\d+(us|ms|s)/step", "T/step"), ("(?<=[━-] )\\d+s(?= )", "Ts")] {
            let re = try! NSRegularExpression(pattern: pattern)
            out = re.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        return out
    }

    /// The text with every decimal number replaced by a marker, and the numbers in order.
    static func splitNumbers(_ s: String) -> (String, [Double]) {
        let re = try! NSRegularExpression(pattern: "-?\\d+\\.\\d+(e[-+]?\\d+)?")
        let ns = s as NSString
        let numbers = re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { Double(ns.substring(with: $0.range))! }
        return (re.stringByReplacingMatches(in: s, range: NSRange(location: 0, length: ns.length), withTemplate: "#"), numbers)
    }

    /// Training output compared as text, its decimals within `tolerance`: the last digits of a loss
    /// depend on which OpenBLAS kernels the machine picks (AVX2 or AVX-512 sum in different orders).
    static func assertSameTraining(_ got: String, _ expected: String, tolerance: Double, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        if got == expected { return }
        let (gotText, gotNumbers) = splitNumbers(got), (expectedText, expectedNumbers) = splitNumbers(expected)
        let close = gotNumbers.count == expectedNumbers.count
            && zip(gotNumbers, expectedNumbers).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
        if gotText != expectedText || !close {
            XCTAssertEqual(got, expected, "\(name): output differs from its golden file", file: file, line: line)
        }
    }

    func testScripts() throws {
        // Keras sizes summary tables from $COLUMNS, as Python's shutil does; tests use the default.
        unsetenv("COLUMNS")
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.casesDir.path).filter { $0.hasSuffix(".ks") && !$0.hasSuffix("_module.ks") }.sorted()
        XCTAssertFalse(files.isEmpty, "no script cases found")
        var failures: [String] = []
        // One script at a time: the interpreter's objects (and the shared builtin types) use
        // non-atomic reference counts, so two interpreters must not run at once in one process.
        for name in files {
            let path = Self.casesDir.appendingPathComponent(name).path
            let expectedPath = String(path.dropLast(3)) + ".out"
            guard let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8) else {
                failures.append("\(name): missing expected file \(expectedPath)")
                continue
            }
            let (text, status) = Self.runOnLargeStack(path)
            let got = text + (status == 0 ? "" : "[exit status \(status)]\n")
            if Self.withoutTimings(got) != Self.withoutTimings(expected) {
                failures.append("\(name): output differs\n--- expected\n\(expected)--- got\n\(got)")
            }
        }
        for f in failures { XCTFail(f) }
    }

    /// Every example runs as a learner would run it (in an empty working folder): its output must
    /// match the golden file, and every picture it saves must be a real PNG.
    /// A damaged .npy header (overflowing or negative shape) is a ValueError, never a crash.
    func testDamagedNpyFilesAreErrors() throws {
        let dir = NSTemporaryDirectory() + "kscript-npy-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, shape) in [("huge", "(4294967296, 4294967296)"), ("negative", "(-3,)")] {
            let header = Array("{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }\n".utf8)
            let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.count), 0] + header
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/\(name).npy"))
        }
        let script = "\(dir)/load.ks"
        try """
        import numpy as np
        for name in ["huge", "negative"]:
            try:
                np.load("\(dir)/" + name + ".npy")
            except ValueError as e:
                print("ValueError:", e)
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let (text, status) = Self.runOnLargeStack(script)
        XCTAssertEqual(status, 0, text)
        XCTAssertEqual(text.components(separatedBy: "impossible shape").count, 3, text)
    }

    /// pyplot draws real pictures: savefig where asked, show() beside the script with a counter.
    func testPyplotWritesPictures() throws {
        let dir = NSTemporaryDirectory() + "kscript-pyplot-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/curves.ks"
        try """
        import numpy as np
        import pandas as pd
        import matplotlib.pyplot as plt
        history = {"loss": [0.9, 0.6, 0.4, 0.3], "val_loss": [1.0, 0.7, 0.5, 0.45]}
        pd.DataFrame(history).plot(figsize=(8, 5))
        plt.grid(True)
        plt.gca().set_ylim(0, 1)
        plt.savefig("\(dir)/saved.png")
        fig, axes = plt.subplots(2, 2)
        for i, ax in enumerate(axes.flat):
            ax.imshow(np.arange(16).reshape(4, 4) * (i + 1), cmap="gray")
            ax.axis("off")
        plt.show()
        plt.show()
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let (out, status) = Self.runOnLargeStack(script)
        XCTAssertEqual(status, 0, out)
        XCTAssertEqual(out, "[figure saved to \(dir)/curves_figure_1.png]\n[figure saved to \(dir)/curves_figure_2.png]\n")
        let saved = try XCTUnwrap(PNGSummary(path: dir + "/saved.png"))
        XCTAssertEqual([saved.width, saved.height], [800, 500])
        XCTAssertGreaterThan(saved.inkFraction, 0.03)
        let grid = try XCTUnwrap(PNGSummary(path: dir + "/curves_figure_2.png"))
        XCTAssertEqual([grid.width, grid.height], [640, 480])
        XCTAssertGreaterThan(grid.inkFraction, 0.2)
    }

    /// keras.datasets reads the files Keras downloads from its cache, downloads a missing one (here
    /// from a local folder standing for Keras's address) and says where to put one it cannot get.
    func testDatasetsLoadFromKerasCache() throws {
        let home = NSTemporaryDirectory() + "kscript-keras-\(UUID().uuidString.prefix(8))", origin = home + "/origin"
        try FileManager.default.createDirectory(atPath: home + "/datasets", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: origin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        // mnist.npz as Keras's file holds it: uint8 arrays in a deflated ZIP.
        func npy(_ shape: [Int], _ values: [UInt8]) -> [UInt8] {
            let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
            var header = "{'descr': '|u1', 'fortran_order': False, 'shape': \(dims), }"
            header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
            return NumpyFiles.magic + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8) + values
        }
        let members = [("x_train", [3, 2, 2]), ("y_train", [3]), ("x_test", [1, 2, 2]), ("y_test", [1])].map { name, shape in
            ZipArchive.Member(name: name + ".npy", data: npy(shape, (0..<shape.reduce(1, *)).map { UInt8(($0 * 37) % 256) }))
        }
        let archive = try ZipArchive.write(members, compress: true)
        try Data(archive).write(to: URL(fileURLWithPath: origin + "/mnist.npz"))
        let script = home + "/load.ks"
        try """
        from keras.datasets import mnist, fashion_mnist
        (x_train, y_train), (x_test, y_test) = mnist.load_data()
        print(x_train.shape, y_train, x_test[0, 1], y_test.max())
        (x_train, y_train), (x_test, y_test) = mnist.load_data()
        try:
            fashion_mnist.load_data()
        except FileNotFoundError as e:
            print(str(e).startswith("Dataset file not found"), "fashion-mnist" in str(e))
        import numpy as np
        from keras.datasets import boston_housing, california_housing, imdb
        x = np.arange(506 * 13).reshape(506, 13) / 7.0
        y = np.arange(506) * 0.5
        np.savez("\(home)/datasets/boston_housing.npz", x=x, y=y)
        np.savez("\(home)/datasets/california_housing.npz", x=x[:, :8], y=y)
        (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
        print(x_train.shape, y_train.shape, x_test.shape, y_test.shape, x_train.dtype)
        print(x_train[0, :3], y_test[:5])
        (x_train, y_train), (x_test, y_test) = california_housing.load_data(version="small", test_split=0.25, seed=7)
        print(x_train.shape, x_test.shape, y_train[:4])
        try:
            imdb.load_data()
        except NotImplementedError as e:
            print("imdb" in str(e))
        """.write(toFile: script, atomically: true, encoding: .utf8)
        setenv("KERAS_HOME", home, 1)
        setenv("KSCRIPT_DATASETS_ORIGIN", "file://" + origin, 1)
        defer { unsetenv("KERAS_HOME"); unsetenv("KSCRIPT_DATASETS_ORIGIN") }
        let (out, status) = Self.runOnLargeStack(script)
        XCTAssertEqual(status, 0, out)
        // The first load downloads (Keras's message and progress bar, whose timing varies), the second reads the cache.
        var lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "Downloading data from file://\(origin)/mnist.npz")
        XCTAssertTrue(lines.count > 1 && lines[1].hasPrefix("\(archive.count)/\(archive.count) ━━━━━━━━━━━━━━━━━━━━ "), out)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home + "/datasets/mnist.npz"))
        lines.removeFirst(Swift.min(2, lines.count))
        // Fashion-MNIST is not at the origin: a download attempt, then the error.
        let attempt = "Downloading data from file://\(origin)/train-images-idx3-ubyte.gz"
        XCTAssertTrue(lines.contains(attempt), out)
        lines.removeAll { $0 == attempt }
        // The housing splits were computed by numpy's own RandomState on the same arrays.
        XCTAssertEqual(lines.joined(separator: "\n"), """
        (3, 2, 2) [ 0 37 74] [ 74 111] 0
        True True
        (404, 13) (404,) (102, 13) (102,) float64
        [40.85714286 41.         41.14285714] [207.5  56.  169.5  80.   43.5]
        (379, 8) (127, 8) [178.5 168.5 163.5   6.5]
        True

        """)
    }

    /// docs/ names every public member the bindings register, so the tables cannot drift from the code.
    func testDocsNameEveryRegisteredMember() throws {
        let dir = NSTemporaryDirectory() + "kscript-docs-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/names.ks"
        try """
        import keras, numpy as np, matplotlib.pyplot as plt
        mods = {"KERAS": [keras.layers, keras.optimizers, keras.losses, keras.metrics, keras.callbacks, keras.utils, keras.ops],
                "NUMPY": [np, np.random], "PICTURES": [plt]}
        for doc, modules in mods.items():
            for m in modules:
                print(doc, " ".join(n for n in dir(m) if not n.startswith("_")))
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let (out, status) = Self.runOnLargeStack(script)
        XCTAssertEqual(status, 0, out)
        let docsDir = Self.examplesDir.deletingLastPathComponent().appendingPathComponent("docs")
        for line in out.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            let doc = try String(contentsOfFile: docsDir.appendingPathComponent(words[0] + ".md").path, encoding: .utf8)
            for name in words.dropFirst() {
                let pattern = "`[^`]*\\b" + NSRegularExpression.escapedPattern(for: name) + "\\b"
                XCTAssertNotNil(doc.range(of: pattern, options: .regularExpression), "docs/\(words[0]).md does not mention `\(name)`")
            }
        }
    }

    func testExamples() throws {
        unsetenv("COLUMNS")
        // The examples, and the snippets broken in print (examples/broken/) with the errors they give.
        let fm = FileManager.default
        let brokenDir = Self.examplesDir.appendingPathComponent("broken").path
        let files = try fm.contentsOfDirectory(atPath: Self.examplesDir.path).filter { $0.hasSuffix(".ks") }.sorted()
            + (try fm.contentsOfDirectory(atPath: brokenDir)).filter { $0.hasSuffix(".ks") }.sorted().map { "broken/" + $0 }
        XCTAssertFalse(files.isEmpty)
        let work = NSTemporaryDirectory() + "kscript-examples-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let previous = FileManager.default.currentDirectoryPath
        _ = FileManager.default.changeCurrentDirectoryPath(work)
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        for name in files {
            let expectedPath = Self.expectedExamplesDir.appendingPathComponent(String(name.dropLast(3)) + ".out").path
            guard let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8) else {
                XCTFail("\(name): missing golden file \(expectedPath)"); continue
            }
            let result = Self.runOnLargeStack(Self.examplesDir.appendingPathComponent(name).path, displayName: "examples/" + name)
            let got = result.0 + (result.1 == 0 ? "" : "[exit status \(result.1)]\n")
            Self.assertSameTraining(Self.withoutTimings(got), Self.withoutTimings(expected), tolerance: 0.003, name)
        }
        // Every picture the examples drew (plot_model's, the learning curves) decodes and is not blank.
        for picture in try FileManager.default.contentsOfDirectory(atPath: work) where picture.hasSuffix(".png") {
            let png = try XCTUnwrap(PNGSummary(path: work + "/" + picture), "\(picture) is not a PNG")
            XCTAssertTrue(png.width >= 100 && png.width <= 4000 && png.height >= 100 && png.height <= 8000, "\(picture): \(png.width)x\(png.height)")
            XCTAssertGreaterThan(png.inkFraction, 0.01, "\(picture) is blank")
        }
    }
}
