import ArgumentParser
import Datasets
import Experiments
import Foundation
import Harness
import Objectives

/// `bench list`: registered grids, dataset names, objective names.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the registered grids, the dataset names or the objective names.",
        discussion: "Examples:\n  bench list grids\n  bench list objectives")

    /// What to list.
    enum Topic: String, ExpressibleByArgument, CaseIterable {
        case grids, datasets, objectives, all
    }

    @Argument(help: "grids, datasets, objectives or all.")
    var topic: Topic = .all

    func run() throws {
        if topic == .grids || topic == .all {
            if topic == .all { print("grids:") }
            for grid in registry.grids {
                let cells = (try? Planner.plan(grid).cells.count).map { "\($0) cells" } ?? "invalid"
                print("\(topic == .all ? "  " : "")\(grid.name)\t\(cells)\t\(grid.summary)")
            }
        }
        if topic == .datasets || topic == .all {
            if topic == .all { print("datasets:") }
            for name in DatasetSpec.allNames { print("\(topic == .all ? "  " : "")\(name)") }
        }
        if topic == .objectives || topic == .all {
            if topic == .all { print("objectives:") }
            for name in ReferenceConfiguration.objectiveNames { print("\(topic == .all ? "  " : "")\(name)") }
        }
    }
}
