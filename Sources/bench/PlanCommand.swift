import ArgumentParser
import Foundation
import Harness

/// `bench plan`: the dry run of a grid — every cell with its label, key, status in the store and
/// an estimated time, nothing trained.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List a grid's cells with label, key, status (done, missing, failed) and estimated time; nothing is run.",
        discussion: """
            The estimate of a cell not done is the mean stored wall time of the done cells with the same dataset and \
            objective (else the same dataset); '?' when the store has none. Takes the run's --dataset and --set, so the keys \
            are those the run would use.

            Examples:
              bench plan --grid smoke
              bench plan --grid features --dataset my-features \\
                  --set training.epochs=5 --format json

            JSON: {"grid", "cells": [{"label", "key", "status", "estimated_seconds"}], "estimated_seconds_to_run", "cells_without_estimate"}.

            A --dataset feature folder's arrays are checked here as a run checks them (NaN, row counts, dtypes). Exits 0 when listed; 1 a feature folder with bad contents; 2 a store or grid error; 64 a usage error (unknown grid, bad --set, --seeds that match no cell).
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Only these seeds, comma-separated (e.g. 0,1).")
    var seeds: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    func run() throws {
        do {
            let plan = try plannedGrid(grid, seeds: try RunFlags.parseSeeds(seeds), overrides: try overrideOptions.overrides(),
                                   validateData: true)
            let store = FileManager.default.fileExists(atPath: storeOptions.store) ? try RunStore(path: storeOptions.store) : nil
            let listing = try PlanListing(plan: plan, store: store)
            print(format == .json ? try listing.json() : listing.text, terminator: "")
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}
