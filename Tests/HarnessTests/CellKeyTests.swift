import Datasets
import Foundation
import Harness
import Objectives
import Testing

@Suite struct CellKeyTests {
    static func spec(dataset: DatasetSpec = .pidXOR(synergy: 0.1), objective: any Objective = SynIB(lambda: 10, mask: .random(p: 0.5, fill: .noise(1)), branchWeights: [1, 1]),
                     seed: UInt64 = 1, model: FusionModelConfiguration = FusionModelConfiguration(),
                     training: TrainingConfiguration = TrainingConfiguration()) -> CellSpec {
        CellSpec(dataset: dataset, objective: objective, seed: seed, model: model, training: training)
    }

    /// Computed once and committed: the key of the spec without its code digest (``Cell/specKey``)
    /// must not change across processes, runs or builds unless the spec's encoding (or the harness
    /// schema version) changes on purpose. (The spec's explicit weights (1, 1) are what the
    /// protocol settings give two-view data; they were the default before the default
    /// became 2/M, and the key is the same as then.)
    static let committedKey = "d3c24640119556b1fb85cab47882f0564eebff24339d0036168971dde25632b2"

    /// The full key of the same spec computed by the code with digest 64 × "a" (committed too).
    static let committedKeyWithCode = "7148b6218d10249bec499741392ac91427ec3badf5e0279f639cedcd8a002210"

    @Test func keyIsStable() throws {
        let json = try Self.spec().canonicalJSON()
        let actual = CellKey(canonicalJSON: CellSpec.withoutCode(json)).hex
        #expect(actual == Self.committedKey, "spec key now \(actual)")
        #expect(try CellKey(Self.spec()) == CellKey(Self.spec()))
        let fixed = CellSpec(dataset: .pidXOR(synergy: 0.1), objective: SynIB(lambda: 10, mask: .random(p: 0.5, fill: .noise(1)), branchWeights: [1, 1]),
                             seed: 1, model: FusionModelConfiguration(), training: TrainingConfiguration(),
                             code: String(repeating: "a", count: 64))
        let withCode = try CellKey(fixed).hex
        #expect(withCode == Self.committedKeyWithCode, "key now \(withCode)")
        #expect(try CellKey(Self.spec()).hex != withCode, "the code digest is part of the key")
    }

    @Test func everyFieldChangesTheKey() throws {
        var pid = PIDXORParameters(synergyFraction: 0.1)
        pid.noiseStd = 1.5
        var model = FusionModelConfiguration()
        model.dropout = 0.2
        var training = TrainingConfiguration()
        training.epochs = 29
        let variants = [
            Self.spec(dataset: .pidXOR(pid)),
            Self.spec(dataset: .spuriousXOR),
            Self.spec(objective: SynIB(lambda: 9, mask: .random(p: 0.5, fill: .noise(1)), branchWeights: [1, 1])),
            Self.spec(objective: SynIB(lambda: 10, mask: .random(p: 0.5, fill: .shuffle), branchWeights: [1, 1])),
            Self.spec(objective: SynIB(lambda: 10, mask: .random(p: 0.5, fill: .noise(1)), branchWeights: [1, 0.5])),
            Self.spec(objective: SynIB(lambda: 10, mask: .random(p: 0.5, fill: .noise(1)))),
            Self.spec(objective: Vanilla()),
            Self.spec(objective: Unimodal(modality: 1)),
            Self.spec(seed: 2),
            Self.spec(model: model),
            Self.spec(training: training),
        ]
        let keys = try variants.map { try CellKey($0) } + [try CellKey(Self.spec())]
        #expect(Set(keys).count == keys.count)
    }

    @Test func canonicalJSONHasSortedKeysAndTheSchemaVersion() throws {
        let json = try Self.spec().canonicalJSON()
        #expect(json.contains("\"schema\":\(CellSpec.harnessSchemaVersion)"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object.keys.sorted() == ["code", "dataset", "model", "objective", "objective_name", "schema", "seed", "training"])
        #expect(json.hasPrefix("{\"code\":\"\(CellSpec.numericsDigest)\","))
    }
}
