import Datasets
import Experiments
import Foundation
import Harness
import Objectives
import Testing

/// The committed feature folder of docs/EXTENDING.md (three modalities, XOR labels).
let xor3Folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/features/xor3")

/// A scratch copy of the xor3 folder.
func scratchXor3() throws -> URL {
    let dir = try BenchProcess.temporaryDirectory().appendingPathComponent("xor3")
    try FileManager.default.copyItem(at: xor3Folder, to: dir)
    return dir
}

@Suite("Feature folders in grids, --set and bench plan")
struct FeatureFolderGridTests {
    @Test("Dataset(.folder) plans under the manifest's name with one unimodal cell per modality and one branch weight per modality")
    func plansAFolder() throws {
        let grid = Grid("own") {
            Seeds(0, 1)
            Dataset(.folder(xor3Folder.path))
            ObjectiveList { .unimodal; .ensemble; .vanilla; .synibRandom }
        }
        let plan = try Planner.plan(grid, in: .noRealData)
        #expect(plan.datasets.map(\.label) == ["xor3"])
        #expect(plan.datasets[0].rows.map(\.objective) == ["unimodal-0", "unimodal-1", "unimodal-2", "ensemble", "vanilla", "synib-random"])
        #expect(plan.cells.count == 2 * 6)
        let synib = try #require(plan.cells.first { $0.objectiveName == "synib-random" }?.spec.objective as? SynIB)
        #expect(synib.branchWeights == SynIB.defaultBranchWeights(modalityCount: 3) && synib.branchWeights?.count == 3)
        #expect(plan.cells.allSatisfy { $0.spec.dataset.featureFolder?.contentSHA256?.count == 64 })
        #expect(plan.cells.first { $0.objectiveName == "ensemble" }?.dependencies.count == 3)
    }

    @Test("replacing a file of the folder changes every cell key; the same content keeps them")
    func keysFollowContent() throws {
        let dir = try scratchXor3()
        let grid = Grid("own") { Seeds(0); Dataset(.folder(dir.path)); ObjectiveList { .vanilla; .synibRandom } }
        let before = try Planner.plan(grid, in: .noRealData).cells.map(\.key)
        #expect(try Planner.plan(grid, in: .noRealData).cells.map(\.key) == before)
        let labels = dir.appendingPathComponent("train/labels.npy")
        var values = try NpyFormat.read(url: labels).ints()
        values[3] = 1 - values[3]
        try NpyFormat.write(NpyArray(values, shape: [values.count]), to: labels)
        let after = try Planner.plan(grid, in: .noRealData).cells.map(\.key)
        #expect(after.count == before.count && Set(after).isDisjoint(with: before))
    }

    @Test("--set: documented keys change the configuration and the keys; unknown keys, wrong types and ranges are refused naming the key")
    func settings() throws {
        let smoke = try registry.grid(named: "smoke")
        let base = try Planner.plan(smoke, in: .noRealData)
        let overrides = try GridOverrides(settings: ["training.epochs=5", "synib.lambda=0.5", "model.hidden=16"])
        let changed = try Planner.plan(overrides.apply(to: smoke), in: .noRealData)
        #expect(changed.cells.count == base.cells.count)
        #expect(Set(changed.cells.map(\.key)).isDisjoint(with: base.cells.map(\.key)))
        #expect(changed.cells.allSatisfy { $0.spec.training.epochs == 5 && $0.spec.model.encoderWidths.allSatisfy { $0 == 16 } })
        #expect(base.cells.allSatisfy { $0.spec.training.epochs == 2 })
        let synib = try #require(changed.cells.first { $0.objectiveName == "synib-random" }?.spec.objective as? SynIB)
        #expect(synib.lambda == 0.5)
        // Same settings → same keys; the child-process arguments reproduce them.
        #expect(try Planner.plan(try GridOverrides(settings: ["training.epochs=5", "synib.lambda=0.5", "model.hidden=16"]).apply(to: smoke), in: .noRealData).cells.map(\.key)
                == changed.cells.map(\.key))
        #expect(overrides.arguments == ["--set", "training.epochs=5", "--set", "synib.lambda=0.5", "--set", "model.hidden=16"])
        for (text, key, phrase) in [("training.epoch=5", "training.epoch", "unknown key"), ("training.epochs=2.5", "training.epochs", "expected an integer"),
                                    ("synib.lambda=abc", "synib.lambda", "expected a number"), ("synib.mask_p=1.5", "synib.mask_p", "[0, 1]"),
                                    ("training.learning_rate=0", "training.learning_rate", "> 0"), ("training.epochs", "training.epochs", "KEY=VALUE")] {
            do {
                _ = try GridSetting(parsing: text)
                Issue.record("\(text) was accepted")
            } catch let e as GridSettingError {
                #expect(e.key == key && e.message.contains(phrase), "\(text): \(e)")
            }
        }
        // Every key plus `protocol`, which picks the protocol rather than changing a number.
        #expect(GridSetting.Key.allCases.count == 25 && GridSetting.documentation.split(separator: "\n").count == 26)
    }

    @Test("bench plan lists every cell missing, then done with its stored time after a run; JSON rows carry key, label, status")
    func planCommand() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("s.sqlite").path
        let common = ["--grid", "features", "--dataset", xor3Folder.path, "--set", "training.epochs=2", "--seeds", "0", "--store", store]
        let before = try BenchProcess.run(["plan"] + common + ["--format", "json"], in: dir)
        #expect(before.status == 0, "\(before.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any])
        let cells = try #require(doc["cells"] as? [[String: Any]])
        // seed 0: unimodal-0…2, ensemble, vanilla, synib-random, synib-learned
        #expect(cells.count == 7)
        #expect(cells.allSatisfy { ($0["status"] as? String) == "missing" && ($0["key"] as? String)?.count == 64 })
        #expect(cells.compactMap { $0["label"] as? String }.first == "xor3/unimodal-0/s0")
        let run = try BenchProcess.run(["run"] + common + ["--cache", BenchProcess.cache.path, "--jobs", "2"], in: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let after = try BenchProcess.run(["plan"] + common, in: dir)
        let lines = after.stdout.split(separator: "\n")
        #expect(lines.count == 8 && lines.prefix(7).allSatisfy { $0.hasPrefix("done") && !$0.contains(" ? ") })
        #expect(lines.last?.contains("7 done, 0 missing, 0 failed") == true)
        // The same keys in text and JSON.
        let keys = Set(cells.compactMap { $0["key"] as? String })
        #expect(lines.prefix(7).allSatisfy { keys.contains(String($0.split(separator: " ").last!)) })
        // Another --set: all missing, estimated from the stored durations of the same dataset and objective.
        let other = try BenchProcess.run(["plan"] + common + ["--set", "training.epochs=3"], in: dir)
        let otherLines = other.stdout.split(separator: "\n")
        #expect(otherLines.prefix(7).allSatisfy { $0.hasPrefix("missing") && !$0.contains(" ? ") })
        #expect(otherLines.last?.contains("0 done, 7 missing") == true && otherLines.last?.contains("without") == false)
        // Exactly: each missing cell's estimate is the stored wall time of the one done cell with its dataset and objective.
        func estimates(_ extra: [String]) throws -> [String: Double] {
            let out = try BenchProcess.run(["plan"] + common + extra + ["--format", "json"], in: dir).stdout
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])["cells"] as? [[String: Any]]
            return Dictionary(uniqueKeysWithValues: try #require(rows).map { ($0["label"] as! String, $0["estimated_seconds"] as! Double) })
        }
        let stored = try estimates([]), estimated = try estimates(["--set", "training.epochs=3"])
        #expect(stored.count == 7 && estimated == stored && stored.values.allSatisfy { $0 > 0 })
        let records = try RunStore(path: store).records(Array(keys))
        let walls = records.values.compactMap(\.wallSeconds).sorted(), shown = stored.values.sorted()
        #expect(walls.count == 7 && zip(walls, shown).allSatisfy { abs($0 - $1) < 1e-9 }, "JSON keeps the stored times (to rounding)")
    }

    @Test("own features to a table in one command: bench --grid features --dataset DIR; provenance real (folder); SynIB-free vanilla beats the unimodal models on XOR")
    func featuresGridEndToEnd() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("s.sqlite").path
        let r = try BenchProcess.run(["--grid", "features", "--dataset", xor3Folder.path, "--set", "training.epochs=25", "--seeds", "0",
                                      "--store", store, "--cache", BenchProcess.cache.path, "--out", dir.appendingPathComponent("f.md").path,
                                      "--jobs", "2"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("**xor3** — protocol: harness; provenance: real (folder)"))
        func accuracy(_ objective: String) -> Double? {
            r.stdout.split(separator: "\n").first { $0.hasPrefix("| \(objective) |") }
                .flatMap { Double($0.split(separator: "|")[1].trimmingCharacters(in: .whitespaces).split(separator: " ")[0].replacingOccurrences(of: "*", with: "")) }
        }
        let vanilla = try #require(accuracy("vanilla"))
        let unimodal = try (0..<3).map { try #require(accuracy("unimodal-\($0)")) }
        #expect(vanilla > 80, "XOR of two modalities is learned jointly")
        #expect(unimodal.allSatisfy { $0 < 65 }, "no single modality predicts an XOR label: \(unimodal)")
    }

    @Test("bad input through bench: not a folder → 64, unknown --set key → 64, bad contents → 1 naming the file; nothing trained")
    func badInputExitCodes() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("s.sqlite")
        func run(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            try BenchProcess.run(["run", "--grid", "features", "--store", store.path, "--cache", BenchProcess.cache.path] + args, in: dir)
        }
        let notFolder = try run(["--dataset", dir.appendingPathComponent("nope").path])
        #expect(notFolder.status == 64 && notFolder.stderr.contains("no such folder"))
        let noManifest = try run(["--dataset", dir.path])
        #expect(noManifest.status == 64 && noManifest.stderr.contains("no dataset.json"))
        let badKey = try run(["--dataset", xor3Folder.path, "--set", "training.epoch=2"])
        #expect(badKey.status == 64 && badKey.stderr.contains("--set training.epoch: unknown key"))
        let noDataset = try run([])
        #expect(noDataset.status == 64 && noDataset.stderr.contains("--dataset DIR"))
        let broken = try scratchXor3()
        try Data(#"{"name": "x", "modalities": ["audio", "video", "text"], "extra": 1}"#.utf8).write(to: broken.appendingPathComponent("dataset.json"))
        let badData = try run(["--dataset", broken.path])
        #expect(badData.status == 1 && badData.stderr.contains("\(broken.path)/dataset.json: extra: unknown field"))
        let train = try BenchProcess.run(["train", "--dataset", broken.path, "--objective", "vanilla", "--cache", BenchProcess.cache.path], in: dir)
        #expect(train.status == 1 && train.stderr.contains("dataset.json: extra: unknown field"))
        let modality = try BenchProcess.run(["train", "--dataset", xor3Folder.path, "--objective", "unimodal", "--modality", "3"], in: dir)
        #expect(modality.status == 64 && modality.stderr.contains("--modality must be in 0…2"))
        let stored = FileManager.default.fileExists(atPath: store.path) ? try RunStore(path: store.path).allRecords() : []
        #expect(stored.isEmpty, "nothing trained")
    }
}
