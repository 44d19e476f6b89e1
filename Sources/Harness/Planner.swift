import Datasets
import Foundation
import Objectives

/// One dataset entry of a plan: its cells by report row and the unimodal cells its subsets use.
public struct PlannedDataset: Sendable {
    /// The label in reports.
    public let label: String
    /// The dataset spec.
    public let spec: DatasetSpec
    /// The seeds.
    public let seeds: [UInt64]
    /// The report rows in order: objective name → one cell key per seed (same order as ``seeds``).
    public let rows: [(objective: String, keys: [CellKey])]
    /// Unimodal cell keys per seed, one per modality (for strict/majority subsets and ensembles).
    public let unimodalKeys: [UInt64: [CellKey]]
    /// The subsets to report.
    public let subsets: [SynergySubset.Kind]
    /// Objectives with no cells because they cannot run on this dataset (see
    /// ``ModalityRestricted``): objective name → the reason shown in its row.
    public var notApplicable: [String: String] = [:]
    /// The protocol its cells run under.
    public var protocolName: ProtocolName = .harness
}

/// A grid expanded into cells, dependencies first.
public struct Plan: Sendable {
    /// The grid's name.
    public let grid: String
    /// The grid's notes.
    public let notes: [String]
    /// Every cell once, each after its dependencies.
    public let cells: [Cell]
    /// The datasets, in report order.
    public let datasets: [PlannedDataset]
    /// The grid's figures (declared in the grid, resolved with it).
    public let figures: [Figure]
    /// Published numbers to show beside the grid's own (``PublishedValues``).
    public var published: PublishedValues? = nil

    /// The cell with `key`, if planned.
    public func cell(_ key: CellKey) -> Cell? { index[key].map { cells[$0] } }

    private let index: [CellKey: Int]

    init(grid: String, notes: [String], cells: [Cell], datasets: [PlannedDataset], figures: [Figure]) {
        self.grid = grid
        self.figures = figures
        self.notes = notes
        self.cells = cells
        self.datasets = datasets
        var index: [CellKey: Int] = [:]
        for (i, c) in cells.enumerated() { index[c.key] = i }
        self.index = index
    }

    /// The cells of shard `shard` plus every cell they depend on (transitively), in plan order.
    public func restricted(to shard: Shard) -> Plan {
        keepingPublished(Plan(grid: grid, notes: notes, cells: withDependencies(of: { shard.contains($0.key) }), datasets: datasets, figures: figures))
    }

    /// The listed cells — of those, only shard `shard`'s share of the list when given
    /// (``Shard/share(of:)``: every N-th entry, so N shards of R cells get ⌊R/N⌋ or ⌈R/N⌉ each) —
    /// plus every cell they depend on (transitively), in plan order. Keys the plan does not have
    /// are ignored (``CellList/read(_:plan:)`` rejects them first). This is what `bench run
    /// --cells FILE [--shard I/N]` runs: `bench slurm` lists the cells not yet done, so the
    /// shards partition exactly the remaining cells, evenly.
    public func restricted(toCells list: [CellKey], shard: Shard? = nil) -> Plan {
        let own = Set(shard?.share(of: list) ?? list)
        return keepingPublished(Plan(grid: grid, notes: notes, cells: withDependencies(of: { own.contains($0.key) }), datasets: datasets, figures: figures))
    }

    /// `plan` with this plan's published values.
    private func keepingPublished(_ plan: Plan) -> Plan {
        var copy = plan
        copy.published = published
        return copy
    }

    /// Only the given seeds (and the cells they depend on).
    public func restricted(toSeeds seeds: Set<UInt64>) -> Plan {
        keepingPublished(Plan(grid: grid, notes: notes, cells: withDependencies(of: { seeds.contains($0.seed) }),
                    datasets: datasets.map { d in
                        PlannedDataset(label: d.label, spec: d.spec, seeds: d.seeds.filter(seeds.contains),
                                       rows: d.rows.map { r in
                                           (r.objective, zip(d.seeds, r.keys).filter { seeds.contains($0.0) }.map { $0.1 })
                                       },
                                       unimodalKeys: d.unimodalKeys.filter { seeds.contains($0.key) }, subsets: d.subsets,
                                       notApplicable: d.notApplicable, protocolName: d.protocolName)
                    }, figures: figures))
    }

    /// The cells `selected` picks plus every cell they depend on (transitively), in plan order.
    /// Dependencies come before their dependents in `cells`, so one backward sweep closes the set.
    private func withDependencies(of selected: (Cell) -> Bool) -> [Cell] {
        var wanted = Set(cells.filter(selected).map(\.key))
        for cell in cells.reversed() where wanted.contains(cell.key) { wanted.formUnion(cell.dependencies) }
        return cells.filter { wanted.contains($0.key) }
    }
}

/// Expands grids into cells and adds the cells they depend on.
public enum Planner {
    /// The plan of `grid`: for every dataset × seed × objective one cell (the dataset's own
    /// seeds when it has them, else the grid's); "unimodal" expands to every modality; an
    /// ensemble depends on the unimodal cells of its seed (every modality); an ensemble or a
    /// strict/majority subset adds the dataset's unimodal cells for all seeds. An objective that
    /// cannot run with the dataset's number of modalities (``ModalityRestricted``) gets a row
    /// without cells and its reason. The grid is resolved against `context` (the run's data
    /// directory) first; the SHA-256 of every real file a dataset reads goes into its cells'
    /// keys. A Transformer shape that cannot be built throws ``TransformerSettingsError``. With `context.requireReal`, a real benchmark whose files are absent is an error
    /// listing every missing file.
    public static func plan(_ unresolved: Grid, in context: GridContext) throws -> Plan {
        let grid = unresolved.resolved(in: context)
        if context.requireReal {
            let missing = grid.datasets.compactMap { d in context.missingFiles(d.spec).map { "\(d.label): \($0)" } }
            if !missing.isEmpty { throw HarnessError.missingData(grid: grid.name, missing) }
        }
        guard !grid.seeds.isEmpty || grid.datasets.allSatisfy({ $0.seeds?.isEmpty == false }) else {
            throw HarnessError.invalidGrid(grid: grid.name, "no seeds")
        }
        guard !grid.datasets.isEmpty else { throw HarnessError.invalidGrid(grid: grid.name, "no datasets") }
        var cells: [Cell] = []
        var seen: Set<CellKey> = []
        var planned: [PlannedDataset] = []
        var labels: [String: (json: String, folder: String?)] = [:]

        func add(_ cell: Cell) {
            if seen.insert(cell.key).inserted { cells.append(cell) }
        }

        for var dataset in grid.datasets {
            // A feature folder is read and hashed here, so its cell keys follow its files.
            let spec = try dataset.spec.resolved()
            if let folder = spec.featureFolder {
                if dataset.label == dataset.spec.name { dataset.label = folder.name }
                dataset.modalities = folder.modalityCount ?? dataset.modalities
            }
            dataset.spec = spec
            if let other = labels[dataset.label], other.json != spec.canonicalJSON {
                let folders = [other.folder, spec.featureFolder?.path].compactMap { $0 }
                let fix = folders.count == 2
                    ? "feature folders \(folders[0]) and \(folders[1]) both have \"name\": \"\(dataset.label)\" in dataset.json; give them distinct names there"
                    : "give them distinct labels (Dataset(…, label: \"…\") in the grid)"
                throw HarnessError.invalidGrid(grid: grid.name,
                    "two datasets are labelled '\(dataset.label)' with different contents or parameters; \(fix)")
            }
            labels[dataset.label] = (spec.canonicalJSON, spec.featureFolder?.path)
            guard dataset.modalities > 0 else {
                throw HarnessError.invalidGrid(grid: grid.name, "dataset \(dataset.label): modalities must be positive")
            }
            let reference: ProtocolSettings
            do { reference = try grid.configuration(of: dataset) } catch {
                throw HarnessError.invalidGrid(grid: grid.name, "dataset \(dataset.label): \(error)")
            }
            let protocolName = grid.protocolName(of: dataset)
            // A Transformer that cannot be built is refused here, before any cell trains.
            try reference.model.validateTransformers(context: "dataset \(dataset.label)")
            let seeds = dataset.seeds ?? grid.seeds
            guard !seeds.isEmpty else { throw HarnessError.invalidGrid(grid: grid.name, "dataset \(dataset.label) has no seeds") }
            let dataFiles: [String: String]?
            do { dataFiles = try context.fileHashes(spec) } catch {
                throw HarnessError.invalidGrid(grid: grid.name, "dataset \(dataset.label): cannot read its data files: \(error)")
            }
            let choices = grid.objectives(of: dataset)
            guard !choices.isEmpty else {
                throw HarnessError.invalidGrid(grid: grid.name, "dataset \(dataset.label) has no objectives")
            }
            // Resolve the choices to concrete objectives (unimodal → every modality).
            var objectives: [any Objective] = []
            for choice in choices {
                switch choice {
                case .named("unimodal"):
                    objectives += (0..<dataset.modalities).map { Unimodal(modality: $0) }
                case .named(let name):
                    do { objectives.append(try reference.objective(named: name)) } catch {
                        throw HarnessError.invalidGrid(grid: grid.name, "dataset \(dataset.label): \(error)")
                    }
                case .fixed(let objective):
                    objectives.append(objective)
                }
            }
            let needsUnimodal = objectives.contains { $0 is Ensemble }
                || grid.subsets.contains { $0 == .strict || $0 == .majority }

            func cell(_ objective: any Objective, seed: UInt64, dependencies: [CellKey] = []) throws -> Cell {
                try Cell(grid: grid.name, datasetLabel: dataset.label,
                         spec: CellSpec(dataset: spec, objective: objective, seed: seed,
                                        model: reference.model, training: reference.training, dataFiles: dataFiles,
                                        pid: grid.pid, protocolName: protocolName, code: context.codeDigest),
                         dependencies: dependencies)
            }

            var unimodalKeys: [UInt64: [CellKey]] = [:]
            if needsUnimodal {
                for seed in seeds {
                    let unimodal = try (0..<dataset.modalities).map { try cell(Unimodal(modality: $0), seed: seed) }
                    unimodal.forEach(add)
                    unimodalKeys[seed] = unimodal.map(\.key)
                }
            }
            var rows: [(objective: String, keys: [CellKey])] = []
            var notApplicable: [String: String] = [:]
            for objective in objectives {
                if let reason = objective.unsupportedReason(modalityCount: dataset.modalities) {
                    if !rows.contains(where: { $0.objective == objective.name }) { rows.append((objective.name, [])) }
                    notApplicable[objective.name] = reason
                    continue
                }
                var keys: [CellKey] = []
                for seed in seeds {
                    let dependencies = objective is Ensemble ? unimodalKeys[seed] ?? [] : []
                    let c = try cell(objective, seed: seed, dependencies: dependencies)
                    add(c)
                    keys.append(c.key)
                }
                if let existing = rows.firstIndex(where: { $0.objective == objective.name }) {
                    if rows[existing].keys != keys {
                        throw HarnessError.invalidGrid(grid: grid.name,
                            "dataset \(dataset.label): two different objectives are both named '\(objective.name)'")
                    }
                } else {
                    rows.append((objective.name, keys))
                }
            }
            planned.append(PlannedDataset(label: dataset.label, spec: spec, seeds: seeds, rows: rows,
                                          unimodalKeys: unimodalKeys, subsets: grid.subsets, notApplicable: notApplicable,
                                          protocolName: protocolName))
        }
        // Unimodal cells were added before their dependents, so `cells` is already ordered.
        var plan = Plan(grid: grid.name, notes: grid.notes, cells: cells, datasets: planned, figures: grid.figures)
        plan.published = grid.published
        return plan
    }
}
