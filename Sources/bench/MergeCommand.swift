import ArgumentParser
import Foundation
import Harness

/// `bench merge`: folds shard stores into the main store.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Fold shard run stores into the main store (same key and content → one row; conflicts refused).",
        discussion: HarnessExit.help)

    @Argument(help: "Shard stores to fold in.")
    var sources: [String]

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard !sources.isEmpty else { throw ValidationError("give at least one store to merge") }
    }

    func run() throws {
        do {
            let summary = try RunStore(path: storeOptions.store).merge(from: sources)
            FileHandle.standardError.write(Data(
                "merged into \(storeOptions.store): \(summary.written) written, \(summary.identical) identical, \(summary.skipped) skipped\n".utf8))
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}
