import Datasets
import Foundation
import Tensors

/// Where and with what a cell ran: code version, toolchain, BLAS library and kernel, CPU, OS,
/// host, times and the data read. Stored with every cell (column `environment`, canonical JSON)
/// and printed by `bench train --format json` as `environment`.
public struct RunEnvironment: Codable, Sendable, Equatable {
    /// `git:<commit>` (plus `-dirty` when tracked code differs from it) when the source tree the
    /// binary was built from is a git checkout, else `synib-bench <packageVersion>`. The commit is
    /// the last one that changed *code* (``nonCodePaths`` excluded): committing results or
    /// documentation does not change it, so committed results name the code that produced them
    /// and a fresh clone reproduces them byte for byte.
    public var code: String
    /// The last commit that changed code, nil outside a checkout.
    public var commit: String?
    /// Whether tracked code differed from that commit (nil outside a checkout).
    public var dirty: Bool?
    /// The Swift compiler version the binary was built with (major.minor).
    public var swift: String
    /// The OpenBLAS version ("0.3.21").
    public var openblas: String
    /// OpenBLAS's build configuration (`openblas_get_config`).
    public var openblasConfig: String
    /// The kernel family (core type) OpenBLAS runs (`openblas_get_corename`).
    public var blasKernel: String
    /// How it was chosen: pinned, fastest, a core type, native or environment (``BLASKernel/source(environment:)``).
    public var blasKernelSource: String
    /// The CPU model.
    public var cpu: String
    /// The operating system (`PRETTY_NAME` of /etc/os-release and the kernel release).
    public var os: String
    /// The host name.
    public var host: String
    /// Start time (ISO 8601, UTC).
    public var startedAt: String?
    /// End time (ISO 8601, UTC).
    public var finishedAt: String?
    /// The data read: real files with their SHA-256, or the generator and its parameters.
    public var data: Provenance?

    enum CodingKeys: String, CodingKey {
        case code, commit, dirty, swift, openblas, openblasConfig = "openblas_config", blasKernel = "blas_kernel",
             blasKernelSource = "blas_kernel_source", cpu, os, host, startedAt = "started_at", finishedAt = "finished_at", data
    }

    /// The version reported outside a git checkout.
    public static let packageVersion = "0.9.0"

    /// This process's environment (code version read once per process); times and data unset.
    public static var current: RunEnvironment {
        let (commit, dirty) = codeVersion
        return RunEnvironment(
            code: commit.map { "git:\($0)\(dirty == true ? "-dirty" : "")" } ?? "synib-bench \(packageVersion)",
            commit: commit, dirty: dirty, swift: swiftVersion, openblas: BLASKernel.version,
            openblasConfig: BLASKernel.configuration, blasKernel: BLASKernel.coreName,
            blasKernelSource: BLASKernel.source(), cpu: CPUFeatures.current.model, os: operatingSystem,
            host: ProcessInfo.processInfo.hostName, startedAt: nil, finishedAt: nil, data: nil)
    }

    /// This environment for a run from `started` to `finished` that read `data`.
    public func with(started: Date?, finished: Date?, data: Provenance?) -> RunEnvironment {
        var copy = self
        copy.startedAt = started.map(RunEnvironment.timestamp)
        copy.finishedAt = finished.map(RunEnvironment.timestamp)
        copy.data = data
        return copy
    }

    /// The canonical JSON (sorted keys).
    public func canonicalJSON() throws -> String { try CanonicalJSON.string(self) }

    /// ISO 8601 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The package root the binary was built from (this file is Sources/Harness/RunEnvironment.swift).
    static let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The commit and dirty flag of the source tree the binary was built from, read with `git`
    /// when the process starts (a fresh clone's build finds its checkout); nil, nil when that
    /// tree is gone, not a checkout, or git is not installed. A cell process started by a runner
    /// takes the runner's reading from ``codeVersionVariable`` instead: it runs the runner's own
    /// executable, and two `git` processes per cell cost more than many cells' training.
    static let codeVersion = inheritedCodeVersion(ProcessInfo.processInfo.environment[codeVersionVariable])
        ?? codeVersion(at: sourceRoot)

    /// The variable a runner sets for the cell processes it starts: its code version as
    /// ``inheritableCodeVersion`` writes it.
    public static let codeVersionVariable = "SYNIB_CODE_VERSION"

    /// This process's code version for its cell processes: `COMMIT:clean`, `COMMIT:dirty`,
    /// `COMMIT:unknown`, or `none` outside a checkout.
    public static var inheritableCodeVersion: String { encodeCodeVersion(codeVersion) }

    static func encodeCodeVersion(_ version: (commit: String?, dirty: Bool?)) -> String {
        guard let commit = version.commit else { return "none" }
        return commit + ":" + (version.dirty.map { $0 ? "dirty" : "clean" } ?? "unknown")
    }

    /// The version ``encodeCodeVersion(_:)`` wrote, or nil when `value` is absent or not of that
    /// form (the process then asks git itself).
    static func inheritedCodeVersion(_ value: String?) -> (commit: String?, dirty: Bool?)? {
        guard let value else { return nil }
        if value == "none" { return (nil, nil) }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 40, parts[0].allSatisfy(\.isHexDigit) else { return nil }
        switch parts[1] {
        case "clean": return (String(parts[0]), false)
        case "dirty": return (String(parts[0]), true)
        case "unknown": return (String(parts[0]), nil)
        default: return nil
        }
    }

    /// The last commit that changed code in the checkout at `root` and whether tracked code
    /// differs from it (``nonCodePaths`` excluded from both); nil, nil when `root` is no checkout.
    static func codeVersion(at root: URL) -> (commit: String?, dirty: Bool?) {
        let code = ["--", "."] + nonCodePaths.map { ":(exclude)\($0)" }
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path),
              let commit = git(["log", "-1", "--format=%H"] + code, at: root), commit.count == 40 else { return (nil, nil) }
        guard let status = git(["status", "--porcelain", "--untracked-files=no"] + code, at: root) else { return (commit, nil) }
        return (commit, !status.isEmpty)
    }

    /// What is not code (git pathspecs): results, documentation and Markdown files. A grid run
    /// rewrites results/ while later cells still start, so these must not make the tree dirty.
    static let nonCodePaths = ["results", "docs", "*.md"]

    /// Runs `git -C root arguments`; its trimmed output, nil on failure.
    private static func git(_ arguments: [String], at root: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root.path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The compiler version, from the compiler conditions this file was compiled under.
    static var swiftVersion: String {
        #if compiler(>=6.4)
        return "6.4 or later"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }

    /// `PRETTY_NAME` of /etc/os-release plus the kernel release, e.g. "Debian GNU/Linux 12 (bookworm), Linux 6.1.0".
    static let operatingSystem: String = {
        var name = ProcessInfo.processInfo.operatingSystemVersionString
        if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
            name = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var info = utsname()
        uname(&info)
        let release = withUnsafeBytes(of: &info.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let system = withUnsafeBytes(of: &info.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(name), \(system) \(release)"
    }()
}
