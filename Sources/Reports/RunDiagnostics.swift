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
    /// The authors' mask–oracle diagnostic per epoch, mean over seeds (learned input-level masks
    /// on data with a known unimodal support).
    public var oracleOverlap: [MaskOracleOverlap]? = nil
    /// Seeds whose final-epoch IoU is above their Bernoulli(½) baseline's, of those measured.
    public var seedsAboveRandomIoU: Int? = nil

    enum CodingKeys: String, CodingKey {
        case maskedFraction = "mask_fraction", synergyOverlap = "mask_synergy_overlap", oracleOverlap = "mask_oracle_overlap"
        case seedsAboveRandomIoU = "seeds_above_random_iou"
    }

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
        let curves = seeds.compactMap(\.oracleOverlap)
        if curves.count == seeds.count, let length = curves.map(\.count).min(), length > 0 {
            let k = Double(curves.count)
            func mean(_ e: Int, _ value: KeyPath<MaskOracleOverlap, Double>) -> Double {
                curves.map { $0[e][keyPath: value] }.reduce(0, +) / k
            }
            oracleOverlap = (0..<length).map { e in
                MaskOracleOverlap(epoch: e, iou: mean(e, \.iou), auroc: mean(e, \.auroc), destroyedFraction: mean(e, \.destroyedFraction),
                                  randomIoU: mean(e, \.randomIoU), randomAUROC: mean(e, \.randomAUROC),
                                  randomDestroyedFraction: mean(e, \.randomDestroyedFraction))
            }
            seedsAboveRandomIoU = curves.filter { $0[length - 1].iou > $0[length - 1].randomIoU }.count
        }
    }
}
