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
        case .missingData(let grid, let lines):
            "grid '\(grid)' with --require-real: real data missing for \(lines.count) dataset(s):\n"
                + lines.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
