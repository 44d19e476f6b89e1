import Experiments
import Foundation
@testable import Harness
import NumericsDigest
import Reports
import Testing

/// Cells keyed by the code that computes them (docs/HARNESS.md, "Cells keyed by the code that
/// computes them"): the digest the build compiled in, what changes it, and stale cells in plan,
/// run and report.
@Suite struct CodeDigestTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The digest in the binary is the digest of the source tree it was built from.
    @Test func theBuiltDigestIsTheSourceTreesDigest() throws {
        #expect(CellSpec.numericsDigest.count == 64)
        #expect(CellSpec.numericsDigest == (try NumericsSource.digest(root: Self.root)))
    }

    /// A copy of the package's Sources/, Package.swift and docs/ in a temporary directory.
    static func sourceCopy() throws -> URL {
        let copy = try BenchProcess.temporaryDirectory().appendingPathComponent("package")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for item in ["Sources", "Package.swift", "docs"] {
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent(item), to: copy.appendingPathComponent(item))
        }
        return copy
    }

    static func append(_ text: String, to relative: String, in root: URL) throws {
        let url = root.appendingPathComponent(relative)
        var data = try Data(contentsOf: url)
        data.append(Data(text.utf8))
        try data.write(to: url)
    }

    /// What the build tool hashes on a copy of the tree: an edit to a numerics file (Tensors, a
    /// C kernel, Datasets, Objectives, Information, the harness's cell executor), a new file
    /// there or a renamed one changes the digest; an edit to reports, the command line, the
    /// grids, other harness files or the docs does not.
    @Test func numericsEditsChangeTheDigestAndOtherEditsDoNot() throws {
        let copy = try Self.sourceCopy()
        let original = try NumericsSource.digest(root: copy)
        #expect(original == CellSpec.numericsDigest)
        for file in ["Sources/Reports/Format.swift", "Sources/bench/ReportCommand.swift", "Sources/Reports/Report.swift",
                     "Sources/Harness/PlanListing.swift", "docs/HARNESS.md"] {
            try Self.append("\n// an edit\n", to: file, in: copy)
            #expect(try NumericsSource.digest(root: copy) == original, "editing \(file) changed the digest")
        }
        var seen: Set<String> = [original]
        for file in ["Sources/Tensors/Losses.swift", "Sources/CKernels/adam.c", "Sources/Datasets/PIDXORGenerator.swift",
                     "Sources/Objectives/ObjectiveSummaries.swift", "Sources/Information/KMeans.swift",
                     "Sources/Harness/CellExecutor.swift", "Sources/Harness/BlobCodec.swift"] {
            try Self.append("\n// an edit\n", to: file, in: copy)
            let digest = try NumericsSource.digest(root: copy)
            #expect(seen.insert(digest).inserted, "editing \(file) did not change the digest")
        }
        try Data("int unused_kernel(void) { return 1; }\n".utf8).write(to: copy.appendingPathComponent("Sources/CKernels/extra.c"))
        #expect(seen.insert(try NumericsSource.digest(root: copy)).inserted, "a new kernel file did not change the digest")
        try FileManager.default.moveItem(at: copy.appendingPathComponent("Sources/CKernels/extra.c"),
                                         to: copy.appendingPathComponent("Sources/CKernels/extra2.c"))
        #expect(seen.insert(try NumericsSource.digest(root: copy)).inserted, "a renamed kernel file did not change the digest")
        try FileManager.default.removeItem(at: copy.appendingPathComponent("Sources/Information"))
        #expect(throws: SourceDigestError.self) { try NumericsSource.digest(root: copy) }
    }

    /// A spec's JSON starts with its code digest, and without it is the JSON the spec had before
    /// keys held the digest: its hash is the committed pre-digest key of CellKeyTests, so the
    /// cells of a store written then are found as stale.
    @Test func withoutCodeGivesThePreDigestSpec() throws {
        let spec = CellKeyTests.spec()
        let json = try spec.canonicalJSON()
        #expect(json.hasPrefix("{\"code\":\"\(CellSpec.numericsDigest)\","))
        let bare = CellSpec.withoutCode(json)
        #expect(!bare.contains(CellSpec.numericsDigest) && bare.hasPrefix("{\"dataset\":"))
        #expect(CellKey(canonicalJSON: bare).hex == CellKeyTests.committedKey)
        #expect(CellSpec.withoutCode(bare) == bare)
    }

    /// Cells stored by other code (a plan with another digest stands for an older build) are
    /// stale in `bench plan`'s listing; a run recomputes them, or with `reuseStale` keeps them
    /// and the report marks them in every format; a plan with the same digest finds them done.
    @Test func staleCellsArePlannedRecomputedOrKeptAndMarked() throws {
        let grid = Grid("stale") {
            Seeds(0, 1)
            Dataset(.pidXOR(synergy: 0.25, trainSize: 120, testSize: 90))
            Configure { $0.training.epochs = 1; $0.model = $0.model.withHidden(8) }
            ObjectiveList { .unimodal; .ensemble; .vanilla }
            Subsets(.byConstruction, .strict)
        }
        let dir = try BenchProcess.temporaryDirectory()
        let store = try RunStore(path: dir.appendingPathComponent("store.sqlite").path)
        let loader = GridContext.noRealData.loader
        let older = GridContext(loader: loader, codeDigest: String(repeating: "0", count: 64))
        let old = try Planner.plan(grid, in: older)
        let first = try Runner(plan: old, store: store, loader: loader, options: RunOptions(jobs: 2, execution: .inProcess)).run()
        #expect(first.completed == old.cells.count && first.failures.isEmpty)
        #expect(try PlanListing(plan: old, store: store).rows.allSatisfy { $0.status == "done" })

        let current = try Planner.plan(grid, in: GridContext(loader: loader))
        #expect(Set(current.cells.map(\.key)).isDisjoint(with: old.cells.map(\.key)))
        #expect(current.cells.map(\.specKey) == old.cells.map(\.specKey))
        let listing = try PlanListing(plan: current, store: store)
        #expect(listing.rows.allSatisfy { $0.status == "stale" }, "\(listing.text)")
        #expect(listing.text.contains("0 done, 0 missing, 0 failed, \(current.cells.count) stale"), "\(listing.text)")

        // Kept: nothing runs; the report shows the old numbers, marked stale everywhere.
        var keep = RunOptions(jobs: 2, execution: .inProcess)
        keep.reuseStale = true
        let kept = try Runner(plan: current, store: store, loader: loader, options: keep).run()
        #expect(kept.completed == 0 && kept.reusedStale == current.cells.count && kept.skipped == current.cells.count)
        let stale = try StaleCells(cells: current.cells, store: store)
        let marked = try Report(plan: current, store: store, stale: stale)
        let oldReport = try Report(plan: old, store: store)
        #expect(marked.rows.map(\.overallMean) == oldReport.rows.map(\.overallMean))
        #expect(marked.rows.allSatisfy { $0.staleSeeds == [0, 1] })
        #expect(oldReport.rows.allSatisfy { $0.staleSeeds.isEmpty })
        let unmarked = try Report(plan: current, store: store)
        #expect(unmarked.rows.allSatisfy { $0.seeds.isEmpty && $0.overallMean == nil })
        // Not kept: the report says, at its top, that stale results exist and what to do.
        let storePath = dir.appendingPathComponent("store.sqlite").path
        let header = ReportHeader(version: "test", command: "bench report --grid stale")
        let leftOut = try GridReport(plan: current, storePath: storePath, header: header)
        #expect(leftOut.staleLeftOut == current.cells.count)
        let markdown = try leftOut.renderer.render(.md)
        #expect(markdown.contains("> \(current.cells.count) cell(s) of grid `stale` are stale"), "\(markdown)")
        #expect(markdown.contains("`--reuse-stale` reports the stored results"))
        let reused = try GridReport(plan: current, storePath: storePath, header: header, reuseStale: true)
        let reusedMarkdown = try reused.renderer.render(.md)
        #expect(reused.staleLeftOut == 0 && !reusedMarkdown.contains("are stale"))

        // Recomputed: every cell runs under its new key; the plan is then done, not stale.
        let rerun = try Runner(plan: current, store: store, loader: loader, options: RunOptions(jobs: 2, execution: .inProcess)).run()
        #expect(rerun.completed == current.cells.count && rerun.reusedStale == 0)
        #expect(try PlanListing(plan: current, store: store).rows.allSatisfy { $0.status == "done" })
        let fresh = try Report(plan: current, store: store, stale: try StaleCells(cells: current.cells, store: store))
        #expect(fresh.rows.allSatisfy { $0.staleSeeds.isEmpty && $0.seeds == [0, 1] })
        // Same seeds, same code paths: the recomputed numbers equal the stale ones here.
        #expect(fresh.rows.map(\.overallMean) == oldReport.rows.map(\.overallMean))
    }

    /// A missing cell whose dependency is stale: with `reuseStale` the dependency is recomputed
    /// too (a result is never computed from stale inputs).
    @Test func reuseStaleRecomputesTheDependenciesOfCellsThatRun() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let store = try RunStore(path: dir.appendingPathComponent("store.sqlite").path)
        let loader = GridContext.noRealData.loader
        let unimodalOnly = Grid("deps") {
            Seeds(0)
            Dataset(.pidXOR(synergy: 0.25, trainSize: 120, testSize: 90))
            Configure { $0.training.epochs = 1; $0.model = $0.model.withHidden(8) }
            ObjectiveList { .unimodal }
        }
        let withEnsemble = Grid("deps") {
            Seeds(0)
            Dataset(.pidXOR(synergy: 0.25, trainSize: 120, testSize: 90))
            Configure { $0.training.epochs = 1; $0.model = $0.model.withHidden(8) }
            ObjectiveList { .unimodal; .ensemble }
        }
        let older = GridContext(loader: loader, codeDigest: String(repeating: "1", count: 64))
        _ = try Runner(plan: try Planner.plan(unimodalOnly, in: older), store: store, loader: loader,
                       options: RunOptions(jobs: 1, execution: .inProcess)).run()
        let plan = try Planner.plan(withEnsemble, in: GridContext(loader: loader))
        var keep = RunOptions(jobs: 1, execution: .inProcess)
        keep.reuseStale = true
        let summary = try Runner(plan: plan, store: store, loader: loader, options: keep).run()
        #expect(summary.reusedStale == 0 && summary.completed == plan.cells.count, "\(summary.text)")
    }

    /// `bench plan` of the smoke grid on the reference store: every cell done (the store was
    /// written by this build), none stale.
    @Test func thePlanOfAStoreWrittenByThisBuildHasNoStaleCells() throws {
        let store = try BenchProcess.smokeReference.get()
        let r = try BenchProcess.run(["plan", "--grid", "smoke", "--store", store.path], in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 0 && r.stdout.contains("0 missing, 0 failed, 0 stale"), "\(r.stdout.suffix(300)) \(r.stderr)")
    }
}
