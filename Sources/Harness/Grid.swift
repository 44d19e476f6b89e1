import Datasets
import Foundation
import Information
import Objectives

/// A named, declarative experiment grid: datasets × seeds × objectives, plus the synergy
/// subsets its report shows. Written with the ``GridBuilder`` DSL:
///
///     Grid("xor") {
///         Seeds(0..<3)
///         Dataset(.pidXOR(synergy: 0.10)) { .synibOracle }
///         Dataset(.spuriousXOR)
///         ObjectiveList { .unimodal; .vanilla; .ensemble; .synibRandom }   // `;` between dot-items
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
    public var configurations: [@Sendable (inout ProtocolSettings) -> Void] = []
    /// Notes printed with the report.
    public var notes: [String] = []
    /// The body of a grid that depends on the run's data (applied by ``resolved(in:)``).
    private var dataDependentBody: (@Sendable (GridContext) -> [any GridComponent])?
    /// PID cards computed in every cell (``ModelPID``), nil when off.
    public var pid: PIDSettings? = nil
    /// Changes applied after the dataset's own (the command line's `--set`, ``GridOverrides``).
    public var overrides: [@Sendable (inout ProtocolSettings) -> Void] = []
    /// Figures drawn from the report (``Figure``).
    public var figures: [Figure] = []
    /// The protocol every dataset starts from unless it names its own (``Dataset/protocol(_:)``).
    public var protocolName: ProtocolName = .harness
    /// The protocol of every dataset, from the command line (`--protocol`, `--set protocol=`); wins.
    public var protocolOverride: ProtocolName? = nil
    /// Published numbers shown beside the grid's own (``PublishedValues``).
    public var published: PublishedValues? = nil

    /// A grid from its DSL body.
    public init(_ name: String, summary: String = "", @GridBuilder _ body: () -> [any GridComponent]) {
        self.name = name
        self.summary = summary
        for component in body() { component.apply(to: &self) }
    }

    /// A grid whose body depends on the run (e.g. real files or stand-ins): `body` runs with the
    /// run's ``GridContext`` when the grid is planned, never when it is declared, so
    /// `--data DIR` and `SYNIB_DATA=DIR` plan the same cells.
    ///
    ///     Grid("paper") { (run: GridContext) in
    ///         if run.hasRealFiles(.mosi) { Dataset(.mosi) } else { Dataset(.standInScaled(.mosi, scale: 0.1, timeSteps: nil)) }
    ///     }
    public init(_ name: String, summary: String = "",
                @GridBuilder resolvedWith body: @escaping @Sendable (GridContext) -> [any GridComponent]) {
        self.name = name
        self.summary = summary
        self.dataDependentBody = body
    }

    /// The grid with its run-dependent body applied for `context` (itself if it has none).
    public func resolved(in context: GridContext) -> Grid {
        guard let body = dataDependentBody else { return self }
        var grid = self
        grid.dataDependentBody = nil
        for component in body(context) { component.apply(to: &grid) }
        return grid
    }

    /// The protocol `dataset` runs under: the command line's, else its own, else the grid's.
    public func protocolName(of dataset: Dataset) -> ProtocolName {
        protocolOverride ?? dataset.protocolName ?? protocolName
    }

    /// The same grid with every dataset under protocol `name` unless it names its own.
    public func `protocol`(_ name: ProtocolName) -> Grid {
        var copy = self
        copy.protocolName = name
        return copy
    }

    /// The configuration of `dataset` under its protocol, after the grid's and the dataset's
    /// changes; throws ``ProtocolError`` when the dataset has no such protocol.
    public func configuration(of dataset: Dataset) throws -> ProtocolSettings {
        var settings = try ProtocolSettings.forDataset(dataset.spec, protocol: protocolName(of: dataset))
        for change in configurations { change(&settings) }
        for change in dataset.configurations { change(&settings) }
        for change in overrides { change(&settings) }
        return settings
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
