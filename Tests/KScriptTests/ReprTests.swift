// Unit tests of value printing: float repr, string quoting, containers.
import XCTest
@testable import KScript

final class ReprTests: XCTestCase {
    func testFloatReprMatchesCPython() {
        let cases: [(Double, String)] = [(0.1, "0.1"), (1e-6, "1e-06"), (1e16, "1e+16"), (123.0, "123.0"),
                                         (1234567890123456.0, "1234567890123456.0"), (0.0001, "0.0001"),
                                         (1.5e-5, "1.5e-05"), (-0.0, "-0.0"), (2.5e300, "2.5e+300"),
                                         (1.0 / 3.0, "0.3333333333333333"), (.infinity, "inf"), (.leastNonzeroMagnitude, "5e-324")]
        for (d, s) in cases { XCTAssertEqual(Interpreter.floatRepr(d), s, "repr(\(d))") }
    }

    func testStringQuoting() {
        XCTAssertEqual(Interpreter.strRepr("it's"), "\"it's\"")
        XCTAssertEqual(Interpreter.strRepr("a'b\"c"), "'a\\'b\"c'")
        XCTAssertEqual(Interpreter.strRepr("tab\there\n"), "'tab\\there\\n'")
        XCTAssertEqual(Interpreter.strRepr("中文"), "'中文'")
    }

    func testContainerRepr() throws {
        let interp = Interpreter()
        let l = PyList([.int(1), .string("a"), .obj(PyTuple([.int(2)]))])
        l.items.append(.obj(l))
        XCTAssertEqual(try interp.repr(.obj(l)), "[1, 'a', (2,), [...]]")
    }
}
