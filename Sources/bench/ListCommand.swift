import ArgumentParser
import Datasets
import Experiments
import Foundation
import Harness
import Objectives

/// `bench list`: registered grids, datasets and objectives, one line each with a description.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the registered grids, the datasets or the objectives, with a one-line description each.",
        discussion: """
            For the real benchmarks, `datasets` also says whether their files were found under the data directory \
            (--data, default $SYNIB_DATA or data/) and where, or that a stand-in will be used.

            Examples:
              bench list grids
              bench list datasets --data /data/synib
              bench list datasets --dataset my-features
            """)

    /// What to list.
    enum Topic: String, ExpressibleByArgument, CaseIterable {
        case grids, datasets, objectives, all
    }

    @Argument(help: "grids, datasets, objectives or all.")
    var topic: Topic = .all

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .customLong("dataset"), help: ArgumentHelp("Also list this feature folder (its manifest's name, description, modalities and tagged subset); repeatable.", valueName: "DIR"))
    var folders: [String] = []

    func run() throws {
        let indent = topic == .all ? "  " : ""
        if topic == .grids || topic == .all {
            if topic == .all { print("grids:") }
            for grid in registry.grids {
                let resolved = grid.resolved(in: DataOptions.defaultContext)
                let cells = resolved.datasets.isEmpty ? "needs --dataset DIR"
                    : (try? Planner.plan(resolved, in: DataOptions.defaultContext).cells.count).map { "\($0) cells" } ?? "invalid"
                print("\(indent)\(grid.name)\t\(cells)\t\(grid.summary)")
            }
        }
        if topic == .datasets || topic == .all {
            if topic == .all { print("datasets:") }
            let loader = dataOptions.loader
            for name in DatasetSpec.allNames {
                guard let spec = DatasetSpec.named(name) else { continue }
                print("\(indent)\(name)\t\(DatasetSummaries.summary(of: name))\t[\(DatasetSummaries.availability(of: spec, loader: loader))]")
            }
            for path in folders {
                let folder = try DatasetArgument.folder(path).featureFolder!
                let manifest = folder.manifest!
                let facts = ["folder \(folder.path)", "modalities \(manifest.modalities.joined(separator: ", "))"]
                    + (manifest.tagsSubset.map { ["tags.npy marks: \($0)"] } ?? [])
                print("\(indent)\(manifest.name)\t\(manifest.description ?? "feature folder")\t[\(facts.joined(separator: "; "))]")
            }
            print("\(indent)DIR\tyour own feature folder: DIR/dataset.json, DIR/train/, DIR/test/ (see docs/EXTENDING.md)")
        }
        if topic == .objectives || topic == .all {
            if topic == .all { print("objectives:") }
            for name in ProtocolSettings.objectiveNames {
                print("\(indent)\(name)\t\(ObjectiveSummaries.summary(of: name))")
            }
        }
    }
}
