import Datasets
import Foundation
import Harness
import Objectives
import Testing

/// In-process runs of small ad-hoc grids: failures are recorded and the others go on; --fail-fast stops.
@Suite struct RunnerTests {
    /// A grid whose first objective cannot run (three branch weights for two modalities).
    static let failing = Grid("failing") {
        Seeds(0)
        Dataset(.pidXOR(synergy: 0.25, trainSize: 200, testSize: 300))
        Configure { $0.training.epochs = 1; $0.model = $0.model.withHidden(16) }
        ObjectiveList { SynIB(lambda: 1, mask: .random(p: 0.5, fill: .noise(1)), branchWeights: [1, 1, 1]); .vanilla }
        Subsets(.byConstruction)
    }

    func run(failFast: Bool) throws -> (RunSummary, [CellRecord]) {
        let dir = try BenchProcess.temporaryDirectory()
        let store = try RunStore(path: dir.appendingPathComponent("store.sqlite").path)
        let loader = DatasetLoader(dataDirectory: dir, cache: FeatureCache(directory: BenchProcess.cache), log: { _ in })
        let runner = Runner(plan: try Planner.plan(Self.failing, in: .noRealData), store: store, loader: loader,
                            options: RunOptions(jobs: 1, failFast: failFast, execution: .inProcess))
        return (try runner.run(progressInteractive: false), try store.allRecords())
    }

    @Test func aFailingCellIsRecordedAndTheOthersGoOn() throws {
        let (summary, records) = try run(failFast: false)
        #expect(summary.failures.count == 1 && summary.completed == 1 && summary.notRun == 0)
        let failed = try #require(records.first { $0.status == .failed })
        #expect(failed.objective == "synib-random")
        #expect(failed.error?.contains("branch weights") == true, "\(failed.error ?? "")")
        #expect(records.contains { $0.objective == "vanilla" && $0.status == .done })
    }

    @Test func failFastStopsScheduling() throws {
        let (summary, records) = try run(failFast: true)
        #expect(summary.failures.count == 1 && summary.completed == 0 && summary.notRun == 1)
        #expect(!records.contains { $0.objective == "vanilla" })
    }
}
