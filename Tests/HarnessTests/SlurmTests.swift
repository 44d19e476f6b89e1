import Datasets
import Experiments
import Foundation
import Harness
import Testing

/// Golden files for the generated batch scripts live in Golden/ next to this file;
/// `UPDATE_GOLDEN=1` rewrites them.
enum SlurmGolden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(text == expected, "\(name) differs from the golden file (UPDATE_GOLDEN=1 to accept)", sourceLocation: sourceLocation)
    }
}

/// `bench slurm`: the generated scripts (golden), option checks, sbatch output parsing.
@Suite struct SlurmJobTests {
    static let full = SlurmJob.Options(
        grid: "paper", tasks: 8, partition: "gpu", time: "2:00:00", cpusPerTask: 4, mem: "8G",
        directory: "/scratch/my runs/paper", bench: "/opt/synib bench/bin/bench", store: "/scratch/my runs/bench.sqlite",
        cache: "/scratch/cache/features", data: "/data/it's here")
    static let minimal = SlurmJob.Options(
        grid: "smoke", tasks: 1, directory: "/tmp/slurm-smoke", bench: "/usr/local/bin/bench",
        store: "/tmp/slurm-smoke/main.sqlite", cache: "/tmp/cache", data: "/tmp/data")

    @Test func scriptsMatchTheGoldenFiles() throws {
        let full = try SlurmJob(Self.full), minimal = try SlurmJob(Self.minimal)
        try SlurmGolden.check(full.arrayScript, "slurm-paper-array.sbatch")
        try SlurmGolden.check(full.mergeScript, "slurm-paper-merge.sbatch")
        try SlurmGolden.check(minimal.arrayScript, "slurm-smoke-array.sbatch")
        try SlurmGolden.check(minimal.mergeScript, "slurm-smoke-merge.sbatch")
        try SlurmGolden.check(full.submitCommands, "slurm-paper-submit.sh")
        #expect(full.arrayScript.contains("#SBATCH --array=0-7\n"))
        #expect(minimal.arrayScript.contains("#SBATCH --array=0-0\n"))
        #expect(!minimal.arrayScript.contains("--partition"))
        #expect(full.mergeSubmitArguments(afterArrayJob: "42")
                == ["--parsable", "--chdir=/scratch/my runs/paper", "--dependency=afterany:42", "/scratch/my runs/paper/merge.sbatch"])
    }

    /// The scripts are valid bash, and the quoted paths come out as given (a path with a space and a quote).
    @Test func scriptsParseAndQuotePaths() throws {
        let job = try SlurmJob(Self.full)
        for script in [job.arrayScript, job.mergeScript] {
            let r = try shell(["-n", "-c", script])
            #expect(r.status == 0, "\(r.output)")
        }
        let echoed = try shell(["-c", "printf '%s\\n' " + ["/scratch/my runs/x", "/data/it's here", "a$b"].map(SlurmJob.shellQuote).joined(separator: " ")])
        #expect(echoed.output == "/scratch/my runs/x\n/data/it's here\na$b\n")
    }

    @Test func badOptionsAreRejectedNamingTheOption() {
        func message(_ change: (inout SlurmJob.Options) -> Void) -> String {
            var o = Self.minimal
            change(&o)
            do { _ = try SlurmJob(o); return "" } catch { return "\(error)" }
        }
        #expect(message { $0.tasks = 0 }.contains("--tasks"))
        #expect(message { $0.cpusPerTask = 0 }.contains("--cpus-per-task"))
        #expect(message { $0.partition = "a b" }.contains("--partition"))
        #expect(message { $0.time = "" }.contains("--time"))
        #expect(message { $0.mem = "4G\"" }.contains("--mem"))
        #expect(message { $0.store = "rel/bench.sqlite" }.contains("--store"))
        #expect(message { $0.grid = "a b" }.contains("--grid"))
        #expect(message { _ in }.isEmpty)
    }

    @Test func jobIDsAreParsed() throws {
        #expect(try SlurmJob.jobID(fromSbatchOutput: "123\n") == "123")
        #expect(try SlurmJob.jobID(fromSbatchOutput: "4567;cluster\n") == "4567")
        #expect(try SlurmJob.jobID(fromSbatchOutput: "Submitted batch job 89\n") == "89")
        #expect(try SlurmJob.jobID(fromSbatchOutput: "sbatch: warning: x\n90") == "90")
        #expect(throws: HarnessError.self) { try SlurmJob.jobID(fromSbatchOutput: "sbatch: error: invalid partition") }
        #expect(throws: HarnessError.self) { try SlurmJob.jobID(fromSbatchOutput: "") }
    }

    @Test func cellListsRoundTripAndRejectBadLines() throws {
        let plan = try Planner.plan(try registry.grid(named: "smoke"), in: .noRealData)
        let keys = plan.cells.map(\.key)
        let text = CellList.render(keys, comments: ["a comment"])
        #expect(try CellList.parse(text, path: "x") == keys.sorted())
        #expect(throws: HarnessError.self) { try CellList.parse("abc\n", path: "x") }
        let dir = try BenchProcess.temporaryDirectory()
        let file = dir.appendingPathComponent("cells.txt")
        try Data((text + String(repeating: "f", count: 64) + "\n").utf8).write(to: file)
        do {
            _ = try CellList.read(file.path, plan: plan)
            Issue.record("an unknown key was accepted")
        } catch {
            #expect("\(error)".contains(file.path) && "\(error)".contains("not cells of grid smoke"))
        }
    }

    /// Runs bash with `arguments`; returns status and combined output.
    func shell(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// `bench slurm` end to end without Slurm: the generated array tasks and merge script run with
/// bash (as Slurm would run them), one task killed mid-run; a fake sbatch for `--submit`.
@Suite(.serialized) struct SlurmCommandTests {
    static let smokePlan = Result { try Planner.plan(try registry.grid(named: "smoke"), in: .noRealData) }

    /// Runs `script` with bash as array task `task` (or as the merge job when nil), in the job directory.
    static func startScript(_ script: String, task: Int?, in dir: URL, log: URL) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script]
        p.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_ARRAY_TASK_ID"] = task.map(String.init)
        p.environment = environment
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        return p
    }

    static func runScript(_ script: String, task: Int?, in dir: URL) throws -> (status: Int32, output: String) {
        let log = dir.appendingPathComponent("log-\(UUID().uuidString)")
        let p = try startScript(script, task: task, in: dir, log: log)
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))
    }

    static func doneKeys(_ path: String) throws -> Set<String> {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return Set(try RunStore(path: path).allRecords().filter { $0.status == .done }.map(\.key))
    }

    @Test func killedArrayTaskIsReportedMissingAndASecondRoundCompletesIt() throws {
        let plan = try Self.smokePlan.get()
        let reference = try RunStore(path: try EndToEndTests.reference.get().path)
        let root = try BenchProcess.temporaryDirectory()
        let dir = root.appendingPathComponent("job dir")   // a space: the scripts must quote paths
        let main = root.appendingPathComponent("main store.sqlite")
        let tasks = 3
        let common = ["slurm", "--grid", "smoke", "--tasks", "\(tasks)", "--out", dir.path, "--store", main.path,
                      "--cache", BenchProcess.cache.path]

        // Round 1: every cell listed; scripts written, not submitted.
        let first = try BenchProcess.run(common, in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("20 of 20 cells to run"), "\(first.stdout)")
        #expect(first.stdout.contains("sbatch --parsable"))
        let cellList = dir.appendingPathComponent("cells.txt").path
        let listed1 = try CellList.parse(try String(contentsOfFile: cellList, encoding: .utf8), path: cellList)
        #expect(Set(listed1) == Set(plan.cells.map(\.key)))

        // Smoke cells take milliseconds, so the kill must not race them: another (live, remote)
        // runner holds the claims on two cells of one task — an ensemble (its unimodal members
        // are run by the task itself) and one more cell nothing depends on. The task runs
        // everything else, then waits for the held cells; it is killed while it waits.
        let shares = try (1...tasks).map { try Shard(index: $0, count: tasks).share(of: listed1) }
        #expect(shares.map(\.count).sorted() == [6, 7, 7])
        func objective(_ key: CellKey) -> String { plan.cell(key)?.objectiveName ?? "" }
        let victim = try #require(shares.firstIndex { $0.contains { objective($0) == "ensemble" } })
        let victimShard = try Shard(index: victim + 1, count: tasks)
        let ensemble = try #require(shares[victim].first { objective($0) == "ensemble" })
        let other = try #require(shares[victim].last { objective($0) != "ensemble" && !objective($0).hasPrefix("unimodal") })
        let held = [ensemble, other]
        let array = dir.appendingPathComponent("array.sbatch").path
        for task in 0..<tasks where task != victim {
            let r = try Self.runScript(array, task: task, in: dir)
            #expect(r.status == 0, "task \(task): \(r.output)")
        }
        let victimStore = dir.appendingPathComponent("shard-\(victim).sqlite").path
        let executor = CellExecutor(loader: DatasetLoader(dataDirectory: BenchProcess.cache, cache: nil))
        for key in held {
            let record = executor.record(try #require(plan.cell(key)), status: .running, error: nil, started: Date())
            #expect(try RunStore(path: victimStore).claim(record, owner: "elsewhere.example/1/test", timeout: 600) == .claimed)
        }
        let victimCells = plan.restricted(toCells: listed1, shard: victimShard).cells.count
        let process = try Self.startScript(array, task: victim, in: dir, log: dir.appendingPathComponent("victim.log"))
        let deadline = Date().addingTimeInterval(180)
        while process.isRunning && Date() < deadline && (try? Self.doneKeys(victimStore).count) ?? 0 < victimCells - held.count {
            usleep(20_000)
        }
        #expect(process.isRunning, "task \(victim) finished although two of its cells were held")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        usleep(300_000)  // its cell child notices the dead parent within 50 ms

        // The merge job merges what exists, lists the missing cells, exits 1, still writes the report.
        let merge1 = try Self.runScript(dir.appendingPathComponent("merge.sbatch").path, task: nil, in: dir)
        #expect(merge1.status == 1, "\(merge1.output)")
        let done1 = try Self.doneKeys(main.path)
        let missing = Set(plan.cells.map(\.key.hex)).subtracting(done1)
        #expect(missing == Set(held.map(\.hex)))
        #expect(merge1.output.contains("grid smoke: \(done1.count) of 20 cells done"), "\(merge1.output)")
        for key in missing { #expect(merge1.output.contains("missing ") && merge1.output.contains(key), "\(key) not reported") }
        #expect(merge1.output.components(separatedBy: "  missing ").count - 1 == missing.count)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.md").path))
        // Every finished cell of every task reached the main store.
        var finished: Set<String> = []
        for task in 0..<tasks { finished.formUnion(try Self.doneKeys(dir.appendingPathComponent("shard-\(task).sqlite").path)) }
        #expect(finished == done1)

        // Round 2: only the missing cells are listed; the old shard stores were folded in and removed.
        let second = try BenchProcess.run(common, in: root)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("\(missing.count) of 20 cells to run (\(done1.count) already done"), "\(second.stdout)")
        let listed2 = try CellList.parse(try String(contentsOfFile: cellList, encoding: .utf8), path: cellList)
        #expect(Set(listed2.map(\.hex)) == missing)
        // The missing cells (the killed task's) are spread over the tasks again: one task per
        // cell when fewer cells than tasks are left.
        let tasks2 = min(tasks, missing.count)
        #expect(second.stdout.contains("in \(tasks2) array task(s)"), "\(second.stdout)")
        let shares2 = try (1...tasks2).map { try Shard(index: $0, count: tasks2).share(of: listed2).count }
        #expect(shares2.max()! - shares2.min()! <= 1, "\(shares2)")
        #expect(!FileManager.default.fileExists(atPath: victimStore))
        let before = try RunStore(path: main.path).records(Array(done1))
        for task in 0..<tasks2 {
            let r = try Self.runScript(array, task: task, in: dir)
            #expect(r.status == 0, "task \(task): \(r.output)")
        }
        // No shard reran a cell that was already done in the main store.
        for task in 0..<tasks2 {
            let path = dir.appendingPathComponent("shard-\(task).sqlite").path
            for r in try RunStore(path: path).allRecords() where done1.contains(r.key) {
                #expect(r.startedAt == before[r.key]?.startedAt, "\(r.objective) s\(r.seed) was rerun by task \(task)")
            }
        }
        let merge2 = try Self.runScript(dir.appendingPathComponent("merge.sbatch").path, task: nil, in: dir)
        #expect(merge2.status == 0, "\(merge2.output)")
        #expect(merge2.output.contains("grid smoke: 20 of 20 cells done"))
        try expectSameResults(try RunStore(path: main.path), reference)

        // Round 3: nothing left to schedule.
        let third = try BenchProcess.run(common, in: root)
        #expect(third.status == 0 && third.stdout.contains("all 20 cells are done"), "\(third.stdout)")
    }

    @Test func moreTasksThanCellsAreCutToOnePerCell() throws {
        let root = try BenchProcess.temporaryDirectory()
        let job = root.appendingPathComponent("job")
        let result = try BenchProcess.run(["slurm", "--grid", "smoke", "--tasks", "50", "--out", job.path,
                                           "--store", root.appendingPathComponent("main.sqlite").path], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("--tasks 50 is more than the 20 cells to run: using 20 array task(s)"), "\(result.stderr)")
        #expect(result.stdout.contains("20 of 20 cells to run") && result.stdout.contains("in 20 array task(s)"), "\(result.stdout)")
        let script = try String(contentsOf: job.appendingPathComponent("array.sbatch"), encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-19\n"), "\(script)")
        #expect(script.contains("--shard \"$((task + 1))/20\""), "shards must be counted out of 20: \(script)")
    }

    @Test func submitUsesSbatchAndReportsItsFailures() throws {
        let root = try BenchProcess.temporaryDirectory()
        let calls = root.appendingPathComponent("calls.txt")
        let fake = root.appendingPathComponent("sbatch")
        func makeFake(_ body: String) throws {
            try Data("#!/bin/bash\nprintf '%s\\n' \"$*\" >> '\(calls.path)'\n\(body)\n".utf8).write(to: fake)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        }
        let args = ["slurm", "--grid", "smoke", "--tasks", "2", "--out", root.appendingPathComponent("job").path,
                    "--store", root.appendingPathComponent("main.sqlite").path, "--submit", "--sbatch", fake.path]
        try makeFake("if [[ \"$*\" == *afterany* ]]; then echo '78;cluster'; else echo 77; fi")
        let ok = try BenchProcess.run(args, in: root)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("array job 77") && ok.stdout.contains("merge job 78"), "\(ok.stdout)")
        let lines = try String(contentsOf: calls, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.contains("--dependency=afterany:77") == true)

        try makeFake("echo 'sbatch: error: Invalid partition name specified' >&2; exit 1")
        let failed = try BenchProcess.run(args, in: root)
        #expect(failed.status == 2 && failed.stderr.contains("Invalid partition name"), "\(failed.stderr)")
        try makeFake("echo 'something unexpected'")
        let garbled = try BenchProcess.run(args, in: root)
        #expect(garbled.status == 2 && garbled.stderr.contains("no job id") && garbled.stderr.contains("something unexpected"))
        let missing = try BenchProcess.run(Array(args.dropLast()) + [root.appendingPathComponent("nope").path], in: root)
        #expect(missing.status == 2 && missing.stderr.contains("not found"), "\(missing.stderr)")
        let zero = try BenchProcess.run(["slurm", "--grid", "smoke", "--tasks", "0", "--out", root.path], in: root)
        #expect(zero.status == 64 && zero.stderr.contains("--tasks"), "\(zero.stderr)")
        let unknown = try BenchProcess.run(["slurm", "--grid", "nope", "--tasks", "2", "--out", root.path], in: root)
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown grid"), "\(unknown.stderr)")
    }
}
