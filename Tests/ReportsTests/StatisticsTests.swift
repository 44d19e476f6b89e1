import Foundation
import Harness
@testable import Reports
import Tensors
import Testing

/// The reference values of Tests/Fixtures/statistics/statistics.json (SciPy / NumPy, computed
/// once by make_statistics_fixtures.py).
enum StatisticsFixture {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/statistics/statistics.json")

    static func load() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }
}

/// Relative closeness for p-values spanning many orders of magnitude.
func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b)) + 1e-300
}

@Suite struct StatisticsTests {
    @Test func mcnemarMatchesSciPyBinomTest() throws {
        let cases = try #require(try StatisticsFixture.load()["mcnemar"] as? [[String: Any]])
        #expect(cases.count >= 10)
        for c in cases {
            let b = try #require(c["b"] as? Int), n = try #require(c["c"] as? Int), p = try #require(c["p"] as? Double)
            let mine = McNemar.pValue(b: b, c: n)
            #expect(close(mine, p, relative: 1e-9), "b=\(b) c=\(n): \(mine) vs scipy \(p)")
        }
        #expect(McNemar.pValue(b: 0, c: 0) == 1)
        #expect(McNemar.discordant([1, -1, 0, 1, 1, -1, 0]) == (b: 3, c: 2))
    }

    @Test func holmMatchesItsDefinition() throws {
        let cases = try #require(try StatisticsFixture.load()["holm"] as? [[String: Any]])
        for c in cases {
            let p = try #require(c["p"] as? [Double]), expected = try #require(c["adjusted"] as? [Double])
            let mine = Holm.adjust(p)
            #expect(zip(mine, expected).allSatisfy { abs($0 - $1) < 1e-15 }, "\(p): \(mine) vs \(expected)")
        }
        // Non-trivial: the correction changes values and keeps them monotone in the raw order.
        #expect(Holm.adjust([0.01, 0.04, 0.03, 0.005]) != [0.01, 0.04, 0.03, 0.005])
        #expect(Holm.adjust([]) == [])
    }

    @Test func stratifiedReplicatesAndPercentilesMatchNumPy() throws {
        let f = try #require(try StatisticsFixture.load()["stratified_bootstrap"] as? [String: Any])
        let strata = try #require(f["strata"] as? [[Int]]).map { $0.map(Int8.init) }
        let indices = try #require(f["indices"] as? [[[Int]]])
        let expected = try #require(f["replicates"] as? [Double])
        let estimate = try #require(StratifiedBootstrap.estimate(strata))
        #expect(abs(estimate - (try #require(f["estimate"] as? Double))) < 1e-15)
        let mine = indices.map { StratifiedBootstrap.replicate(strata, indices: $0) }
        #expect(zip(mine, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        let percentiles = try #require(f["percentiles"] as? [Double])
        let sorted = mine.sorted()
        #expect(abs(Percentile.linear(sorted, 0.025) - percentiles[0]) < 1e-12)
        #expect(abs(Percentile.linear(sorted, 0.975) - percentiles[1]) < 1e-12)
    }

    @Test func percentileMatchesNumPyLinear() throws {
        let f = try #require(try StatisticsFixture.load()["percentile"] as? [String: Any])
        let samples = try #require(f["samples"] as? [Double]).sorted()
        let qs = try #require(f["q"] as? [Double]), values = try #require(f["values"] as? [Double])
        for (q, v) in zip(qs, values) { #expect(abs(Percentile.linear(samples, q) - v) < 1e-12, "q=\(q)") }
    }

    @Test func signFlipMatchesSciPyPermutationTest() throws {
        let cases = try #require(try StatisticsFixture.load()["sign_flip"] as? [[String: Any]])
        for c in cases {
            let d = try #require(c["differences"] as? [Double]), p = try #require(c["p"] as? Double)
            #expect(abs(SignFlipTest.pValue(d) - p) < 1e-12, "\(d): \(SignFlipTest.pValue(d)) vs scipy \(p)")
        }
        #expect(SignFlipTest.pValue([0, 0, 0]) == 1)
    }

    /// Simulated two models on 3 seeds × 300 examples with true accuracies 0.80 and 0.74 (per
    /// example, correlated through a shared difficulty): the stratified bootstrap's 95 % interval
    /// covers the true difference in roughly 95 % of the repetitions.
    @Test func stratifiedIntervalCoversAtRoughlyItsNominalRate() {
        var rng = SplitMix64(seed: 42)
        func uniform() -> Double { rng.uniformDouble() }
        let repetitions = 400, seeds = 3, n = 300
        var covered = 0
        for r in 0..<repetitions {
            var strata: [[Int8]] = []
            for _ in 0..<seeds {
                strata.append((0..<n).map { _ in
                    // P(a right) = 0.80, P(b right) = 0.74 with positive correlation.
                    let u = uniform()
                    let a: Int8 = u < 0.80 ? 1 : 0
                    let b: Int8 = (u < 0.70 || (u >= 0.80 && u < 0.84)) ? 1 : 0
                    return a - b
                })
            }
            let interval = StratifiedBootstrap.interval(strata, seed: UInt64(r), resamples: 1000)!
            if interval.low <= 0.06 && 0.06 <= interval.high { covered += 1 }
        }
        let rate = Double(covered) / Double(repetitions)
        #expect(rate > 0.91 && rate < 0.985, "coverage \(rate)")
    }

    @Test func largeStrataUseTheNormalApproximationWithTheSameCoverageScale() {
        // Beyond exactLimit: the interval is centred on the estimate with the binomial width.
        let n = 30_000
        let stratum = (0..<n).map { i -> Int8 in i % 10 == 0 ? 1 : (i % 10 == 1 ? -1 : (i % 10 == 2 ? 1 : 0)) }
        let interval = StratifiedBootstrap.interval([stratum], seed: 7)!
        #expect(abs(interval.estimate - 0.1) < 1e-12)
        let se = ((0.3 - 0.01) / Double(n)).squareRoot()  // var(d) = E d² − (E d)² = 0.3 − 0.01
        #expect(abs((interval.high - interval.low) - 2 * 1.96 * se) < 0.15 * 2 * 1.96 * se)
    }

    @Test func intervalsAreSeededFromContent() {
        let strata: [[Int8]] = [[1, 0, -1, 1, 1, 0, 0, 1], [0, 1, 1, -1, 0, 0, 1, 1]]
        let a = StratifiedBootstrap.interval(strata, seed: 1)!, b = StratifiedBootstrap.interval(strata, seed: 1)!
        #expect(a == b)
        #expect(a.low < a.estimate && a.estimate < a.high)
        let wide: [[Int8]] = [(0..<200).map { Int8($0 % 3) - 1 }]
        #expect(StratifiedBootstrap.interval(wide, seed: 2) != StratifiedBootstrap.interval(wide, seed: 1))
        #expect(StratifiedBootstrap.interval([[0, 0, 0], [0, 0]], seed: 3) == .zero)
        #expect(StratifiedBootstrap.interval([[1], []], seed: 3) == nil)
    }

    @Test func seedBootstrapSpansTheSeedDifferences() {
        #expect(SeedBootstrap.interval([-0.05, -0.05], seed: 1) == Interval(estimate: -0.05, low: -0.05, high: -0.05))
        let i = SeedBootstrap.interval([-0.05, 0.01], seed: 1)!
        #expect(abs(i.estimate - (-0.02)) < 1e-15)
        #expect(i.low >= -0.05 && i.high <= 0.01 && i.low < -0.04 && i.high > 0.0)
        #expect(SeedBootstrap.interval([], seed: 1) == nil)
    }

    @Test func selfComparisonIsExactlyZero() throws {
        let (report, _, _) = try Fixture.report(seeds: 3)
        let row = try #require(report.rows.first { $0.objective == "synib-random" && $0.dataset == "pid-xor" })
        for metric in ["overall", "by-construction"] {
            let c = try #require(PairedComparison.examples(row, row, metric: metric, reference: "itself"))
            #expect(c.delta == 0 && c.ciLow == 0 && c.ciHigh == 0 && c.pValue == 1)
            #expect(c.n > 0 && c.seeds == [0, 1, 2])
            let s = try #require(PairedComparison.seeds(row, row, metric: metric, reference: "itself"))
            #expect(s.delta == 0 && s.ciLow == 0 && s.ciHigh == 0 && s.pValue == 1)
        }
        let comparison = RunComparison(current: report, currentName: "a", against: report.rows, againstName: "a")
        #expect(comparison.comparisons.count >= report.rows.count)
        #expect(comparison.comparisons.allSatisfy { $0.delta == 0 && $0.ciLow == 0 && $0.ciHigh == 0 && $0.pHolm == 1 })
        #expect(comparison.comparisons.allSatisfy { $0.test == .exampleMcNemar })
    }

    @Test func comparingWithAJSONReportPairsBySeed() throws {
        let (report, _, _) = try Fixture.report(seeds: 3)
        let (lowered, _, _) = try Fixture.report(seeds: 3) { $0.objectiveName == "vanilla" ? 4 : 0 }
        let json = try ReportRenderer(report: report, header: fixtureHeader).json()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmp-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        let loaded = try ReportDocument.load(url)
        #expect(loaded.grid == "fixture")
        let comparison = RunComparison(current: lowered, currentName: "lowered", against: loaded.rows, againstName: url.path)
        let vanilla = comparison.comparisons.filter { $0.objective == "vanilla" && $0.metric == "overall" }
        #expect(vanilla.count == 2)
        for c in vanilla {
            #expect(c.test == .seedSignFlip)
            #expect(abs(c.delta + 0.04) < 1e-12 && abs(c.ciLow + 0.04) < 1e-12 && abs(c.ciHigh + 0.04) < 1e-12)
            #expect(c.pValue == 0.25)  // 3 seeds: the smallest two-sided sign-flip p is 2/8
        }
        let others = comparison.comparisons.filter { $0.objective != "vanilla" }
        #expect(!others.isEmpty && others.allSatisfy { $0.delta == 0 })
        let text = try comparison.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        for field in ["dataset", "objective", "metric", "delta", "ci_low", "ci_high", "p_value"] {
            #expect(rows.allSatisfy { $0[field] != nil }, "missing \(field)")
        }
    }

    @Test func holmFamiliesAreTableAndMetric() {
        func c(_ d: String, _ m: String, _ p: Double) -> PairedComparison {
            PairedComparison(dataset: d, objective: "o\(p)", reference: "r", metric: m, seeds: [0], n: 1,
                             interval: .zero, pValue: p, test: .exampleMcNemar)
        }
        let corrected = PairedComparison.holmCorrected([c("a", "overall", 0.01), c("a", "overall", 0.02), c("b", "overall", 0.01),
                                                        c("a", "strict", 0.01)])
        #expect(corrected.map(\.pHolm) == [0.02, 0.02, 0.01, 0.01])
    }
}
