import Foundation
import Objectives
import Tensors

/// One `--set KEY=VALUE` of a grid run: a documented key path of the protocol settings
/// and a value checked for type and range. Applied after the grid's and the dataset's own
/// changes, so it wins; it changes the cells' specs and therefore their keys.
public struct GridSetting: Sendable, Hashable, CustomStringConvertible {
    /// The key paths `--set` accepts.
    public enum Key: String, CaseIterable, Sendable {
        case epochs = "training.epochs"
        case batchSize = "training.batch_size"
        case learningRate = "training.learning_rate"
        case weightDecay = "training.weight_decay"
        case pretrainingEpochs = "training.pretraining_epochs"
        case learningRateSchedule = "training.lr_schedule"
        case warmupSteps = "training.warmup_steps"
        case restartPeriod = "training.restart_period"
        case restartMultiplier = "training.restart_multiplier"
        case minLearningRate = "training.min_learning_rate"
        case patience = "training.patience"
        case hidden = "model.hidden"
        case dropout = "model.dropout"
        case lambda = "synib.lambda"
        case maskP = "synib.mask_p"
        case learnedLambda = "synib.learned_lambda"
        case learnedSparsity = "synib.learned_sparsity"
        case learnedSteps = "synib.learned_steps"
        case reference = "synib.reference"
        case transformerWidth = "model.transformer.width"
        case transformerLayers = "model.transformer.layers"
        case transformerHeads = "model.transformer.heads"
        case transformerFeedForward = "model.transformer.feed_forward"
        case transformerNormFirst = "model.transformer.norm_first"
        case transformerPooling = "model.transformer.pooling"

        /// What the key sets and which values it takes.
        public var help: String {
            switch self {
            case .epochs: "training epochs (integer ≥ 1)"
            case .batchSize: "mini-batch size (integer ≥ 1)"
            case .learningRate: "optimiser learning rate (number > 0)"
            case .weightDecay: "weight decay (number ≥ 0)"
            case .pretrainingEpochs: "unimodal pre-training epochs before joint training (integer ≥ 0; 0 = none)"
            case .learningRateSchedule: "learning rate per step: constant, or warm-restarts (held for the warm-up steps, then cosine warm restarts; starts from warm-up 780, period 4, multiplier 2, minimum 0)"
            case .warmupSteps: "optimiser steps held at the base learning rate before the cosine restarts (integer ≥ 0; turns warm-restarts on)"
            case .restartPeriod: "T_0, the first cosine cycle's length in optimiser steps (integer ≥ 1; turns warm-restarts on)"
            case .restartMultiplier: "T_mult, each cycle's length over the previous one's (integer ≥ 1; turns warm-restarts on)"
            case .minLearningRate: "η_min, the learning rate at the bottom of each cosine cycle (number ≥ 0; turns warm-restarts on)"
            case .patience: "early stopping: validations without a new kept epoch before training stops (integer ≥ 0; 0 = none)"
            case .hidden: "encoder and unimodal-head width (integer ≥ 1)"
            case .dropout: "dropout probability (number in [0, 1))"
            case .lambda: "λ, the weight of SynIB's KL term with random and oracle masks (number ≥ 0)"
            case .maskP: "p of SynIB's random mask (number in [0, 1])"
            case .learnedLambda: "learned λ, the weight of SynIB's KL term with a learned mask (number ≥ 0)"
            case .learnedSparsity: "sparsity price of the learned mask (number ≥ 0)"
            case .learnedSteps: "inner Adam steps of the learned mask's gates (integer ≥ 1)"
            case .reference: "reference of SynIB's KL term: \(Reference.allCases.map(\.rawValue).joined(separator: ", "))"
            case .transformerWidth: "width of the Transformer sequence encoders (integer ≥ 1, a multiple of the heads; datasets without one are unchanged)"
            case .transformerLayers: "layers of the Transformer sequence encoders (integer ≥ 1)"
            case .transformerHeads: "attention heads of the Transformer sequence encoders (integer ≥ 1 dividing the width)"
            case .transformerFeedForward: "feed-forward width of the Transformer sequence encoders (integer ≥ 1)"
            case .transformerNormFirst: "pre-norm (true) or post-norm (false) Transformer sequence encoder layers"
            case .transformerPooling: "how a Transformer sequence encoder pools the steps: last or mean"
            }
        }

        var isInteger: Bool {
            [.epochs, .batchSize, .pretrainingEpochs, .hidden, .learnedSteps, .warmupSteps, .restartPeriod, .restartMultiplier, .patience,
             .transformerWidth, .transformerLayers, .transformerHeads, .transformerFeedForward].contains(self)
        }

        /// The words a key of named values accepts, in the order of their stored values 0, 1, …
        /// (nil for numeric keys).
        var choices: [String]? {
            switch self {
            case .learningRateSchedule: ScheduleChoice.allCases.map(\.rawValue)
            case .reference: Reference.allCases.map(\.rawValue)
            case .transformerNormFirst: ["false", "true"]
            case .transformerPooling: [TransformerEncoder.Pooling.last.rawValue, TransformerEncoder.Pooling.mean.rawValue]
            default: nil
            }
        }

        /// Nil when `v` is in range, else the expectation.
        func rangeProblem(_ v: Double) -> String? {
            switch self {
            case .epochs, .batchSize, .hidden, .learnedSteps, .restartPeriod, .restartMultiplier, .transformerWidth, .transformerLayers,
                 .transformerHeads, .transformerFeedForward:
                v >= 1 ? nil : "an integer ≥ 1"
            case .transformerNormFirst, .transformerPooling: nil
            case .pretrainingEpochs, .warmupSteps, .patience: v >= 0 ? nil : "an integer ≥ 0"
            case .learningRate: v > 0 ? nil : "a number > 0"
            case .weightDecay, .lambda, .learnedLambda, .learnedSparsity, .minLearningRate: v >= 0 ? nil : "a number ≥ 0"
            case .dropout: v >= 0 && v < 1 ? nil : "a number in [0, 1)"
            case .maskP: v >= 0 && v <= 1 ? nil : "a number in [0, 1]"
            case .learningRateSchedule, .reference: nil
            }
        }
    }

    /// The key.
    public let key: Key
    /// The value (integral for the integer keys; the index into the key's words for the keys
    /// of named values, e.g. pooling 0 = last, 1 = mean).
    public let value: Double
    /// The chosen name, for a choice key (`training.lr_schedule`, `synib.reference`).
    public let choice: String?

    /// Parses `KEY=VALUE`; throws ``GridSettingError`` naming the key for an unknown key or a
    /// value of the wrong type or out of range.
    public init(parsing text: String) throws {
        guard let eq = text.firstIndex(of: "=") else {
            throw GridSettingError(text, "expected KEY=VALUE, e.g. training.epochs=5")
        }
        let name = text[..<eq].trimmingCharacters(in: .whitespaces)
        let raw = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard let key = Key(rawValue: name) else {
            throw GridSettingError(name, "unknown key; expected one of \(([GridSetting.protocolKey] + Key.allCases.map(\.rawValue)).joined(separator: ", "))")
        }
        choice = key.choices == nil ? nil : raw.lowercased()
        if let choices = key.choices {
            guard let index = choices.firstIndex(of: raw.lowercased()) else {
                throw GridSettingError(name, "expected one of \(choices.joined(separator: ", ")), got '\(raw)'")
            }
            value = Double(index)
        } else if key.isInteger {
            guard let v = Int(raw) else { throw GridSettingError(name, "expected an integer, got '\(raw)'") }
            value = try GridSetting.checked(key, Double(v), written: raw)
        } else {
            guard let v = Double(raw), v.isFinite else { throw GridSettingError(name, "expected a number, got '\(raw)'") }
            value = try GridSetting.checked(key, v, written: raw)
        }
        self.key = key
    }

    /// A numeric setting given by a command-line flag of its own (`bench train --lambda`): checked
    /// against the same range as `--set`, and a bad value is a ``GridSettingError`` that names
    /// `option` and the key, so both spellings of a setting are refused in the same words.
    public init(_ key: Key, _ value: Double, option: String) throws {
        precondition(key.choices == nil, "\(key.rawValue) takes a name, not a number")
        let written = key.isInteger && value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(Float(value))
        guard !key.isInteger || value == value.rounded() else {
            throw GridSettingError(key.rawValue, "expected an integer, got \(written)", option: option)
        }
        guard value.isFinite else { throw GridSettingError(key.rawValue, "expected a number, got \(written)", option: option) }
        self.key = key
        self.value = try GridSetting.checked(key, value, written: written, option: option)
        self.choice = nil
    }

    /// `v` when it is in `key`'s range; otherwise the error naming the key (and `option`), the
    /// expected range and the value as written.
    private static func checked(_ key: Key, _ v: Double, written: String, option: String? = nil) throws -> Double {
        if let problem = key.rangeProblem(v) {
            throw GridSettingError(key.rawValue, "expected \(problem), got \(written)", option: option)
        }
        return v
    }

    /// "key=value" as it would be typed.
    public var description: String {
        if let choice { return "\(key.rawValue)=\(choice)" }
        return key.isInteger ? "\(key.rawValue)=\(Int(value))" : "\(key.rawValue)=\(value)"
    }

    /// Applies the setting. The `model.transformer.*` keys change the Transformer sequence
    /// encoders and leave a configuration without one as it is; whether the resulting shape can
    /// be built (width a multiple of the heads) is checked once every setting is applied
    /// (``FusionModelConfiguration/validateTransformers()``).
    public func apply(to settings: inout ProtocolSettings) {
        let f = Float(value), i = Int(value)
        switch key {
        case .epochs: settings.training.epochs = i
        case .batchSize: settings.training.batchSize = i
        case .learningRate: settings.training.learningRate = f
        case .weightDecay: settings.training.weightDecay = f
        case .pretrainingEpochs: settings.training.unimodalPretrainingEpochs = i == 0 ? nil : i
        case .hidden: settings.model = settings.model.withHidden(i)
        case .dropout: settings.model.dropout = f
        case .lambda: settings.lambda = f
        case .maskP: settings.maskProbability = f
        case .learnedLambda: settings.learnedLambda = f
        case .learnedSparsity: settings.learnedSparsity = f
        case .learnedSteps:
            // A protocol without `learnedGates` runs this project's mask at its defaults: spell it out.
            guard var gates = settings.learnedMask.learnedGates else { return }
            gates.steps = i
            settings.learnedGates = gates
        case .learningRateSchedule:
            settings.training.learningRateSchedule = choice == ScheduleChoice.warmRestarts.rawValue
                ? settings.training.learningRateSchedule ?? LearningRateSchedule() : nil
        case .warmupSteps: settings.training.learningRateSchedule = scheduled(settings) { $0.warmupSteps = i }
        case .restartPeriod: settings.training.learningRateSchedule = scheduled(settings) { $0.restartPeriod = i }
        case .restartMultiplier: settings.training.learningRateSchedule = scheduled(settings) { $0.restartMultiplier = i }
        case .minLearningRate: settings.training.learningRateSchedule = scheduled(settings) { $0.minimumLearningRate = f }
        case .patience: settings.training.patience = i == 0 ? nil : i
        case .reference: settings.reference = choice.flatMap(Reference.init(rawValue:))
        case .transformerWidth: settings.model.sequenceEncoder?.width = i
        case .transformerLayers: settings.model.sequenceEncoder?.layers = i
        case .transformerHeads: settings.model.sequenceEncoder?.heads = i
        case .transformerFeedForward: settings.model.sequenceEncoder?.feedForward = i
        case .transformerNormFirst: settings.model.sequenceEncoder?.normFirst = i == 1
        case .transformerPooling: settings.model.sequenceEncoder?.pooling = i == 1 ? .mean : .last
        }
    }

    /// The key that picks the protocol (a name, not a number; ``GridOverrides``).
    public static let protocolKey = "protocol"

    /// The configuration's schedule (or the authors' defaults, ``LearningRateSchedule/init()``,
    /// when it has none) with `change` applied.
    private func scheduled(_ settings: ProtocolSettings,
                           _ change: (inout LearningRateSchedule) -> Void) -> LearningRateSchedule {
        var schedule = settings.training.learningRateSchedule ?? LearningRateSchedule()
        change(&schedule)
        return schedule
    }

    /// The names `training.lr_schedule` takes.
    public enum ScheduleChoice: String, CaseIterable, Sendable {
        /// `training.learning_rate` for every step.
        case constant
        /// ``LearningRateSchedule``: held for the warm-up, then cosine warm restarts.
        case warmRestarts = "warm-restarts"
    }

    /// One line per key: "key — help".
    public static var documentation: String {
        (["\(protocolKey): the protocol every dataset runs under (\(ProtocolName.allCases.map(\.rawValue).joined(separator: " or ")))"]
            + Key.allCases.map { "\($0.rawValue): \($0.help)" }).joined(separator: "\n")
    }
}

/// A `--set` that names an unknown key or gives a value of the wrong type or range (a usage error).
public struct GridSettingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The key (or the whole argument when it has no `=`).
    public let key: String
    /// What was expected.
    public let message: String
    /// The command-line flag the value came from when it was not `--set` (e.g. `--lambda`).
    public let option: String?

    /// An error about `key`, given with `--set` or, when `option` is not nil, with that flag.
    public init(_ key: String, _ message: String, option: String? = nil) {
        self.key = key
        self.message = message
        self.option = option
    }

    /// "--set KEY: message", or "--FLAG (KEY): message" for a value given by a flag.
    public var description: String {
        if let option { return "\(option) (\(key)): \(message)" }
        return "--set \(key): \(message)"
    }
}
