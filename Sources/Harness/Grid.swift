import Datasets
import Foundation
import Objectives

/// A named, declarative experiment grid: datasets × seeds × objectives, plus the synergy
/// subsets its report shows. Written with the ``GridBuilder`` DSL:
///
///     Grid("xor") {
///         Seeds(0..<3)
///         Dataset(.pidXOR(synergy: 0.10)) { .synibOracle }
///         Dataset(.spuriousXOR)
///         Objectives { .unimodal; .vanilla; .ensemble; .synibRandom }   // `;` between dot-items
///         Subsets(.byConstruction, .strict)
///     }
public struct Grid: Sendable {
    /// The name used by `--grid`.
    public let name: String
    /// One line for `bench list grids`.
    public var summary: String
    /// Seeds (default 0, 1, 2).
    public var seeds: [UInt64] = [0, 1, 2]
    /// The datasets, in report order.
    public var datasets: [Dataset] = []
    /// The objectives of every dataset, in report order.
    public var objectives: [ObjectiveChoice] = []
    /// Synergy subsets (default by-construction, then strict).
    public var subsets: [SynergySubset.Kind] = [.byConstruction, .strict]
    /// Grid-wide configuration changes.
    public var configurations: [@Sendable (inout ReferenceConfiguration) -> Void] = []
    /// Notes printed with the report.
    public var notes: [String] = []
    /// Figures drawn from the report (``Figure``).
    public var figures: [Figure] = []

    /// A grid from its DSL body.
    public init(_ name: String, summary: String = "", @GridBuilder _ body: () -> [any GridComponent]) {
        self.name = name
        self.summary = summary
        for component in body() { component.apply(to: &self) }
    }

    /// The reference configuration of `dataset` after the grid's and the dataset's changes.
    public func configuration(of dataset: Dataset) -> ReferenceConfiguration {
        var reference = ReferenceConfiguration.forDataset(dataset.spec.name)
        for change in configurations { change(&reference) }
        for change in dataset.configurations { change(&reference) }
        return reference
    }

    /// The objectives of `dataset`.
    public func objectives(of dataset: Dataset) -> [ObjectiveChoice] {
        dataset.replacesObjectives ? dataset.objectives : objectives + dataset.objectives
    }
}

/// A list of named grids (the `Experiments` module provides the project's).
public struct GridRegistry: Sendable {
    /// The grids, in listing order.
    public let grids: [Grid]

    /// A registry; grid names must be unique.
    public init(_ grids: [Grid]) {
        self.grids = grids
    }

    /// The grid called `name`.
    public func grid(named name: String) throws -> Grid {
        guard let grid = grids.first(where: { $0.name == name }) else {
            throw HarnessError.unknownGrid(name, known: grids.map(\.name))
        }
        return grid
    }
}
