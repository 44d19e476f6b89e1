import Foundation
import Harness
import Testing

/// `bench check`, `bench compare` and `bench export` as users run them, on the smoke grid's
/// reference store (no training beyond the shared reference run).
@Suite(.serialized) struct CheckCommandTests {
    /// A copy of the smoke reference store in a fresh directory (commands may write to their store).
    static func referenceCopy() throws -> (dir: URL, store: URL) {
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("smoke.sqlite")
        try BenchProcess.copyReference(to: store)
        return (dir, store)
    }

    /// The smoke baseline written by `bench check --update` from the reference store.
    static func baseline(in dir: URL, store: URL) throws -> URL {
        let url = dir.appendingPathComponent("baseline-smoke.json")
        let r = try BenchProcess.run(["check", "--grid", "smoke", "--update", "--baseline", url.path, "--store", store.path,
                                      "--cache", BenchProcess.cache.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("baseline written to \(url.path)"))
        return url
    }

    /// `url`'s JSON with every per-seed value of one cell raised by `points`.
    static func raise(_ url: URL, dataset: String, objective: String, by points: Double, to out: URL) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var rows = try #require(object["rows"] as? [[String: Any]])
        var changed = 0
        for (i, row) in rows.enumerated() where row["dataset"] as? String == dataset && row["objective"] as? String == objective {
            var seeds = try #require(row["per_seed"] as? [[String: Any]])
            for (j, var s) in seeds.enumerated() {
                s["overall"] = (s["overall"] as! Double) + points / 100
                s["subsets"] = (s["subsets"] as! [[String: Any]]).map { sub in
                    var sub = sub
                    if let a = sub["accuracy"] as? Double { sub["accuracy"] = a + points / 100 }
                    return sub
                }
                seeds[j] = s
                changed += 1
            }
            rows[i]["per_seed"] = seeds
        }
        #expect(changed == 2)
        object["rows"] = rows
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: out)
    }

    @Test func refusesBaselineValuesOutsideZeroToOneAndJSONErrorsWithLineAndColumnBeforeTraining() throws {
        let (dir, store) = try CheckCommandTests.referenceCopy()
        let baseline = try CheckCommandTests.baseline(in: dir, store: store)
        let fresh = dir.appendingPathComponent("fresh.sqlite")
        // 7.5 = 750 %: a percentage written where the report has a fraction.
        let percent = dir.appendingPathComponent("percent.json")
        try CheckCommandTests.raise(baseline, dataset: "pid-xor", objective: "vanilla", by: 750, to: percent)
        let r = try BenchProcess.run(["check", "--grid", "smoke", "--baseline", percent.path, "--store", fresh.path,
                                      "--cache", BenchProcess.cache.path], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(percent.path): row pid-xor/vanilla, seed 0: field 'per_seed.overall' is "), "\(r.stderr)")
        #expect(r.stderr.contains("expected an accuracy in [0, 1]"), "\(r.stderr)")
        // A syntax error: line and column.
        let broken = dir.appendingPathComponent("broken.json")
        try Data("{\n  \"grid\": \"smoke\",\n  \"rows\": [,]\n}\n".utf8).write(to: broken)
        let syntax = try BenchProcess.run(["check", "--grid", "smoke", "--baseline", broken.path, "--store", fresh.path,
                                           "--cache", BenchProcess.cache.path], in: dir)
        #expect(syntax.status == 2)
        #expect(syntax.stderr.contains("\(broken.path): not valid JSON: line 3, column 12:"), "\(syntax.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh.path), "something trained")
    }

    @Test func everyHintRepeatsTheUsersBaselineOption() throws {
        let (dir, store) = try CheckCommandTests.referenceCopy()
        let missing = dir.appendingPathComponent("my baseline.json")
        let r = try BenchProcess.run(["check", "--grid", "smoke", "--baseline", missing.path, "--store", store.path,
                                      "--cache", BenchProcess.cache.path], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("write one with `bench check --grid smoke --baseline '\(missing.path)' --update`"), "\(r.stderr)")
        let overridden = try BenchProcess.run(["check", "--grid", "smoke", "--set", "training.epochs=3", "--baseline", missing.path,
                                               "--store", store.path, "--cache", BenchProcess.cache.path], in: dir)
        #expect(overridden.stderr.contains("`bench check --grid smoke --baseline '\(missing.path)' --set training.epochs=3 --update`"),
                "\(overridden.stderr)")
    }

    @Test func refusesABaselineOfAnotherGridBeforeTraining() throws {
        let (dir, store) = try CheckCommandTests.referenceCopy()
        let baseline = try CheckCommandTests.baseline(in: dir, store: store)
        let other = dir.appendingPathComponent("other.json")
        let text = try String(contentsOf: baseline, encoding: .utf8)
        #expect(text.contains("\"grid\" : \"smoke\""))
        try text.replacingOccurrences(of: "\"grid\" : \"smoke\"", with: "\"grid\" : \"xor\"").write(to: other, atomically: true, encoding: .utf8)
        // A fresh store path: if anything trained, the store would exist afterwards.
        let fresh = dir.appendingPathComponent("fresh.sqlite")
        let start = Date()
        let r = try BenchProcess.run(["check", "--grid", "smoke", "--baseline", other.path, "--store", fresh.path,
                                      "--cache", BenchProcess.cache.path], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("field 'grid' is 'xor', expected 'smoke'") && r.stderr.contains(other.path), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh.path), "the store was created: something ran")
        #expect(!r.stderr.contains("cells:"), "the runner ran: \(r.stderr)")
        #expect(Date().timeIntervalSince(start) < 30)
        // A missing baseline is refused the same way.
        let none = try BenchProcess.run(["check", "--grid", "smoke", "--baseline", dir.appendingPathComponent("none.json").path,
                                         "--store", fresh.path], in: dir)
        #expect(none.status == 2 && none.stderr.contains("no such baseline file"))
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test func aBaselineRaisedByFivePointsFailsAndByHalfAPointPasses() throws {
        let (dir, store) = try CheckCommandTests.referenceCopy()
        let baseline = try CheckCommandTests.baseline(in: dir, store: store)
        func check(_ file: URL, tolerance: String?) throws -> (status: Int32, stdout: String, stderr: String) {
            try BenchProcess.run(["check", "--grid", "smoke", "--baseline", file.path, "--store", store.path,
                                  "--cache", BenchProcess.cache.path] + (tolerance.map { ["--tolerance", $0] } ?? []), in: dir)
        }
        let same = try check(baseline, tolerance: nil)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("check PASSED"))
        let five = dir.appendingPathComponent("five.json"), half = dir.appendingPathComponent("half.json")
        try CheckCommandTests.raise(baseline, dataset: "pid-xor", objective: "vanilla", by: 5, to: five)
        try CheckCommandTests.raise(baseline, dataset: "pid-xor", objective: "vanilla", by: 0.5, to: half)
        for tolerance in [nil, "3"] {  // the default, and CI's gate
            let failing = try check(five, tolerance: tolerance)
            #expect(failing.status == 1, "\(failing.stdout)")
            #expect(failing.stdout.contains("| pid-xor | vanilla | overall | 2 |") && failing.stdout.contains("REGRESSED"))
            #expect(failing.stdout.split(separator: "\n").filter { $0.contains("REGRESSED") }.allSatisfy { $0.contains("| vanilla |") })
            #expect(failing.stdout.contains("check FAILED"))
            let passing = try check(half, tolerance: tolerance)
            #expect(passing.status == 0, "\(passing.stdout)")
            #expect(passing.stdout.contains("check PASSED") && passing.stdout.contains("-0.5 [-0.5, -0.5]"))
        }
    }

    @Test func compareWithItselfIsExactlyZeroAndAgainstAReportPairsBySeed() throws {
        let (dir, store) = try CheckCommandTests.referenceCopy()
        let r = try BenchProcess.run(["compare", "--grid", "smoke", "--store", store.path, "--against", store.path,
                                      "--format", "json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count >= 10 * 2)
        for row in rows {
            #expect(row["delta"] as? Double == 0 && row["ci_low"] as? Double == 0 && row["ci_high"] as? Double == 0)
            #expect(row["p_value"] as? Double == 1)
            for field in ["dataset", "objective", "metric"] { #expect(row[field] is String) }
        }
        // Against the store's own JSON report: paired by seed, still zero.
        let report = dir.appendingPathComponent("smoke.json")
        let written = try BenchProcess.run(["report", "--grid", "smoke", "--store", store.path, "--format", "json",
                                            "--out", report.path], in: dir)
        #expect(written.status == 0, "\(written.stderr)")
        let md = try BenchProcess.run(["compare", "--grid", "smoke", "--store", store.path, "--against", report.path], in: dir)
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("| pid-xor | vanilla | overall | 2 | — | +0.0 [+0.0, +0.0] | 1.000 | 1.000 | per-seed |"))
        #expect(md.stdout.contains("comparisons, 0 significant"))
    }

    @Test func exportIsTidyCSVWithTheHeaderFirst() throws {
        let (dir, store) = try CheckCommandTests.referenceCopy()
        let r = try BenchProcess.run(["export", "--grid", "smoke", "--store", store.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(header.prefix(5) == ["grid", "dataset", "objective", "seed", "subset"])
        #expect(header.contains("training.epochs") && header.contains("objective.lambda") && header.contains("dataset.pid_xor.synergySize"))
        // 10 objectives × 2 seeds × (overall + 3 subsets).
        #expect(lines.count == 1 + 10 * 2 * 4)
        let jsonl = try BenchProcess.run(["export", "--grid", "smoke", "--store", store.path, "--format", "jsonl"], in: dir)
        #expect(jsonl.stdout.split(separator: "\n").count == 10 * 2 * 4)
    }
}
