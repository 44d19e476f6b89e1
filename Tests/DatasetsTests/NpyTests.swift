import Foundation
import Testing
@testable import Datasets

@Suite("npy / gzip / npz formats")
struct NpyTests {
    static let npyNames = ["le_f4", "le_f8", "le_i4", "le_i8", "u1", "b1", "be_f4", "be_f8", "be_i4", "be_i8",
                           "f4_3d", "fortran_f4", "fortran_i8_3d", "scalar_f8", "empty_f4", "strings_U",
                           "version_1", "version_2", "version_3"]

    @Test("every .npy fixture reads back what numpy wrote", arguments: npyNames)
    func readsNumpyFiles(name: String) throws {
        let array = try NpyFormat.read(url: fixture("npy/\(name).npy"))
        expectMatches(array, "npy/\(name).npy")
    }

    @Test func bigEndianIsConvertedToNativeValues() throws {
        let le = try NpyFormat.read(url: fixture("npy/le_f8.npy"))
        let be = try NpyFormat.read(url: fixture("npy/be_f8.npy"))
        #expect(le.storage == be.storage)
        #expect(be.dtype.bigEndian)
        #expect(try NpyFormat.read(url: fixture("npy/be_i4.npy")).ints() == (try NpyFormat.read(url: fixture("npy/le_i4.npy")).ints()))
    }

    @Test func fortranOrderIsReorderedToRowMajor() throws {
        let a = try NpyFormat.read(url: fixture("npy/fortran_f4.npy"))
        // numpy: base("<f4", (3, 4)) = (arange(12) - 2.25) * 0.3 in C order, stored column-major.
        let want = (0..<12).map { Float((Double($0) - 2.25) * 0.3) }
        #expect(a.shape == [3, 4])
        #expect(try a.floats() == want)
    }

    @Test func objectDtypeIsRefused() throws {
        let e = dataError { _ = try NpyFormat.read(url: fixture("npy/object.npy")) }
        #expect(e?.field == "descr")
        #expect(e?.message.contains("object") == true)
        #expect(e?.file.hasSuffix("object.npy") == true)
    }

    @Test("gzip-compressed .npy, one and two members", arguments: ["f4.npy.gz", "multi_member.npy.gz"])
    func readsGzip(name: String) throws {
        expectMatches(try NpyFormat.read(url: fixture("gz/\(name)")), "gz/\(name)")
    }

    @Test("npz, stored and deflated, with numpy's Zip64 records", arguments: ["stored.npz", "deflated.npz"])
    func readsNpz(name: String) throws {
        let arrays = try NpzArchive.read(url: fixture("npz/\(name)"))
        #expect(Set(arrays.keys) == ["a", "labels", "ids", "flags"])
        for (k, v) in arrays { expectMatches(v, "npz/\(name)/\(k)") }
    }

    @Test func npzMissingKeyNamesFileAndKey() throws {
        let e = dataError { _ = try NpzArchive.read(url: fixture("npz/stored.npz"), keys: ["nope"]) }
        #expect(e?.field == "nope")
        #expect(e?.file.hasSuffix("stored.npz") == true)
    }

    /// The writer reproduces np.save byte for byte, so numpy reads our files identically
    /// (make_fixtures.py --check-swift DIR verifies the same thing with numpy itself).
    @Test("writer output is byte-identical to np.save", arguments: ["le_f4", "le_f8", "le_i4", "le_i8", "u1", "b1", "f4_3d", "scalar_f8", "empty_f4", "strings_U", "version_1"])
    func writerMatchesNumpy(name: String) throws {
        let url = fixture("npy/\(name).npy")
        let numpyBytes = try Array(Data(contentsOf: url))
        let array = try NpyFormat.read(url: url)
        #expect(try NpyFormat.encode(array) == numpyBytes)
    }

    @Test func writerRoundTripsThroughGzipAndNpz() throws {
        let dir = temporaryDirectory("npy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = NpyArray((0..<1000).map { Float($0) * 0.25 - 3 }, shape: [10, 100])
        let gz = dir.appendingPathComponent("a.npy.gz")
        try NpyFormat.write(a, to: gz)
        #expect(try NpyFormat.read(url: gz) == a)
        let npz = dir.appendingPathComponent("b.npz")
        let labels = NpyArray([1, 2, 3], shape: [3], dtype: .int32)
        try NpzArchive.write([("a", a), ("labels", labels)], to: npz, compressed: true)
        let back = try NpzArchive.read(url: npz)
        #expect(back["a"] == a)
        #expect(back["labels"]?.dtype.description == "<i4")
        #expect(try back["labels"]?.ints() == [1, 2, 3])
    }

    // MARK: bad input

    @Test func wrongMagic() {
        let e = dataError { _ = try NpyFormat.read(url: fixture("bad/wrong_magic.npy")) }
        #expect(e?.field == "magic")
        #expect(e?.file.hasSuffix("wrong_magic.npy") == true)
    }

    @Test func truncatedData() {
        let e = dataError { _ = try NpyFormat.read(url: fixture("bad/truncated.npy")) }
        #expect(e?.field == "data")
        #expect(e?.message.contains("truncated") == true)
    }

    @Test func headerShapeLargerThanData() {
        let e = dataError { _ = try NpyFormat.read(url: fixture("bad/shape_too_large.npy")) }
        #expect(e?.field == "data")
        #expect(e?.file.hasSuffix("shape_too_large.npy") == true)
    }

    @Test func truncatedGzip() {
        let e = dataError { _ = try NpyFormat.read(url: fixture("bad/truncated.npy.gz")) }
        #expect(e?.message.contains("truncated") == true)
        #expect(e?.file.hasSuffix("truncated.npy.gz") == true)
    }

    @Test func badCRC() {
        let e = dataError { _ = try NpyFormat.read(url: fixture("bad/bad_crc.npy.gz")) }
        #expect(e?.field == "gzip")
        #expect(e?.message.contains("CRC") == true)
    }

    @Test func garbageHeadersDoNotCrash() {
        // A valid preamble followed by nonsense headers of many kinds.
        for header in ["{", "{'descr': '<f4'}", "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
                       "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", "[1, 2]", "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999, 99999999), }"] {
            let body = Array(header.utf8) + [0x0A]
            let bytes = NpyFormat.magic + [1, 0, UInt8(body.count & 0xFF), UInt8(body.count >> 8)] + body + [UInt8](repeating: 0, count: 16)
            _ = dataError { _ = try NpyFormat.read(bytes: bytes, name: "garbage.npy") }
        }
    }
}
