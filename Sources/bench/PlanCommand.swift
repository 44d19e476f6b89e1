import ArgumentParser
import Foundation
import Harness

/// `bench plan`: the dry run of a grid — every cell with its label, key, status in the store and
/// an estimated time, nothing trained.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "List a grid's cells with label, key, status (done, missing, failed, stale) and estimated time; nothing is run.",
        discussion: """
            A stale cell is done only by other code (an edit to the numerical source since, see docs/HARNESS.md): a run \
            recomputes it, --reuse-stale keeps it. The estimate of a cell not done is the mean stored wall time of the done cells with the same dataset and \
            objective (else the same dataset); '?' when the store has none. Takes the run's --dataset and --set, so the keys \
            are those the run would use.

            Examples:
              bench plan --grid smoke
              bench plan --grid features --dataset my-features --set training.epochs=5 --format json

            JSON: {"grid", "cells": [{"label", "key", "status", "estimated_seconds"}], "estimated_seconds_to_run", "cells_without_estimate"}.

            """ + HarnessExit.help)

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
            let plan = try plannedGrid(grid, seeds: try RunFlags.parseSeeds(seeds), overrides: try overrideOptions.overrides())
            let store = FileManager.default.fileExists(atPath: storeOptions.store) ? try RunStore(readingFrom: storeOptions.store) : nil
            let listing = try PlanListing(plan: plan, store: store)
            print(format == .json ? try listing.json() : listing.text, terminator: "")
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}
