import ArgumentParser
import Datasets
import Foundation
import Harness

/// `--data`, `--cache` and `--require-real`, shared by the commands that load datasets.
struct DataOptions: ParsableArguments {
    @Option(help: "Directory with real benchmark files (default: $SYNIB_DATA or data/); it must exist when given.")
    var data: String?

    @Option(help: "Feature cache directory.")
    var cache: String = ".cache/features"

    @Flag(help: "Fail (listing what is missing and where it was looked for) instead of using a stand-in when a real benchmark's files are absent.")
    var requireReal = false

    func validate() throws {
        if let data {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: data, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--data: directory \(data) does not exist")
            }
        }
    }

    /// The data directory: `--data`, else `$SYNIB_DATA`, else `data/` (the environment is read here, at the command line, only).
    var dataDirectory: URL {
        data.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? DatasetLoader.defaultDataDirectory()
    }

    /// The dataset loader these options describe.
    var loader: DatasetLoader {
        var loader = DatasetLoader(dataDirectory: dataDirectory,
                                   cache: FeatureCache(directory: URL(fileURLWithPath: cache, isDirectory: true)))
        loader.requireReal = requireReal
        return loader
    }

    /// What the run's grids are resolved against.
    var context: GridContext { GridContext(loader: loader, requireReal: requireReal) }

    /// The context of a command without data options (reports, merges): the default data directory.
    static var defaultContext: GridContext {
        GridContext(loader: DatasetLoader(dataDirectory: DatasetLoader.defaultDataDirectory(),
                                          cache: FeatureCache(directory: URL(fileURLWithPath: ".cache/features", isDirectory: true))))
    }
}
