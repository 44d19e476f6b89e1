import ArgumentParser
import Datasets
import Foundation
import Harness

/// `--dataset DIR`, `--set KEY=VALUE` and `--protocol NAME`, shared by the commands that plan a grid.
struct GridOverrideOptions: ParsableArguments {
    @Option(name: .customLong("dataset"),
            help: ArgumentHelp("Replace the grid's datasets by this feature folder (DIR/dataset.json, DIR/train/, DIR/test/; see docs/EXTENDING.md); repeatable. Example: bench --grid features --dataset my-features",
                               valueName: "DIR"))
    var datasets: [String] = []

    @Option(name: .customLong("set"),
            help: ArgumentHelp("Change a setting of every dataset's configuration, e.g. --set training.epochs=5 --set synib.lambda=0.5; repeatable; part of the cell keys. Keys: "
                                   + GridSetting.documentation.replacingOccurrences(of: "\n", with: "; "),
                               valueName: "KEY=VALUE"))
    var settings: [String] = []

    @Option(name: .customLong("protocol"),
            help: ArgumentHelp("Run every dataset under this protocol: harness (this project's settings) or authors (as the SynIB authors' code ran it; docs/METHOD.md, \"Protocols\"). Same as --set protocol=NAME; part of the cell keys. Example: bench --grid irony --protocol authors",
                               valueName: "NAME"))
    var protocolName: String?

    func validate() throws {
        do { _ = try overrides() } catch let error as GridSettingError { throw ValidationError("\(error)") }
    }

    /// The parsed overrides.
    func overrides() throws -> GridOverrides {
        try GridOverrides(datasets: datasets, settings: settings, protocolName: protocolName)
    }
}
