import Foundation
import Information
import Objectives

/// Accuracy on one synergy subset, over seeds.
public struct SubsetResult: Codable, Equatable, Sendable {
    /// "by-construction", "strict" or "majority".
    public let name: String
    /// Subset size (per seed; the rounded mean when seeds differ).
    public let n: Int
    /// Per-seed sizes.
    public let nPerSeed: [Int]
    /// Mean accuracy over the seeds with a non-empty subset (nil if none).
    public let mean: Double?
    /// Sample standard deviation over those seeds (0 for one seed).
    public let std: Double?

    enum CodingKeys: String, CodingKey { case name, n, nPerSeed = "n_per_seed", mean, std }

    /// A subset result.
    public init(name: String, n: Int, nPerSeed: [Int], mean: Double?, std: Double?) {
        self.name = name; self.n = n; self.nPerSeed = nPerSeed; self.mean = mean; self.std = std
    }

    /// Encodes every field; missing values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(n, forKey: .n)
        try c.encode(nPerSeed, forKey: .nPerSeed)
        try c.encode(mean, forKey: .mean)
        try c.encode(std, forKey: .std)
    }
}

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

/// One seed of a row: per test example whether it was classified correctly, and the indices
/// of each reported subset for that seed (by subset name).
public struct SeedOutcome: Sendable, Equatable {
    /// The seed.
    public let seed: UInt64
    /// Correct (true) or not, per test example.
    public let correct: [Bool]
    /// Subset name → test-example indices.
    public let subsets: [String: [Int]]

    /// An outcome.
    public init(seed: UInt64, correct: [Bool], subsets: [String: [Int]]) {
        self.seed = seed
        self.correct = correct
        self.subsets = subsets
    }
}

/// What a report needs to know about a dataset beyond its rows.
public struct ReportDataset: Sendable, Equatable {
    /// The label (the rows' `dataset`).
    public let label: String
    /// The dataset's name (`pid-xor`, `digits-irony`, …).
    public let name: String
    /// Generated synthetic task (PID-XOR, spurious-XOR): provenance is "surrogate" by nature.
    public let synthetic: Bool
    /// Irony construction: irony-class F1 is reported.
    public let irony: Bool
    /// The subset kinds shown as columns.
    public let subsets: [String]
    /// The dataset's PID cards about its test labels (one per modality pair, with bootstrap
    /// intervals) from the lowest seed with a stored card; empty when the grid has no ``ModelPID``.
    public var pidCards: [PIDCard] = []
    /// The seed the cards come from.
    public var pidSeed: UInt64? = nil
    /// The protocol its cells ran under (``ProtocolName``).
    public var protocolName: String = "harness"

    /// A dataset entry.
    public init(label: String, name: String, synthetic: Bool, irony: Bool, subsets: [String]) {
        self.label = label; self.name = name; self.synthetic = synthetic; self.irony = irony; self.subsets = subsets
    }
}

/// The report of a plan from the run store: per dataset a table of objectives × (overall,
/// synergy subsets). Subsets are computed here from the stored per-example predictions:
/// by-construction from the test tags, strict/majority from all seeds × modalities of the
/// dataset's unimodal cells (per seed when the seeds' test splits differ, as for generated
/// data). The same store always gives byte-identical output.
public struct Report: Sendable {
    /// The grid.
    public let grid: String
    /// The grid's notes.
    public let notes: [String]
    /// Rows, grouped by dataset in plan order.
    public let rows: [ReportRow]
    /// Per dataset label, the subset kinds shown as columns.
    public let columns: [String: [String]]
    /// The datasets, in plan order.
    public let datasets: [ReportDataset]
    /// Where the report's cells ran (nil for a report built from rows alone).
    public var provenance: ReportProvenance?
    /// Published numbers shown beside the report's own (nil: none).
    public var published: PublishedValues? = nil

    /// A report from its parts (tests, renderers).
    public init(grid: String, notes: [String], rows: [ReportRow], datasets: [ReportDataset],
                provenance: ReportProvenance? = nil) {
        self.grid = grid
        self.notes = notes
        self.rows = rows
        self.datasets = datasets
        self.provenance = provenance
        self.columns = Dictionary(datasets.map { ($0.label, $0.subsets) }, uniquingKeysWith: { a, _ in a })
    }

    /// Builds the report of `plan` from `store`; a cell not done whose result is in `stale`
    /// (`--reuse-stale`) is reported with that result and marked stale in its row.
    public init(plan: Plan, store: RunStore, stale: StaleCells = StaleCells()) throws {
        grid = plan.grid
        notes = plan.notes
        published = plan.published
        var keys: [String] = []
        for d in plan.datasets {
            for r in d.rows { keys += r.keys.map(\.hex) }
            for u in d.unimodalKeys.values { keys += u.map(\.hex) }
        }
        let stored = try store.records(keys)
        var records = stored.filter { $0.value.status == .done }
        for (key, record) in stale.records where records[key] == nil { records[key] = record }
        let staleKeys = Set(stale.records.keys).subtracting(stored.filter { $0.value.status == .done }.keys)
        let failed = Set(stored.values.filter { $0.status == .failed }.map(\.key))
        var tableOf: [String: String] = [:]
        for d in plan.datasets { for r in d.rows { for k in r.keys { tableOf[k.hex] = d.label } } }
        // Each stored environment is decoded once, for the provenance and the rows.
        let environments = records.compactMapValues(\.runEnvironment)
        provenance = ReportProvenance(environments: records.keys.sorted().map { ($0, environments[$0]) }, tableOf: tableOf)
        var rows: [ReportRow] = []
        var columns: [String: [String]] = [:]
        var datasets: [ReportDataset] = []
        for d in plan.datasets {
            let subsets = try Report.subsets(of: d, records: records)
            let available = d.subsets.filter { subsets[$0] != nil }
            columns[d.label] = available.map(\.rawValue)
            let irony: Bool, synthetic: Bool
            switch d.spec.synergyConstruction {
            case .irony: (irony, synthetic) = (true, false)
            case .synthetic: (irony, synthetic) = (false, true)
            case .none: (irony, synthetic) = (false, false)
            }
            var entry = ReportDataset(label: d.label, name: d.spec.name, synthetic: synthetic, irony: irony,
                                      subsets: available.map(\.rawValue))
            entry.protocolName = d.protocolName.rawValue
            if let (seed, cards) = try Report.datasetPID(of: d, records: records) {
                entry.pidCards = cards
                entry.pidSeed = seed
            }
            datasets.append(entry)
            for r in d.rows {
                var row = try Report.row(grid: plan.grid, dataset: d, objective: r.objective, keys: r.keys,
                                         records: records, failed: failed, subsets: subsets, kinds: available)
                row.notApplicable = d.notApplicable[r.objective]
                row.staleSeeds = zip(d.seeds, r.keys).filter { staleKeys.contains($0.1.hex) }.map(\.0)
                let rowEnvironments = r.keys.compactMap { environments[$0.hex] }
                if !rowEnvironments.isEmpty {
                    row.codeVersions = Set(rowEnvironments.map(\.code)).sorted()
                    row.blasKernels = Set(rowEnvironments.map(\.blasKernel)).sorted()
                }
                if !entry.pidCards.isEmpty { row.datasetPID = entry.pidCards }
                rows.append(row)
            }
        }
        self.rows = rows
        self.columns = columns
        self.datasets = datasets
    }

    /// The dataset PID cards stored with the lowest seed's first done cell that has them.
    private static func datasetPID(of d: PlannedDataset, records: [String: CellRecord]) throws -> (UInt64, [PIDCard])? {
        for (i, seed) in d.seeds.enumerated() {
            let candidates = d.rows.compactMap { $0.keys.indices.contains(i) ? $0.keys[i] : nil } + (d.unimodalKeys[seed] ?? [])
            for key in candidates {
                guard let text = records[key.hex]?.metrics else { continue }
                if let pid = try JSONDecoder().decode(StoredMetrics.self, from: Data(text.utf8)).pid, !pid.dataset.isEmpty {
                    return (seed, pid.dataset)
                }
            }
        }
        return nil
    }

    /// Per kind, per seed: the subset's indices and the seed's test labels (nil kind = unavailable).
    private static func subsets(of d: PlannedDataset, records: [String: CellRecord])
        throws -> [SynergySubset.Kind: [UInt64: SynergySubset]] {
        // Test labels and by-construction indices per seed, from any done cell of that seed.
        var labels: [UInt64: [Int]] = [:]
        var tagged: [UInt64: [Int]] = [:]
        for (i, seed) in d.seeds.enumerated() {
            let candidates = d.rows.compactMap { $0.keys.indices.contains(i) ? $0.keys[i] : nil } + (d.unimodalKeys[seed] ?? [])
            guard let r = candidates.lazy.compactMap({ records[$0.hex] }).first, let blob = r.labels else { continue }
            labels[seed] = try BlobCodec.decodeIntegers(blob, what: "labels of cell \(r.key)")
            if let s = r.synergyIndices { tagged[seed] = try BlobCodec.decodeIntegers(s, what: "synergy indices of cell \(r.key)") }
        }
        var result: [SynergySubset.Kind: [UInt64: SynergySubset]] = [:]
        for kind in d.subsets {
            switch kind {
            case .byConstruction:
                guard !tagged.isEmpty else { continue }
                result[kind] = tagged.mapValues { SynergySubset(name: kind.rawValue, indices: $0) }
            case .strict, .majority:
                // Predicted classes of every unimodal cell, per seed.
                var predictors: [UInt64: [[Int]]] = [:]
                var complete = true
                for seed in d.seeds {
                    for key in d.unimodalKeys[seed] ?? [] {
                        guard let r = records[key.hex], let blob = r.predictions else { complete = false; continue }
                        predictors[seed, default: []].append(try BlobCodec.decodePredictions(blob, key: key.hex).predictedClasses)
                    }
                }
                guard complete, !predictors.isEmpty, d.seeds.allSatisfy({ labels[$0] != nil && predictors[$0] != nil }) else { continue }
                let sameSplit = Set(d.seeds.compactMap { labels[$0] }).count == 1
                var perSeed: [UInt64: SynergySubset] = [:]
                for seed in d.seeds {
                    guard let y = labels[seed] else { continue }
                    let pool = sameSplit ? d.seeds.flatMap { predictors[$0] ?? [] } : predictors[seed] ?? []
                    guard pool.allSatisfy({ $0.count == y.count }) else {
                        throw HarnessError.store(path: "", "dataset \(d.label) seed \(seed): unimodal predictions and labels differ in length")
                    }
                    perSeed[seed] = kind == .strict ? SynergySubset.strict(predictions: pool, labels: y)
                                                    : SynergySubset.majority(predictions: pool, labels: y)
                }
                result[kind] = perSeed
            }
        }
        return result
    }

    private static func row(grid: String, dataset d: PlannedDataset, objective: String, keys: [CellKey],
                            records: [String: CellRecord], failed: Set<String>,
                            subsets: [SynergySubset.Kind: [UInt64: SynergySubset]],
                            kinds: [SynergySubset.Kind]) throws -> ReportRow {
        var seeds: [UInt64] = [], missing: [UInt64] = [], overall: [Double] = [], provenances: Set<String> = []
        var ironyF1: [Double] = [], outcomes: [SeedOutcome] = [], curves: [SeedCurves] = [], masks: [MaskDiagnostics] = []
        var failedSeeds: [UInt64] = [], perSeed: [SeedValues] = []
        var modelPIDs: [PartialInformation] = []
        var perKind: [SynergySubset.Kind: (acc: [Double], n: [Int])] = [:]
        for (seed, key) in zip(d.seeds, keys) {
            guard let r = records[key.hex], let metricsText = r.metrics, let blob = r.predictions, let labelBlob = r.labels else {
                missing.append(seed)
                if failed.contains(key.hex) { failedSeeds.append(seed) }
                continue
            }
            let metrics = try JSONDecoder().decode(StoredMetrics.self, from: Data(metricsText.utf8))
            seeds.append(seed)
            overall.append(metrics.evaluation.accuracy)
            if let card = metrics.pid?.model.first { modelPIDs.append(card.estimate) }
            if let c = metrics.curves { curves.append(SeedCurves(seed: seed, bestEpoch: metrics.bestEpoch, curves: c)) }
            if let m = metrics.maskDiagnostics { masks.append(m) }
            if let p = r.provenance { provenances.insert(p) }
            let predicted = try BlobCodec.decodePredictions(blob, key: r.key).predictedClasses
            let labels = try BlobCodec.decodeIntegers(labelBlob, what: "labels of cell \(r.key)")
            if let f1 = metrics.evaluation.ironyF1(d.spec.synergyConstruction) { ironyF1.append(f1) }
            var seedSubsets: [String: [Int]] = [:]
            for kind in kinds {
                if let subset = subsets[kind]?[seed] { seedSubsets[kind.rawValue] = subset.indices }
            }
            if predicted.count == labels.count {
                outcomes.append(SeedOutcome(seed: seed, correct: zip(predicted, labels).map { $0 == $1 }, subsets: seedSubsets))
            }
            var seedValues: [SeedValues.Subset] = []
            for kind in kinds {
                guard let subset = subsets[kind]?[seed] else { continue }
                perKind[kind, default: ([], [])].n.append(subset.count)
                var accuracy: Double? = nil
                if !subset.indices.isEmpty, subset.indices.allSatisfy({ $0 < labels.count && $0 < predicted.count }) {
                    accuracy = Evaluation.accuracy(predicted, labels, rows: subset.indices)
                    perKind[kind, default: ([], [])].acc.append(accuracy!)
                }
                seedValues.append(SeedValues.Subset(name: kind.rawValue, n: subset.count, accuracy: accuracy))
            }
            perSeed.append(SeedValues(seed: seed, overall: metrics.evaluation.accuracy, n: labels.count, subsets: seedValues))
        }
        let results = kinds.map { kind -> SubsetResult in
            let entry = perKind[kind] ?? ([], [])
            let n = entry.n.isEmpty ? 0 : Int((Double(entry.n.reduce(0, +)) / Double(entry.n.count)).rounded())
            return SubsetResult(name: kind.rawValue, n: n, nPerSeed: entry.n, mean: Statistics.mean(entry.acc),
                                std: Statistics.sampleStd(entry.acc))
        }
        let primary = results.first
        var row = ReportRow(grid: grid, dataset: d.label, objective: objective,
                         provenance: provenances.isEmpty ? "unknown" : provenances.sorted().joined(separator: "+"),
                         seeds: seeds, missingSeeds: missing, overallMean: Statistics.mean(overall),
                         overallStd: Statistics.sampleStd(overall), synergySubset: primary?.name, synergyN: primary?.n,
                         synergyMean: primary?.mean, synergyStd: primary?.std, subsets: results,
                         ironyF1Mean: Statistics.mean(ironyF1), ironyF1Std: Statistics.sampleStd(ironyF1), outcomes: outcomes,
                         failedSeeds: failedSeeds, perSeed: perSeed)
        row.curves = curves
        row.masks = masks.count == seeds.count ? MaskSummary(masks) : nil
        if !modelPIDs.isEmpty {
            func mean(_ atom: KeyPath<PartialInformation, Double>) -> Double { Statistics.mean(modelPIDs.map { $0[keyPath: atom] })! }
            row.modelPID = PartialInformation(redundancy: mean(\.redundancy), unique0: mean(\.unique0), unique1: mean(\.unique1),
                                              synergy: mean(\.synergy), mutualInformation: mean(\.mutualInformation),
                                              gap: modelPIDs.map(\.gap).max()!)
        }
        return row
    }
}

/// Mean and sample standard deviation.
public enum Statistics {
    /// The mean, nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (n − 1), 0 for one value, nil for none.
    public static func sampleStd(_ values: [Double]) -> Double? {
        guard let m = mean(values) else { return nil }
        guard values.count > 1 else { return 0 }
        return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
}
