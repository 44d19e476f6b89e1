import Foundation
import Testing
@testable import Datasets

/// The committed feature folder of docs/EXTENDING.md (written by make_feature_folder.py with numpy).
let featureFolderFixture = fixture("features/xor3")

/// A scratch copy of the fixture folder that a test may break.
func scratchFeatureFolder() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feature-folder-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: featureFolderFixture, to: dir)
    return dir
}

/// Runs `body` and returns the FeatureFolderError it throws.
func folderError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> FeatureFolderError? {
    do {
        try body()
        Issue.record("expected a FeatureFolderError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as FeatureFolderError {
        return e
    } catch {
        Issue.record("expected a FeatureFolderError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

@Suite("Feature folders")
struct FeatureFolderTests {
    @Test("the numpy-written fixture loads: names, shapes, classes, tags, provenance with every file's SHA-256")
    func loadsFixture() throws {
        let d = try FeatureFolderLoader.load(path: featureFolderFixture.path, seed: 0)
        #expect(d.name == "xor3")
        #expect(d.modalityNames == ["audio", "video", "text"])
        #expect(d.classNames == ["same", "different"])
        #expect(d.train.count == 270 && d.valid.count == 30 && d.test.count == 200)
        #expect(d.test.modalities.map(\.shape) == [[200, 8], [200, 8], [200, 4, 3]])
        #expect(d.test.tags["synergy"]?.count == 200 && d.test.tags["synergy"]!.allSatisfy { $0 == "1" })
        guard case .folder(let files) = d.provenance else { Issue.record("provenance \(d.provenance)"); return }
        #expect(d.provenance.label == "real (folder)")
        #expect(files.count == 11)  // dataset.json + 2 splits × (3 modalities + labels + tags)
        #expect(files["train/video.npz"] == (try FileHashing.sha256Hex(of: featureFolderFixture.appendingPathComponent("train/video.npz"))))
    }

    @Test("every modality is standardised by the one affine map that gives train mean 0 and std 1, applied to test too (float64 .npz, .npy.gz sequences)")
    func standardisedWithTrainStatistics() throws {
        let d = try FeatureFolderLoader.load(path: featureFolderFixture.path, seed: 3)
        for (k, (name, file)) in [("audio", "audio.npy"), ("video", "video.npz"), ("text", "text.npy.gz")].enumerated() {
            let raw = try FeatureFolderLoader.readArray(url: featureFolderFixture.appendingPathComponent("test/" + file), key: name).floats()
            let f = d.test.modalities[k].featuresPerExample
            let loaded = d.test.modalities[k].values, train = d.train.modalities[k].values
            #expect(raw.count == loaded.count && f == (k == 2 ? 12 : 8))
            for j in [0, f - 1] {
                // Train column: mean 0, population std 1 (naive loop).
                let column = (0..<d.train.count).map { Double(train[$0 * f + j]) }
                let mean = column.reduce(0, +) / Double(column.count)
                let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count)
                #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-4, "\(name) train column \(j): mean \(mean), variance \(variance)")
                // Test column: one affine map x → (x − m)/s for every row, with s > 0.
                let (x0, x1) = (Double(raw[j]), Double(raw[f + j])), (y0, y1) = (Double(loaded[j]), Double(loaded[f + j]))
                let s = (x1 - x0) / (y1 - y0), m = x0 - s * y0
                #expect(s > 0)
                let worst = (0..<d.test.count).map { abs((Double(raw[$0 * f + j]) - m) / s - Double(loaded[$0 * f + j])) }.max()!
                #expect(worst < 1e-3, "\(name) test column \(j)")
                #expect(abs(s - 1) > 1e-3 || abs(m) > 1e-3, "the map is not the identity")
            }
        }
    }

    @Test("without valid/, 10 % of train is held out by the run seed: a partition of train, same seed same split, another seed another")
    func heldOutValidation() throws {
        let a = try FeatureFolderLoader.load(path: featureFolderFixture.path, seed: 0)
        let b = try FeatureFolderLoader.load(path: featureFolderFixture.path, seed: 0)
        let c = try FeatureFolderLoader.load(path: featureFolderFixture.path, seed: 1)
        #expect(a.valid == b.valid && a.train == b.train)
        #expect(a.valid.labels.count == 30 && a.valid != c.valid)
        // Train ∪ valid is the file's train split.
        let raw = try FeatureFolderLoader.readLabels(url: featureFolderFixture.appendingPathComponent("train/labels.npy"))
        #expect((a.train.labels + a.valid.labels).sorted() == raw.sorted())
        #expect(Set(a.valid.labels).count == 2, "both classes appear in the 30 held-out examples")
    }

    @Test("a valid/ folder is used as given")
    func givenValidation() throws {
        let dir = try scratchFeatureFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: dir.appendingPathComponent("test"), to: dir.appendingPathComponent("valid"))
        let d = try FeatureFolderLoader.load(path: dir.path, seed: 0)
        #expect(d.train.count == 300 && d.valid.count == 200 && d.valid.labels == d.test.labels)
    }

    @Test("content hash and spec: resolving reads the manifest; replacing any file changes the content SHA-256")
    func contentHash() throws {
        let dir = try scratchFeatureFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = DatasetSpec.folder(dir.path + "/")
        #expect(spec.name == dir.lastPathComponent && spec.featureFolder?.manifest == nil)
        let resolved = try spec.resolved()
        #expect(resolved.name == "xor3" && resolved.featureFolder?.modalityCount == 3)
        let decoded = try JSONDecoder().decode(DatasetSpec.self, from: Data(resolved.canonicalJSON.utf8))
        #expect(decoded == resolved)
        #expect(resolved.canonicalJSON.contains("\"content_sha256\":\"\(resolved.featureFolder!.contentSHA256!)\""))
        let labels = dir.appendingPathComponent("test/labels.npy")
        var flipped = try FeatureFolderLoader.readLabels(url: labels)
        flipped[0] = 1 - flipped[0]
        try NpyFormat.write(NpyArray(flipped, shape: [200]), to: labels)
        let after = try spec.resolved()
        #expect(after.featureFolder!.contentSHA256 != resolved.featureFolder!.contentSHA256)
        #expect(after.canonicalJSON != resolved.canonicalJSON)
    }

    @Test("the loader refuses a folder changed after planning, and caches by content, not by path")
    func loaderCacheByContent() throws {
        let dir = try scratchFeatureFolder()
        let cacheDir = FileManager.default.temporaryDirectory.appendingPathComponent("ff-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: cacheDir) }
        let loader = DatasetLoader(dataDirectory: dir, cache: FeatureCache(directory: cacheDir), log: { _ in })
        let planned = try DatasetSpec.folder(dir.path).resolved()
        let first = try loader.load(planned, seed: 0)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cacheDir.path).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".json") }
        #expect(entries.count == 1)
        // The same content under another path reuses the entry.
        let copy = dir.deletingLastPathComponent().appendingPathComponent("moved-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: dir, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let moved = try loader.load(try DatasetSpec.folder(copy.path).resolved(), seed: 0)
        #expect(moved.test == first.test)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheDir.path).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".json") }.count == 1)
        // Replace a file: the planned spec is refused, a freshly resolved one loads into a new entry.
        try NpyFormat.write(NpyArray([Float](repeating: 0.5, count: 200 * 8), shape: [200, 8]), to: dir.appendingPathComponent("test/audio.npy"))
        let e = dataError { _ = try loader.load(planned, seed: 0) }
        #expect(e?.field == "content_sha256")
        let fresh = try loader.load(try DatasetSpec.folder(dir.path).resolved(), seed: 0)
        #expect(fresh.test.modalities[0] != first.test.modalities[0])
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheDir.path).filter { !$0.hasPrefix(".") && !$0.hasSuffix(".json") }.count == 2)
    }
}
