// Unit tests of REPL support: tab completion and the "is this input complete?" rule.
import XCTest
@testable import KScript

final class CompleterTests: XCTestCase {
    func session(_ setup: String) throws -> (Interpreter, PyModule) {
        let interp = Interpreter()
        let m = interp.makeMainModule(file: "<stdin>")
        try interp.runInteractive(setup, module: m)
        return (interp, m)
    }

    func testNamesKeywordsAndBuiltins() throws {
        let (interp, m) = try session("learning_rate = 0.1\n")
        XCTAssertEqual(interp.completions(for: "lear", module: m), ["learning_rate"])
        XCTAssertEqual(interp.completions(for: "x = pri", module: m), ["print"])
        XCTAssertTrue(interp.completions(for: "whi", module: m).contains("while"))
    }

    func testAttributesAndModuleMembers() throws {
        let (interp, m) = try session("import math\nclass A:\n    def fit(self): pass\n    def fix(self): pass\na = A()\n")
        XCTAssertEqual(interp.completions(for: "math.fac", module: m), ["math.factorial"])
        XCTAssertEqual(interp.completions(for: "math.fa", module: m), ["math.fabs", "math.factorial"])
        XCTAssertEqual(interp.completions(for: "y = a.fi", module: m), ["a.fit", "a.fix"])
        XCTAssertEqual(interp.completions(for: "nothing.x", module: m), [])
    }

    func testKeywordArgumentsOfKnownCallables() throws {
        let (interp, m) = try session("def Dense(units, activation=None, use_bias=True): pass\n")
        XCTAssertEqual(interp.completions(for: "Dense(32, act", module: m).first, "activation=")
        XCTAssertEqual(interp.completions(for: "sorted([3, 1], rev", module: m).first, "reverse=")
    }

    func testInputCompleteness() {
        let interp = Interpreter()
        XCTAssertEqual(interp.inputState("x = 1"), .complete)
        XCTAssertEqual(interp.inputState("def f(x):"), .incomplete)
        XCTAssertEqual(interp.inputState("def f(x):\n    return x"), .incomplete)
        XCTAssertEqual(interp.inputState("def f(x):\n    return x\n"), .complete)
        XCTAssertEqual(interp.inputState("values = [1, 2,"), .incomplete)
        XCTAssertEqual(interp.inputState("s = '''doc"), .incomplete)
        XCTAssertEqual(interp.inputState("if x: y = 1"), .complete)
        XCTAssertEqual(interp.inputState("x = = 1"), .complete)
        XCTAssertEqual(interp.inputState("for i in range(3):\n    if i:\n        print(i)\n"), .complete)
    }
}
