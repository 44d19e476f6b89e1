import Datasets
import Foundation
import Objectives

/// The cost model behind `bench plan --estimate`: every cell's run time predicted from a short
/// measurement on this machine. For each dataset the data is loaded once (timed: every cell
/// loads it again); for each distinct (dataset, objective, model, training protocol) a few real
/// training steps, unimodal pre-training steps and an evaluation pass are timed
/// (``Trainer/measureCost(of:on:seed:steps:evaluated:)``). A cell's estimate is then
///
///     load + pre-training epochs · M · ⌈N_train / batch⌉ · t_unimodal
///          + epochs · (⌈N_train / batch⌉ · t_step + N_valid · t_eval) + N_test · t_eval
///
/// with the split sizes of the loaded data, the cell's epochs, batch size and objective.
public struct CostModel: Sendable {
    /// One cell's estimate and what it was computed from.
    public struct Estimate: Codable, Sendable, Equatable {
        /// The predicted run time (seconds).
        public let seconds: Double
        /// Seconds to load the cell's data.
        public let loadSeconds: Double
        /// The measured per-step and per-example costs.
        public let cost: TrainingCost
        /// Train, validation and test examples.
        public let sizes: [Int]
    }

    /// Estimates by cell key (hex).
    public let estimates: [String: Estimate]

    /// Calibrates on `plan`'s datasets through `loader` (`steps` timed steps per objective).
    public init(plan: Plan, loader: DatasetLoader, steps: Int = 3) throws {
        var data: [String: (PreparedDataset, Double)] = [:]
        var costs: [String: TrainingCost] = [:]
        var estimates: [String: Estimate] = [:]
        let clock = ContinuousClock()
        for cell in plan.cells {
            let spec = cell.spec
            let datasetKey = spec.dataset.canonicalJSON
            if data[datasetKey] == nil {
                let start = clock.now
                let loaded = try PreparedDataset(loader.load(spec.dataset, seed: cell.seed))
                let d = clock.now - start
                data[datasetKey] = (loaded, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
            }
            let (prepared, loadSeconds) = data[datasetKey]!
            let costKey = [datasetKey, cell.objectiveName, (try? CanonicalJSON.string(spec.model)) ?? "",
                           (try? CanonicalJSON.string(spec.training)) ?? ""].joined(separator: "\u{1F}")
            if costs[costKey] == nil {
                costs[costKey] = try Trainer(configuration: spec.training, model: spec.model)
                    .measureCost(of: spec.objective, on: prepared, seed: cell.seed, steps: steps)
            }
            let cost = costs[costKey]!
            let sizes = [prepared.train.count, prepared.valid.count, prepared.test.count]
            let pretraining = spec.objective is Unimodal ? 0 : (spec.training.unimodalPretrainingEpochs ?? 0)
            let seconds = loadSeconds + cost.seconds(epochs: spec.training.epochs, pretrainingEpochs: pretraining, sizes: sizes,
                                                     batch: spec.training.batchSize, modalities: prepared.inputWidths.count)
            estimates[cell.key.hex] = Estimate(seconds: seconds, loadSeconds: loadSeconds, cost: cost, sizes: sizes)
        }
        self.estimates = estimates
    }
}
