@testable import Datasets
import Foundation
import Testing

/// Stand-in data is spelled "surrogate" in what is stored (run environments, cell keys of scaled
/// stand-ins, report rows): renaming the code must not change those bytes.
@Suite("stored spellings of stand-ins")
struct StoredSpellingTests {
    @Test("a stand-in's provenance encodes and decodes under \"surrogate\" and is labelled so")
    func provenance() throws {
        let p = Provenance.standIn(generator: "surrogate-mosi", parameters: ["a": "1"], reason: "r")
        let json = String(decoding: try JSONEncoder().encode(p), as: UTF8.self)
        #expect(json.hasPrefix("{\"surrogate\":"), "\(json)")
        #expect(try JSONDecoder().decode(Provenance.self, from: Data(json.utf8)) == p)
        #expect(p.label == "surrogate" && Provenance.real(files: [:]).label == "real")
    }

    @Test("a scaled stand-in's spec keeps surrogate_scale and surrogate_time_steps")
    func scaledSpec() throws {
        let spec = DatasetSpec.standInScaled(.mosi, scale: 0.1, timeSteps: 5)
        let json = String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)
        #expect(json.contains("\"surrogate_scale\":0.1") && json.contains("\"surrogate_time_steps\":5"), "\(json)")
        #expect(try JSONDecoder().decode(DatasetSpec.self, from: Data(json.utf8)) == spec)
    }

    @Test("the cached dataset's key material names its stand-in \"surrogate\"")
    func cacheKeyMaterial() throws {
        let material = DatasetLoader.KeyMaterial(spec: "s", seed: nil, sources: nil, standIn: .mosi, preprocessing: "p")
        let json = String(decoding: try JSONEncoder().encode(material), as: UTF8.self)
        #expect(json.contains("\"surrogate\":{") && !json.contains("standIn"), "\(json)")
    }
}
