import Objectives

/// The per-epoch curves of one seed of a report row (JSON report only).
public struct SeedCurves: Codable, Equatable, Sendable {
    /// The seed.
    public let seed: UInt64
    /// The epoch whose parameters were kept (0-based).
    public let bestEpoch: Int?
    /// Training loss and validation metrics per epoch.
    public let curves: TrainingCurves

    enum CodingKeys: String, CodingKey { case seed, bestEpoch = "best_epoch", curves }
}

/// What a SynIB row's masks withheld, averaged over its done seeds.
public struct MaskSummary: Codable, Equatable, Sendable {
    /// Mean withheld fraction per modality.
    public let maskedFraction: [Double]
    /// Mean overlap with the synergy block (input-level masks on data with a known block).
    public let synergyOverlap: MaskDiagnostics.Overlap?

    enum CodingKeys: String, CodingKey { case maskedFraction = "mask_fraction", synergyOverlap = "mask_synergy_overlap" }

    /// The mean of the seeds' diagnostics; nil when none has any.
    public init?(_ seeds: [MaskDiagnostics]) {
        guard let first = seeds.first else { return nil }
        let n = Double(seeds.count)
        maskedFraction = first.maskedFraction.indices.map { m in seeds.map { $0.maskedFraction[m] }.reduce(0, +) / n }
        let overlaps = seeds.compactMap(\.synergyOverlap)
        if overlaps.count == seeds.count, let o = overlaps.first {
            let k = Double(overlaps.count)
            synergyOverlap = MaskDiagnostics.Overlap(
                precision: overlaps.map(\.precision).reduce(0, +) / k, recall: overlaps.map(\.recall).reduce(0, +) / k,
                jaccard: overlaps.map(\.jaccard).reduce(0, +) / k, chancePrecision: o.chancePrecision)
        } else {
            synergyOverlap = nil
        }
    }
}
