import Foundation
import Harness
import Reports
import Tensors

/// A report with the paper grid's shape — its datasets, objectives, seeds, test-set and subset
/// sizes — filled with random per-example outcomes, for timing the report statistics
/// (`bench speed --model report-statistics`) without running the paper grid. The cost of the
/// statistics depends on these sizes only, not on the outcomes. Sizes: PID-XOR and spurious-XOR
/// as generated (4000 / 30 000 test examples; subsets as in results/paper/report.md), the real
/// benchmarks at their full test splits (MOSI 686, UR-FUNNY 1058, MUStARD 138, Hateful Memes
/// 1000, CREMA-D 744; larger than their stand-ins, so this bounds the stand-in case), digits-irony
/// 360 and the six-view mfeat / mfeat-irony about 400, these three over 10 seeds.
enum PaperShapedReport {
    /// (label, test size, subset sizes by kind, objectives, seeds).
    static let shape: [(label: String, n: Int, subsets: [(String, Int)], objectives: [String], seeds: UInt64)] = [
        ("pid-xor", 4000, [("by-construction", 391), ("strict", 102), ("majority", 102)], twoViews + ["synib-oracle"], 3),
        ("spurious-xor", 30_000, [("by-construction", 30_000), ("strict", 7448), ("majority", 7448)], twoViews + ["synib-oracle"], 3),
        ("mosi", 686, [("strict", 14), ("majority", 150)], twoViews, 3),
        ("ur-funny", 1058, [("strict", 110), ("majority", 400)], twoViews, 3),
        ("mustard", 138, [("strict", 4), ("majority", 42)], twoViews, 3),
        ("hateful-memes", 1000, [("strict", 47), ("majority", 170)], twoViews, 3),
        ("cremad-irony", 744, [("by-construction", 60), ("strict", 480), ("majority", 480)], twoViews, 3),
        ("digits-irony", 360, [("by-construction", 18), ("strict", 25), ("majority", 25)], twoViews, 10),
        ("mfeat", 400, [("strict", 8), ("majority", 20)], sixViews, 10),
        ("mfeat-irony", 400, [("by-construction", 30), ("strict", 12), ("majority", 30)], sixViews, 10),
    ]

    /// The objectives of a two-view dataset (vanilla: the reference).
    static let twoViews = ["unimodal-0", "unimodal-1", "ensemble", "vanilla", "synib-random", "synib-learned", "ogm-ge",
                           "mmpareto", "cml"]
    /// The objectives with values of a six-view dataset (OGM-GE is n/a there).
    static let sixViews = (0..<6).map { "unimodal-\($0)" } + ["ensemble", "vanilla", "synib-random", "synib-learned", "mmpareto", "cml"]

    /// The report, from a generator seeded with `seed`.
    static func make(seed: UInt64) -> Report {
        var rng = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
        func uniform() -> Double { rng.uniformDouble() }
        var rows: [ReportRow] = [], datasets: [ReportDataset] = []
        for d in shape {
            datasets.append(ReportDataset(label: d.label, name: d.label, synthetic: false, irony: false, subsets: d.subsets.map(\.0)))
            // The subsets' indices per seed (shared by every objective, as in a real report).
            var indices: [UInt64: [String: [Int]]] = [:]
            for seed: UInt64 in 0..<d.seeds {
                for (name, size) in d.subsets {
                    indices[seed, default: [:]][name] = size >= d.n ? Array(0..<d.n) : (0..<size).map { $0 * (d.n / size) }
                }
            }
            for (o, objective) in d.objectives.enumerated() {
                let accuracy = 0.55 + 0.4 * Double(o) / Double(d.objectives.count)
                var outcomes: [SeedOutcome] = [], overall: [Double] = []
                var subsetAccuracy: [String: [Double]] = [:]
                for seed: UInt64 in 0..<d.seeds {
                    let correct = (0..<d.n).map { _ in uniform() < accuracy }
                    outcomes.append(SeedOutcome(seed: seed, correct: correct, subsets: indices[seed]!))
                    overall.append(Double(correct.filter { $0 }.count) / Double(d.n))
                    for (name, rows) in indices[seed]! {
                        subsetAccuracy[name, default: []].append(Double(rows.filter { correct[$0] }.count) / Double(rows.count))
                    }
                }
                let subsets = d.subsets.map { name, size in
                    SubsetResult(name: name, n: size, nPerSeed: Array(repeating: size, count: Int(d.seeds)), mean: SampleMoments.mean(subsetAccuracy[name]!),
                                 std: SampleMoments.sampleStd(subsetAccuracy[name]!))
                }
                rows.append(ReportRow(grid: "paper", dataset: d.label, objective: objective, provenance: "synthetic timing input",
                                      seeds: Array(0..<d.seeds), missingSeeds: [], overallMean: SampleMoments.mean(overall),
                                      overallStd: SampleMoments.sampleStd(overall), synergySubset: subsets.first?.name,
                                      synergyN: subsets.first?.n, synergyMean: subsets.first?.mean, synergyStd: subsets.first?.std,
                                      subsets: subsets, outcomes: outcomes))
            }
        }
        return Report(grid: "paper", notes: [], rows: rows, datasets: datasets)
    }
}
