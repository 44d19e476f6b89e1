import ArgumentParser
import Datasets
import Foundation

/// `--data` and `--cache`, shared by the commands that load datasets.
struct DataOptions: ParsableArguments {
    @Option(help: "Directory with real benchmark files (default: $SYNIB_DATA or data/).")
    var data: String?

    @Option(help: "Feature cache directory.")
    var cache: String = ".cache/features"

    /// The dataset loader these options describe.
    var loader: DatasetLoader {
        DatasetLoader(dataDirectory: data.map { URL(fileURLWithPath: $0, isDirectory: true) }
                          ?? DatasetLoader.defaultDataDirectory(),
                      cache: FeatureCache(directory: URL(fileURLWithPath: cache, isDirectory: true)))
    }
}
