import Foundation
import Harness
import Reports

/// A report with the paper grid's shape — its datasets, objectives, 3 seeds, test-set and subset
/// sizes — filled with random per-example outcomes, for timing the report statistics
/// (`bench speed --model report-statistics`) without running the paper grid. The cost of the
/// statistics depends on these sizes only, not on the outcomes. Sizes: PID-XOR and spurious-XOR
/// as generated (4000 / 30 000 test examples; subsets as in results/paper.md), the real
/// benchmarks at their full test splits (MOSI 686, UR-FUNNY 1058, MUStARD 138, Hateful Memes
/// 1000, CREMA-D 744; larger than their stand-ins, so this bounds the stand-in case), digits-irony 360.
enum PaperShapedReport {
    /// (label, test size, subset sizes by kind, number of objectives).
    static let shape: [(label: String, n: Int, subsets: [(String, Int)], objectives: Int)] = [
        ("pid-xor", 4000, [("by-construction", 391), ("strict", 102), ("majority", 102)], 10),
        ("spurious-xor", 30_000, [("by-construction", 30_000), ("strict", 7448), ("majority", 7448)], 10),
        ("mosi", 686, [("strict", 14), ("majority", 150)], 9),
        ("ur-funny", 1058, [("strict", 110), ("majority", 400)], 9),
        ("mustard", 138, [("strict", 4), ("majority", 42)], 9),
        ("hateful-memes", 1000, [("strict", 47), ("majority", 170)], 9),
        ("cremad-irony", 744, [("by-construction", 60), ("strict", 480), ("majority", 480)], 9),
        ("digits-irony", 360, [("by-construction", 18), ("strict", 25), ("majority", 25)], 9),
    ]

    /// The objectives of a row count (vanilla among them: the reference).
    static let objectives = ["unimodal-0", "unimodal-1", "ensemble", "vanilla", "synib-random", "synib-learned", "ogm-ge",
                             "mmpareto", "cml", "synib-oracle"]

    /// The report, from a generator seeded with `seed`.
    static func make(seed: UInt64) -> Report {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func uniform() -> Double { Double(next() >> 11) / 9_007_199_254_740_992.0 }
        var rows: [ReportRow] = [], datasets: [ReportDataset] = []
        for d in shape {
            datasets.append(ReportDataset(label: d.label, name: d.label, synthetic: false, irony: false, subsets: d.subsets.map(\.0)))
            // The subsets' indices per seed (shared by every objective, as in a real report).
            var indices: [UInt64: [String: [Int]]] = [:]
            for seed: UInt64 in 0..<3 {
                for (name, size) in d.subsets {
                    indices[seed, default: [:]][name] = size >= d.n ? Array(0..<d.n) : (0..<size).map { $0 * (d.n / size) }
                }
            }
            for (o, objective) in objectives.prefix(d.objectives).enumerated() {
                let accuracy = 0.55 + 0.04 * Double(o)
                var outcomes: [SeedOutcome] = [], overall: [Double] = []
                var subsetAccuracy: [String: [Double]] = [:]
                for seed: UInt64 in 0..<3 {
                    let correct = (0..<d.n).map { _ in uniform() < accuracy }
                    outcomes.append(SeedOutcome(seed: seed, correct: correct, subsets: indices[seed]!))
                    overall.append(Double(correct.filter { $0 }.count) / Double(d.n))
                    for (name, rows) in indices[seed]! {
                        subsetAccuracy[name, default: []].append(Double(rows.filter { correct[$0] }.count) / Double(rows.count))
                    }
                }
                let subsets = d.subsets.map { name, size in
                    SubsetResult(name: name, n: size, nPerSeed: [size, size, size], mean: Statistics.mean(subsetAccuracy[name]!),
                                 std: Statistics.sampleStd(subsetAccuracy[name]!))
                }
                rows.append(ReportRow(grid: "paper", dataset: d.label, objective: objective, provenance: "synthetic timing input",
                                      seeds: [0, 1, 2], missingSeeds: [], overallMean: Statistics.mean(overall),
                                      overallStd: Statistics.sampleStd(overall), synergySubset: subsets.first?.name,
                                      synergyN: subsets.first?.n, synergyMean: subsets.first?.mean, synergyStd: subsets.first?.std,
                                      subsets: subsets, outcomes: outcomes))
            }
        }
        return Report(grid: "paper", notes: [], rows: rows, datasets: datasets)
    }
}
