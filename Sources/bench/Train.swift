import ArgumentParser
import Datasets
import Foundation
import Objectives
import Tensors

/// `bench train`: one cell (dataset × objective × seed), no store; for debugging.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train one objective on one dataset and print its test metrics.",
        discussion: """
            Starts from the dataset's reference configuration; flags override it. The synergy subset is the by-construction one when the data defines it, otherwise the strict subset of this seed's unimodal models (trained here).

            Examples:
              bench train --dataset pid-xor --objective synib-random --seed 1
              bench train --dataset digits-irony --objective vanilla --epochs 5 --format json
            """)

    @Option(help: "Dataset: \(DatasetSpec.allNames.joined(separator: ", ")).")
    var dataset: String

    @Option(help: "Objective: \(ReferenceConfiguration.objectiveNames.joined(separator: ", ")).")
    var objective: String

    @Option(help: "Run seed (also the data seed).")
    var seed: UInt64 = 0

    @Option(help: "Modality of a unimodal objective.")
    var modality: Int = 0

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    @Option(help: "SynIB λ.") var lambda: Float?
    @Option(help: "Random-mask probability p.") var maskP: Float?
    @Option(help: "Epochs.") var epochs: Int?
    @Option(help: "Batch size.") var batch: Int?
    @Option(help: "Learning rate.") var lr: Float?
    @Option(help: "Encoder (and unimodal head) width.") var hidden: Int?
    @Option(help: "OpenBLAS threads.") var blasThreads: Int = 1

    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard DatasetSpec.named(dataset) != nil else {
            throw ValidationError("--dataset: unknown dataset '\(dataset)'; expected one of \(DatasetSpec.allNames.joined(separator: ", "))")
        }
        guard ReferenceConfiguration.objectiveNames.contains(objective) else {
            throw ValidationError("--objective: unknown objective '\(objective)'; expected one of "
                                  + ReferenceConfiguration.objectiveNames.joined(separator: ", "))
        }
    }

    func run() throws {
        BLAS.setThreads(blasThreads)
        guard let spec = DatasetSpec.named(dataset) else { throw ValidationError("--dataset: unknown dataset '\(dataset)'") }
        var reference = ReferenceConfiguration.forDataset(dataset)
        if let lambda { reference.lambda = lambda; reference.learnedLambda = lambda }
        if let maskP { reference.maskProbability = maskP }
        if let epochs { reference.training.epochs = epochs }
        if let batch { reference.training.batchSize = batch }
        if let lr { reference.training.learningRate = lr }
        if let hidden { reference.model = reference.model.withHidden(hidden) }
        let chosen = try reference.objective(named: objective, modality: modality)

        let data = PreparedDataset(try dataOptions.loader.load(spec, seed: seed))
        let trainer = Trainer(configuration: reference.training, model: reference.model)
        var unimodal: [Int: ObjectiveOutcome] = [:]
        func unimodalOutcome(_ m: Int) throws -> ObjectiveOutcome {
            if let done = unimodal[m] { return done }
            let o = try trainer.outcome(of: Unimodal(modality: m), on: data, seed: seed) { [] }
            unimodal[m] = o
            return o
        }
        let modalities = Array(data.inputWidths.indices)
        let outcome = try trainer.outcome(of: chosen, on: data, seed: seed) {
            try modalities.map { try unimodalOutcome($0).predictions }
        }
        if let u = chosen as? Unimodal { unimodal[u.modality] = outcome }

        let subset = try SynergySubset.byConstruction(tags: data.test.tags)
            ?? SynergySubset.strict(predictions: modalities.map { try unimodalOutcome($0).predictions.predictedClasses },
                                    labels: data.test.labels)
        let predicted = outcome.predictions.predictedClasses
        let record: [String: Any] = [
            "dataset": dataset, "objective": chosen.name, "seed": seed,
            "provenance": data.source.provenance.label,
            "overall_acc": outcome.evaluation.accuracy, "macro_f1": outcome.evaluation.macroF1,
            "synergy_subset": subset.name, "synergy_n": subset.count,
            "synergy_acc": Evaluation.accuracy(predicted, data.test.labels, rows: subset.indices),
            "train_s": outcome.trainSeconds, "best_epoch": outcome.bestEpoch ?? -1,
        ]
        switch format {
        case .json:
            let json = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            print(String(decoding: json, as: UTF8.self))
        case .text:
            for key in record.keys.sorted() { print("\(key): \(record[key]!)") }
        }
    }
}

/// Text for people, JSON for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
