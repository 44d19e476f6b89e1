import Datasets
import Foundation
import Harness
import Objectives
@testable import Reports
import Testing

/// Grids and reports with a six-modality dataset (mfeat-irony) next to a two-modality one.
@Suite struct ManyModalitiesReportTests {
    static let grid = Grid("six-views") {
        Seeds(0..<2)
        Dataset(.mfeatIrony(alpha: 0.5)).seeds(0..<3)
        Dataset(.digitsIrony(alpha: 0.5))
        ObjectiveList { .unimodal; .ensemble; .vanilla; .synibRandom; .named("ogm-ge") }
        Subsets(.byConstruction, .strict, .majority)
    }

    @Test func planHasSixUnimodalModelsPerSeedAndNoOGMGECellsOnSixViews() throws {
        let plan = try Planner.plan(Self.grid, in: .noRealData)
        let mfeat = try #require(plan.datasets.first { $0.label == "mfeat-irony" })
        let digits = try #require(plan.datasets.first { $0.label == "digits-irony" })
        #expect(mfeat.seeds == [0, 1, 2] && digits.seeds == [0, 1])
        #expect(mfeat.rows.map(\.objective) == (0..<6).map { "unimodal-\($0)" } + ["ensemble", "vanilla", "synib-random", "ogm-ge"])
        #expect(mfeat.unimodalKeys.count == 3 && mfeat.unimodalKeys.values.allSatisfy { $0.count == 6 })
        #expect(mfeat.rows.first { $0.objective == "ogm-ge" }?.keys == [])
        #expect(mfeat.notApplicable == ["ogm-ge": "n/a (two modalities only)"])
        #expect(digits.rows.first { $0.objective == "ogm-ge" }?.keys.count == 2 && digits.notApplicable.isEmpty)
        #expect(!plan.cells.contains { $0.datasetLabel == "mfeat-irony" && $0.objectiveName == "ogm-ge" })
        for e in plan.cells where e.datasetLabel == "mfeat-irony" && e.objectiveName == "ensemble" {
            #expect(e.dependencies.compactMap { plan.cell($0)?.objectiveName } == (0..<6).map { "unimodal-\($0)" })
        }
        // SynIB on mfeat gets one weight per view, 2/6 each.
        let synib = try #require(plan.cells.first { $0.datasetLabel == "mfeat-irony" && $0.objectiveName == "synib-random" }?.spec.objective as? SynIB)
        #expect(synib.branchWeights == [Float](repeating: 2 / 6, count: 6))
        // Restricting to seeds keeps the n/a row.
        #expect(plan.restricted(toSeeds: [0]).datasets[0].notApplicable == mfeat.notApplicable)
    }

    @Test func reportSaysNotApplicableAndComputesSubsetsOverAllSixViews() throws {
        let plan = try Planner.plan(Self.grid, in: .noRealData)
        let store = try RunStore(path: try Fixture.temporaryStore().path)
        try Fixture.write(plan, to: store)
        let report = try Report(plan: plan, store: store)
        let ogm = try #require(report.rows.first { $0.dataset == "mfeat-irony" && $0.objective == "ogm-ge" })
        #expect(ogm.notApplicable == "n/a (two modalities only)" && ogm.seeds.isEmpty && ogm.overallMean == nil)
        let digitsOGM = try #require(report.rows.first { $0.dataset == "digits-irony" && $0.objective == "ogm-ge" })
        #expect(digitsOGM.notApplicable == nil && digitsOGM.overallMean != nil)
        let vanilla = try #require(report.rows.first { $0.dataset == "mfeat-irony" && $0.objective == "vanilla" })
        #expect(vanilla.seeds == [0, 1, 2] && vanilla.ironyF1Mean != nil)
        #expect(report.columns["mfeat-irony"] == ["by-construction", "strict", "majority"])
        // The strict subset: wrong for every one of the 6 × 3 unimodal models (fixture predictions recomputed here).
        let strict = try #require(vanilla.subsets.first { $0.name == "strict" })
        #expect(strict.nPerSeed.count == 3)

        let renderer = ReportRenderer(report: report, header: fixtureHeader)
        let md = renderer.markdown()
        let section = try #require(md.components(separatedBy: "## mfeat-irony").last)
        #expect(section.contains("| ogm-ge | n/a (two modalities only) | n/a (two modalities only) |"))
        #expect(!section.contains("| ogm-ge | —"))
        #expect(md.contains("| mfeat-irony | synib-random |"))  // compared with vanilla
        #expect(renderer.latex().contains("ogm-ge & n/a (two modalities only) &"))
        let json = try renderer.json()
        #expect(json.contains("\"not_applicable\" : \"n/a (two modalities only)\""))
        // JSON round trip keeps the reason.
        let rows = try JSONDecoder().decode(ReportDocument.self, from: Data(json.utf8)).rows
        #expect(rows == report.rows)
    }
}
