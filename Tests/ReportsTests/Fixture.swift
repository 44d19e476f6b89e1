import Datasets
import Foundation
import Harness
import Objectives
import Reports

/// A tiny run store written directly (no training): deterministic fake predictions for every
/// cell of a small grid, so the renderers and the check can be tested in milliseconds.
enum Fixture {
    /// The fixture grid: PID-XOR (synthetic, by-construction + strict subsets) and digits-irony
    /// (irony F1), `seeds` seeds, unimodal / vanilla / SynIB-random / SynIB-learned.
    static func grid(seeds: Int = 2) -> Grid {
        Grid("fixture") {
            Seeds(0..<UInt64(seeds))
            Dataset(.pidXOR(synergy: 0.25, trainSize: 100, testSize: 40))
            Dataset(.digitsIrony(alpha: 0.5))
            ObjectiveList { .unimodal; .vanilla; .synibRandom; .synibLearned }
            Subsets(.byConstruction, .strict)
        }
    }

    /// Test-set size of every fixture cell.
    static let n = 40

    /// A fresh store path in a temporary directory.
    static func temporaryStore() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reports-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("fixture.sqlite")
    }

    /// Writes every cell of `plan` as done, with fake results; `adjust` may change a record's
    /// overall accuracy (in points) before it is stored.
    static func write(_ plan: Plan, to store: RunStore, lower: (Cell) -> Double = { _ in 0 }) throws {
        let executor = CellExecutor(loader: DatasetLoader(dataDirectory: URL(fileURLWithPath: "/nonexistent"), cache: nil),
                                    host: "fixture")
        for (c, cell) in plan.cells.enumerated() {
            let irony = cell.datasetLabel.contains("irony")
            let classes = irony ? 11 : 2
            let labels = (0..<n).map { i in irony ? (i % 4 == 0 ? 10 : (i * 3) % 10) : (i * 5 + 1) % 2 }
            // Correct on a cell-dependent pattern; wrong = the next class.
            let salt = objectiveSalt(cell.objectiveName) + Int(cell.seed) * 3
            let predicted = labels.enumerated().map { i, y in ((i * 7 + salt) % 10 < 6 + salt % 4) ? y : (y + 1) % classes }
            var probabilities = [Float](repeating: 0, count: n * classes)
            for (i, p) in predicted.enumerated() { probabilities[i * classes + p] = 1 }
            let evaluation = Evaluation(predicted: predicted, labels: labels, classCount: classes)
            var metrics = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(evaluation)) as! [String: Any]
            metrics["accuracy"] = evaluation.accuracy - lower(cell) / 100
            let stored: [String: Any] = ["evaluation": metrics, "bestEpoch": 1]
            let synergy = irony ? labels.indices.filter { labels[$0] == 10 } : Array(0..<10)
            var record = executor.record(cell, status: .done, error: nil, started: Date(timeIntervalSince1970: Double(c)))
            record.metrics = String(decoding: try JSONSerialization.data(withJSONObject: stored, options: [.sortedKeys]), as: UTF8.self)
            record.predictions = try BlobCodec.encode(Predictions(probabilities: probabilities, classCount: classes))
            record.labels = try BlobCodec.encode(labels)
            record.synergyIndices = try BlobCodec.encode(synergy)
            record.provenance = irony ? "real" : "surrogate"
            record.finishedAt = Double(c) + 1
            record.trainSeconds = 1
            record.wallSeconds = 1
            try store.upsert(record)
        }
    }

    static func objectiveSalt(_ name: String) -> Int {
        switch name {
        case "unimodal-0": 0
        case "unimodal-1": 1
        case "vanilla": 2
        case "synib-random": 5
        default: 7
        }
    }

    /// Writes `text` to a file named `name` in a fresh temporary directory.
    static func file(_ text: String, _ name: String) throws -> URL {
        let url = try temporaryStore().deletingLastPathComponent().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }
    /// A figure of the fixture grid: overall accuracy of three objectives on its two datasets.
    static let figure = Figure(
        "fixture.svg", title: "Overall accuracy by dataset", metric: .overall,
        x: FigureAxis("dataset", scale: .categorical, ticks: [(0, "pid-xor"), (1, "digits-irony")]),
        series: ["vanilla", "synib-random", "synib-learned"].map { objective in
            FigureSeries(objective, points: [FigurePoint(x: 0, dataset: "pid-xor", objective: objective),
                                             FigurePoint(x: 1, dataset: "digits-irony", objective: objective)])
        })

    /// The fixture grid's report from a freshly written store.
    static func report(seeds: Int = 2, lower: (Cell) -> Double = { _ in 0 }) throws -> (Report, Plan, RunStore) {
        let plan = try Planner.plan(grid(seeds: seeds), in: .noRealData)
        let store = try RunStore(path: try temporaryStore().path)
        try write(plan, to: store, lower: lower)
        return (try Report(plan: plan, store: store), plan, store)
    }
}

extension GridContext {
    /// A run whose data directory holds no real benchmark files.
    static let noRealData = GridContext(dataDirectory: FileManager.default.temporaryDirectory
        .appendingPathComponent("synib-no-real-data-\(UUID().uuidString)", isDirectory: true))
}
