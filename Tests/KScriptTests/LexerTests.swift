// Unit tests of the lexer: tokens, indentation, numbers, strings and f-strings, and its errors.
import XCTest
@testable import KScript

final class LexerTests: XCTestCase {
    func kinds(_ src: String) throws -> [TokenKind] { try Lexer.tokenize(src, file: "t").map { $0.kind } }

    func testIndentationProducesIndentAndDedent() throws {
        XCTAssertEqual(try kinds("if x:\n    y\nz\n"),
                       [.name, .name, .op, .newline, .indent, .name, .newline, .dedent, .name, .newline, .eof])
    }

    func testBracketsJoinLines() throws {
        XCTAssertEqual(try kinds("f(1,\n  2)\n"), [.name, .op, .int, .op, .int, .op, .newline, .eof])
    }

    func testNumbers() throws {
        let t = try Lexer.tokenize("1_000 0x1F 1e-6 .5 1. 99999999999999999999", file: "t")
        guard case .int(1000) = t[0].value, case .int(31) = t[1].value, case .float(let a) = t[2].value,
              case .float(let b) = t[3].value, case .float(let c) = t[4].value, case .bigint(let big) = t[5].value else {
            return XCTFail("unexpected tokens \(t)")
        }
        XCTAssertEqual(a, 1e-6); XCTAssertEqual(b, 0.5); XCTAssertEqual(c, 1.0)
        XCTAssertEqual(big.description, "99999999999999999999")
    }

    func testStringEscapesAndRaw() throws {
        let t = try Lexer.tokenize(#"'a\tb\x41\u00e9' r'\n' "中文""#, file: "t")
        guard case .string(let s0) = t[0].value, case .string(let s1) = t[1].value, case .string(let s2) = t[2].value else {
            return XCTFail("unexpected tokens")
        }
        XCTAssertEqual(s0, "a\tbAé"); XCTAssertEqual(s1, "\\n"); XCTAssertEqual(s2, "中文")
    }

    func testFStringParts() throws {
        let t = try Lexer.tokenize(#"f"x={x!r:>{w}} {{}}""#, file: "t")
        guard case .fstring(let parts) = t[0].value else { return XCTFail("not an f-string") }
        XCTAssertEqual(parts.count, 3)
        guard case .expr(let src, _, let conv, let spec, _) = parts[1] else { return XCTFail("no expression part") }
        XCTAssertEqual(src, "x"); XCTAssertEqual(conv, "r"); XCTAssertEqual(spec?.count, 2)
    }

    func testErrorsAreLocated() {
        XCTAssertThrowsError(try Lexer.tokenize("x = (1,\n", file: "t")) { e in
            let s = e as! SyntaxErrorInfo
            XCTAssertEqual(s.message, "'(' was never closed"); XCTAssertEqual(s.line, 1); XCTAssertEqual(s.col, 5)
        }
        XCTAssertThrowsError(try Lexer.tokenize("if x:\n    a\n  b\n", file: "t")) { e in
            let s = e as! SyntaxErrorInfo
            XCTAssertEqual(s.kind, .indentation); XCTAssertEqual(s.line, 3)
        }
        XCTAssertThrowsError(try Lexer.tokenize("s = 'abc\n", file: "t")) { e in
            XCTAssertEqual((e as! SyntaxErrorInfo).message, "unterminated string literal (detected at line 1)")
        }
    }
}
