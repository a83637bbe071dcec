// Runs every .ks program under Tests/ScriptTests/cases and compares what it prints (stdout and
// stderr, in order) and its exit status with the committed .out file beside it.
import Foundation
import XCTest
@testable import KScript
import KScriptBindings

final class ScriptTests: XCTestCase {
    static let casesDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("cases")

    /// Runs one script in-process, capturing both streams into one text.
    static func run(_ path: String) -> (String, Int32) {
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
        let status = interp.runMain(source: source, file: (path as NSString).lastPathComponent, module: interp.makeMainModule(file: path))
        return (text, status)
    }

    func testScripts() throws {
        // Keras sizes summary tables from $COLUMNS, as Python's shutil does; tests use the default.
        unsetenv("COLUMNS")
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.casesDir.path).filter { $0.hasSuffix(".ks") && !$0.hasSuffix("_module.ks") }.sorted()
        XCTAssertFalse(files.isEmpty, "no script cases found")
        var failures: [String] = []
        let group = DispatchGroup()
        let lock = NSLock()
        for name in files {
            group.enter()
            // Each script runs on its own thread with a large stack, as the CLI does.
            let t = Thread {
                defer { group.leave() }
                let path = Self.casesDir.appendingPathComponent(name).path
                let expectedPath = String(path.dropLast(3)) + ".out"
                guard let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8) else {
                    lock.lock(); failures.append("\(name): missing expected file \(expectedPath)"); lock.unlock()
                    return
                }
                let (text, status) = Self.run(path)
                let got = text + (status == 0 ? "" : "[exit status \(status)]\n")
                if got != expected {
                    lock.lock()
                    failures.append("\(name): output differs\n--- expected\n\(expected)--- got\n\(got)")
                    lock.unlock()
                }
            }
            t.stackSize = 256 << 20
            t.start()
        }
        group.wait()
        for f in failures { XCTFail(f) }
    }
}
