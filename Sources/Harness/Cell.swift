import Datasets
import Foundation
import Objectives

/// One unit of work: an objective trained (or an ensemble combined) on one dataset with one seed.
public struct Cell: Sendable {
    /// The grid that planned it.
    public let grid: String
    /// The dataset's label in the grid (its name unless the grid gives several variants).
    public let datasetLabel: String
    /// The full specification.
    public let spec: CellSpec
    /// The spec's canonical JSON (stored as the cell's hyper-parameters).
    public let specJSON: String
    /// SHA-256 of ``specJSON``.
    public let key: CellKey
    /// SHA-256 of ``specJSON`` without the code digest (``CellSpec/withoutCode(_:)``): shared by
    /// this cell's results computed by every version of the code, which finds the stale ones.
    public let specKey: CellKey
    /// Keys of the cells that must be done before this one runs (an ensemble's unimodal members).
    public let dependencies: [CellKey]

    /// A cell; computes its key.
    public init(grid: String, datasetLabel: String, spec: CellSpec, dependencies: [CellKey] = []) throws {
        self.grid = grid
        self.datasetLabel = datasetLabel
        self.spec = spec
        self.specJSON = try spec.canonicalJSON()
        self.key = CellKey(canonicalJSON: specJSON)
        self.specKey = CellKey(canonicalJSON: CellSpec.withoutCode(specJSON))
        self.dependencies = dependencies
    }

    /// The objective's table name, e.g. "unimodal-1", "synib-random".
    public var objectiveName: String { spec.objective.name }

    /// The seed.
    public var seed: UInt64 { spec.seed }

    /// "dataset/objective/seed", for logs.
    public var label: String { "\(datasetLabel)/\(objectiveName)/s\(seed)" }
}
