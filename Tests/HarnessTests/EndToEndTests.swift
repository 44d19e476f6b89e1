import Experiments
import Foundation
import Harness
import Reports
import Testing

/// Child-process runs of the `smoke` grid: resume after SIGKILL, --jobs, shards and merge, reports.
@Suite(.serialized) struct EndToEndTests {
    /// The uninterrupted smoke run the results are compared with (shared by the suites).
    static var reference: Result<URL, any Error> { BenchProcess.smokeReference }

    static let smokeCells = (try? Planner.plan(try registry.grid(named: "smoke"), in: .noRealData).cells.count) ?? -1

    @Test func uninterruptedRunIsCompleteAndWarmRerunSkipsEverything() throws {
        let store = try Self.reference.get()
        let records = try RunStore(path: store.path).allRecords()
        #expect(records.count == Self.smokeCells)
        #expect(records.allSatisfy { $0.status == .done })
        let dir = store.deletingLastPathComponent()
        let rerun = try BenchProcess.run(["run", "--grid", "smoke", "--store", store.path, "--cache", BenchProcess.cache.path], in: dir)
        #expect(rerun.status == 0)
        #expect(rerun.stderr.contains("\(Self.smokeCells) of \(Self.smokeCells) cells already done"), "\(rerun.stderr)")
        // Nothing was rewritten.
        #expect(try RunStore(path: store.path).allRecords() == records)
    }

    @Test func resumeAfterSIGKILL() throws {
        let reference = try RunStore(path: try Self.reference.get().path)
        // Kill once a few cells are done (and not all). On a fast machine a run can finish between
        // two polls; then it is tried again on a fresh store.
        var dir = try BenchProcess.temporaryDirectory()
        var storeURL = dir.appendingPathComponent("killed.sqlite")
        var killed = false
        for _ in 0..<5 where !killed {
            dir = try BenchProcess.temporaryDirectory()
            storeURL = dir.appendingPathComponent("killed.sqlite")
            let process = try BenchProcess.start(["run", "--grid", "smoke", "--jobs", "1", "--store", storeURL.path,
                                                  "--cache", BenchProcess.cache.path], in: dir)
            var watched: RunStore?
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning && Date() < deadline {
                if watched == nil, FileManager.default.fileExists(atPath: storeURL.path) { watched = try? RunStore(path: storeURL.path) }
                if let records = try? watched?.allRecords(), records.filter({ $0.status == .done }).count >= 3 {
                    kill(process.processIdentifier, SIGKILL)
                    break
                }
                usleep(1_000)
            }
            process.waitUntilExit()
            killed = process.terminationReason == .uncaughtSignal
        }
        #expect(killed, "the run finished before it could be killed, five times")
        let store = try RunStore(path: storeURL.path)
        let doneBeforeKill = try store.allRecords().filter { $0.status == .done }
        #expect(doneBeforeKill.count >= 3 && doneBeforeKill.count < Self.smokeCells)

        let rerun = try BenchProcess.run(["run", "--grid", "smoke", "--jobs", "1", "--store", storeURL.path,
                                          "--cache", BenchProcess.cache.path], in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let after = try store.allRecords()
        // Cells done before the kill were not run again (their rows, timings included, are untouched).
        for r in doneBeforeKill { #expect(after.first { $0.key == r.key } == r, "\(r.objective) s\(r.seed) was rerun") }
        try expectSameResults(store, reference)
    }

    @Test func twoJobsGiveTheResultsOfOne() throws {
        let reference = try RunStore(path: try Self.reference.get().path)
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("jobs2.sqlite")
        try BenchProcess.runSmoke(store: store, in: dir, ["--jobs", "2"])
        try expectSameResults(try RunStore(path: store.path), reference)
    }

    @Test func inProcessThreadsGiveTheResultsOfChildProcesses() throws {
        let reference = try RunStore(path: try Self.reference.get().path)
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("threads.sqlite")
        try BenchProcess.runSmoke(store: store, in: dir, ["--jobs", "2", "--in-process"])
        try expectSameResults(try RunStore(path: store.path), reference)
    }

    @Test func mergedShardsEqualASingleRunAndConflictsAreRefused() throws {
        let reference = try RunStore(path: try Self.reference.get().path)
        let dir = try BenchProcess.temporaryDirectory()
        let s1 = dir.appendingPathComponent("s1.sqlite"), s2 = dir.appendingPathComponent("s2.sqlite")
        try BenchProcess.runSmoke(store: s1, in: dir, ["--shard", "1/2"])
        try BenchProcess.runSmoke(store: s2, in: dir, ["--shard", "2/2"])
        let n1 = try RunStore(path: s1.path).allRecords().count, n2 = try RunStore(path: s2.path).allRecords().count
        #expect(n1 < Self.smokeCells && n2 < Self.smokeCells)
        let merged = dir.appendingPathComponent("merged.sqlite")
        let m = try BenchProcess.run(["merge", s1.path, s2.path, "--store", merged.path], in: dir)
        #expect(m.status == 0, "\(m.stderr)")
        let mergedStore = try RunStore(path: merged.path)
        try expectSameResults(mergedStore, reference)

        // The same report rows as the single run (rendering is tested in ReportsTests).
        let plan = try Planner.plan(try registry.grid(named: "smoke"), in: .noRealData)
        let mergedReport = try Report(plan: plan, store: mergedStore), referenceReport = try Report(plan: plan, store: reference)
        #expect(mergedReport.rows == referenceReport.rows)
        #expect(mergedReport.rows.map(\.outcomes) == referenceReport.rows.map(\.outcomes))

        // A store with one altered done cell is refused and the target is unchanged.
        let before = try mergedStore.allRecords()
        let conflicting = dir.appendingPathComponent("conflict.sqlite")
        var altered = try #require(before.first { $0.objective == "vanilla" })
        altered.metrics = (altered.metrics ?? "") + " "
        try RunStore(path: conflicting.path).upsert(altered)
        let refused = try BenchProcess.run(["merge", conflicting.path, "--store", merged.path], in: dir)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains(altered.key))
        #expect(throws: HarnessError.mergeConflict(keys: [altered.key])) { try mergedStore.merge(from: [conflicting.path]) }
        #expect(try mergedStore.allRecords() == before)
    }

    @Test func reportIsDeterministicAndComplete() throws {
        let store = try Self.reference.get()
        let dir = store.deletingLastPathComponent()
        let args = ["report", "--grid", "smoke", "--store", store.path]
        let md1 = try BenchProcess.run(args, in: dir), md2 = try BenchProcess.run(args, in: dir)
        #expect(md1.status == 0 && md1.stdout == md2.stdout)
        #expect(md1.stdout.contains("| synib-oracle |"))
        #expect(md1.stdout.contains("provenance: stand-in"))
        let json = try BenchProcess.run(args + ["--format", "json"], in: dir)
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["grid"] as? String == "smoke")
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(rows.count == 10)
        for row in rows {
            for field in ["grid", "dataset", "objective", "provenance", "seeds", "overall_mean", "overall_std",
                          "synergy_subset", "synergy_n", "synergy_mean", "synergy_std"] {
                #expect(row[field] != nil, "missing \(field)")
            }
            #expect((row["seeds"] as? [Int]) == [0, 1])
            #expect(row["synergy_subset"] as? String == "by-construction")
            let subsets = try #require(row["subsets"] as? [[String: Any]])
            #expect(subsets.compactMap { $0["name"] as? String } == ["by-construction", "strict", "majority"])
        }
        // Unimodal models are wrong on every strict example by definition.
        let unimodal = try #require(rows.first { $0["objective"] as? String == "unimodal-0" })
        let strict = try #require((unimodal["subsets"] as? [[String: Any]])?.first { $0["name"] as? String == "strict" })
        #expect(strict["mean"] as? Double == 0)
    }
}
