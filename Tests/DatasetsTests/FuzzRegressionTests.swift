import Foundation
import Testing
@testable import Datasets

/// Inputs that once crashed a fuzz target (Fuzz/regressions/TARGET/) must now be read or refused
/// with a DataError by the same reader.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions")

    static func inputs(_ target: String) -> [URL] {
        let dir = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test func regressionInputsAreHandled() throws {
        for url in Self.inputs("npy") {
            _ = try? NpyFormat.read(bytes: readWholeFile(url), name: url.path)
        }
        for url in Self.inputs("gzip") {
            let bytes = try readWholeFile(url)
            _ = try? NpyFormat.read(from: GzipReader(source: MemoryByteReader(bytes, name: url.path)), sizeBound: bytes.count * 1032 + (1 << 20))
        }
        for url in Self.inputs("npz") {
            _ = try? NpzArchive.read(url: url)
        }
        for url in Self.inputs("pickle") {
            _ = try? PickleReader().parse(readWholeFile(url), name: url.path)
        }
    }
}
