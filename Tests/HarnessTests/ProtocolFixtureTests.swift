import Datasets
import Foundation
import Objectives
import Testing

/// Every shipped dataset's protocols, pinned: Golden/protocol-settings.json holds the encoded
/// settings of each dataset's `harness` and `authors` protocol (and of the feature-folder default
/// at 2, 3 and 6 modalities), so a protocol rewritten by hand cannot change a number unnoticed.
@Suite("protocol settings against their committed fixture")
struct ProtocolFixtureTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/protocol-settings.json")

    /// The fixture: dataset → protocol name → settings (null where the dataset has none).
    static func pinned() throws -> [String: [String: ProtocolSettings?]] {
        try JSONDecoder().decode([String: [String: ProtocolSettings?]].self, from: Data(contentsOf: fixture))
    }

    /// `name`'s settings under every protocol, encoded as the fixture writes them.
    static func encoded(_ name: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let spec = try #require(DatasetSpec.named(name))
        let all = ProtocolName.allCases.reduce(into: [String: ProtocolSettings?]()) { $0[$1.rawValue] = try? ProtocolSettings.forDataset(spec, protocol: $1) }
        return String(decoding: try encoder.encode(all), as: UTF8.self)
    }

    @Test("the fixture covers every shipped dataset under both protocols, each with settings")
    func fixtureCoversEveryDataset() throws {
        let pinned = try Self.pinned()
        let shipped = DatasetRegistry.standard.names
        #expect(shipped.count >= 10)
        for name in shipped {
            let now = (try? Self.encoded(name)) ?? "?"
            let entry = try #require(pinned[name], "no fixture entry for \(name); its settings now: \(now)")
            for p in ProtocolName.allCases {
                let settings = try #require(entry[p.rawValue] ?? nil, "\(name): no \(p.rawValue) settings in the fixture")
                #expect(!settings.branchWeights.isEmpty && settings.training.epochs > 0 && !settings.model.encoderWidths.isEmpty,
                        "\(name) \(p.rawValue): empty settings")
            }
        }
        #expect(Set(pinned.keys) == Set(shipped + ["feature-folder-2", "feature-folder-3", "feature-folder-6"]))
    }

    @Test("every shipped dataset's harness and authors settings equal the fixture's")
    func settingsMatchTheFixture() throws {
        let pinned = try Self.pinned()
        for name in DatasetRegistry.standard.names {
            let spec = try #require(DatasetSpec.named(name))
            for p in ProtocolName.allCases {
                let current = try ProtocolSettings.forDataset(spec, protocol: p)
                #expect(pinned[name]?[p.rawValue] == current, "\(name) under \(p.rawValue) differs from Golden/protocol-settings.json")
            }
        }
        for m in [2, 3, 6] {
            #expect(pinned["feature-folder-\(m)"]?["harness"] == ProtocolSettings.featureBenchmark(modalityCount: m),
                    "feature-folder default at \(m) modalities differs from the fixture")
        }
    }

    @Test("the comparison sees a changed value")
    func aChangedValueIsCaught() throws {
        let pinned = try Self.pinned()
        var changed = try ProtocolSettings.forDataset(try #require(DatasetSpec.named("mosi")), protocol: .harness)
        #expect(pinned["mosi"]?["harness"] == changed)
        changed.training.learningRate *= 1.0001
        #expect(pinned["mosi"]?["harness"] != changed)
    }
}
