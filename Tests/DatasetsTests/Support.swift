import Foundation
import Testing
@testable import Datasets

/// The committed fixture directory (Tests/Fixtures).
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

func fixture(_ path: String) -> URL { fixtures.appendingPathComponent(path) }

/// expected.json, written by make_fixtures.py: dtype, shape and flattened values per array.
struct Expected: @unchecked Sendable {
    let dtype: String
    let shape: [Int]
    let values: [Any]

    static let all: [String: Expected] = {
        guard let data = try? Data(contentsOf: fixture("expected.json")),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] else { return [:] }
        return obj.compactMapValues { e in
            guard let d = e["dtype"] as? String, let s = e["shape"] as? [Int], let v = e["values"] as? [Any] else { return nil }
            return Expected(dtype: d, shape: s, values: v)
        }
    }()
}

/// Checks `array` against the numpy record `name`: dtype, shape and every value exactly.
func expectMatches(_ array: NpyArray, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let e = Expected.all[name] else {
        Issue.record("no expected values for \(name)", sourceLocation: sourceLocation)
        return
    }
    #expect(array.dtype.description == e.dtype, "dtype of \(name)", sourceLocation: sourceLocation)
    #expect(array.shape == e.shape, "shape of \(name)", sourceLocation: sourceLocation)
    #expect(array.count == e.values.count, "count of \(name)", sourceLocation: sourceLocation)
    guard array.count == e.values.count else { return }
    switch array.storage {
    case .float32(let v):
        let want = e.values.map { Float(Double($0 as? String ?? "") ?? .nan) }
        #expect(v == want, "values of \(name)", sourceLocation: sourceLocation)
    case .float64(let v):
        let want = e.values.map { Double($0 as? String ?? "") ?? .nan }
        #expect(v == want, "values of \(name)", sourceLocation: sourceLocation)
    case .int(let v):
        #expect(v == e.values.map { ($0 as? NSNumber)?.intValue ?? Int.min }, "values of \(name)", sourceLocation: sourceLocation)
    case .uint8(let v):
        #expect(v.map(Int.init) == e.values.map { ($0 as? NSNumber)?.intValue ?? -1 }, "values of \(name)", sourceLocation: sourceLocation)
    case .bool(let v):
        #expect(v == e.values.map { ($0 as? Bool) ?? false }, "values of \(name)", sourceLocation: sourceLocation)
    case .strings(let v):
        #expect(v == e.values.map { ($0 as? String) ?? "?" }, "values of \(name)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` and returns the DataError it throws (recording an issue if it throws none).
func dataError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> DataError? {
    do {
        try body()
        Issue.record("expected a DataError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as DataError {
        return e
    } catch {
        Issue.record("expected a DataError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// A fresh temporary directory.
func temporaryDirectory(_ label: String = "datasets") -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("synib-\(label)-\(UUID().uuidString)", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The float values of an expected record (stored as exact repr strings).
func expectedDoubles(_ name: String) -> [Double] {
    (Expected.all[name]?.values ?? []).map { Double($0 as? String ?? "") ?? .nan }
}
