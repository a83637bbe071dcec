// End-to-end tests of the kscript command and its REPL, driven through tmux as a user would type.
import Foundation
import XCTest

final class REPLTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var binary: String { root.appendingPathComponent(".build/debug/kscript").path }

    /// Runs a command through the shell and returns its output (stdout and stderr) and status.
    /// `detached` commands (which leave a server running, like `tmux new-session`) keep no pipe open.
    @discardableResult
    static func sh(_ args: [String], input: String? = nil, detached: Bool = false) -> (String, Int32) {
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var command = args.map(quote).joined(separator: " ")
        if let i = input {
            let file = NSTemporaryDirectory() + "kscript-input-\(UUID().uuidString)"
            try? i.write(toFile: file, atomically: true, encoding: .utf8)
            command += " < " + quote(file)
        }
        if detached {
            let status = system(command + " > /dev/null 2>&1 < /dev/null")
            return ("", (status >> 8) & 0xff)
        }
        guard let pipe = popen(command + " 2>&1", "r") else { return ("", -1) }
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, pipe)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        let status = pclose(pipe)
        return (String(decoding: data, as: UTF8.self), (status >> 8) & 0xff)
    }

    /// A kscript REPL in a tmux pane with its own HOME (for the history file).
    final class Pane {
        let socket = "kscript-test-\(UUID().uuidString.prefix(8))"
        let home: String
        init(home: String? = nil) throws {
            self.home = home ?? NSTemporaryDirectory() + "kscript-home-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: self.home, withIntermediateDirectories: true)
            let cmd = "env HOME=\(self.home) TERM=xterm \(REPLTests.binary); echo EXIT=$?; sleep 60"
            REPLTests.sh(["tmux", "-L", socket, "new-session", "-d", "-s", "k", "-x", "120", "-y", "50", cmd], detached: true)
            try wait(for: ">>>")
        }
        func keys(_ k: String...) { REPLTests.sh(["tmux", "-L", socket, "send-keys", "-t", "k"] + k) }
        func screen() -> String { REPLTests.sh(["tmux", "-L", socket, "capture-pane", "-p", "-t", "k"]).0 }
        /// Waits until the screen contains `text` (10 s at most).
        func wait(for text: String, count: Int = 1) throws {
            for _ in 0..<100 {
                if screen().components(separatedBy: text).count - 1 >= count { return }
                usleep(100_000)
            }
            XCTFail("timed out waiting for \(text.debugDescription); screen:\n\(screen())")
            throw CancellationError()
        }
        deinit { REPLTests.sh(["tmux", "-L", socket, "kill-server"]) }
    }

    override func setUpWithError() throws {
        guard FileManager.default.fileExists(atPath: REPLTests.binary) else { throw XCTSkip("kscript binary not built at \(REPLTests.binary)") }
        guard REPLTests.sh(["which", "tmux"]).1 == 0 else { throw XCTSkip("tmux is not installed (scripts/setup installs it)") }
    }

    func testMultiLineDefinitionThenCall() throws {
        let p = try Pane()
        p.keys("def twice(x):", "Enter", "    return x * 2", "Enter", "", "Enter")
        p.keys("twice(21)", "Enter")
        try p.wait(for: "\n42\n")
    }

    func testErrorKeepsEarlierNames() throws {
        let p = try Pane()
        p.keys("kept = 'still here'", "Enter", "1 / 0", "Enter")
        try p.wait(for: "ZeroDivisionError: division by zero")
        p.keys("kept", "Enter")
        try p.wait(for: "'still here'")
    }

    func testTabCompletesModuleMembers() throws {
        let p = try Pane()
        p.keys("import math", "Enter", "math.fac", "Tab")
        try p.wait(for: ">>> math.factorial")
    }

    func testTabCompletesKerasLayers() throws {
        let p = try Pane()
        p.keys("import keras", "Enter", "keras.layers.Den", "Tab")
        try p.wait(for: ">>> keras.layers.Dense")
        p.keys("(32, act", "Tab")
        try p.wait(for: ">>> keras.layers.Dense(32, activation=")
    }

    func testHistorySurvivesRestart() throws {
        let first = try Pane()
        first.keys("marker_value = 777", "Enter", "C-d")
        try first.wait(for: "EXIT=0")
        let second = try Pane(home: first.home)
        second.keys("Up")
        try second.wait(for: ">>> marker_value = 777")
    }

    func testCtrlCStopsRunningCodeAndReturnsToPrompt() throws {
        let p = try Pane()
        p.keys("while True: pass", "Enter", "Enter")
        usleep(300_000)
        p.keys("C-c")
        try p.wait(for: "KeyboardInterrupt")
        p.keys("6 * 7", "Enter")
        try p.wait(for: "\n42\n")
    }

    func testCtrlCDiscardsTheLineBeingTyped() throws {
        let p = try Pane()
        p.keys("this line is abandoned", "C-c")
        try p.wait(for: "KeyboardInterrupt")
        p.keys("1 + 2", "Enter")
        try p.wait(for: "\n3\n")
        XCTAssertFalse(p.screen().contains("NameError"), "the abandoned line must not run")
    }

    func testDumbTerminalHasNoEscapeCodes() throws {
        let (out, status) = REPLTests.sh(["env", "TERM=dumb", REPLTests.binary, "-i"], input: "x = 6\nx * 7\n")
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains("42"), out)
        XCTAssertFalse(out.contains("\u{1B}["), "no escape sequences without a capable terminal")
    }

    func testCtrlDExitsWithStatusZero() throws {
        let p = try Pane()
        p.keys("C-d")
        try p.wait(for: "EXIT=0")
    }

    func testCommandLineModes() throws {
        XCTAssertEqual(REPLTests.sh([REPLTests.binary, "-c", "import sys; print(sys.argv); sys.exit(3)", "a"]).0, "['-c', 'a']\n")
        XCTAssertEqual(REPLTests.sh([REPLTests.binary, "-c", "import sys; sys.exit(3)"]).1, 3)
        XCTAssertEqual(REPLTests.sh([REPLTests.binary, "-"], input: "print(6 * 7)\n").0, "42\n")
        XCTAssertEqual(REPLTests.sh([REPLTests.binary], input: "print('piped')\n").0, "piped\n")
        let (usage, status) = REPLTests.sh([REPLTests.binary, "--bogus"])
        XCTAssertEqual(status, 2)
        XCTAssertTrue(usage.hasPrefix("unknown option --bogus\nusage: kscript"), usage)
        let (missing, mstatus) = REPLTests.sh([REPLTests.binary, "/no/such/file.ks"])
        XCTAssertEqual(mstatus, 2)
        XCTAssertEqual(missing, "kscript: can't open file '/no/such/file.ks': [Errno 2] No such file or directory\n")
        XCTAssertTrue(REPLTests.sh([REPLTests.binary, "--version"]).0.hasPrefix("kscript "))
        let (uncaught, ustatus) = REPLTests.sh([REPLTests.binary, "-c", "print('out'); 1/0"])
        XCTAssertEqual(ustatus, 1)
        XCTAssertEqual(uncaught, "out\nTraceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nZeroDivisionError: division by zero\n")
    }

    func testInspectModeKeepsScriptNames() throws {
        let dir = NSTemporaryDirectory() + "kscript-i-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = dir + "/s.ks"
        try "answer = 41 + 1\n".write(toFile: script, atomically: true, encoding: .utf8)
        let (out, status) = REPLTests.sh([REPLTests.binary, "-i", script], input: "print(answer)\n")
        XCTAssertEqual(status, 0)
        XCTAssertTrue(out.contains("42\n"), out)
    }

    /// On a terminal, fit redraws Keras's bar in place and the REPL survives Ctrl-C during training
    /// with the weights reached so far.
    func testTrainingInTheREPL() throws {
        let p = try Pane()
        p.keys("import numpy as np, keras", "Enter")
        p.keys("m = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)]); m.compile(optimizer='sgd', loss='mse')", "Enter")
        p.keys("h = m.fit(np.ones((64, 4)), np.ones((64, 1)), epochs=2, verbose=1)", "Enter")
        try p.wait(for: "Epoch 2/2")
        try p.wait(for: "2/2 \u{2501}", count: 2)
        let bar = p.screen().split(separator: "\n").last { $0.hasPrefix("2/2 ") }.map(String.init) ?? ""
        XCTAssertTrue(bar.hasPrefix("2/2 " + String(repeating: "\u{2501}", count: 20) + " 0s "), bar)
        XCTAssertTrue(bar.contains("/step - loss: "), bar)
        p.keys("h = m.fit(np.ones((64, 4)), np.ones((64, 1)), epochs=100000, verbose=0)", "Enter")
        usleep(500_000)
        p.keys("C-c")
        try p.wait(for: "KeyboardInterrupt")
        p.keys("print(len(m.get_weights()))", "Enter")
        try p.wait(for: "\n2\n")
    }
}
