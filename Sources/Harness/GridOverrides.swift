import Datasets
import Foundation
import Objectives

/// A grid as changed from the command line: `--dataset DIR` (repeatable) replaces the grid's
/// datasets by feature folders, keeping its seeds, objectives, subsets and configuration;
/// `--set KEY=VALUE` (repeatable, ``GridSetting``) changes every dataset's configuration last;
/// `--set protocol=NAME` (or `--protocol NAME`) runs every dataset under protocol NAME. All of
/// them change the cells' specs, hence their keys.
public struct GridOverrides: Sendable, Equatable {
    /// Feature folders replacing the grid's datasets (none: the grid's own datasets).
    public var datasets: [String]
    /// Settings applied in order after the grid's and the datasets' own changes.
    public var settings: [GridSetting]
    /// The protocol every dataset runs under (nil: the grid's and datasets' own).
    public var protocolName: ProtocolName?

    /// Overrides from command-line values; throws ``GridSettingError`` for a bad `--set`
    /// (including an unknown `protocol=` name).
    public init(datasets: [String] = [], settings: [String] = [], protocolName: String? = nil) throws {
        self.datasets = datasets
        var parsed: [GridSetting] = []
        var chosen: ProtocolName? = nil
        for text in settings {
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == GridSetting.protocolKey {
                do { chosen = try ProtocolName(parsing: parts[1]) } catch { throw GridSettingError(GridSetting.protocolKey, "\(error)") }
            } else {
                parsed.append(try GridSetting(parsing: text))
            }
        }
        if let protocolName {
            do { chosen = try ProtocolName(parsing: protocolName) } catch { throw GridSettingError("--protocol", "\(error)") }
        }
        self.settings = parsed
        self.protocolName = chosen
    }

    /// Overrides from parsed settings.
    public init(datasets: [String], parsedSettings: [GridSetting], protocolName: ProtocolName? = nil) {
        self.datasets = datasets
        self.settings = parsedSettings
        self.protocolName = protocolName
    }

    /// No overrides.
    public static let none = GridOverrides(datasets: [], parsedSettings: [])

    /// True when nothing is overridden.
    public var isEmpty: Bool { datasets.isEmpty && settings.isEmpty && protocolName == nil }

    /// The grid with the overrides applied.
    public func apply(to grid: Grid) -> Grid {
        var copy = grid
        if !datasets.isEmpty { copy.datasets = datasets.map { Dataset(.folder($0)) } }
        if let protocolName { copy.protocolOverride = protocolName }
        let settings = self.settings
        if !settings.isEmpty {
            copy.overrides.append { reference in for s in settings { s.apply(to: &reference) } }
        }
        return copy
    }

    /// The command-line arguments that give these overrides (for `bench cell` child processes).
    public var arguments: [String] {
        datasets.flatMap { ["--dataset", $0] } + settings.flatMap { ["--set", $0.description] }
            + (protocolName.map { ["--set", "\(GridSetting.protocolKey)=\($0.rawValue)"] } ?? [])
    }
}
