import Foundation
import Testing
@testable import Datasets

/// The malformed and malicious corpus (Tests/Fixtures/malformed/, written by make_malformed.py):
/// every file gives one DataError naming the file and the field, nothing crashes, nothing in a
/// pickle is executed (the marker file a malicious pickle would create never appears).
@Suite struct MalformedCorpusTests {
    static let directory = fixture("malformed")
    static let marker = "/tmp/synib-malformed-marker"

    struct Case: Sendable, CustomStringConvertible {
        let file: String
        let via: String
        let field: String
        var description: String { file }
    }

    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent("expected.json")),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: [String: String]] else { return [] }
        return obj.keys.sorted().map { Case(file: $0, via: obj[$0]?["via"] ?? "", field: obj[$0]?["field"] ?? "") }
    }()

    /// Reads `url` the way the case says (bench inspect's reader or a dataset loader).
    static func load(_ c: Case, _ url: URL) throws {
        switch c.via {
        case "inspect": _ = try DataInspector.inspect(url)
        case "multibench": _ = try MultiBenchLoader.load(MultiBenchLoader.mustard, url: url, sha256: "0")
        case "hateful": _ = try HatefulMemesLoader.load(urls: [url, url, url], hashes: [url.path: "0"])
        case "cremad": _ = try CremaDLoader.loadBase(urls: [url, url, url], hashes: [url.path: "0"])
        default: throw TestFailure("unknown via '\(c.via)'")
        }
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.cases.count >= 30, "\(Self.cases.count) cases")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.directory.path)) ?? []
        #expect(Set(files.filter { $0 != "expected.json" }) == Set(Self.cases.map(\.file)), "every corpus file has an expectation")
    }

    @Test(arguments: cases) func givesOneClearError(_ c: Case) throws {
        try? FileManager.default.removeItem(atPath: Self.marker)
        let url = Self.directory.appendingPathComponent(c.file)
        do {
            try Self.load(c, url)
            Issue.record("\(c.file): read without error")
        } catch let e as DataError {
            #expect(e.file.hasSuffix(c.file) || e.file == Self.directory.path, "\(c.file): error names \(e.file): \(e)")
            #expect(e.field.contains(c.field), "\(c.file): expected field '\(c.field)', got: \(e)")
            #expect(!e.message.isEmpty)
        } catch {
            Issue.record("\(c.file): not a DataError: \(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: Self.marker), "\(c.file): the malicious payload ran")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
