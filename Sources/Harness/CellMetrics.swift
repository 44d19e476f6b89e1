import Foundation
import Information
import Objectives

/// What a done cell stored about its model, decoded: the test evaluation, the kept epoch, the
/// per-epoch curves, what SynIB's masks withheld and the PID cards. Reports read cells through
/// this, so the stored format has one decoder (the executor's).
public struct CellMetrics: Sendable {
    /// The test evaluation.
    public let evaluation: Evaluation
    /// The epoch whose weights were kept (nil when the objective does not train).
    public let bestEpoch: Int?
    /// The per-epoch curves, when the cell trained.
    public let curves: TrainingCurves?
    /// What the masks withheld (SynIB).
    public let maskDiagnostics: MaskDiagnostics?
    /// The cell's PID cards, when its grid has ``ModelPID``.
    public let pid: CellPID?
}

extension CellRecord {
    /// ``metrics`` decoded; nil when none is stored; throws when the stored text is not the
    /// executor's format.
    public func decodedMetrics() throws -> CellMetrics? {
        guard let metrics else { return nil }
        let stored = try JSONDecoder().decode(StoredMetrics.self, from: Data(metrics.utf8))
        return CellMetrics(evaluation: stored.evaluation, bestEpoch: stored.bestEpoch, curves: stored.curves,
                           maskDiagnostics: stored.maskDiagnostics, pid: stored.pid)
    }
}
