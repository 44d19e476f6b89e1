import ArgumentParser
import Datasets
import Foundation
import Harness
import Objectives
import Tensors

/// `bench train`: one cell (dataset × objective × seed), no store; for debugging.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train one objective on one dataset and print its test metrics.",
        discussion: """
            Starts from the dataset's protocol (--protocol harness or authors; docs/METHOD.md, "Protocols"); flags and --set override it. The synergy subset is the by-construction one when the data defines it, otherwise the strict subset of this seed's unimodal models (trained here, one per modality). Irony datasets also report the F1 of the irony class (irony_f1).

            The JSON output has an `environment` object: code version, Swift, OpenBLAS version and kernel, CPU, OS, host, start and end time, and the SHA-256 of every real data file read (generator parameters for generated data).

            Examples:
              bench train --dataset mfeat-irony --objective synib-random --seed 3 \\
                  --format json
              bench train --dataset mfeat --objective unimodal --modality 5
              bench train --dataset mosi --objective vanilla --data ~/synib-data \\
                  --require-real --format json
              bench train --dataset my-features/ --objective synib-random
              bench train --dataset mosi --objective vanilla --protocol authors
              bench train --dataset pid-xor --objective synib-oracle --protocol authors \\
                  --mixing rotation
            """)

    @Option(help: "Dataset: \(DatasetSpec.allNames.joined(separator: ", ")), or a feature folder DIR (DIR/dataset.json, DIR/train/, DIR/test/; see docs/EXTENDING.md).")
    var dataset: String

    @Option(help: "Objective: \(ProtocolSettings.objectiveNames.joined(separator: ", ")).")
    var objective: String

    @Option(help: "Run seed (also the data seed).")
    var seed: UInt64 = 0

    @Option(help: "Modality index 0…M−1 of a unimodal objective, in the dataset's order (mfeat: 0 fou, 1 fac, 2 kar, 3 pix, 4 zer, 5 mor).")
    var modality: Int = 0

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    @Option(help: "λ, the weight of SynIB's KL term with random and oracle masks (= --set synib.lambda; number ≥ 0).") var lambda: Float?
    @Option(help: "Learned λ, the weight of SynIB's KL term with a learned mask (= --set synib.learned_lambda; number ≥ 0).") var learnedLambda: Float?
    @Option(help: "Random-mask probability p (= --set synib.mask_p; number in [0, 1]).") var maskP: Float?
    @Option(help: "Epochs (= --set training.epochs; integer ≥ 1).") var epochs: Int?
    @Option(help: "Batch size (= --set training.batch_size; integer ≥ 1).") var batch: Int?
    @Option(help: "Learning rate (= --set training.learning_rate; number > 0).") var lr: Float?
    @Option(help: "Encoder (and unimodal head) width (= --set model.hidden; integer ≥ 1).") var hidden: Int?
    @Option(help: "OpenBLAS threads.") var blasThreads: Int = 1
    @Option(help: "Fill of the random mask: shuffle, or noise (N(0, 1)).") var fill: MaskFillName?
    @Option(help: "Model selection: accuracy, macro-f1, loss or last-epoch (ties go to the later epoch).") var selection: SelectionMetric?
    @Option(name: .customLong("protocol"),
            help: ArgumentHelp("Protocol the settings start from: harness or authors (docs/METHOD.md, \"Protocols\").", valueName: "NAME"))
    var protocolName: String = ProtocolName.harness.rawValue
    @Option(help: "Mixing of PID-XOR's coordinates before standardisation: \(PIDXORMixing.Kind.allCases.map(\.rawValue).joined(separator: ", ")) (pid-xor only).")
    var mixing: String?
    @Option(help: "Seed of PID-XOR's projections from sources to coordinates, fixed across run seeds (default \(PIDXORParameters().projectionSeed); pid-xor only).")
    var projectionSeed: UInt64?
    @Option(help: "Read PID-XOR's fixed matrices (the projections and the mixing's rotations) instead of drawing them: authors (the SynIB authors' task instance, drawn by PyTorch; docs/METHOD.md, \"The grid beside the authors' numbers\"; pid-xor only).")
    var matrices: String?
    @Option(help: "Hold the learning rate for this many optimiser steps, then cosine warm restarts (turns the schedule on; docs/METHOD.md, \"Learning-rate schedule\"; = --set training.warmup_steps; integer ≥ 0).") var warmupSteps: Int?
    @Option(help: "T_0: the first cosine cycle's length in optimiser steps (turns the schedule on; = --set training.restart_period; integer ≥ 1).") var restartPeriod: Int?
    @Option(help: "T_mult: each cosine cycle's length over the previous one's (turns the schedule on; = --set training.restart_multiplier; integer ≥ 1).") var restartMultiplier: Int?
    @Option(help: "Early stopping: stop after this many validations without a new kept epoch (0: none; = --set training.patience; integer ≥ 0).") var patience: Int?
    @Option(help: "Reference of SynIB's KL term: \(Reference.allCases.map(\.rawValue).joined(separator: ", ")).") var reference: Reference?

    @Option(name: .customLong("set"),
            help: ArgumentHelp("Change a setting as a grid's --set does (applied after the flags above), e.g. --set model.transformer.layers=5 --set model.transformer.feed_forward=2048; repeatable. Keys: "
                                   + GridSetting.Key.allCases.map(\.rawValue).joined(separator: ", "),
                               valueName: "KEY=VALUE"))
    var settings: [String] = []

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var kernel: BLASKernelOptions

    /// Unknown names and out-of-range numbers are usage errors (exit 64), refused before anything is loaded or trained.
    func validate() throws {
        try DatasetArgument.validate(dataset)
        guard ProtocolSettings.objectiveNames.contains(objective) else {
            throw ValidationError("--objective: unknown objective '\(objective)'; expected one of "
                                  + ProtocolSettings.objectiveNames.joined(separator: ", "))
        }
        _ = try flagSettings()
        if blasThreads < 1 { throw ValidationError("--blas-threads: expected an integer ≥ 1, got \(blasThreads)") }
        do { _ = try ProtocolName(parsing: protocolName) } catch { throw ValidationError("--protocol: \(error)") }
        if let mixing {
            guard PIDXORMixing.Kind(rawValue: mixing) != nil else {
                throw ValidationError("--mixing: unknown mixing '\(mixing)'; expected one of "
                                      + PIDXORMixing.Kind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard DatasetSpec.named(dataset)?.definition is PIDXORDataset else {
                throw ValidationError("--mixing: \(dataset) has no source blocks to mix; only pid-xor has")
            }
        }
        if projectionSeed != nil, !(DatasetSpec.named(dataset)?.definition is PIDXORDataset) {
            throw ValidationError("--projection-seed: \(dataset) has no projections; only pid-xor has")
        }
        if let matrices {
            guard PIDXORMatrixSource(rawValue: matrices) != nil else {
                throw ValidationError("--matrices: unknown source '\(matrices)'; expected one of "
                                      + PIDXORMatrixSource.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard DatasetSpec.named(dataset)?.definition is PIDXORDataset else {
                throw ValidationError("--matrices: \(dataset) has no projections; only pid-xor has")
            }
            guard projectionSeed == nil else {
                throw ValidationError("--matrices and --projection-seed: give one; the projections are either read or drawn")
            }
        }
        if let spec = DatasetSpec.named(dataset) {
            try checkModalityOptions(spec)
            _ = try configuration(spec)
        } else {
            _ = try parsedSettings()
        }
    }

    /// The flags that are settings of their own (`--lambda` is `--set synib.lambda`, …), in the
    /// order they are applied; a value out of range is a usage error worded as `--set` words it.
    func flagSettings() throws -> [GridSetting] {
        let given: [(GridSetting.Key, Double?, String)] = [
            (.lambda, lambda.map(Double.init), "--lambda"), (.learnedLambda, learnedLambda.map(Double.init), "--learned-lambda"),
            (.maskP, maskP.map(Double.init), "--mask-p"), (.epochs, epochs.map(Double.init), "--epochs"),
            (.batchSize, batch.map(Double.init), "--batch"), (.learningRate, lr.map(Double.init), "--lr"),
            (.hidden, hidden.map(Double.init), "--hidden"), (.warmupSteps, warmupSteps.map(Double.init), "--warmup-steps"),
            (.restartPeriod, restartPeriod.map(Double.init), "--restart-period"),
            (.restartMultiplier, restartMultiplier.map(Double.init), "--restart-multiplier"),
            (.patience, patience.map(Double.init), "--patience"),
        ]
        do {
            return try given.compactMap { key, value, flag in try value.map { try GridSetting(key, $0, option: flag) } }
        } catch let error as GridSettingError {
            throw ValidationError("\(error)")
        }
    }

    /// The `--set` values; a bad key or value is a usage error.
    func parsedSettings() throws -> [GridSetting] {
        do { return try settings.map(GridSetting.init(parsing:)) } catch let error as GridSettingError {
            throw ValidationError("\(error)")
        }
    }

    /// The dataset's protocol settings with the flags and `--set` applied; a model shape
    /// that cannot be built is a usage error naming the key and the rule.
    func configuration(_ spec: DatasetSpec) throws -> ProtocolSettings {
        var settings: ProtocolSettings
        do { settings = try ProtocolSettings.forDataset(spec, protocol: try ProtocolName(parsing: protocolName)) } catch {
            throw ValidationError("--protocol: \(error)")
        }
        for setting in try flagSettings() { setting.apply(to: &settings) }
        if let fill { settings.fill = fill == .shuffle ? .shuffle : .noise(1) }
        if let selection { settings.training.selection = selection }
        if let reference { settings.reference = reference }
        for setting in try parsedSettings() { setting.apply(to: &settings) }
        do { try settings.model.validateTransformers() } catch let error as TransformerSettingsError {
            throw ValidationError("--set \(error)")
        }
        return settings
    }

    /// `--modality` must name one of the dataset's modalities, and the objective must run with the
    /// dataset's number of them (OGM-GE: two); usage errors.
    func checkModalityOptions(_ spec: DatasetSpec) throws {
        let m = spec.modalityCount
        if objective == "unimodal", !(0..<m).contains(modality) {
            throw ValidationError("--modality must be in 0…\(m - 1) for \(dataset), which has \(m) modalities (got \(modality))")
        }
        let chosen = try? ProtocolSettings.forDataset(spec).objective(named: objective, modality: modality)
        if let reason = chosen?.unsupportedReason(modalityCount: m) {
            throw ValidationError("--objective \(objective): \(reason); \(dataset) has \(m) modalities")
        }
    }

    func run() throws {
        let started = Date()
        BLAS.setThreads(blasThreads)
        var spec = try DatasetArgument.spec(dataset)
        if let mixing, var parameters = (spec.definition as? PIDXORDataset)?.parameters {
            parameters.mixing = PIDXORMixing(PIDXORMixing.Kind(rawValue: mixing)!)
            spec = .pidXOR(parameters)
        }
        if let projectionSeed, var parameters = (spec.definition as? PIDXORDataset)?.parameters {
            parameters.projectionSeed = projectionSeed
            spec = .pidXOR(parameters)
        }
        if let matrices, var parameters = (spec.definition as? PIDXORDataset)?.parameters {
            parameters.matrixSource = PIDXORMatrixSource(rawValue: matrices)
            spec = .pidXOR(parameters)
        }
        if spec.featureFolder != nil { try checkModalityOptions(spec) }  // a folder's M is known once it is read
        let settings = try configuration(spec)
        let chosen = try settings.objective(named: objective, modality: modality)

        let data = PreparedDataset(try dataOptions.loader.load(spec, seed: seed))
        if chosen.name == "synib-oracle", data.source.synergyBlocks.isEmpty {
            // An objective the dataset cannot have is a usage error, found before training.
            throw ValidationError("--objective synib-oracle: \(dataset) has no known synergy block (only generated datasets "
                                  + "such as pid-xor and spurious-xor have one); use synib or synib-random")
        }
        let trainer = Trainer(configuration: settings.training, model: settings.model)
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
        let environment = RunEnvironment.current.with(started: started, finished: Date(), data: data.source.provenance)
        var record: [String: Any] = [
            "dataset": spec.name, "objective": chosen.name, "seed": seed, "protocol": protocolName,
            "provenance": data.source.provenance.label,
            "overall_acc": outcome.evaluation.accuracy, "macro_f1": outcome.evaluation.macroF1,
            "synergy_subset": subset.name, "synergy_n": subset.count,
            // An empty subset has no accuracy (null), not 0.
            "synergy_acc": subset.indices.isEmpty ? NSNull() : Evaluation.accuracy(predicted, data.test.labels, rows: subset.indices) as Any,
            "train_s": outcome.trainSeconds, "best_epoch": outcome.bestEpoch ?? -1,
        ]
        if let stopped = outcome.curves?.stoppedEpoch { record["stopped_epoch"] = stopped }
        if let f1 = outcome.evaluation.ironyF1(spec.synergyConstruction) { record["irony_f1"] = f1 }
        if let curves = outcome.curves {
            var c: [String: Any] = ["train_loss": curves.trainLoss, "valid_accuracy": curves.validAccuracy,
                                    "valid_macro_f1": curves.validMacroF1]
            if let s = curves.validSynergyAccuracy { c["valid_synergy_accuracy"] = s }
            record["curves"] = c
        }
        if let masks = outcome.maskDiagnostics {
            record["mask_fraction"] = masks.maskedFraction
            if let o = masks.synergyOverlap {
                record["mask_synergy_overlap"] = ["precision": o.precision, "recall": o.recall, "jaccard": o.jaccard,
                                                  "chance_precision": o.chancePrecision]
            }
        }
        switch format {
        case .json:
            record["environment"] = try JSONSerialization.jsonObject(with: Data(try environment.canonicalJSON().utf8))
            let json = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            print(String(decoding: json, as: UTF8.self))
        case .text:
            for key in record.keys.sorted() where key != "curves" {
                print("\(key): \(record[key] is NSNull ? "none" : "\(record[key]!)")")
            }
            print("environment: \(environment.code), OpenBLAS \(environment.openblas) \(environment.blasKernel) "
                  + "(\(environment.blasKernelSource)), \(environment.cpu)")
        }
    }
}

/// The random mask's fill on the command line.
enum MaskFillName: String, ExpressibleByArgument, CaseIterable {
    case shuffle, noise
}

extension SelectionMetric: ExpressibleByArgument {}

extension Reference: ExpressibleByArgument {}

/// Text for people, JSON for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
