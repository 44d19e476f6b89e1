import Datasets
import Foundation
import Objectives

/// The complete specification of one cell: everything that determines its result. Its
/// canonical JSON (sorted keys) is hashed into the ``CellKey``; change any field and the cell
/// is a new one, keep them all and the cell is found again in the run store.
public struct CellSpec: Encodable, Sendable {
    /// Bumped whenever the meaning of a stored cell changes (training code, stored fields).
    public static let harnessSchemaVersion = 2

    /// The dataset and all its generator/loader parameters.
    public let dataset: DatasetSpec
    /// The objective with all its hyper-parameters.
    public let objective: any Objective
    /// The run seed (also the data seed).
    public let seed: UInt64
    /// The model's shape.
    public let model: FusionModelConfiguration
    /// The training protocol.
    public let training: TrainingConfiguration

    /// A cell specification.
    public init(dataset: DatasetSpec, objective: any Objective, seed: UInt64,
                model: FusionModelConfiguration, training: TrainingConfiguration) {
        self.dataset = dataset
        self.objective = objective
        self.seed = seed
        self.model = model
        self.training = training
    }

    private enum CodingKeys: String, CodingKey {
        case dataset, objective, objectiveName = "objective_name", seed, model, training, schema
    }

    /// Encodes every field plus the harness schema version.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(objective, forKey: .objective)
        try c.encode(objective.name, forKey: .objectiveName)
        try c.encode(seed, forKey: .seed)
        try c.encode(model, forKey: .model)
        try c.encode(training, forKey: .training)
        try c.encode(CellSpec.harnessSchemaVersion, forKey: .schema)
    }

    /// The JSON encoding with sorted keys at every level (what the key hashes).
    public func canonicalJSON() throws -> String {
        try CanonicalJSON.string(self)
    }
}

/// JSON with sorted keys and no escaped slashes: stable across runs, processes and platforms.
public enum CanonicalJSON {
    /// The canonical encoding of `value`.
    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    /// The canonical encoding of `value` as bytes.
    public static func data<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
