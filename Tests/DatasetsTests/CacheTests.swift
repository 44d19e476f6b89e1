import Foundation
import Testing
@testable import Datasets

@Suite("feature cache")
struct CacheTests {
    @Test func hitReturnsIdenticalTensors() throws {
        let dir = temporaryDirectory("cache")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = LogLines()
        let loader = DatasetLoader(dataDirectory: fixture("data"), cache: FeatureCache(directory: dir), log: { log.append($0) })
        let first = try loader.load(.digitsIrony(alpha: 0.5), seed: 2)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") && $0.count == 64 }
        #expect(entries.count == 1)
        let second = try loader.load(.digitsIrony(alpha: 0.5), seed: 2)
        #expect(second.train == first.train && second.valid == first.valid && second.test == first.test)
        #expect(second.classNames == first.classNames && second.provenance == first.provenance)
        #expect(log.all.isEmpty)
        // A sequence dataset with lengths and ids round-trips too.
        let mosi = try loader.load(.mosi, seed: 0)
        let mosiAgain = try loader.load(.mosi, seed: 0)
        #expect(mosiAgain.test == mosi.test && mosiAgain.train.ids == mosi.train.ids)
        // Different seed → different key.
        _ = try loader.load(.digitsIrony(alpha: 0.5), seed: 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.count == 64 }.count == 3)
        // The entry is plain numpy: manifest + .npy.gz readable by our npy reader.
        let entry = dir.appendingPathComponent(entries[0])
        let t = try NpyFormat.read(url: entry.appendingPathComponent("train.0-top.npy.gz"))
        #expect(t.shape == first.train.modalities[0].shape)
    }

    @Test func flippedByteIsDetectedAndRebuilt() throws {
        let dir = temporaryDirectory("cache-corrupt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = LogLines()
        let cache = FeatureCache(directory: dir)
        let loader = DatasetLoader(dataDirectory: fixture("data"), cache: cache, log: { log.append($0) })
        let spec = DatasetSpec.pidXOR(PIDXORParameters())
        let original = try loader.load(spec, seed: 9)
        let entry = try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.count == 64 }!
        let file = dir.appendingPathComponent(entry).appendingPathComponent("test.0-x0.npy.gz")
        var bytes = try Array(Data(contentsOf: file))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: file)
        // Direct read reports the tensor.
        let e = dataError { _ = try cache.read(entry: dir.appendingPathComponent(entry)) }
        #expect(e?.file.hasSuffix("test.0-x0.npy.gz") == true)
        // Loading reports, removes and rebuilds.
        let rebuilt = try loader.load(spec, seed: 9)
        #expect(rebuilt.test == original.test)
        #expect(log.all.count == 1 && log.all[0].contains("corrupt"))
        _ = try cache.read(entry: dir.appendingPathComponent(entry))  // the rebuilt entry verifies
    }

    @Test func concurrentMaterialisationOfOneKey() throws {
        let dir = temporaryDirectory("cache-race")
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = FeatureCache(directory: dir)
        let results = ResultBox<MultimodalDataset>(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { k in
            let loader = DatasetLoader(dataDirectory: fixture("data"), cache: cache, log: { _ in })
            results.set(k, Result { try loader.load(.spuriousXOR(SpuriousXORParameters()), seed: 1) })
        }
        let first = try results.get(0).get()
        for k in 1..<4 { #expect(try results.get(k).get().test == first.test) }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.filter { $0.count == 64 }.count == 1)
        #expect(names.filter { $0.hasPrefix(".tmp") || $0.hasPrefix(".trash") }.isEmpty)
        _ = try cache.read(entry: dir.appendingPathComponent(names.first { $0.count == 64 }!))
    }

    @Test func keyDependsOnEverySpecField() {
        var p = PIDXORParameters()
        let a = DatasetSpec.pidXOR(p).canonicalJSON
        p.strength = 2.5
        #expect(DatasetSpec.pidXOR(p).canonicalJSON != a)
        #expect(DatasetSpec.named("digits-irony") == .digitsIrony(alpha: 0.5))
        #expect(DatasetSpec.allNames.allSatisfy { DatasetSpec.named($0)?.name == $0 })
        // Canonical JSON round-trips.
        let decoded = try? JSONDecoder().decode(DatasetSpec.self, from: Data(a.utf8))
        #expect(decoded == .pidXOR(PIDXORParameters()))
    }
}
