import Foundation
import Testing
@testable import Datasets

/// Cache entries damaged in other ways than a flipped byte: a truncated tensor, a missing
/// tensor, a garbage manifest, a manifest naming files outside the entry — each is reported
/// with the file and field, removed and rebuilt.
@Suite struct CacheTamperTests {
    static func entry(_ tag: String) throws -> (FeatureCache, URL, DatasetLoader, LogLines, DatasetSpec, MultimodalDataset) {
        let dir = temporaryDirectory("cache-tamper-\(tag)")
        let log = LogLines()
        let cache = FeatureCache(directory: dir)
        let loader = DatasetLoader(dataDirectory: fixture("data"), cache: cache, log: { log.append($0) })
        let spec = DatasetSpec.pidXOR(PIDXORParameters())
        let original = try loader.load(spec, seed: 3)
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.count == 64 })
        return (cache, dir.appendingPathComponent(name), loader, log, spec, original)
    }

    static func rebuilds(_ t: (FeatureCache, URL, DatasetLoader, LogLines, DatasetSpec, MultimodalDataset), field: String) throws {
        let (cache, entry, loader, log, spec, original) = t
        let e = dataError { _ = try cache.read(entry: entry) }
        #expect(e != nil)
        #expect(e.map { $0.field.contains(field) || $0.file.contains(field) } == true, "\(String(describing: e))")
        let rebuilt = try loader.load(spec, seed: 3)
        #expect(rebuilt.test == original.test && rebuilt.train == original.train)
        #expect(log.all.filter { $0.contains("corrupt entry") }.count == 1, "\(log.all)")
        _ = try cache.read(entry: entry)
        try? FileManager.default.removeItem(at: entry.deletingLastPathComponent())
    }

    @Test func truncatedTensor() throws {
        let t = try Self.entry("trunc")
        let file = t.1.appendingPathComponent("train.0-x0.npy.gz")
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 3).write(to: file)
        try Self.rebuilds(t, field: "train.0-x0.npy.gz")
    }

    @Test func missingTensor() throws {
        let t = try Self.entry("missing")
        try FileManager.default.removeItem(at: t.1.appendingPathComponent("valid.labels.npy.gz"))
        try Self.rebuilds(t, field: "valid.labels.npy.gz")
    }

    @Test func garbageManifest() throws {
        let t = try Self.entry("manifest")
        try Data("{\"format\": 3, \"tens".utf8).write(to: t.1.appendingPathComponent("manifest.json"))
        try Self.rebuilds(t, field: "manifest")
    }

    @Test func manifestNamingAFileOutsideTheEntry() throws {
        let t = try Self.entry("escape")
        let url = t.1.appendingPathComponent("manifest.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"train.0-x0.npy.gz\"", with: "\"../../../etc/passwd\"")
        try Data(text.utf8).write(to: url)
        try Self.rebuilds(t, field: "tensors")
    }
}
