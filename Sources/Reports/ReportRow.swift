import Foundation
import Harness
import Information

/// One table row: an objective on a dataset, aggregated over seeds.
public struct ReportRow: Codable, Equatable, Sendable {
    /// The grid.
    public let grid: String
    /// The dataset label.
    public let dataset: String
    /// The objective name.
    public let objective: String
    /// "real", "surrogate" or "real+surrogate" (mixed), "unknown" when nothing is done.
    public let provenance: String
    /// The seeds with a done cell.
    public let seeds: [UInt64]
    /// Planned seeds without a done cell.
    public let missingSeeds: [UInt64]
    /// Those of ``missingSeeds`` whose cell failed (stored with status failed).
    public var failedSeeds: [UInt64] = []
    /// Those of ``seeds`` whose result is stale: computed by other code and kept with
    /// `--reuse-stale` (``StaleCells``). Encoded when not empty.
    public var staleSeeds: [UInt64] = []
    /// Mean overall test accuracy (fraction), nil when no seed is done.
    public let overallMean: Double?
    /// Sample standard deviation of the overall accuracy.
    public let overallStd: Double?
    /// The primary synergy subset's name (the first of the grid's subsets the dataset supports).
    public let synergySubset: String?
    /// Its size.
    public let synergyN: Int?
    /// Mean accuracy on it.
    public let synergyMean: Double?
    /// Its standard deviation.
    public let synergyStd: Double?
    /// Every reported subset.
    public let subsets: [SubsetResult]
    /// Why the objective has no cells on this dataset (e.g. "n/a (two modalities only)"), nil
    /// when it runs; shown in the row's cells instead of numbers.
    public var notApplicable: String? = nil
    /// Mean F1 of the "irony" class (irony datasets only).
    public var ironyF1Mean: Double? = nil
    /// Its sample standard deviation.
    public var ironyF1Std: Double? = nil
    /// Per done seed, its overall and subset accuracies (what `bench check` pairs by seed).
    public var perSeed: [SeedValues] = []
    /// Per done seed, which test examples were classified correctly and the subsets' indices
    /// (for bootstrap intervals; not encoded).
    public var outcomes: [SeedOutcome] = []
    /// Per done seed that trained, its per-epoch curves (encoded when present).
    public var curves: [SeedCurves] = []
    /// What the masks withheld, mean over seeds (SynIB rows; encoded when present).
    public var masks: MaskSummary? = nil
    /// The code versions the row's done cells ran with (``RunEnvironment/code``), sorted; nil when
    /// none recorded one. Encoded when present; not part of ``==`` (a baseline compares numbers).
    public var codeVersions: [String]? = nil
    /// The OpenBLAS kernels the row's done cells ran with, sorted; nil when none recorded one.
    public var blasKernels: [String]? = nil
    /// The model's PID (its test predictions in place of the labels; first modality pair),
    /// each atom the mean over the done seeds, when the grid has ``ModelPID``.
    public var modelPID: PartialInformation? = nil
    /// The dataset's PID cards (see ``ReportDataset/pidCards``), repeated on each of its rows
    /// in the JSON report; nil when not computed.
    public var datasetPID: [PIDCard]? = nil

    enum CodingKeys: String, CodingKey {
        case grid, dataset, objective, provenance, seeds, missingSeeds = "missing_seeds", overallMean = "overall_mean",
             overallStd = "overall_std", synergySubset = "synergy_subset", synergyN = "synergy_n",
             synergyMean = "synergy_mean", synergyStd = "synergy_std", subsets, ironyF1Mean = "irony_f1_mean",
             ironyF1Std = "irony_f1_std", failedSeeds = "failed_seeds", perSeed = "per_seed", curves, masks,
             notApplicable = "not_applicable", codeVersions = "code_versions", blasKernels = "blas_kernels",
             modelPID = "model_pid", datasetPID = "dataset_pid", staleSeeds = "stale_seeds"
    }

    /// A row.
    public init(grid: String, dataset: String, objective: String, provenance: String, seeds: [UInt64],
                missingSeeds: [UInt64], overallMean: Double?, overallStd: Double?, synergySubset: String?,
                synergyN: Int?, synergyMean: Double?, synergyStd: Double?, subsets: [SubsetResult],
                ironyF1Mean: Double? = nil, ironyF1Std: Double? = nil, outcomes: [SeedOutcome] = [],
                failedSeeds: [UInt64] = [], perSeed: [SeedValues] = []) {
        self.grid = grid; self.dataset = dataset; self.objective = objective; self.provenance = provenance
        self.seeds = seeds; self.missingSeeds = missingSeeds; self.overallMean = overallMean; self.overallStd = overallStd
        self.synergySubset = synergySubset; self.synergyN = synergyN; self.synergyMean = synergyMean
        self.synergyStd = synergyStd; self.subsets = subsets; self.ironyF1Mean = ironyF1Mean
        self.ironyF1Std = ironyF1Std; self.outcomes = outcomes
        self.failedSeeds = failedSeeds; self.perSeed = perSeed
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(grid: try c.decode(String.self, forKey: .grid), dataset: try c.decode(String.self, forKey: .dataset),
                  objective: try c.decode(String.self, forKey: .objective),
                  provenance: try c.decode(String.self, forKey: .provenance),
                  seeds: try c.decode([UInt64].self, forKey: .seeds),
                  missingSeeds: try c.decodeIfPresent([UInt64].self, forKey: .missingSeeds) ?? [],
                  overallMean: try c.decodeIfPresent(Double.self, forKey: .overallMean),
                  overallStd: try c.decodeIfPresent(Double.self, forKey: .overallStd),
                  synergySubset: try c.decodeIfPresent(String.self, forKey: .synergySubset),
                  synergyN: try c.decodeIfPresent(Int.self, forKey: .synergyN),
                  synergyMean: try c.decodeIfPresent(Double.self, forKey: .synergyMean),
                  synergyStd: try c.decodeIfPresent(Double.self, forKey: .synergyStd),
                  subsets: try c.decodeIfPresent([SubsetResult].self, forKey: .subsets) ?? [],
                  ironyF1Mean: try c.decodeIfPresent(Double.self, forKey: .ironyF1Mean),
                  ironyF1Std: try c.decodeIfPresent(Double.self, forKey: .ironyF1Std),
                  failedSeeds: try c.decodeIfPresent([UInt64].self, forKey: .failedSeeds) ?? [],
                  perSeed: try c.decodeIfPresent([SeedValues].self, forKey: .perSeed) ?? [])
        curves = try c.decodeIfPresent([SeedCurves].self, forKey: .curves) ?? []
        masks = try c.decodeIfPresent(MaskSummary.self, forKey: .masks)
        notApplicable = try c.decodeIfPresent(String.self, forKey: .notApplicable)
        codeVersions = try c.decodeIfPresent([String].self, forKey: .codeVersions)
        blasKernels = try c.decodeIfPresent([String].self, forKey: .blasKernels)
        modelPID = try c.decodeIfPresent(PartialInformation.self, forKey: .modelPID)
        datasetPID = try c.decodeIfPresent([PIDCard].self, forKey: .datasetPID)
        staleSeeds = try c.decodeIfPresent([UInt64].self, forKey: .staleSeeds) ?? []
    }

    /// Equal when every encoded field is (``outcomes`` aside).
    public static func == (a: ReportRow, b: ReportRow) -> Bool {
        a.grid == b.grid && a.dataset == b.dataset && a.objective == b.objective && a.provenance == b.provenance
            && a.seeds == b.seeds && a.missingSeeds == b.missingSeeds && a.overallMean == b.overallMean
            && a.overallStd == b.overallStd && a.synergySubset == b.synergySubset && a.synergyN == b.synergyN
            && a.synergyMean == b.synergyMean && a.synergyStd == b.synergyStd && a.subsets == b.subsets
            && a.ironyF1Mean == b.ironyF1Mean && a.ironyF1Std == b.ironyF1Std && a.failedSeeds == b.failedSeeds
            && a.perSeed == b.perSeed && a.curves == b.curves && a.masks == b.masks && a.notApplicable == b.notApplicable
            && a.modelPID == b.modelPID && a.datasetPID == b.datasetPID && a.staleSeeds == b.staleSeeds
    }

    /// Encodes every field; missing values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(grid, forKey: .grid)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(objective, forKey: .objective)
        try c.encode(provenance, forKey: .provenance)
        try c.encode(seeds, forKey: .seeds)
        try c.encode(missingSeeds, forKey: .missingSeeds)
        try c.encode(overallMean, forKey: .overallMean)
        try c.encode(overallStd, forKey: .overallStd)
        try c.encode(synergySubset, forKey: .synergySubset)
        try c.encode(synergyN, forKey: .synergyN)
        try c.encode(synergyMean, forKey: .synergyMean)
        try c.encode(synergyStd, forKey: .synergyStd)
        try c.encode(subsets, forKey: .subsets)
        try c.encode(ironyF1Mean, forKey: .ironyF1Mean)
        try c.encode(ironyF1Std, forKey: .ironyF1Std)
        try c.encode(failedSeeds, forKey: .failedSeeds)
        try c.encode(perSeed, forKey: .perSeed)
        if !curves.isEmpty { try c.encode(curves, forKey: .curves) }
        try c.encodeIfPresent(masks, forKey: .masks)
        try c.encodeIfPresent(notApplicable, forKey: .notApplicable)
        try c.encodeIfPresent(codeVersions, forKey: .codeVersions)
        try c.encodeIfPresent(blasKernels, forKey: .blasKernels)
        try c.encodeIfPresent(modelPID, forKey: .modelPID)  // only in grids with ModelPID
        try c.encodeIfPresent(datasetPID, forKey: .datasetPID)
        if !staleSeeds.isEmpty { try c.encode(staleSeeds, forKey: .staleSeeds) }
    }
}
