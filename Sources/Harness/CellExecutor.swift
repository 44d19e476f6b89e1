import Datasets
import Foundation
import Objectives
import Tensors

/// Runs one cell — loads its data, trains (or combines an ensemble from the stored unimodal
/// predictions), evaluates — and returns the row to store. Used by the runner's threads and by
/// the per-cell child process (`bench cell`).
public struct CellExecutor: Sendable {
    /// Loads datasets.
    public let loader: DatasetLoader
    /// The host name recorded with each cell.
    public let host: String

    /// An executor loading data with `loader`.
    public init(loader: DatasetLoader, host: String = ProcessInfo.processInfo.hostName) {
        self.loader = loader
        self.host = host
    }

    /// A row for `cell` with `status` and `error` and no results.
    public func record(_ cell: Cell, status: CellStatus, error: String?, started: Date) -> CellRecord {
        CellRecord(key: cell.key.hex, grid: cell.grid, dataset: cell.datasetLabel, objective: cell.objectiveName,
                   seed: Int64(bitPattern: cell.seed), hyperparameters: cell.specJSON, status: status, error: error,
                   startedAt: started.timeIntervalSince1970, host: host)
    }

    /// Runs `cell` (its dependencies' predictions are read from `store`) and returns its finished
    /// row: `done` with metrics and predictions, or `failed` with the error. Loads through
    /// `dataset` when given (an in-process memo), else through the loader.
    public func execute(_ cell: Cell, store: RunStore, started: Date = Date(),
                        dataset: ((DatasetSpec, UInt64) throws -> PreparedDataset)? = nil) -> CellRecord {
        var result: CellRecord
        do {
            let data = try dataset?(cell.spec.dataset, cell.seed) ?? PreparedDataset(try loader.load(cell.spec.dataset, seed: cell.seed))
            let trainer = Trainer(configuration: cell.spec.training, model: cell.spec.model)
            let outcome = try trainer.outcome(of: cell.spec.objective, on: data, seed: cell.seed) {
                try cell.dependencies.map { key in
                    guard let r = try store.records([key.hex])[key.hex], r.status == .done, let blob = r.predictions else {
                        throw HarnessError.missingDependency(cell: cell.label, dependency: key.hex)
                    }
                    return try BlobCodec.decodePredictions(blob, key: key.hex)
                }
            }
            result = record(cell, status: .done, error: nil, started: started)
            result.metrics = try CanonicalJSON.string(StoredMetrics(evaluation: outcome.evaluation, bestEpoch: outcome.bestEpoch,
                                                                         curves: outcome.curves, maskDiagnostics: outcome.maskDiagnostics))
            result.predictions = try BlobCodec.encode(outcome.predictions)
            result.labels = try BlobCodec.encode(data.test.labels)
            result.synergyIndices = try SynergySubset.byConstruction(tags: data.test.tags).map { try BlobCodec.encode($0.indices) }
            result.provenance = data.source.provenance.label
            result.trainSeconds = outcome.trainSeconds
            result.examplesPerSecond = outcome.trainExamplesPerSecond
        } catch {
            result = record(cell, status: .failed, error: "\(error)", started: started)
        }
        let finished = Date()
        result.finishedAt = finished.timeIntervalSince1970
        result.wallSeconds = finished.timeIntervalSince(started)
        return result
    }
}

/// The metrics stored for a done cell: test evaluation, the kept epoch, the per-epoch curves
/// and, for SynIB, what its masks withheld.
struct StoredMetrics: Codable {
    let evaluation: Evaluation
    let bestEpoch: Int?
    var curves: TrainingCurves? = nil
    var maskDiagnostics: MaskDiagnostics? = nil
}
