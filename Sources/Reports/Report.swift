import Datasets
import Foundation
import Harness
import Information
import Objectives

/// The report of a plan from the run store: per dataset a table of objectives × (overall,
/// synergy subsets). Subsets are computed here from the stored per-example predictions:
/// by-construction from the test tags, strict/majority from all seeds × modalities of the
/// dataset's unimodal cells (per seed when the seeds' test splits differ, as for generated
/// data). The same store always gives byte-identical output.
public struct Report: Sendable {
    /// The grid.
    public let grid: String
    /// The grid's notes (and, from ``GridReport``, a warning about stale cells left out).
    public var notes: [String]
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
                if let pid = try records[key.hex]?.decodedMetrics()?.pid, !pid.dataset.isEmpty {
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
            guard let r = records[key.hex], let metrics = try r.decodedMetrics(), let blob = r.predictions, let labelBlob = r.labels else {
                missing.append(seed)
                if failed.contains(key.hex) { failedSeeds.append(seed) }
                continue
            }
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
            return SubsetResult(name: kind.rawValue, n: n, nPerSeed: entry.n, mean: SampleMoments.mean(entry.acc),
                                std: SampleMoments.sampleStd(entry.acc))
        }
        let primary = results.first
        var row = ReportRow(grid: grid, dataset: d.label, objective: objective,
                         provenance: provenances.isEmpty ? "unknown" : provenances.sorted().joined(separator: "+"),
                         seeds: seeds, missingSeeds: missing, overallMean: SampleMoments.mean(overall),
                         overallStd: SampleMoments.sampleStd(overall), synergySubset: primary?.name, synergyN: primary?.n,
                         synergyMean: primary?.mean, synergyStd: primary?.std, subsets: results,
                         ironyF1Mean: SampleMoments.mean(ironyF1), ironyF1Std: SampleMoments.sampleStd(ironyF1), outcomes: outcomes,
                         failedSeeds: failedSeeds, perSeed: perSeed)
        row.curves = curves
        row.masks = masks.count == seeds.count ? MaskSummary(masks) : nil
        if !modelPIDs.isEmpty {
            func mean(_ atom: KeyPath<PartialInformation, Double>) -> Double { SampleMoments.mean(modelPIDs.map { $0[keyPath: atom] })! }
            row.modelPID = PartialInformation(redundancy: mean(\.redundancy), unique0: mean(\.unique0), unique1: mean(\.unique1),
                                              synergy: mean(\.synergy), mutualInformation: mean(\.mutualInformation),
                                              gap: modelPIDs.map(\.gap).max()!)
        }
        return row
    }
}
