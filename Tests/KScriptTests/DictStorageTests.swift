// The dict table: insertion order, deletion, re-insertion, growth, and Python key equality.
import XCTest
@testable import KScript

final class DictStorageTests: XCTestCase {
    func testOrderDeletionAndGrowth() {
        var d = DictStorage()
        for i in 0..<1000 { d[HashKey(.int(i))] = .int(i * 2) }
        for i in stride(from: 0, to: 1000, by: 2) { XCTAssertNotNil(d.removeValue(forKey: HashKey(.int(i)))) }
        XCTAssertEqual(d.count, 500)
        d[HashKey(.int(0))] = .int(-1)   // re-inserted keys go to the end, as in Python
        let keys = d.keys.map { k -> Int in if case .int(let i) = k.value { return i }; return -99 }
        XCTAssertEqual(keys.first, 1)
        XCTAssertEqual(keys.last, 0)
        XCTAssertEqual(keys.count, 501)
        if case .int(let v)? = d[HashKey(.int(999))] { XCTAssertEqual(v, 1998) } else { XCTFail("missing key") }
    }

    func testPythonKeyEquality() {
        var d = DictStorage()
        d[HashKey(.int(1))] = .string("int")
        d[HashKey(.float(1.0))] = .string("float")
        d[HashKey(.bool(true))] = .string("bool")
        XCTAssertEqual(d.count, 1, "1, 1.0 and True are the same key")
        d[HashKey(.string("k"))] = .int(1)
        XCTAssertNotNil(d[HashKey(.string("k"))], "equal strings from different objects find the same entry")
    }

    func testChurnKeepsWorking() {
        var d = DictStorage()
        for round in 0..<50 {
            for i in 0..<100 { d[HashKey(.string("key\(i)"))] = .int(round) }
            for i in 0..<100 where i % 3 != 0 { d.removeValue(forKey: HashKey(.string("key\(i)"))) }
        }
        XCTAssertEqual(d.count, 34)
    }
}
