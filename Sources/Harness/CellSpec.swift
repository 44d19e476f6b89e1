import Datasets
import Foundation
import Information
import Objectives

/// The complete specification of one cell: everything that determines its result, including
/// the code that computes it. Its canonical JSON (sorted keys) is hashed into the ``CellKey``;
/// change any field and the cell is a new one, keep them all and the cell is found again in the
/// run store.
public struct CellSpec: Encodable, Sendable {
    /// Bumped when the layout of a stored cell changes (its fields, their encoding). Changes of
    /// the code that computes the numbers are followed by ``numericsDigest`` instead.
    public static let harnessSchemaVersion = 2

    /// SHA-256 of the numerical source this binary was built from (NumericsSource lists the
    /// files; computed by a build plugin, so it follows every edit without anyone bumping it).
    public static let numericsDigest: String = numericsSourceDigest

    /// The digest of the code that computes the cell (``numericsDigest`` unless a test plans
    /// with another); encoded first, as `code`, so that ``withoutCode(_:)`` can take it out.
    public let code: String

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
    /// SHA-256 of every real data file the cell reads, by file name (nil for generated data and
    /// stand-ins): replacing a file changes the key, so exactly the cells that read it rerun.
    public let dataFiles: [String: String]?
    /// PID cards to compute with the result (``ModelPID``); nil (and absent from the key) when off.
    public let pid: PIDSettings?
    /// The protocol the configuration came from (absent from the key for `harness`, so that
    /// name adds nothing to the cells of the default protocol).
    public let protocolName: ProtocolName

    /// A cell specification.
    public init(dataset: DatasetSpec, objective: any Objective, seed: UInt64,
                model: FusionModelConfiguration, training: TrainingConfiguration, dataFiles: [String: String]? = nil,
                pid: PIDSettings? = nil, protocolName: ProtocolName = .harness, code: String = CellSpec.numericsDigest) {
        self.code = code
        self.dataset = dataset
        self.objective = objective
        self.seed = seed
        self.model = model
        self.training = training
        self.dataFiles = dataFiles
        self.pid = pid
        self.protocolName = protocolName
    }

    private enum CodingKeys: String, CodingKey {
        case code, dataset, objective, objectiveName = "objective_name", seed, model, training, schema, dataFiles = "data_files", pid
        case protocolName = "protocol"
    }

    /// Encodes every field plus the harness schema version.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(objective, forKey: .objective)
        try c.encode(objective.name, forKey: .objectiveName)
        try c.encode(seed, forKey: .seed)
        try c.encode(model, forKey: .model)
        try c.encode(training, forKey: .training)
        try c.encode(CellSpec.harnessSchemaVersion, forKey: .schema)
        try c.encodeIfPresent(dataFiles, forKey: .dataFiles)
        try c.encodeIfPresent(pid, forKey: .pid)
        try c.encodeIfPresent(protocolName == .harness ? nil : protocolName, forKey: .protocolName)
    }

    /// The JSON encoding with sorted keys at every level (what the key hashes).
    public func canonicalJSON() throws -> String {
        try CanonicalJSON.string(self)
    }

    /// `json` (a canonical spec) without its leading `"code"` member: the same cell computed by
    /// any version of the code. A spec stored before cells carried the digest is returned as it
    /// is; its hash is the key such a store holds, so its cells are found as stale too.
    public static func withoutCode(_ json: String) -> String {
        let head = "{\"code\":\""
        guard json.hasPrefix(head) else { return json }
        let rest = json.dropFirst(head.count)
        guard let close = rest.firstIndex(of: "\"") else { return json }
        let after = rest[rest.index(after: close)...]
        if after.hasPrefix(",") { return "{" + after.dropFirst() }
        return "{" + after
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
