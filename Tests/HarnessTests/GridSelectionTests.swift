import Datasets
import Foundation
import Testing

/// Every command that names a grid sees the grid that was run (`--dataset`, `--set`), keys do not
/// depend on how a folder's path is spelled, and a selection that matches nothing says so.
@Suite("Grid selection on every command")
struct GridSelectionTests {
    /// The keys `bench plan` lists for `arguments`.
    static func plannedKeys(_ arguments: [String], in dir: URL) throws -> [String] {
        let r = try BenchProcess.run(["plan", "--format", "json"] + arguments, in: dir)
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return ((json?["cells"] as? [[String: Any]]) ?? []).compactMap { $0["key"] as? String }
    }

    @Test("--seeds that match no cell is a usage error naming the seeds the grid has, with the subcommand's usage")
    func seedsMatchingNothing() throws {
        let dir = try BenchProcess.temporaryDirectory()
        for command in ["plan", "report", "export", "compare", "run"] {
            let extra = command == "compare" ? ["--against", "x.sqlite"] : []
            let r = try BenchProcess.run([command, "--grid", "smoke", "--seeds", "5"] + extra, in: dir)
            #expect(r.status == 64, "\(command): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("--seeds 5: grid 'smoke' has no cells with these seeds; its seeds are 0, 1"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("Usage: bench \(command) "), "\(command): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("results").path))
    }

    @Test("export, compare, merge and slurm take --dataset and --set; compare with nothing in common exits 1")
    func everyCommandTakesDatasetAndSet() throws {
        let reference = try BenchProcess.smokeReference.get()
        let dir = try BenchProcess.temporaryDirectory()
        let same = try BenchProcess.run(["compare", "--grid", "smoke", "--store", reference.path, "--against", reference.path], in: dir)
        #expect(same.status == 0, "\(same.stderr)")
        let other = try BenchProcess.run(["compare", "--grid", "smoke", "--set", "training.epochs=3", "--store", reference.path,
                                          "--against", reference.path], in: dir)
        #expect(other.status == 1)
        #expect(other.stderr.contains("nothing to compare: no cell of grid 'smoke' has results in both"), "\(other.stderr)")
        // The features grid has no datasets of its own: each command now plans it with --dataset.
        let store = dir.appendingPathComponent("empty.sqlite").path
        let export = try BenchProcess.run(["export", "--grid", "features", "--dataset", xor3Folder.path, "--set", "training.epochs=1",
                                           "--store", store], in: dir)
        #expect(export.status == 2 && export.stderr.contains("no such file"), "\(export.stderr)")
        let merge = try BenchProcess.run(["merge", "--grid", "features", "--dataset", xor3Folder.path, "--store", store], in: dir)
        #expect(merge.status == 1 && merge.stdout.contains("grid features: 0 of 21 cells done"), "\(merge.stdout) \(merge.stderr)")
        let slurm = try BenchProcess.run(["slurm", "--grid", "features", "--dataset", xor3Folder.path, "--set", "training.epochs=1",
                                          "--tasks", "2", "--out", "job", "--store", store], in: dir)
        #expect(slurm.status == 0, "\(slurm.stderr)")
        let array = try String(contentsOf: dir.appendingPathComponent("job/array.sbatch"), encoding: .utf8)
        let merged = try String(contentsOf: dir.appendingPathComponent("job/merge.sbatch"), encoding: .utf8)
        for script in [array, merged] {
            #expect(script.contains("--dataset \(xor3Folder.standardizedFileURL.path) --set training.epochs=1"), "\(script)")
        }
    }

    @Test("report --control with an objective the grid lacks is a usage error naming the grid's objectives")
    func unknownReference() throws {
        let reference = try BenchProcess.smokeReference.get()
        let r = try BenchProcess.run(["report", "--grid", "smoke", "--store", reference.path, "--control", "foo"],
                                     in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 64)
        #expect(r.stderr.contains("--control: objective 'foo' is not in grid 'smoke'; expected one of unimodal-0, unimodal-1, ensemble, vanilla"),
                "\(r.stderr)")
        #expect(r.stderr.contains("Usage: bench report "))
    }

    @Test("a folder's cell keys do not depend on how its path is spelled")
    func keysIgnoreSpelling() throws {
        let root = try BenchProcess.temporaryDirectory()
        let work = root.appendingPathComponent("work"), x = root.appendingPathComponent("x")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: x, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: xor3Folder, to: x.appendingPathComponent("myfeat"))
        try FileManager.default.copyItem(at: xor3Folder, to: work.appendingPathComponent("myfeat"))
        let keys = try Self.plannedKeys(["--grid", "features", "--dataset", "myfeat"], in: work)
        #expect(keys.count == 21)
        for spelling in ["myfeat/", "./myfeat", work.appendingPathComponent("myfeat").path, "../x/myfeat"] {
            #expect(try Self.plannedKeys(["--grid", "features", "--dataset", spelling], in: work) == keys, "\(spelling)")
        }
    }

    @Test("bad arrays in a feature folder are refused by plan and run before anything trains, naming file and field")
    func badArraysAtPlanTime() throws {
        let dir = try scratchXor3()
        let audio = dir.appendingPathComponent("train/audio.npy")
        var values = try NpyFormat.read(url: audio).floats()
        let shape = try NpyFormat.read(url: audio).shape
        values[5] = .nan
        try NpyFormat.write(NpyArray(values, shape: shape), to: audio)
        let work = try BenchProcess.temporaryDirectory()
        for command in [["plan"], ["run", "--store", "s.sqlite", "--cache", BenchProcess.cache.path], ["--store", "s.sqlite"]] {
            let r = try BenchProcess.run(command + ["--grid", "features", "--dataset", dir.path], in: work)
            #expect(r.status == 1, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("\(audio.path): audio: contains NaN at row 0"), "\(command): \(r.stderr)")
            #expect(!r.stderr.contains("failed"), "\(command): cells ran: \(r.stderr)")
        }
        // A wrong row count too.
        try NpyFormat.write(NpyArray([Float](repeating: 0, count: (shape[0] - 1) * shape[1]), shape: [shape[0] - 1, shape[1]]), to: audio)
        let rows = try BenchProcess.run(["plan", "--grid", "features", "--dataset", dir.path], in: work)
        #expect(rows.status == 1 && rows.stderr.contains("audio.npy") && rows.stderr.contains("rows but labels.npy has"), "\(rows.stderr)")
    }

    @Test("two folders with the same manifest name: one complete line naming both folders")
    func sameManifestName() throws {
        let a = try scratchXor3()
        let b = try scratchXor3()
        let labels = b.appendingPathComponent("train/labels.npy")
        var values = try NpyFormat.read(url: labels).ints()
        values[0] = 1 - values[0]
        try NpyFormat.write(NpyArray(values, shape: [values.count]), to: labels)
        let r = try BenchProcess.run(["plan", "--grid", "features", "--dataset", a.path, "--dataset", b.path],
                                     in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 2)
        #expect(r.stderr.contains("feature folders \(a.path) and \(b.path) both have \"name\": \"xor3\" in dataset.json; give them distinct names there"),
                "\(r.stderr)")
    }
}
