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
              bench plan --grid features --dataset my-features \\
                  --set training.epochs=5 --format json
              bench plan --grid paper --data ~/synib-data --require-real --estimate

            With --estimate, a cost model calibrated on this machine predicts every cell's time (model_seconds) before anything \
            has run: each dataset is loaded once (timed) and each distinct dataset × objective × model × protocol trains a few \
            real steps (--calibration-steps), pre-trains a few unimodal steps and evaluates a batch; the cell's time is then \
            load + pre-training epochs · M · steps · t_unimodal + epochs · (steps · t_step + N_valid · t_eval) + N_test · t_eval \
            with its split sizes, epochs and batch size. The summary gives the total, the total per dataset and the cells that \
            dominate. Calibration takes seconds for the synthetic grids and minutes for Transformer cells at MultiBench's shape.

            JSON: {"grid", "cells": [{"label", "key", "status", "estimated_seconds", "model_seconds"}], "estimated_seconds_to_run", \
            "cells_without_estimate", and with --estimate "model_seconds", "model_seconds_by_dataset": [{"dataset", "seconds"}], \
            "dominant_cells": [{"label", "key", "seconds", "share"}]}.

            A --dataset feature folder's arrays are checked here as a run checks them (NaN, row counts, dtypes). Exits 0 when listed; 1 a feature folder with bad contents; 2 a store or grid error; 64 a usage error (unknown grid, bad --set, --seeds that match no cell).
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Only these seeds, comma-separated (e.g. 0,1).")
    var seeds: String?

    @Flag(help: "Predict every cell's time with a cost model calibrated by a short measurement on this machine (loads the data, trains a few steps).")
    var estimate = false

    @Option(help: "With --estimate: timed training steps per dataset × objective.")
    var calibrationSteps: Int = 3

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var overrideOptions: GridOverrideOptions
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard calibrationSteps >= 1 else { throw ValidationError("--calibration-steps must be at least 1 (got \(calibrationSteps))") }
    }

    func run() throws {
        do {
            let plan = try plannedGrid(grid, seeds: try RunFlags.parseSeeds(seeds), data: dataOptions,
                                       overrides: try overrideOptions.overrides(), validateData: true)
            let store = FileManager.default.fileExists(atPath: storeOptions.store) ? try RunStore(readingFrom: storeOptions.store) : nil
            let model = estimate ? try CostModel(plan: plan, loader: dataOptions.loader, steps: calibrationSteps) : nil
            let listing = try PlanListing(plan: plan, store: store, model: model)
            print(format == .json ? try listing.json() : listing.text, terminator: "")
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}
