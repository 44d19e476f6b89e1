import Foundation
import Testing
@testable import Datasets

final class LogLines: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

@Suite("loaders and stand-ins")
struct LoaderTests {
    let dataDir = fixture("data")

    @Test func mosiPickleWithMultiBenchPreprocessing() throws {
        let log = LogLines()
        let loader = DatasetLoader(dataDirectory: dataDir, cache: nil, log: { log.append($0) })
        let d = try loader.load(.mosi, seed: 0)
        #expect(log.all.isEmpty)
        #expect(d.provenance.label == "real")
        guard case .real(let files) = d.provenance else { return }
        #expect(files["mosi_data.pkl"] == (try FileHashing.sha256Hex(of: fixture("data/mosi_data.pkl"))))
        #expect(d.modalityNames == ["vision", "text"])
        // train example 2 has all-zero text and is dropped.
        #expect([d.train.count, d.valid.count, d.test.count] as [Int] == [5, 3, 4])
        #expect(d.train.ids == ["train_0", "train_1", "train_3", "train_4", "train_5"])
        #expect(d.train.modalities[0].shape == [5, 50, 20] && d.train.modalities[1].shape == [5, 50, 12])
        // Labels: score > 0.
        let scores = expectedDoubles("data/mosi_data.pkl/test/labels")
        #expect(scores.count == 4)
        #expect(d.test.labels == scores.map { $0 > 0 ? 1 : 0 })
        // Values as numpy wrote them (test split keeps every example).
        let text = expectedDoubles("data/mosi_data.pkl/test/text").map { Float($0) }
        #expect(d.test.modalities[1].values == text)
        // Front padding: lengths (3 + 7i) % 50 + 1.
        #expect(d.test.modalities[1].lengths == (0..<4).map { (3 + $0 * 7) % 50 + 1 })
        #expect(d.test.tags["synergy"] == nil)
    }

    @Test func sarcasmProtocol2Pickle() throws {
        let d = try DatasetLoader(dataDirectory: dataDir, cache: nil).load(.mustard, seed: 0)
        #expect(d.provenance.label == "real")
        #expect([d.train.count, d.valid.count, d.test.count] as [Int] == [4, 3, 3])  // train example 0 dropped
        #expect(d.valid.labels == [0, 1, 0])
    }

    @Test func hatefulMemesAndCremaD() throws {
        let loader = DatasetLoader(dataDirectory: dataDir, cache: nil)
        let h = try loader.load(.hatefulMemes, seed: 0)
        #expect(h.provenance.label == "real")
        #expect(h.train.modalities[0].shape == [8, 3, 16] && h.train.modalities[1].shape == [8, 16])
        #expect(h.test.ids == ["100", "101", "102", "103"])
        let c = try loader.load(.cremadIrony(alpha: 1.0), seed: 0)
        #expect(c.classNames.count == 7)
        // k = round(1.0 · 24 / 6) = 4 irony clips in train, each with contradicting audio.
        #expect(c.train.labels.filter { $0 == 6 }.count == 4)
        for i in 0..<c.train.count where c.train.tags["irony"]![i] == "1" {
            let a = Int(c.train.tags["base_label"]![i])!, b = Int(c.train.tags["donor_label"]![i])!
            #expect(CremaDLoader.contradicts(a, b))
        }
    }

    @Test("stand-ins have the real benchmark's shapes, classes and split sizes",
          arguments: [(DatasetSpec.mosi, StandInSpec.mosi), (.mustard, .mustard), (.hatefulMemes, .hatefulMemes), (.cremadIrony(alpha: 0.5), .cremad)])
    func standInFallback(spec: DatasetSpec, s: StandInSpec) throws {
        let empty = temporaryDirectory("nodata")
        defer { try? FileManager.default.removeItem(at: empty) }
        let log = LogLines()
        let d = try DatasetLoader(dataDirectory: empty, cache: nil, log: { log.append($0) }).load(spec, seed: 1)
        #expect(log.all.count == 1)
        #expect(log.all.first?.hasPrefix(spec.name + ":") == true)
        #expect(log.all.first?.contains("stand-in") == true)
        #expect(d.provenance.label == "surrogate")
        #expect([d.train.count, d.valid.count, d.test.count] == s.splitSizes)
        let irony = spec.name == "cremad-irony" ? 1 : 0
        #expect(d.classNames.count == s.classNames.count + irony)
        for (m, ms) in zip(d.train.modalities, s.modalities) {
            #expect(m.shape == (ms.timeSteps.map { [s.splitSizes[0], $0, ms.dimensions] } ?? [s.splitSizes[0], ms.dimensions]))
            if let t = ms.timeSteps {
                let lengths = m.lengths ?? []
                #expect(lengths.count == s.splitSizes[0] && lengths.allSatisfy { $0 >= 1 && $0 <= t })
                // Front padding: the first T − length steps of example 0 are zero.
                let pad = (t - lengths[0]) * ms.dimensions
                #expect(m.values[0..<pad].allSatisfy { $0 == 0 } && m.values[pad] != 0)
            }
        }
        try d.validate(file: "surrogate")
    }

    @Test func standInIsLearnableOnlyWithBothModalitiesOnSynergyExamples() throws {
        let d = try StandInGenerator.generate(.hatefulMemes, reason: "test")
        let tags = d.train.tags["source"]!
        let syn = (0..<d.train.count).filter { tags[$0] == "syn" }
        let red = (0..<d.train.count).filter { tags[$0] == "red" }
        #expect(abs(Double(syn.count) / Double(d.train.count) - 0.2) < 0.02)
        // Redundant examples: the redundant block of one modality predicts y.
        let b = 8
        let accRed = logisticAccuracy(train: rows(d.train.modalities[0], b..<(2 * b), where: { red.contains($0) }), trainY: red.map { d.train.labels[$0] },
                                      test: rows(d.train.modalities[0], b..<(2 * b), where: { red.contains($0) }), testY: red.map { d.train.labels[$0] }, epochs: 100)
        #expect(accRed > 0.9)
        let accSyn = logisticAccuracy(train: rows(d.train.modalities[0], (2 * b)..<(3 * b), where: { syn.contains($0) }), trainY: syn.map { d.train.labels[$0] },
                                      test: rows(d.train.modalities[0], (2 * b)..<(3 * b), where: { syn.contains($0) }), testY: syn.map { d.train.labels[$0] }, epochs: 100)
        #expect(accSyn < 0.62)
    }

    @Test func standInGenerationIsFastAndDeterministic() throws {
        let clock = ContinuousClock()
        var a: MultimodalDataset?
        let t = clock.measure { a = try? StandInGenerator.generate(.mosi, reason: "x") }
        #expect(t < .seconds(2), "MOSI stand-in took \(t)")
        let b = try StandInGenerator.generate(.mosi, reason: "x")
        #expect(a?.train == b.train)
    }

    // MARK: bad input

    func splitWith(labels: [Int], n0: Int, n1: Int, value: Float = 0) -> Split {
        Split(modalities: [Modality(name: "a", shape: [n0, 2], values: [Float](repeating: value, count: n0 * 2)),
                           Modality(name: "b", shape: [n1, 2], values: [Float](repeating: 0, count: n1 * 2))], labels: labels)
    }

    @Test func labelsOutOfRange() {
        let e = dataError { try splitWith(labels: [0, 1, 2], n0: 3, n1: 3).validate(classCount: 2, file: "f.npz", split: "train") }
        #expect(e?.file == "f.npz" && e?.field == "train/labels")
    }

    @Test func modalitiesWithDifferentN() {
        let e = dataError { try splitWith(labels: [0, 1, 0], n0: 3, n1: 2).validate(classCount: 2, file: "f.npz", split: "valid") }
        #expect(e?.file == "f.npz" && e?.field == "valid/b")
    }

    @Test func nanInFeatures() {
        let e = dataError { try splitWith(labels: [0, 1], n0: 2, n1: 2, value: .nan).validate(classCount: 2, file: "g.pkl", split: "test") }
        #expect(e?.file == "g.pkl" && e?.field == "test/a" && e?.message.contains("NaN") == true)
    }

    @Test func badRealFilesAreReportedWithFileAndField() throws {
        let dir = temporaryDirectory("badnpz")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("cremad"), withIntermediateDirectories: true)
        for (split, labels) in [("train", [0, 1, 7]), ("valid", [0, 1, 2]), ("test", [0, 1, 2])] {
            try NpzArchive.write([("audio", NpyArray([Float](repeating: 1, count: 6), shape: [3, 2])),
                                  ("video", NpyArray([Float](repeating: 1, count: 6), shape: [3, 2])),
                                  ("emotion", NpyArray(labels, shape: [3]))], to: dir.appendingPathComponent("cremad/\(split).npz"))
        }
        let e = dataError { _ = try DatasetLoader(dataDirectory: dir, cache: nil).load(.cremadIrony(alpha: 0.5), seed: 0) }
        #expect(e?.file.hasSuffix("cremad/train.npz") == true)
        #expect(e?.field == "train/labels")
        // A MultiBench pickle with NaN in the text.
        try Data(NpyFormat.magic).write(to: dir.appendingPathComponent("humor.pkl"))
        let p = dataError { _ = try DatasetLoader(dataDirectory: dir, cache: nil).load(.urFunny, seed: 0) }
        #expect(p?.file.hasSuffix("humor.pkl") == true)
    }
}
