import Foundation

/// The status of a cell in the run store.
public enum CellStatus: String, Sendable, Codable {
    /// Started and not finished (or the process died).
    case running
    /// Finished; metrics and predictions stored.
    case done
    /// Threw an error (stored in `error`).
    case failed
    /// Stopped by SIGINT/SIGTERM.
    case interrupted
}

/// One row of the run store.
public struct CellRecord: Sendable, Equatable {
    /// SHA-256 of the cell spec.
    public var key: String
    /// The grid that ran it.
    public var grid: String
    /// Dataset label.
    public var dataset: String
    /// Objective name.
    public var objective: String
    /// Seed.
    public var seed: Int64
    /// The cell spec's canonical JSON (dataset, objective, hyper-parameters, model, training).
    public var hyperparameters: String
    /// Status.
    public var status: CellStatus
    /// The error of a failed cell.
    public var error: String?
    /// Evaluation (accuracy, macro-F1, per-class F1, accuracy by tag) and best epoch, canonical JSON.
    public var metrics: String?
    /// Gzip-compressed test probabilities (``BlobCodec``).
    public var predictions: Data?
    /// Gzip-compressed test labels.
    public var labels: Data?
    /// Gzip-compressed indices of the by-construction synergy subset, when the data tags it.
    public var synergyIndices: Data?
    /// "real" or "surrogate".
    public var provenance: String?
    /// Unix time the cell started.
    public var startedAt: Double?
    /// Unix time the cell finished.
    public var finishedAt: Double?
    /// Seconds spent training.
    public var trainSeconds: Double?
    /// Wall seconds of the whole cell (loading, training, evaluation).
    public var wallSeconds: Double?
    /// Training throughput (examples per second).
    public var examplesPerSecond: Double?
    /// Host name.
    public var host: String?
    /// Where and with what the cell ran (``RunEnvironment``, canonical JSON): code version,
    /// toolchain, BLAS kernel, CPU, OS, times, data files' SHA-256. Nil in stores written before it existed.
    public var environment: String?

    /// ``environment`` decoded; nil when none was stored (or it is unreadable).
    public var runEnvironment: RunEnvironment? {
        environment.flatMap { try? JSONDecoder().decode(RunEnvironment.self, from: Data($0.utf8)) }
    }

    /// Whether two records hold the same result (timings, host and environment aside).
    public func sameContent(as other: CellRecord) -> Bool {
        key == other.key && hyperparameters == other.hyperparameters && status == other.status
            && metrics == other.metrics && predictions == other.predictions && labels == other.labels
            && synergyIndices == other.synergyIndices && provenance == other.provenance
    }
}
