import Foundation
import Testing
@testable import Datasets

@Suite("restricted pickle reader")
struct PickleTests {
    @Test("plain data and numpy arrays, protocols 2–5", arguments: [2, 3, 4, 5])
    func readsPayload(protocol p: Int) throws {
        let v = try PickleReader().read(url: fixture("pickle/protocol\(p).pkl"))
        #expect(v["none"] == PickleValue.none)
        #expect(v["true"] == .bool(true))
        #expect(v["false"] == .bool(false))
        let ints: [Int] = [0, 1, -1, 255, 256, 65535, 65536, -(1 << 31), 1 << 31, 1 << 62, Int.min]
        #expect(v["ints"] == .list(ints.map { .int($0) }))
        #expect(v["floats"] == .list([.float(0), .float(-1.5), .float(1e300), .float(.infinity)]))
        #expect(v["str"] == .string("héllo ✓"))
        #expect(v["bytes"] == .bytes([0, 1, 255]))
        #expect(v["tuple"] == .tuple([.int(1), .string("two"), .float(3)]))
        #expect(v["empty_tuple"] == .tuple([]))
        #expect(v["set"] == .set([.int(7)]))
        #expect(v["frozenset"] == .set([.string("k")]))
        #expect(v["shared_a"] == .list([.int(1), .int(2), .int(3)]))
        #expect(v["shared_b"] == v["shared_a"])  // memo reference
        #expect(v["nested"]?["inner"]?["deep"] == .list([.list([.int(1)]), .list([.int(2), .list([.int(3)])])]))
        for key in ["f4", "f8", "i8", "u1", "b1", "be_f4", "fortran", "ustr", "scalar_f4", "scalar_i8"] {
            guard case .array(let a)? = v[key] else {
                Issue.record("\(key) is not an array in protocol \(p)")
                continue
            }
            expectMatches(a, "pickle/\(key)")
        }
        guard case .array(let objs)? = v["objstr"] else { Issue.record("objstr"); return }
        #expect(objs.strings() == ["p", "qq"])
    }

    @Test func forbiddenGlobalIsRefusedAndNamed() {
        let e = dataError { _ = try PickleReader().read(url: fixture("pickle/forbidden_global.pkl")) }
        #expect(e?.message.contains("posix.system") == true || e?.message.contains("os.system") == true)
        #expect(e?.field == "GLOBAL")
        #expect(e?.file.hasSuffix("forbidden_global.pkl") == true)
    }

    @Test func nestingDeeperThanTheBoundIsRefused() throws {
        let e = dataError { _ = try PickleReader().read(url: fixture("pickle/too_deep.pkl")) }
        #expect(e?.message.contains("deeper") == true)
        // The same file is accepted with a larger bound.
        var generous = PickleReader()
        generous.maxDepth = 400
        _ = try generous.read(url: fixture("pickle/too_deep.pkl"))
    }

    @Test func truncatedAndCorruptPicklesFailCleanly() throws {
        let bytes = try Array(Data(contentsOf: fixture("pickle/protocol4.pkl")))
        for cut in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 97)) {
            _ = dataError { _ = try PickleReader().parse(Array(bytes[0..<cut]), name: "cut.pkl") }
        }
        // Flipped bytes: either an error or some value, never a crash.
        for k in stride(from: 2, to: bytes.count, by: 13) {
            var b = bytes
            b[k] ^= 0x5A
            _ = try? PickleReader().parse(b, name: "flipped.pkl")
        }
    }

    @Test func selfReferenceAndExponentialSharingAreBounded() {
        // l = []; l.append(l)  →  ] q\x00 h\x00 a .
        let cyclic: [UInt8] = [0x80, 4, 0x5D, 0x71, 0, 0x68, 0, 0x61, 0x2E]
        _ = dataError { _ = try PickleReader().parse(cyclic, name: "cycle.pkl") }
        // 40 levels of [x, x] sharing: 2^40 nodes if expanded.
        var b: [UInt8] = [0x80, 4, 0x4E]
        for _ in 0..<40 { b += [0x32, 0x86] }  // DUP, TUPLE2
        b.append(0x2E)
        var r = PickleReader()
        r.maxNodes = 1_000_000
        _ = dataError { _ = try r.parse(b, name: "bomb.pkl") }
    }
}
