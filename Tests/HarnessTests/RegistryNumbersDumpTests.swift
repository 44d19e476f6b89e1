import Datasets
import Experiments
import Foundation
import Harness
import Objectives
import Testing

/// Writes, to `$SYNIB_NUMBERS_DUMP` when set, a SHA-256 of every shipped dataset's data (the
/// real benchmarks as scaled stand-ins) and the metrics and predictions of a small grid run in
/// process over every kind of dataset (a refactoring check: the file must be the same before
/// and after).
@Suite struct RegistryNumbersDumpTests {
    static func digest(_ d: MultimodalDataset) -> String {
        let h = SHA256Hasher()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let provenance = (try? encoder.encode(d.provenance)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        h.update(Array("\(d.name)|\(d.classNames)|\(provenance)|\(d.synergyBlocks.sorted { $0.key < $1.key })|\(d.modalityNames)".utf8))
        for (name, split) in d.splits {
            h.update(Array("\(name)|\(split.labels)|\(split.tags.sorted { $0.key < $1.key })|\(split.ids ?? [])".utf8))
            for m in split.modalities {
                h.update(Array("\(m.name)|\(m.shape)|\(m.lengths ?? [])".utf8))
                m.values.withUnsafeBytes { h.update($0) }
            }
        }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }

    @Test func dumpNumbers() throws {
        guard let path = ProcessInfo.processInfo.environment["SYNIB_NUMBERS_DUMP"] else { return }
        let dir = try BenchProcess.temporaryDirectory()
        // A fixed, absent data directory: the stand-ins' reasons (in their provenance) name it.
        let loader = DatasetLoader(dataDirectory: URL(fileURLWithPath: "/nonexistent/synib-numbers-dump"), cache: nil, log: { _ in })
        let specs: [DatasetSpec] = [
            .pidXOR(synergy: 0.1), .spuriousXOR, .digitsIrony(alpha: 0.5), .mfeat, .mfeatIrony(alpha: 0.5),
            .surrogateScaled(.mosi, scale: 0.05, timeSteps: 8), .surrogateScaled(.urFunny, scale: 0.02, timeSteps: 8),
            .surrogateScaled(.mustard, scale: 0.2, timeSteps: 8), .surrogateScaled(.hatefulMemes, scale: 0.05),
            .surrogateScaled(.cremadIrony(alpha: 0.5), scale: 0.05),
        ]
        var lines: [String] = []
        for spec in specs {
            for seed: UInt64 in [0, 1] { lines.append("data \(spec.canonicalJSON) seed \(seed)\t\(Self.digest(try loader.load(spec, seed: seed)))") }
        }
        let grid = Grid("numbers", summary: "every kind of dataset, one epoch") {
            Seeds(0)
            Dataset(.pidXOR(synergy: 0.25, trainSize: 200, testSize: 300)) { .synibOracle }
            Dataset(.digitsIrony(alpha: 0.5))
            Dataset(.mfeatIrony(alpha: 0.5))
            Dataset(.surrogateScaled(.cremadIrony(alpha: 0.5), scale: 0.05))
            Dataset(.surrogateScaled(.mosi, scale: 0.05, timeSteps: 8))
            Dataset(.surrogateScaled(.hatefulMemes, scale: 0.05))
            Configure { reference in
                reference.training.epochs = 1
                reference.training.unimodalPretrainingEpochs = 0
            }
            Objectives { .unimodal; .ensemble; .vanilla; .synibRandom; .synibLearned }
            Subsets(.byConstruction, .strict, .majority)
        }
        let plan = try Planner.plan(grid, in: GridContext(loader: loader))
        let store = try RunStore(path: dir.appendingPathComponent("s.sqlite").path)
        let summary = try Runner(plan: plan, store: store, loader: loader, options: RunOptions(jobs: 1)).run(progressInteractive: false)
        #expect(summary.failures.isEmpty)
        for r in try store.allRecords() {
            lines.append("cell \(r.key) \(r.dataset) \(r.objective) \(r.status)\t\(r.metrics ?? "-")\t\(r.predictions.map { FileHashing.sha256Hex(Array($0)) } ?? "-")\t\(r.provenance ?? "-")")
        }
        let report = try Report(plan: plan, store: store)
        for d in report.datasets { lines.append("report \(d.label) synthetic \(d.synthetic) irony \(d.irony) subsets \(d.subsets)") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
