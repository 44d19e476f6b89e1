import Datasets
import Foundation
import Objectives

/// A grid as changed from the command line: `--dataset DIR` (repeatable) replaces the grid's
/// datasets by feature folders, keeping its seeds, objectives, subsets and configuration;
/// `--set KEY=VALUE` (repeatable, ``GridSetting``) changes every dataset's configuration last.
/// Both change the cells' specs, hence their keys.
public struct GridOverrides: Sendable, Equatable {
    /// Feature folders replacing the grid's datasets (none: the grid's own datasets).
    public var datasets: [String]
    /// Settings applied in order after the grid's and the datasets' own changes.
    public var settings: [GridSetting]

    /// Overrides from command-line values; throws ``GridSettingError`` for a bad `--set`.
    public init(datasets: [String] = [], settings: [String] = []) throws {
        self.datasets = datasets
        self.settings = try settings.map(GridSetting.init(parsing:))
    }

    /// Overrides from parsed settings.
    public init(datasets: [String], parsedSettings: [GridSetting]) {
        self.datasets = datasets
        self.settings = parsedSettings
    }

    /// No overrides.
    public static let none = GridOverrides(datasets: [], parsedSettings: [])

    /// True when nothing is overridden.
    public var isEmpty: Bool { datasets.isEmpty && settings.isEmpty }

    /// The grid with the overrides applied.
    public func apply(to grid: Grid) -> Grid {
        var copy = grid
        if !datasets.isEmpty { copy.datasets = datasets.map { Dataset(.folder($0)) } }
        let settings = self.settings
        if !settings.isEmpty {
            copy.overrides.append { reference in for s in settings { s.apply(to: &reference) } }
        }
        return copy
    }

    /// The command-line arguments that give these overrides (for `bench cell` child processes).
    public var arguments: [String] {
        datasets.flatMap { ["--dataset", $0] } + settings.flatMap { ["--set", $0.description] }
    }
}
