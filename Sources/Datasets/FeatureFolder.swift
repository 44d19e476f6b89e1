import Foundation

/// A dataset given as a folder of arrays (`bench train --dataset DIR`, `Dataset(.folder("DIR"))`):
///
///     DIR/dataset.json            {"name": "my-data", "modalities": ["audio", "video"]}
///     DIR/train/audio.npy         N × d or N × T × d, float32 or float64 (.npy.gz, .npz too)
///     DIR/train/video.npy
///     DIR/train/labels.npy        N integers 0 … C−1
///     DIR/train/tags.npy          optional: N booleans or 0/1, the synergy subset by construction
///     DIR/valid/…                 optional: else 10 % of train is held out (seeded by the run seed)
///     DIR/test/…
///
/// As a ``DatasetSpec`` value it carries the path, the manifest and — once ``resolved(hash:)``
/// — the SHA-256 of its contents, so that a cell key changes when any file is replaced.
public struct FeatureFolder: Codable, Hashable, Sendable {
    /// The folder, as given (relative to the working directory or absolute); not part of the
    /// encoding once resolved.
    public var path: String
    /// The manifest, once read.
    public var manifest: FeatureFolderManifest?
    /// SHA-256 over every file's relative path and SHA-256 (``FeatureFolderLayout/contentSHA256(hash:)``), once read.
    public var contentSHA256: String?

    /// The split folder names; `valid` is optional.
    public static let splitNames = ["train", "valid", "test"]
    /// The fraction of train held out for validation when there is no `valid/` folder.
    public static let validationFraction = 0.1

    /// A folder not read yet (what the grid DSL's `.folder("path")` holds until planning).
    public init(path: String) {
        self.path = FeatureFolder.normalized(path)
    }

    private enum CodingKeys: String, CodingKey {
        case path, manifest, contentSHA256 = "content_sha256"
    }

    /// Decodes a folder; a resolved one was encoded without its path (`""` here).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decodeIfPresent(String.self, forKey: .path) ?? ""
        manifest = try c.decodeIfPresent(FeatureFolderManifest.self, forKey: .manifest)
        contentSHA256 = try c.decodeIfPresent(String.self, forKey: .contentSHA256)
    }

    /// Encodes a resolved folder by its content alone (manifest and content SHA-256), so that
    /// `myfeat`, `myfeat/`, `/abs/myfeat` and `../x/myfeat` give the same cell keys; a folder
    /// not read yet by its path.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if contentSHA256 == nil { try c.encode(path, forKey: .path) }
        try c.encodeIfPresent(manifest, forKey: .manifest)
        try c.encodeIfPresent(contentSHA256, forKey: .contentSHA256)
    }

    /// Equal when resolved to the same content (wherever the folder is), else by path.
    public static func == (a: FeatureFolder, b: FeatureFolder) -> Bool {
        if a.contentSHA256 != nil || b.contentSHA256 != nil {
            return a.contentSHA256 == b.contentSHA256 && a.manifest == b.manifest
        }
        return a.path == b.path
    }

    /// Hashes what ``==`` compares.
    public func hash(into hasher: inout Hasher) {
        if let contentSHA256 {
            hasher.combine(contentSHA256)
            hasher.combine(manifest)
        } else {
            hasher.combine(path)
        }
    }

    /// The dataset name: the manifest's, else the folder's last path component.
    public var name: String { manifest?.name ?? URL(fileURLWithPath: path).lastPathComponent }

    /// The number of modalities, once read.
    public var modalityCount: Int? { manifest?.modalities.count }

    /// The folder's URL.
    public var url: URL { URL(fileURLWithPath: path, isDirectory: true) }

    /// The folder with its manifest read and its content hashed (files are hashed with `hash`,
    /// e.g. the feature cache's memoised ``FeatureCache/sourceHash(of:)``). Throws
    /// ``FeatureFolderError`` when the path is not a dataset folder, ``DataError`` for bad contents.
    public func resolved(hash: (URL) throws -> String = FileHashing.sha256Hex(of:)) throws -> FeatureFolder {
        let layout = try FeatureFolderLayout(folder: url)
        var copy = self
        copy.manifest = layout.manifest
        copy.contentSHA256 = try layout.contentSHA256(hash: hash)
        return copy
    }

    /// `path` without a trailing `/` or leading `./`.
    static func normalized(_ path: String) -> String {
        var p = path
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        while p.hasPrefix("./"), p.count > 2 { p.removeFirst(2) }
        return p
    }
}

/// A path that is not a dataset folder (missing, not a directory, no `dataset.json`): a usage
/// error (`bench` exits 64), unlike bad contents (``DataError``, exit 1).
public struct FeatureFolderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The path given.
    public var path: String
    /// What is wrong.
    public var message: String

    /// An error about `path`.
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// "path: message".
    public var description: String { "\(path): \(message)" }
}

/// The files of a feature folder, found and checked against its manifest (no array read yet).
public struct FeatureFolderLayout: Sendable {
    /// The files of one split.
    public struct SplitFiles: Sendable {
        /// The split's name (`train`, `valid`, `test`).
        public var name: String
        /// One array file per modality, in manifest order.
        public var modalities: [URL]
        /// `labels.npy` (or `.npy.gz`, `.npz`).
        public var labels: URL
        /// `tags.npy`, when present.
        public var tags: URL?

        /// Every file of the split.
        public var all: [URL] { modalities + [labels] + (tags.map { [$0] } ?? []) }
    }

    /// The folder.
    public let folder: URL
    /// Its parsed manifest.
    public let manifest: FeatureFolderManifest
    /// `train`, then `valid` when present, then `test`.
    public let splits: [SplitFiles]

    /// The array file suffixes accepted, longest first.
    public static let suffixes = [".npy.gz", ".npy", ".npz"]

    /// Finds and checks the files of `folder`: the manifest, `train/` and `test/` (and `valid/`
    /// if present) each with one file per modality and `labels`, `tags` in all splits or none,
    /// no other array files.
    public init(folder: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder.path, isDirectory: &isDirectory) else {
            throw FeatureFolderError(path: folder.path, "no such folder (expected a feature folder with dataset.json, train/ and test/; see docs/EXTENDING.md)")
        }
        guard isDirectory.boolValue else {
            throw FeatureFolderError(path: folder.path, "not a folder (expected a feature folder with dataset.json, train/ and test/; see docs/EXTENDING.md)")
        }
        let manifestURL = folder.appendingPathComponent(FeatureFolderManifest.fileName)
        guard fm.fileExists(atPath: manifestURL.path) else {
            throw FeatureFolderError(path: folder.path, "not a dataset folder: no dataset.json (expected {\"name\": …, \"modalities\": […]}, train/ and test/; see docs/EXTENDING.md)")
        }
        self.folder = folder
        manifest = try FeatureFolderManifest.parse(Data(readWholeFile(manifestURL)), file: manifestURL.path)
        var splits: [SplitFiles] = []
        for name in FeatureFolder.splitNames {
            let dir = folder.appendingPathComponent(name, isDirectory: true)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
                if name == "valid" { continue }
                throw DataError(file: dir.path, field: name, "missing split folder (train/ and test/ are required, valid/ is optional)")
            }
            splits.append(try FeatureFolderLayout.splitFiles(dir, name: name, manifest: manifest))
        }
        let withTags = splits.filter { $0.tags != nil }.map(\.name)
        if !withTags.isEmpty, withTags.count != splits.count {
            let without = splits.filter { $0.tags == nil }.map(\.name)
            throw DataError(file: folder.path, field: "tags", "tags.npy is in \(withTags.joined(separator: ", ")) but not in \(without.joined(separator: ", ")) (give it in every split or in none)")
        }
        self.splits = splits
    }

    /// Every file (manifest first), with its path relative to the folder.
    public var files: [(relative: String, url: URL)] {
        [(FeatureFolderManifest.fileName, folder.appendingPathComponent(FeatureFolderManifest.fileName))]
            + splits.flatMap { s in s.all.map { ("\(s.name)/\($0.lastPathComponent)", $0) } }
    }

    /// SHA-256 of the lines "relative-path SHA-256", sorted by path: changes when any file does.
    public func contentSHA256(hash: (URL) throws -> String) throws -> String {
        var hashes: [String: String] = [:]
        for (relative, url) in files { hashes[relative] = try hash(url) }
        return FeatureFolderLayout.contentSHA256(hashes: hashes)
    }

    /// SHA-256 of the lines "relative-path SHA-256" of `hashes`, sorted by path.
    public static func contentSHA256(hashes: [String: String]) -> String {
        FileHashing.sha256Hex(hashes.keys.sorted().map { "\($0) \(hashes[$0]!)" }.joined(separator: "\n"))
    }

    /// The base name of an array file (`audio.npy.gz` → `audio`), nil for other files.
    static func arrayStem(_ fileName: String) -> String? {
        for suffix in suffixes where fileName.hasSuffix(suffix) && fileName.count > suffix.count {
            return String(fileName.dropLast(suffix.count))
        }
        return nil
    }

    private static func splitFiles(_ dir: URL, name: String, manifest: FeatureFolderManifest) throws -> SplitFiles {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw DataError(file: dir.path, field: name, "cannot list the folder: \(error.localizedDescription)")
        }
        var byStem: [String: [String]] = [:]
        for entry in entries {
            guard let stem = arrayStem(entry) else { continue }
            byStem[stem, default: []].append(entry)
        }
        let expected = manifest.modalities + ["labels", "tags"]
        if let unknown = byStem.keys.sorted().first(where: { !expected.contains($0) }) {
            throw DataError(file: dir.appendingPathComponent(byStem[unknown]![0]).path, field: unknown,
                            "unknown modality file: dataset.json lists the modalities \(manifest.modalities.joined(separator: ", ")) (plus labels and tags)")
        }
        func file(_ stem: String, required: Bool) throws -> URL? {
            guard let names = byStem[stem] else {
                if !required { return nil }
                throw DataError(file: dir.path, field: stem, "missing \(stem).npy (or \(stem).npy.gz, \(stem).npz)")
            }
            guard names.count == 1 else {
                throw DataError(file: dir.path, field: stem, "several files for \(stem): \(names.joined(separator: ", ")) (keep one)")
            }
            return dir.appendingPathComponent(names[0])
        }
        return SplitFiles(name: name, modalities: try manifest.modalities.map { try file($0, required: true)! },
                          labels: try file("labels", required: true)!, tags: try file("tags", required: false))
    }
}
