import Foundation
import Testing
@testable import Datasets

/// Inputs that crashed a fuzz target (Fuzz/regressions/TARGET/) must be read or refused
/// with a DataError by the same reader.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions")

    static func inputs(_ target: String) -> [URL] {
        let dir = root.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir.appendingPathComponent($0) }
    }

    /// Runs `read`; the input must be read, or refused with a DataError (any other error, or a
    /// crash, fails).
    static func expectHandled(_ url: URL, _ read: () throws -> Void) {
        do { try read() } catch is DataError {} catch {
            Issue.record("\(url.path): refused with \(type(of: error)) (\(error)), expected a DataError")
        }
    }

    @Test func regressionInputsAreHandled() throws {
        #expect(FileManager.default.fileExists(atPath: Self.root.path), "missing \(Self.root.path)")
        for url in Self.inputs("npy") {
            Self.expectHandled(url) { _ = try NpyFormat.read(bytes: readWholeFile(url), name: url.path) }
        }
        for url in Self.inputs("gzip") {
            let bytes = try readWholeFile(url)
            Self.expectHandled(url) {
                _ = try NpyFormat.read(from: GzipReader(source: MemoryByteReader(bytes, name: url.path)),
                                       sizeBound: bytes.count * 1032 + (1 << 20))
            }
        }
        for url in Self.inputs("npz") {
            Self.expectHandled(url) { _ = try NpzArchive.read(url: url) }
        }
        for url in Self.inputs("pickle") {
            Self.expectHandled(url) { _ = try PickleReader().parse(readWholeFile(url), name: url.path) }
        }
    }
}
