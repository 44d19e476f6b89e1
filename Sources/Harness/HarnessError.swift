import Foundation

/// Errors of the harness, each naming what it concerns.
public enum HarnessError: Error, CustomStringConvertible, Equatable {
    /// `--grid NAME` names no registered grid.
    case unknownGrid(String, known: [String])
    /// The grid's definition is inconsistent.
    case invalidGrid(grid: String, String)
    /// `--shard` is not `I/N` with 1 ≤ I ≤ N.
    case invalidShard(String)
    /// The run store could not be read or has unexpected content.
    case store(path: String, String)
    /// `bench merge` found cells with the same key and different content.
    case mergeConflict(keys: [String])
    /// A cell needs another cell that is not done.
    case missingDependency(cell: String, dependency: String)
    /// The system refused a resource the run needs (e.g. a thread).
    case resources(String)
    /// A cell list file (`bench run --cells FILE`) is unreadable or names cells the grid does not have.
    case cellList(path: String, String)
    /// A `bench slurm` option is invalid (the message names it).
    case invalidSlurmOption(String)
    /// `sbatch` could not be run, failed or printed no job id.
    case sbatch(String)
    /// `--require-real`: real benchmark files are absent (one line per dataset: what was looked for, where).
    case missingData(grid: String, [String])
    /// A file or directory could not be read, created or written: its path and the reason, in one line.
    case file(path: String, String)

    public var description: String {
        switch self {
        case .unknownGrid(let name, let known):
            "unknown grid '\(name)'; known grids: \(known.joined(separator: ", "))"
        case .invalidGrid(let grid, let message):
            "grid '\(grid)': \(message)"
        case .invalidShard(let text):
            "--shard: expected I/N with 1 ≤ I ≤ N (e.g. 1/4), got '\(text)'"
        case .store(let path, let message):
            "run store \(path): \(message)"
        case .mergeConflict(let keys):
            "merge refused: \(keys.count) cell(s) have the same key but different content:\n"
                + keys.map { "  \($0)" }.joined(separator: "\n")
        case .missingDependency(let cell, let dependency):
            "cell \(cell): dependency \(dependency) is not done"
        case .resources(let message):
            message
        case .cellList(let path, let message):
            "cell list \(path): \(message)"
        case .invalidSlurmOption(let message):
            message
        case .sbatch(let message):
            "sbatch: \(message)"
        case .file(let path, let reason):
            "\(path): \(reason)"
        case .missingData(let grid, let lines):
            "grid '\(grid)' with --require-real: real data missing for \(lines.count) dataset(s):\n"
                + lines.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}

extension HarnessError {
    /// A file-system error as one line naming `path` and the reason (the system's, e.g. "Is a
    /// directory", "Permission denied", "Read-only file system"), never Foundation's error dump.
    public static func file(_ path: String, doing what: String, _ error: Error) -> HarnessError {
        if let harness = error as? HarnessError { return harness }
        return .file(path: path, "cannot \(what): \(reason(error))")
    }

    /// The system's reason for `error`: its POSIX error text when it carries one, else a short
    /// description by Foundation's code.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        var candidate: NSError? = ns
        while let e = candidate {
            if e.domain == NSPOSIXErrorDomain, let text = strerror(Int32(e.code)) { return String(cString: text) }
            candidate = e.userInfo[NSUnderlyingErrorKey] as? NSError
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "No such file or directory"
            case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "Permission denied"
            case NSFileWriteOutOfSpaceError: return "No space left on device"
            case NSFileWriteVolumeReadOnlyError: return "Read-only file system"
            case NSFileWriteFileExistsError: return "File exists"
            default: break
            }
        }
        return ns.localizedDescription.split(separator: "\n").first.map(String.init) ?? "error \(ns.code)"
    }
}

