import Datasets
import Foundation
import Harness
import Objectives
import Reports
import Testing

/// An in-process run of a small six-view grid (mfeat-irony): six unimodal models per seed, their
/// ensemble, vanilla and SynIB train; OGM-GE has no cell and its row says why.
@Suite struct SixViewRunTests {
    static let grid = Grid("six-view-run") {
        Seeds(0)
        Dataset(.mfeatIrony(alpha: 0.5))
        Configure { $0.training.epochs = 2; $0.model = $0.model.withHidden(16) }
        ObjectiveList { .unimodal; .ensemble; .vanilla; .synibRandom; .named("ogm-ge") }
        Subsets(.byConstruction, .strict, .majority)
    }

    @Test func sixViewGridRunsAndReports() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let store = try RunStore(path: dir.appendingPathComponent("store.sqlite").path)
        let loader = DatasetLoader(dataDirectory: dir, cache: nil, log: { _ in })
        let plan = try Planner.plan(Self.grid, in: .noRealData)
        #expect(plan.cells.count == 6 + 3)
        let summary = try Runner(plan: plan, store: store, loader: loader,
                                 options: RunOptions(jobs: 1, failFast: true, execution: .inProcess)).run(progressInteractive: false)
        #expect(summary.failures.isEmpty && summary.completed == 9)
        let report = try Report(plan: plan, store: store)
        #expect(report.rows.map(\.objective) == (0..<6).map { "unimodal-\($0)" } + ["ensemble", "vanilla", "synib-random", "ogm-ge"])
        for row in report.rows where row.objective != "ogm-ge" {
            #expect(row.seeds == [0] && row.provenance == "real", "\(row.objective)")
            // Two short epochs: every model is well above chance (1/11); the fused ones above 0.5.
            let floor = row.objective.hasPrefix("unimodal") ? 0.2 : 0.5
            #expect((row.overallMean ?? 0) > floor, "\(row.objective): \(row.overallMean ?? -1)")
            #expect(row.ironyF1Mean != nil && row.synergySubset == "by-construction" && row.synergyN == 20)
        }
        let ogm = try #require(report.rows.last)
        #expect(ogm.notApplicable == "n/a (two modalities only)" && ogm.seeds.isEmpty)
        // Strict and majority subsets over the six unimodal models: majority ⊇ strict, both computed.
        let vanilla = try #require(report.rows.first { $0.objective == "vanilla" })
        let strict = try #require(vanilla.subsets.first { $0.name == "strict" })
        let majority = try #require(vanilla.subsets.first { $0.name == "majority" })
        #expect(strict.nPerSeed.count == 1 && majority.nPerSeed.count == 1 && majority.n >= strict.n && majority.n > 0)
    }
}
