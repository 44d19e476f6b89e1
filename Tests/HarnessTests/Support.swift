import Foundation
import Harness
import Testing

/// Runs the `bench` executable built next to this test bundle.
enum BenchProcess {
    /// The `bench` binary: next to the test runner (same build folder), else the package's build folders.
    static let binary: URL? = {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for folder in [".build-harness", ".build"] { candidates.append(root.appendingPathComponent("\(folder)/release")) }
        for dir in candidates {
            var d = dir
            // The runner may sit inside a .xctest bundle directory.
            for _ in 0..<4 {
                let b = d.appendingPathComponent("bench")
                if FileManager.default.isExecutableFile(atPath: b.path) { return b }
                d = d.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("harness-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Shared feature cache for the tests' child processes.
    static let cache: URL = FileManager.default.temporaryDirectory.appendingPathComponent("harness-tests-cache")

    /// Starts `bench arguments` with stdout/stderr captured to files in `dir`.
    static func start(_ arguments: [String], in dir: URL) throws -> Process {
        guard let binary else { throw TestFailure("bench binary not found next to the test bundle; build with swift build first") }
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = dir
        let tag = UUID().uuidString.prefix(8)
        FileManager.default.createFile(atPath: dir.appendingPathComponent("out-\(tag)").path, contents: nil)
        FileManager.default.createFile(atPath: dir.appendingPathComponent("err-\(tag)").path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: dir.appendingPathComponent("out-\(tag)"))
        p.standardError = try FileHandle(forWritingTo: dir.appendingPathComponent("err-\(tag)"))
        try p.run()
        return p
    }

    /// Runs `bench arguments` to completion (with `environment` instead of this process's when
    /// given); returns its exit status and stdout.
    @discardableResult
    static func run(_ arguments: [String], in dir: URL, environment: [String: String]? = nil)
        throws -> (status: Int32, stdout: String, stderr: String) {
        guard let binary else { throw TestFailure("bench binary not found next to the test bundle; build with swift build first") }
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.currentDirectoryURL = dir
        if let environment { p.environment = environment }
        let out = Pipe()
        let errFile = dir.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        p.standardOutput = out
        p.standardError = try FileHandle(forWritingTo: errFile)
        try p.run()
        // stderr goes to a file, stdout is drained before waiting: no pipe can fill up and block the child.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let stderrData = (try? Data(contentsOf: errFile)) ?? Data()
        return (p.terminationStatus, String(decoding: stdoutData, as: UTF8.self), String(decoding: stderrData, as: UTF8.self))
    }

    /// One uninterrupted `--jobs 1` run of the smoke grid (child processes), run once and shared
    /// by every suite that compares against it.
    static let smokeReference: Result<URL, any Error> = Result {
        let dir = try temporaryDirectory()
        let store = dir.appendingPathComponent("reference.sqlite")
        try runSmoke(store: store, in: dir, ["--jobs", "1"])
        return store
    }

    /// A copy of the smoke reference store at `target`, taken through SQLite's backup: copying
    /// the file would miss rows still in its write-ahead log and, worse, closing the copy's
    /// descriptor would drop this process's SQLite locks on the reference, which other tests and
    /// their `bench` processes use at the same time.
    static func copyReference(to target: URL) throws {
        try RunStore(readingFrom: try smokeReference.get().path).backup(to: target.path)
    }

    /// `bench run --grid smoke` into `store` with extra arguments; expects success.
    static func runSmoke(store: URL, in dir: URL, _ extra: [String] = []) throws {
        let r = try run(["run", "--grid", "smoke", "--store", store.path, "--cache", cache.path] + extra, in: dir)
        #expect(r.status == 0, "bench run failed: \(r.stderr)")
    }
}

/// A test-setup failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Compares two stores' results: same keys, every row done, identical content (metrics and predictions exactly).
func expectSameResults(_ a: RunStore, _ b: RunStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let ra = try a.allRecords(), rb = try b.allRecords()
    #expect(ra.map(\.key) == rb.map(\.key), sourceLocation: sourceLocation)
    for (x, y) in zip(ra, rb) {
        #expect(x.status == .done && y.status == .done, "\(x.objective) s\(x.seed)", sourceLocation: sourceLocation)
        #expect(x.sameContent(as: y), "\(x.objective) s\(x.seed) differs", sourceLocation: sourceLocation)
        #expect(x.metrics == y.metrics && x.predictions == y.predictions, sourceLocation: sourceLocation)
    }
}

extension GridContext {
    /// A run whose data directory holds no real benchmark files (every real benchmark is a stand-in).
    static let noRealData = GridContext(dataDirectory: FileManager.default.temporaryDirectory
        .appendingPathComponent("synib-no-real-data-\(UUID().uuidString)", isDirectory: true))
}

/// Runs a command through /usr/bin/env with its output discarded; returns its exit status.
@discardableResult
func shell(_ arguments: String...) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    p.standardError = FileHandle.nullDevice
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
}
