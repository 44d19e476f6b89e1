import Datasets
import Experiments
import Foundation
@testable import Harness
import Testing
import Tensors

/// The environment of a child `bench` without any kernel choice of ours or the caller's.
private func cleanEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    for key in [BLASKernel.coreTypeVariable, BLASKernel.requestVariable, RunEnvironment.codeVersionVariable, "SYNIB_DATA"] { environment[key] = nil }
    return environment.merging(extra) { $1 }
}

/// A JSON object printed on one line.
private func jsonObject(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw TestFailure("not a JSON object: \(text)")
    }
    return object
}

/// Whether this CPU can run the pinned kernel (x86-64 with AVX2).
private let pinnable = CPUFeatures.current.isX86_64 && CPUFeatures.current.avx2

/// The BLAS kernel pin, provenance, data-aware keys and grids resolved against the run.
@Suite struct ReproducibilityTests {
    /// Three training steps of the PID-XOR SynIB-oracle model (`bench speed`), run as child processes.
    private func step(_ extra: [String], environment: [String: String]) throws -> [String: Any] {
        let dir = try BenchProcess.temporaryDirectory()
        let r = try BenchProcess.run(["speed", "--model", "pid-xor", "--objective", "synib-oracle", "--hidden", "64",
                                      "--steps", "3", "--warmup", "0"] + extra, in: dir, environment: environment)
        #expect(r.status == 0, "bench speed failed: \(r.stderr)")
        return try jsonObject(r.stdout)
    }

    /// The default pins OpenBLAS to Haswell (re-executing itself before the library loads), and a
    /// training step under the default equals the step under the explicitly forced kernel bit for bit.
    /// Where OpenBLAS's own choice is another kernel (e.g. Cooperlake on AVX-512), its step differs:
    /// the fingerprint sees the kernel, so losing the pin would fail this test on such a machine.
    @Test(.enabled(if: pinnable, "the pin needs x86-64 with AVX2"))
    func defaultStepIsThePinnedKernelBitForBit() throws {
        let pinned = try step([], environment: cleanEnvironment())
        #expect(pinned["blas_kernel"] as? String == BLASKernel.pinnedCoreType)
        #expect(pinned["blas_kernel_source"] as? String == "pinned")
        let forced = try step([], environment: cleanEnvironment([BLASKernel.coreTypeVariable: "Haswell"]))
        #expect(forced["blas_kernel"] as? String == "Haswell")
        #expect(forced["blas_kernel_source"] as? String == "environment")
        let digest = try #require(pinned["result_sha256"] as? String)
        #expect(digest.count == 64)
        #expect(forced["result_sha256"] as? String == digest)
        // --blas-kernel Haswell names the same kernel: same bits, recorded as the name.
        let named = try step(["--blas-kernel", "haswell"], environment: cleanEnvironment())
        #expect(named["blas_kernel_source"] as? String == "Haswell" && named["result_sha256"] as? String == digest)
        let native = try step(["--blas-kernel", "native"], environment: cleanEnvironment())
        #expect(native["blas_kernel_source"] as? String == "native")
        if native["blas_kernel"] as? String != "Haswell" {
            #expect(native["result_sha256"] as? String != digest, "kernel \(native["blas_kernel"] ?? "?") gave the pinned bits")
        }
    }

    /// `--blas-kernel fastest` takes an AVX-512 family where the CPU has AVX-512; a named kernel is
    /// taken as named; an unknown name is a usage error (exit 64) naming the choices.
    @Test(.enabled(if: pinnable, "kernel choice on x86-64 with AVX2 only"))
    func kernelChoices() throws {
        let fastest = try step(["--blas-kernel", "fastest"], environment: cleanEnvironment())
        let expected = CPUFeatures.current.avx512 ? ["SkylakeX", "Cooperlake"] : ["Haswell", "Zen"]
        #expect(expected.contains(fastest["blas_kernel"] as? String ?? ""), "\(fastest)")
        #expect(fastest["blas_kernel_source"] as? String == "fastest")
        let generic = try BenchProcess.run(["speed", "--model", "sgemm", "--hidden", "32", "--steps", "1", "--warmup", "0",
                                            "--blas-kernel", "Prescott"], in: try BenchProcess.temporaryDirectory(),
                                           environment: cleanEnvironment())
        #expect(generic.status == 0)
        #expect(try jsonObject(generic.stdout)["blas_kernel"] as? String == "Prescott")
        #expect(generic.stderr.contains("WARNING: OpenBLAS runs its generic Prescott kernel"), "\(generic.stderr)")
        let bad = try BenchProcess.run(["speed", "--blas-kernel", "pentium"], in: try BenchProcess.temporaryDirectory(),
                                       environment: cleanEnvironment())
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("pentium"))
    }

    /// A grid run's child `bench cell` processes run pinned and every stored cell records its
    /// environment; the `.sqlite` file alone holds every row after the run (checkpointed), even
    /// while another connection keeps the store open; the report ends with the provenance.
    @Test(.enabled(if: pinnable, "the pin needs x86-64 with AVX2"))
    func gridCellsRecordTheirEnvironmentAndTheStoreIsCheckpointed() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let storeURL = dir.appendingPathComponent("store.sqlite")
        // A reader that stays open during the run: without a checkpoint, the rows would stay in the -wal file.
        let reader = try RunStore(path: storeURL.path)
        let r = try BenchProcess.run(["run", "--grid", "smoke", "--seeds", "0", "--jobs", "2", "--store", storeURL.path,
                                      "--cache", BenchProcess.cache.path], in: dir, environment: cleanEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
        let wal = (try? FileManager.default.attributesOfItem(atPath: storeURL.path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0, "the -wal file still holds \(wal) bytes")
        let copy = dir.appendingPathComponent("alone.sqlite")
        try FileManager.default.copyItem(at: storeURL, to: copy)
        let records = try RunStore(path: copy.path).allRecords()
        let planned = try Planner.plan(try registry.grid(named: "smoke"), in: .noRealData).restricted(toSeeds: [0]).cells.count
        #expect(records.count == planned && planned > 0)
        #expect(records.allSatisfy { $0.status == .done })
        for record in records {
            let text = try #require(record.environment, "cell \(record.key) has no environment")
            let environment = try JSONDecoder().decode(RunEnvironment.self, from: Data(text.utf8))
            #expect(environment.blasKernel == "Haswell" && environment.blasKernelSource == "pinned")
            #expect(environment.code.hasPrefix("git:") && environment.commit?.count == 40)
            #expect(environment.code == RunEnvironment.current.code, "cell processes carry the runner's code version")
            #expect(environment.openblas != "unknown" && !environment.cpu.isEmpty && !environment.os.isEmpty)
            #expect(environment.startedAt != nil && environment.finishedAt != nil)
            guard case .standIn(let generator, let parameters, _)? = environment.data else {
                Issue.record("cell \(record.key): no generator recorded"); continue
            }
            #expect(generator == "pid-xor" && parameters["sizes"] != nil)
        }
        withExtendedLifetime(reader) {}
        let report = try BenchProcess.run(["report", "--grid", "smoke", "--seeds", "0", "--store", copy.path], in: dir,
                                          environment: cleanEnvironment())
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("## Provenance"))
        #expect(report.stdout.contains("\(planned) cell(s): code git:"))
        #expect(report.stdout.contains("Haswell (pinned)"))
        #expect(!report.stdout.contains("⚠"))
        let again = try BenchProcess.run(["report", "--grid", "smoke", "--seeds", "0", "--store", copy.path], in: dir,
                                         environment: cleanEnvironment())
        #expect(again.stdout == report.stdout)
        let json = try BenchProcess.run(["report", "--grid", "smoke", "--seeds", "0", "--store", copy.path, "--format", "json"],
                                        in: dir, environment: cleanEnvironment())
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(document["rows"] as? [[String: Any]])
        #expect(!rows.isEmpty)
        #expect(document["provenance"] == nil && !json.stdout.contains("\"cpu\""), "the JSON report is machine-independent")
        for row in rows {
            #expect((row["blas_kernels"] as? [String]) == ["Haswell"])
            #expect((row["code_versions"] as? [String])?.count == 1)
        }
    }

    /// A copy of the real-format fixture files (MOSI, MUStARD, Hateful Memes, CREMA-D) as a data directory.
    private func fixtureData() throws -> URL {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/data")
        let copy = try BenchProcess.temporaryDirectory().appendingPathComponent("data")
        try FileManager.default.copyItem(at: source, to: copy)
        return copy
    }

    /// `--data DIR` and `SYNIB_DATA=DIR` plan the same cells (`bench slurm` lists the plan's
    /// cells without training); without the files the paper grid plans other cells (stand-ins).
    /// The code version is the last commit that changed code: committing results or docs keeps it
    /// (so a fresh clone reproduces committed results byte for byte), and so does a results file
    /// rewritten during a run; changing code makes it dirty, committing code moves it.
    @Test func codeVersionIgnoresResultsAndDocumentation() throws {
        let repo = try BenchProcess.temporaryDirectory().appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("Sources"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("results"), withIntermediateDirectories: true)
        func git(_ arguments: String...) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["git", "-C", repo.path, "-c", "user.name=t", "-c", "user.email=t@t"] + arguments
            p.standardOutput = FileHandle.nullDevice
            try p.run(); p.waitUntilExit()
            #expect(p.terminationStatus == 0, "git \(arguments)")
        }
        func write(_ path: String, _ text: String) throws { try Data(text.utf8).write(to: repo.appendingPathComponent(path)) }
        try git("init", "-q")
        try write("Sources/a.swift", "1"); try write("results/paper.json", "a"); try write("README.md", "a")
        try git("add", "."); try git("commit", "-qm", "code")
        let first = RunEnvironment.codeVersion(at: repo)
        #expect(first.commit?.count == 40 && first.dirty == false)
        try write("results/paper.json", "b"); try write("README.md", "b")
        #expect(RunEnvironment.codeVersion(at: repo).dirty == false, "results and docs do not make code dirty")
        try git("commit", "-qam", "results")
        #expect(RunEnvironment.codeVersion(at: repo).commit == first.commit, "a results commit keeps the code version")
        try write("Sources/a.swift", "2")
        #expect(RunEnvironment.codeVersion(at: repo).dirty == true)
        try git("commit", "-qam", "code again")
        let second = RunEnvironment.codeVersion(at: repo)
        #expect(second.commit != first.commit && second.dirty == false)
        #expect(RunEnvironment.codeVersion(at: repo.deletingLastPathComponent()).commit == nil)
    }

    /// A runner hands its code version to its cell processes in one variable; what it writes
    /// reads back unchanged, and anything else is refused (the cell then asks git itself).
    @Test func inheritedCodeVersionRoundTrips() {
        let commit = String(repeating: "ab", count: 20)
        for version: (String?, Bool?) in [(commit, false), (commit, true), (commit, nil), (nil, nil)] {
            let decoded = RunEnvironment.inheritedCodeVersion(RunEnvironment.encodeCodeVersion(version))
            #expect(decoded?.commit == version.0 && decoded?.dirty == version.1)
        }
        #expect(RunEnvironment.encodeCodeVersion((commit, true)) == commit + ":dirty")
        for bad in [nil, "", "abc:clean", commit, commit + ":maybe", commit + ":clean:x", String(repeating: "g", count: 40) + ":clean"] {
            #expect(RunEnvironment.inheritedCodeVersion(bad) == nil, "\(bad ?? "nil")")
        }
    }

    @Test func dataOptionAndEnvironmentPlanTheSameCells() throws {
        let data = try fixtureData()
        func cells(_ arguments: [String], _ environment: [String: String]) throws -> [String] {
            let dir = try BenchProcess.temporaryDirectory()
            let r = try BenchProcess.run(["slurm", "--grid", "paper", "--tasks", "2", "--out", dir.appendingPathComponent("job").path,
                                          "--store", dir.appendingPathComponent("s.sqlite").path,
                                          "--cache", dir.appendingPathComponent("cache").path] + arguments,
                                         in: dir, environment: cleanEnvironment(environment))
            #expect(r.status == 0, "\(r.stderr)")
            return try String(contentsOf: dir.appendingPathComponent("job/cells.txt"), encoding: .utf8)
                .split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        }
        let byOption = try cells(["--data", data.path], [:])
        let byEnvironment = try cells([], ["SYNIB_DATA": data.path])
        let without = try cells([], [:])
        #expect(byOption.count > 200)
        #expect(byOption == byEnvironment, "\(Set(byOption).symmetricDifference(byEnvironment).count) cells differ")
        #expect(Set(byOption) != Set(without))
        // The planner agrees: the fixture benchmarks are real under DIR, stand-ins without it.
        let plan = try Planner.plan(try registry.grid(named: "paper"), in: GridContext(dataDirectory: data))
        #expect(Set(plan.cells.map(\.key.hex)) == Set(byOption), "the planner and bench slurm disagree")
        #expect(plan.cells.contains { $0.spec.dataFiles?["sarcasm.pkl"] != nil })
        #expect(!plan.cells.contains { if case .standInScaled(let base, _, _) = $0.spec.dataset { base == .mustard } else { false } })
    }

    /// Replacing one real file changes the keys of exactly the cells that read it (so exactly those
    /// rerun) and its feature-cache key; every other cell keeps its key.
    @Test func replacingADataFileChangesExactlyItsCells() throws {
        let data = try fixtureData()
        let context = GridContext(dataDirectory: data)
        let before = try Planner.plan(try registry.grid(named: "paper"), in: context)
        let file = data.appendingPathComponent("sarcasm.pkl")
        var bytes = try Data(contentsOf: file)
        bytes.append(0x2E)  // a trailing "." (pickle STOP is already read; the content hash changes)
        try bytes.write(to: file)
        let after = try Planner.plan(try registry.grid(named: "paper"), in: context)
        let changed = Set(before.cells.map(\.key)).subtracting(after.cells.map(\.key))
        let mustard = before.cells.filter { $0.spec.dataset == .mustard }
        #expect(!mustard.isEmpty)
        #expect(changed == Set(mustard.map(\.key)))
        #expect(before.cells.count == after.cells.count)
        // The feature cache key holds the files' hashes too.
        #expect(try context.fileHashes(.mustard) != nil)
        let hashBefore = try #require(before.cells.first { $0.spec.dataset == .mustard }?.spec.dataFiles?["sarcasm.pkl"])
        #expect(hashBefore != (try context.fileHashes(.mustard)?["sarcasm.pkl"]))
        #expect(try context.fileHashes(.mustard)?["sarcasm.pkl"] == FileHashing.sha256Hex(of: file))
    }

    /// `--require-real` fails before training, listing every missing benchmark and where it was
    /// looked for; a `--data` directory that does not exist is a usage error.
    @Test func requireRealAndMissingDataDirectory() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("s.sqlite")
        let r = try BenchProcess.run(["run", "--grid", "paper", "--require-real", "--store", store.path,
                                      "--cache", dir.appendingPathComponent("cache").path], in: dir,
                                     environment: cleanEnvironment())
        #expect(r.status == 1)
        for name in ["mosi", "ur-funny", "mustard", "hateful-memes", "cremad-irony"] {
            #expect(r.stderr.contains("\(name): real files not found under"), "\(name) missing from: \(r.stderr)")
        }
        #expect(r.stderr.contains("sarcasm.pkl"))
        #expect((try? RunStore(path: store.path).allRecords().count) ?? 0 == 0)
        // With the files present the same command plans real cells and gets past the check.
        let data = try fixtureData()
        let listed = try BenchProcess.run(["slurm", "--grid", "paper", "--tasks", "2", "--require-real", "--data", data.path,
                                           "--out", dir.appendingPathComponent("job").path, "--store", store.path],
                                          in: dir, environment: cleanEnvironment())
        #expect(listed.status == 1)  // UR-FUNNY has no fixture file
        #expect(listed.stderr.contains("ur-funny") && !listed.stderr.contains("mustard:"))
        let missing = try BenchProcess.run(["run", "--grid", "smoke", "--data", dir.appendingPathComponent("nope").path,
                                            "--store", store.path], in: dir, environment: cleanEnvironment())
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--data: directory") && missing.stderr.contains("nope"))
        let train = try BenchProcess.run(["train", "--dataset", "mosi", "--objective", "vanilla", "--require-real"],
                                         in: dir, environment: cleanEnvironment())
        #expect(train.status != 0)
        #expect(train.stderr.contains("--require-real") && train.stderr.contains("mosi_raw.pkl"))
    }

    /// A table whose cells ran under different code versions or kernels gets a warning line; the
    /// footer lists each environment with its cell count; cells without an environment are counted.
    @Test func reportProvenanceWarnsAboutMixedTables() throws {
        func environment(_ commit: String, _ kernel: String) throws -> String {
            var e = RunEnvironment.current.with(started: Date(timeIntervalSince1970: 0), finished: nil, data: nil)
            e.code = "git:\(commit)"; e.commit = commit; e.blasKernel = kernel
            return try e.canonicalJSON()
        }
        func record(_ key: String, _ environment: String?) -> CellRecord {
            CellRecord(key: key, grid: "g", dataset: "d", objective: "o", seed: 0, hyperparameters: "{}", status: .done,
                       environment: environment)
        }
        let records = [
            record("a1", try environment("aaa", "Haswell")), record("a2", try environment("aaa", "Haswell")),
            record("b1", try environment("aaa", "Haswell")), record("b2", try environment("bbb", "Cooperlake")),
            record("c1", nil),
        ]
        let provenance = ReportProvenance(records: records, tableOf: ["a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "A"])
        #expect(provenance.warnings["A"] == nil)
        let warning = try #require(provenance.warnings["B"])
        #expect(warning.contains("code versions git:aaa, git:bbb") && warning.contains("BLAS kernels Cooperlake, Haswell"))
        #expect(provenance.environments.map(\.cells) == [3, 1])
        #expect(provenance.cellsWithoutEnvironment == 1)
        #expect(provenance.lines.count == 3 && provenance.lines[0].hasPrefix("3 cell(s): code git:aaa; OpenBLAS "))
        #expect(ReportProvenance(records: records.reversed(), tableOf: ["b1": "B", "b2": "B"]).lines == provenance.lines)
    }

    /// A real benchmark's cell runs from its files (child process, `--data`), stores `real` and
    /// records in its environment the SHA-256 of the files its key holds.
    @Test func realCellRecordsTheHashesOfItsKey() throws {
        let data = try fixtureData()
        let plan = try Planner.plan(try registry.grid(named: "paper"), in: GridContext(dataDirectory: data))
        let cell = try #require(plan.cells.first { $0.spec.dataset == .mustard && $0.dependencies.isEmpty })
        let planned = try #require(cell.spec.dataFiles)
        let dir = try BenchProcess.temporaryDirectory()
        let list = dir.appendingPathComponent("cells.txt")
        try (cell.key.hex + "\n").write(to: list, atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("s.sqlite")
        let r = try BenchProcess.run(["run", "--grid", "paper", "--data", data.path, "--cells", list.path, "--jobs", "1",
                                      "--store", store.path, "--cache", dir.appendingPathComponent("cache").path],
                                     in: dir, environment: cleanEnvironment())
        #expect(r.status == 0, "\(r.stderr)")
        let record = try #require(try RunStore(path: store.path).records([cell.key.hex])[cell.key.hex])
        #expect(record.status == .done && record.provenance == "real")
        let environment = try JSONDecoder().decode(RunEnvironment.self, from: Data(try #require(record.environment).utf8))
        guard case .real(let files)? = environment.data else { Issue.record("no real files recorded"); return }
        #expect(files.values.sorted() == planned.values.sorted())
        #expect(planned["sarcasm.pkl"] == (try FileHashing.sha256Hex(of: data.appendingPathComponent("sarcasm.pkl"))))
    }
}
