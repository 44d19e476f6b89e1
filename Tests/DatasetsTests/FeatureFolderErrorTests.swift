import Foundation
import Testing
@testable import Datasets

/// One way to break the fixture folder and the error it must give.
struct FolderBreakage: Sendable, CustomStringConvertible {
    let description: String
    /// The file (relative to the folder; "" = the folder itself) the error must name.
    let file: String
    /// The field the error must name.
    let field: String
    /// A phrase of the message.
    let phrase: String
    /// Breaks the folder at the URL.
    let apply: @Sendable (URL) throws -> Void
}

private func save(_ array: NpyArray, _ dir: URL, _ path: String) throws {
    try NpyFormat.write(array, to: dir.appendingPathComponent(path))
}

/// A `.npy` file of zeros with dtype `<f2` (float16), which the loader does not read.
private func float16Npy(rows: Int, columns: Int) -> Data {
    var header = "{'descr': '<f2', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
    data += Data(header.utf8)
    data += Data(count: rows * columns * 2)
    return data
}

private func manifest(_ text: String) -> @Sendable (URL) throws -> Void {
    { dir in try Data(text.utf8).write(to: dir.appendingPathComponent("dataset.json")) }
}

let folderBreakages: [FolderBreakage] = [
    .init(description: "unknown manifest field", file: "dataset.json", field: "colour", phrase: "unknown field",
          apply: manifest(#"{"name": "x", "modalities": ["audio", "video", "text"], "colour": "red"}"#)),
    .init(description: "modalities not an array", file: "dataset.json", field: "modalities", phrase: "expected an array of strings, found a string",
          apply: manifest(#"{"name": "x", "modalities": "audio"}"#)),
    .init(description: "name a number", file: "dataset.json", field: "name", phrase: "expected a string, found a number",
          apply: manifest(#"{"name": 3, "modalities": ["audio", "video", "text"]}"#)),
    .init(description: "name missing", file: "dataset.json", field: "name", phrase: "missing",
          apply: manifest(#"{"modalities": ["audio", "video", "text"]}"#)),
    .init(description: "one modality", file: "dataset.json", field: "modalities", phrase: "at least two",
          apply: manifest(#"{"name": "x", "modalities": ["audio"]}"#)),
    .init(description: "not JSON", file: "dataset.json", field: "json", phrase: "not valid JSON", apply: manifest("name: x")),
    .init(description: "modality with a path in its name", file: "dataset.json", field: "modalities[1]", phrase: "only letters",
          apply: manifest(#"{"name": "x", "modalities": ["audio", "../video"]}"#)),
    .init(description: "unknown modality file", file: "train/extra.npy", field: "extra", phrase: "unknown modality file",
          apply: { try save(NpyArray([Float](repeating: 0, count: 300), shape: [300, 1]), $0, "train/extra.npy") }),
    .init(description: "missing modality file", file: "test", field: "audio", phrase: "missing audio.npy",
          apply: { try FileManager.default.removeItem(at: $0.appendingPathComponent("test/audio.npy")) }),
    .init(description: "two files for one modality", file: "train", field: "audio", phrase: "several files",
          apply: { try save(NpyArray([Float](repeating: 0, count: 300 * 8), shape: [300, 8]), $0, "train/audio.npy.gz") }),
    .init(description: "missing test split", file: "test", field: "test", phrase: "missing split folder",
          apply: { try FileManager.default.removeItem(at: $0.appendingPathComponent("test")) }),
    .init(description: "rows differ from labels", file: "test/audio.npy", field: "audio", phrase: "has 199 rows but labels.npy has 200",
          apply: { try save(NpyArray([Float](repeating: 0, count: 199 * 8), shape: [199, 8]), $0, "test/audio.npy") }),
    .init(description: "non-finite value", file: "train/audio.npy", field: "audio", phrase: "NaN at row 4",
          apply: { dir in
              var v = [Float](repeating: 0, count: 300 * 8)
              v[4 * 8 + 2] = .nan
              try save(NpyArray(v, shape: [300, 8]), dir, "train/audio.npy")
          }),
    .init(description: "infinite value in float64", file: "test/video.npz", field: "video", phrase: "an infinite value at row 1",
          apply: { dir in
              var v = [Double](repeating: 0, count: 200 * 8)
              v[8] = -.infinity
              try NpzArchive.write([("video", NpyArray(v, shape: [200, 8]))], to: dir.appendingPathComponent("test/video.npz"))
          }),
    .init(description: "float64 value beyond float32's range", file: "test/video.npz", field: "video",
          phrase: "value 1e+300 at row 2 (flat index 17) is outside the float32 range",
          apply: { dir in
              var v = [Double](repeating: 0, count: 200 * 8)
              v[17] = 1e300
              try NpzArchive.write([("video", NpyArray(v, shape: [200, 8]))], to: dir.appendingPathComponent("test/video.npz"))
          }),
    .init(description: "float16 features", file: "train/audio.npy", field: "descr",
          phrase: "dtype '<f2' (float16) is not read; expected float32 ('<f4') or float64 ('<f8'): convert with numpy, e.g. np.save(FILE, np.load(FILE).astype(np.float32))",
          apply: { try float16Npy(rows: 300, columns: 8).write(to: $0.appendingPathComponent("train/audio.npy")) }),
    .init(description: "classes missing from train without class_names", file: "train/labels.npy", field: "labels",
          phrase: "classes 1, 2 of 0…3 never occur (found 0, 3)",
          apply: { dir in
              try manifest(#"{"name": "x", "modalities": ["audio", "video", "text"]}"#)(dir)
              try save(NpyArray((0..<300).map { $0 % 2 == 0 ? 0 : 3 }, shape: [300]), dir, "train/labels.npy")
          }),
    .init(description: "manifest syntax error", file: "dataset.json", field: "json",
          phrase: "not valid JSON: line 3, column 22: invalid value",
          apply: manifest("{\n  \"name\": \"x\",\n  \"modalities\": [\"a\" \"b\"]\n}")),
    .init(description: "wrong rank", file: "train/audio.npy", field: "audio", phrase: "expected rank 2",
          apply: { try save(NpyArray([Float](repeating: 0, count: 300), shape: [300]), $0, "train/audio.npy") }),
    .init(description: "integer features", file: "train/audio.npy", field: "audio", phrase: "expected float32 or float64",
          apply: { try save(NpyArray([Int](repeating: 0, count: 300 * 8), shape: [300, 8]), $0, "train/audio.npy") }),
    .init(description: "per-example shape differs from train", file: "test/audio.npy", field: "audio", phrase: "differs from train",
          apply: { try save(NpyArray([Float](repeating: 0, count: 200 * 7), shape: [200, 7]), $0, "test/audio.npy") }),
    .init(description: "label beyond class_names", file: "test/labels.npy", field: "labels", phrase: "outside 0…1",
          apply: { try save(NpyArray((0..<200).map { $0 % 3 }, shape: [200]), $0, "test/labels.npy") }),
    .init(description: "negative label", file: "train/labels.npy", field: "labels", phrase: "negative",
          apply: { try save(NpyArray((0..<300).map { $0 == 7 ? -1 : 0 }, shape: [300]), $0, "train/labels.npy") }),
    .init(description: "float labels", file: "train/labels.npy", field: "labels", phrase: "expected integer labels",
          apply: { try save(NpyArray([Float](repeating: 0, count: 300), shape: [300]), $0, "train/labels.npy") }),
    .init(description: "tags not 0/1", file: "test/tags.npy", field: "tags", phrase: "not 0 or 1",
          apply: { try save(NpyArray((0..<200).map { $0 % 3 }, shape: [200]), $0, "test/tags.npy") }),
    .init(description: "tags in one split only", file: "", field: "tags", phrase: "in every split or in none",
          apply: { try FileManager.default.removeItem(at: $0.appendingPathComponent("test/tags.npy")) }),
    .init(description: "npz with several arrays, none named after the modality", file: "train/video.npz", field: "video", phrase: "a single array",
          apply: { dir in
              let a = NpyArray([Float](repeating: 0, count: 300 * 8), shape: [300, 8])
              try NpzArchive.write([("a", a), ("b", a)], to: dir.appendingPathComponent("train/video.npz"))
          }),
]

@Suite("Feature folders: bad input")
struct FeatureFolderErrorTests {
    @Test("each breakage gives a DataError naming the file and the field", arguments: folderBreakages)
    func breakage(_ b: FolderBreakage) throws {
        let dir = try scratchFeatureFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try b.apply(dir)
        let e = dataError { _ = try FeatureFolderLoader.load(path: dir.path, seed: 0) }
        let file = b.file.isEmpty ? dir.path : dir.appendingPathComponent(b.file).path
        #expect(e?.file == file)
        #expect(e?.field == b.field)
        #expect(e?.message.contains(b.phrase) == true, "\(e?.message ?? "no error")")
    }

    @Test("with class_names absent, C is inferred from train and a test label beyond it is refused")
    func inferredClasses() throws {
        let dir = try scratchFeatureFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try manifest(#"{"name": "x", "modalities": ["audio", "video", "text"]}"#)(dir)
        #expect(try FeatureFolderLoader.load(path: dir.path, seed: 0).classNames == ["0", "1"])
        try save(NpyArray((0..<200).map { $0 == 9 ? 2 : 0 }, shape: [200]), dir, "test/labels.npy")
        let e = dataError { _ = try FeatureFolderLoader.load(path: dir.path, seed: 0) }
        #expect(e?.file == dir.appendingPathComponent("test/labels.npy").path && e?.message.contains("label 2 at row 9") == true)
    }

    @Test("a path that is not a dataset folder is a FeatureFolderError (usage), naming the path")
    func notAFolder() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString)")
        #expect(folderError { _ = try DatasetSpec.folder(missing.path).resolved() }?.message.contains("no such folder") == true)
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let e = folderError { _ = try FeatureFolderLoader.load(path: empty.path, seed: 0) }
        #expect(e?.path == empty.path && e?.message.contains("no dataset.json") == true)
        let file = featureFolderFixture.appendingPathComponent("dataset.json")
        #expect(folderError { _ = try FeatureFolderLayout(folder: file) }?.message.contains("not a folder") == true)
    }
}
