// Unit tests of the parser and evaluator: scoping, errors as values, and no Swift traps on bad input.
import XCTest
@testable import KScript

final class EvaluatorTests: XCTestCase {
    /// Runs source in a fresh interpreter; returns (printed text, exit status).
    func run(_ source: String) -> (String, Int32) {
        var text = ""
        let out = OutputStream(fd: 1), err = OutputStream(fd: 2)
        out.capture = { text += $0 }
        err.capture = { text += $0 }
        let interp = Interpreter(out: out, err: err)
        let status = interp.runMain(source: source, file: "t.ks", module: interp.makeMainModule(file: "t.ks"))
        return (text, status)
    }

    func testScopesResolveToSlotsCellsAndGlobals() {
        let src = """
        g = 1
        def outer(a):
            b = 2
            def inner():
                return a + b + g
            return inner
        print(outer(10)())
        """
        XCTAssertEqual(run(src).0, "13\n")
    }

    func testComprehensionHasItsOwnScope() {
        XCTAssertEqual(run("x = 'outer'\nys = [x for x in range(3)]\nprint(x, ys)\n").0, "outer [0, 1, 2]\n")
    }

    func testClassBodyNamesAreNotVisibleToMethods() {
        let src = "y = 'global'\nclass A:\n    y = 'class'\n    def f(self):\n        return y\nprint(A().f(), A.y)\n"
        XCTAssertEqual(run(src).0, "global class\n")
    }

    func testUnboundLocal() {
        let (text, status) = run("x = 1\ndef f():\n    print(x)\n    x = 2\nf()\n")
        XCTAssertEqual(status, 1)
        XCTAssertTrue(text.hasSuffix("UnboundLocalError: cannot access local variable 'x' where it is not associated with a value\n"), text)
    }

    func testSyntaxErrorsAreReportedNotTrapped() {
        for bad in ["def (:", "x = [1, 2", "if True:\nprint(1)", "return 5", "f(**)", "yield 5", "x +* 2", "'abc", "1 = x", "del 5", "class:", "@\n"] {
            let (text, status) = run(bad)
            XCTAssertEqual(status, 1, bad)
            XCTAssertTrue(text.contains("Error"), "\(bad) -> \(text)")
        }
    }

    func testDeepExpressionNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        let (text, status) = run("x = " + deep)
        XCTAssertEqual(status, 1)
        XCTAssertTrue(text.contains("SyntaxError"), text)
    }

    func testSystemExitStatus() {
        XCTAssertEqual(run("import sys\nsys.exit(4)").1, 4)
        XCTAssertEqual(run("raise SystemExit").1, 0)
        let (text, status) = run("exit('bye')")
        XCTAssertEqual(text, "bye\n"); XCTAssertEqual(status, 1)
    }

    func testGeneratorsSuspendAndResume() {
        let src = "def g():\n    x = yield 1\n    yield x * 2\nit = g()\nprint(next(it), it.send(21))\n"
        XCTAssertEqual(run(src).0, "1 42\n")
    }

    /// Many hand-overs between a generator's thread and its caller, and many generators started
    /// and finished: reference counts here are non-atomic, so the hand-over must not touch any
    /// counted object once the other side may run (this crashed one run in four before).
    func testGeneratorHandOversAreRaceFree() {
        let src = """
        def count(n):
            for i in range(n):
                yield i
        total = 0
        for k in range(300):
            for j, v in enumerate(count(50)):
                total += v
        print(total)
        """
        XCTAssertEqual(run(src).0, "367500\n")
    }
}
