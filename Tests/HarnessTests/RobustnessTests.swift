import Datasets
import Experiments
import Foundation
@testable import Harness
import Testing

/// Crash safety (docs/ROBUSTNESS.md): SIGKILL anywhere and resume, concurrent runners with
/// claims, dead owners reclaimed, corrupt caches rebuilt, bad stores refused before training,
/// and `bench inspect` on the malformed corpus.
@Suite(.serialized) struct RobustnessTests {
    /// The uninterrupted smoke run the results are compared with (shared by the suites).
    static var reference: Result<URL, any Error> { BenchProcess.smokeReference }

    /// Wall seconds of one uninterrupted smoke run with a fresh feature cache (--jobs 2), which
    /// sets the window the kill moments are drawn from on this machine.
    static func smokeSeconds() throws -> Double {
        let dir = try BenchProcess.temporaryDirectory()
        let start = Date()
        let run = try BenchProcess.run(smokeArgs(dir.appendingPathComponent("timed.sqlite"), cache: dir.appendingPathComponent("cache"))
                                       + ["--jobs", "2"], in: dir)
        guard run.status == 0 else { throw TestFailure("timed smoke run failed: \(run.stderr)") }
        return Date().timeIntervalSince(start)
    }

    static func smokeArgs(_ store: URL, cache: URL = BenchProcess.cache) -> [String] {
        ["run", "--grid", "smoke", "--store", store.path, "--cache", cache.path]
    }

    static func stderr(of process: Process, in dir: URL) -> String {
        // BenchProcess.start writes stderr to err-<tag>; read every such file.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasPrefix("err-") }.compactMap { try? String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n")
    }

    /// Kill-anywhere: ≥ 10 SIGKILLs at random moments across successive resumes (child processes
    /// and threads, fresh feature cache); then every cell is done exactly once — no row done before
    /// a kill is ever rewritten — no partial cache entry is used, and the results equal an
    /// uninterrupted run's.
    @Test func killAnywhereAndResume() throws {
        let reference = try RunStore(path: try Self.reference.get().path)
        var generator = SystemRandomNumberGenerator()
        // Moments span the first 60 % of an uninterrupted run, so most land while it still runs;
        // rounds continue until 10 kills landed (a fast machine finishes a round in few kills).
        let window = max(0.05, 0.6 * (try Self.smokeSeconds()))
        var kills = 0, rounds = 0, moments: [Double] = []
        while kills < 10 && rounds < 40 {
            rounds += 1
            let dir = try BenchProcess.temporaryDirectory()
            let store = dir.appendingPathComponent("killed.sqlite")
            let cache = dir.appendingPathComponent("cache")
            var done: [String: CellRecord] = [:]
            var finished = false
            for attempt in 0..<80 {
                let extra = attempt % 3 == 2 ? ["--jobs", "2", "--in-process"] : ["--jobs", "2"]
                let p = try BenchProcess.start(Self.smokeArgs(store, cache: cache) + extra, in: dir)
                let moment = Double.random(in: 0...window, using: &generator)
                usleep(UInt32(moment * 1e6))
                if p.isRunning {
                    kill(p.processIdentifier, SIGKILL)
                    p.waitUntilExit()
                    if p.terminationReason == .uncaughtSignal { kills += 1; moments.append(moment) }
                } else {
                    p.waitUntilExit()
                }
                if p.terminationReason == .exit {
                    #expect(p.terminationStatus == 0, "resume exited with \(p.terminationStatus): \(Self.stderr(of: p, in: dir))")
                    finished = true
                }
                guard FileManager.default.fileExists(atPath: store.path) else { continue }
                let rows = try RunStore(path: store.path).allRecords()
                for r in rows where r.status == .done {
                    if let before = done[r.key] { #expect(before == r, "\(r.objective) s\(r.seed) was rewritten after it was done") }
                    done[r.key] = r
                }
                if finished { break }
            }
            if !finished {
                let last = try BenchProcess.run(Self.smokeArgs(store, cache: cache) + ["--jobs", "2"], in: dir)
                #expect(last.status == 0, "\(last.stderr)")
            }
            let final = try RunStore(path: store.path)
            for r in try final.allRecords() where done[r.key] != nil { #expect(done[r.key] == r, "\(r.objective) s\(r.seed) rerun") }
            try expectSameResults(final, reference)
            #expect(!Self.stderr(of: Process(), in: dir).contains("corrupt entry"), "a partial cache entry was seen")
            // Every cache entry left behind is complete and verifies.
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []
            for e in entries where !e.hasPrefix(".") {
                let url = cache.appendingPathComponent(e)
                guard FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) else { continue }
                #expect(throws: Never.self) { _ = try FeatureCache(directory: cache).read(entry: url) }
            }
        }
        print("kill-anywhere: \(kills) SIGKILLs in \(rounds) round(s) (window \(String(format: "%.2f", window)) s) at \(moments.map { String(format: "%.3f", $0) }.joined(separator: " ")) s")
        #expect(kills >= 10)
    }

    /// Two runners on the same grid and store: each cell is claimed and run exactly once.
    @Test func twoConcurrentRunnersRunEachCellOnce() throws {
        let reference = try RunStore(path: try Self.reference.get().path)
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("shared.sqlite")
        // Create the store first so both see the same schema (concurrent creation is also safe: migrations are transactional).
        _ = try RunStore(path: store.path)
        let a = try BenchProcess.start(Self.smokeArgs(store) + ["--jobs", "1"], in: dir)
        let b = try BenchProcess.start(Self.smokeArgs(store) + ["--jobs", "1", "--in-process"], in: dir)
        a.waitUntilExit(); b.waitUntilExit()
        let err = Self.stderr(of: a, in: dir)
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0, "\(err)")
        let s = try RunStore(path: store.path)
        try expectSameResults(s, reference)
        let claims = try s.claims(try s.allRecords().map(\.key))
        #expect(claims.values.allSatisfy { $0.attempts == 1 }, "cells claimed more than once: \(claims.values.map(\.attempts))")
        #expect(claims.values.allSatisfy { $0.owner == nil }, "claims not released")
        // Both did work (the grid has 20 cells of similar cost).
        #expect(err.components(separatedBy: "] done ").count - 1 == claims.count, "\(err)")
    }

    /// A claim whose owner stopped heartbeating is taken over after the timeout; a claim of a dead
    /// local process at once.
    @Test func staleAndDeadClaimsAreReclaimed() throws {
        let reference = try RunStore(path: try Self.reference.get().path)
        let dir = try BenchProcess.temporaryDirectory()
        let storeURL = dir.appendingPathComponent("stale.sqlite")
        try copyStore(try Self.reference.get(), to: storeURL)
        let store = try RunStore(path: storeURL.path)
        let rows = try store.allRecords()
        // Two cells "running": one held by a live-looking runner on another host (fresh heartbeat),
        // one by a process of this host that no longer exists.
        var foreign = try #require(rows.first { $0.objective == "vanilla" }), dead = try #require(rows.first { $0.objective == "cml" })
        for r in [foreign, dead] { var x = r; x.status = .interrupted; x.metrics = nil; try store.upsert(x) }
        foreign.status = .running; dead.status = .running
        #expect(try store.claim(foreign, owner: "elsewhere.example/4242/abcd", timeout: 60) == .claimed)
        #expect(try store.claim(dead, owner: "\(ProcessInfo.processInfo.hostName)/999999/dead", timeout: 60) == .claimed)
        #expect(try store.claim(foreign, owner: "me/1/x", timeout: 60) == .heldBy(owner: "elsewhere.example/4242/abcd", status: .running))
        let start = Date()
        let r = try BenchProcess.run(Self.smokeArgs(storeURL) + ["--jobs", "1", "--claim-timeout", "1.5"], in: dir)
        let elapsed = Date().timeIntervalSince(start)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(elapsed >= 0.8, "the live foreign claim was not waited for (\(elapsed) s)")
        try expectSameResults(store, reference)
        let claims = try store.claims([foreign.key, dead.key])
        #expect(claims[foreign.key]?.attempts == 2 && claims[dead.key]?.attempts == 2)
        foreign = try #require(try store.records([foreign.key])[foreign.key]); dead = try #require(try store.records([dead.key])[dead.key])
        #expect(foreign.status == .done && dead.status == .done)
    }

    /// A bit-flipped and a truncated cache entry are detected by their checksums through `bench
    /// run`, reported, rebuilt, and the results are unchanged.
    @Test func corruptCacheEntriesAreRebuiltThroughBenchRun() throws {
        let reference = try RunStore(path: try Self.reference.get().path)
        let dir = try BenchProcess.temporaryDirectory()
        let cache = dir.appendingPathComponent("cache")
        let first = try BenchProcess.run(Self.smokeArgs(dir.appendingPathComponent("a.sqlite"), cache: cache) + ["--in-process"], in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache.path).filter { !$0.hasPrefix(".") }.sorted()
        try #require(!entries.isEmpty)
        var damaged = 0
        for (k, e) in entries.enumerated() {
            let entry = cache.appendingPathComponent(e)
            guard let tensor = try FileManager.default.contentsOfDirectory(atPath: entry.path).filter({ $0.hasSuffix(".npy.gz") }).sorted().first
            else { continue }
            let url = entry.appendingPathComponent(tensor)
            var bytes = try Data(contentsOf: url)
            if k % 2 == 0 { bytes[bytes.count / 2] ^= 0x10 } else { bytes = bytes.prefix(bytes.count / 2) }
            try bytes.write(to: url)
            damaged += 1
        }
        let second = try BenchProcess.run(Self.smokeArgs(dir.appendingPathComponent("b.sqlite"), cache: cache) + ["--in-process"], in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.components(separatedBy: "feature cache: corrupt entry").count - 1 == damaged, "\(second.stderr)")
        try expectSameResults(try RunStore(path: dir.appendingPathComponent("b.sqlite").path), reference)
        for e in entries { #expect(throws: Never.self) { _ = try FeatureCache(directory: cache).read(entry: cache.appendingPathComponent(e)) } }
    }

    /// Unreadable, newer-schema, locked and read-only stores are refused with a clear message
    /// (exit 2) before any cell is trained.
    @Test func badStoresAreRefusedBeforeTraining() throws {
        let dir = try BenchProcess.temporaryDirectory()
        func refused(_ store: URL, _ message: String, _ extra: [String] = []) throws {
            let r = try BenchProcess.run(Self.smokeArgs(store) + ["--in-process"] + extra, in: dir)
            #expect(r.status == 2, "\(store.lastPathComponent): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("run store \(store.path): \(message)"), "\(r.stderr)")
            #expect(!r.stderr.contains("start ") && !r.stderr.contains("] done "), "training started: \(r.stderr)")
        }
        let garbage = dir.appendingPathComponent("garbage.sqlite")
        try Data("this is not a database\n".utf8).write(to: garbage)
        try refused(garbage, "not an SQLite database")

        let newer = dir.appendingPathComponent("newer.sqlite")
        try copyStore(try Self.reference.get(), to: newer)
        try sqlite(newer, "INSERT INTO grdb_migrations VALUES ('v9-from-the-future');")
        try refused(newer, "written by a newer schema")

        let locked = dir.appendingPathComponent("locked.sqlite")
        try copyStore(try Self.reference.get(), to: locked)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", "import sqlite3,time,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); "
                            + "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(20)", locked.path]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        _ = out.fileHandleForReading.availableData  // waits for "locked"
        try refused(locked, "locked by another process", ["--store-timeout", "0.5", "--force"])
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()

        let readOnly = dir.appendingPathComponent("readonly.sqlite")
        try copyStore(try Self.reference.get(), to: readOnly)
        if getuid() == 0 {
            // root ignores permissions: make the file immutable instead, when the file system allows it.
            guard (try? shell("chattr", "+i", readOnly.path)) == 0 else { return }
            defer { _ = try? shell("chattr", "-i", readOnly.path) }
            try refused(readOnly, "read-only", ["--force"])
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: readOnly.path)
            try refused(readOnly, "read-only", ["--force"])
        }
    }

    /// `bench inspect` on every file of the malformed corpus: exit 1 with one error line naming
    /// the file and the field; never a crash or a signal.
    @Test func benchInspectGivesClearErrorsOnTheCorpus() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/malformed")
        let data = try Data(contentsOf: corpus.appendingPathComponent("expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: String]])
        let dir = try BenchProcess.temporaryDirectory()
        var checked = 0
        for (file, e) in expected.sorted(by: { $0.key < $1.key }) where e["via"] == "inspect" {
            let r = try BenchProcess.run(["inspect", corpus.appendingPathComponent(file).path], in: dir)
            #expect(r.status == 1, "\(file): exit \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("\(file): \(e["field"] ?? "")"), "\(file): \(r.stderr)")
            checked += 1
        }
        #expect(checked >= 30)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/synib-malformed-marker"))
    }
}


private func sqlite(_ store: URL, _ sql: String) throws {
    let status = try shell("python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()",
                           store.path, sql)
    if status != 0 { throw TestFailure("sqlite statement failed on \(store.path)") }
}

/// Copies a store's rows into a new store (safe while the source is open in WAL mode).
private func copyStore(_ source: URL, to target: URL) throws {
    _ = try RunStore(path: target.path).merge(from: [source.path])
}

/// Stores written before the claim columns existed stay readable and gain them on open.
@Suite struct StoreMigrationTests {
    @Test func v1StoreIsReadAndMigrated() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let v1 = dir.appendingPathComponent("v1.sqlite")
        let source = try RunStore(path: dir.appendingPathComponent("src.sqlite").path)
        let record = CellRecord(key: String(repeating: "a", count: 64), grid: "g", dataset: "d", objective: "o", seed: 0,
                                hyperparameters: "{}", status: .done, metrics: "{\"x\":1}", provenance: "surrogate")
        try source.upsert(record)
        try copyStore(URL(fileURLWithPath: source.path), to: v1)
        try sqlite(v1, """
            ALTER TABLE cell DROP COLUMN owner; ALTER TABLE cell DROP COLUMN heartbeat; ALTER TABLE cell DROP COLUMN attempts;
            DELETE FROM grdb_migrations WHERE identifier = 'v2-claims';
            """)
        let store = try RunStore(path: v1.path)
        #expect(try store.allRecords() == [record])
        #expect(try store.claims([record.key])[record.key] == ClaimInfo(status: .done, owner: nil, heartbeat: nil, attempts: 0))
    }
}
