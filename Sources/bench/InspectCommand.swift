import ArgumentParser
import Datasets
import Foundation

/// `bench inspect PATH [--format text|json]`: the structure of a data file
/// (.npy, .npy.gz, .npz, .pkl) — for every array its key path, dtype and shape.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the structure of a data file (.npy .npy.gz .npz .pkl).",
        discussion: """
            Pickles are read with the restricted reader: plain data and numpy arrays only, \
            nothing is executed. JSON output: {"file", "format", "tree", "arrays": [{"path", "dtype", "shape"}]}.

            Examples:
              bench inspect data/multibench/mosi_raw.pkl
              bench inspect features.npz --format json
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The data file.")
    var path: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let url = URL(fileURLWithPath: path)
        let tree = try DataInspector.inspect(url)  // a DataError prints as "file: field: message", exit 1
        switch format {
        case .text:
            print("\(path) (\(DataInspector.format(of: url)))")
            for line in tree.textLines(indent: "  ") { print(line) }
        case .json:
            let object: [String: Any] = [
                "file": path,
                "format": DataInspector.format(of: url),
                "tree": tree.jsonValue,
                "arrays": tree.arrays.map { ["path": $0.path, "dtype": $0.dtype, "shape": $0.shape] as [String: Any] },
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
