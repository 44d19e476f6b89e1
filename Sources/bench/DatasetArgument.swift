import ArgumentParser
import Datasets
import Foundation

/// A `--dataset` value: a dataset name (`bench list datasets`) or the path of a feature folder.
enum DatasetArgument {
    /// The spec `value` names, a feature folder read and hashed. A value that is neither a known
    /// name nor a dataset folder is a usage error (exit 64); a folder with bad contents throws
    /// its ``DataError`` (exit 1).
    static func spec(_ value: String) throws -> DatasetSpec {
        if let named = DatasetSpec.named(value) { return named }
        try validate(value)
        return try folder(value)
    }

    /// Refuses, without reading anything, a value that is neither a known name nor a path
    /// (usage error, exit 64): what `validate()` of a command can check before it runs.
    static func validate(_ value: String) throws {
        guard DatasetSpec.named(value) != nil || value.contains("/") || FileManager.default.fileExists(atPath: value) else {
            throw ValidationError("--dataset: unknown dataset '\(value)'; expected one of \(DatasetSpec.allNames.joined(separator: ", ")) or a feature folder (a path with dataset.json)")
        }
    }

    /// The feature folder at `path`, read and hashed; "not a dataset folder" is a usage error.
    static func folder(_ path: String) throws -> DatasetSpec {
        do {
            return try DatasetSpec.folder(path).resolved()
        } catch let error as FeatureFolderError {
            throw ValidationError("--dataset: \(error)")
        }
    }
}
