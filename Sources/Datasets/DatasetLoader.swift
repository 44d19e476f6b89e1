import Foundation
import Tensors

/// Materialises datasets from a ``DatasetSpec``: runs generators, reads real files from the data
/// directory (falling back to labelled stand-ins when they are absent) and goes through the
/// ``FeatureCache`` when one is given.
///
/// File names under the data directory (see docs/DATA.md):
/// - `mosi`: `mosi_raw.pkl` or `mosi_data.pkl`; `ur-funny`: `humor.pkl`; `mustard`: `sarcasm.pkl`
///   (each also accepted under `multibench/` or `<name>/`);
/// - `hateful-memes`: `hateful_memes/{train,dev_unseen,test_seen}.npz`;
/// - `cremad-irony`: `cremad/{train,valid,test}.npz`.
public struct DatasetLoader: Sendable {
    /// The data directory.
    public var dataDirectory: URL
    /// The feature cache, or nil to materialise every time.
    public var cache: FeatureCache?
    /// Receives one-line notices (stand-in fallbacks, cache repairs).
    public var log: @Sendable (String) -> Void
    /// Whether stand-ins go through the cache. Off by default: a stand-in is regenerated in
    /// a fraction of the time it takes to read it back (MOSI-sized: ≈ 0.2 s vs ≈ 0.5 s), and
    /// UR-FUNNY's would occupy ~1 GB on disk.
    public var cacheStandIns = false
    /// Whether a real benchmark whose files are absent is an error (`--require-real`) instead of a stand-in.
    public var requireReal = false

    /// Writes a line to standard error.
    public static let standardErrorLog: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `$SYNIB_DATA` if set and non-empty, else `data/`.
    public static func defaultDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let d = environment["SYNIB_DATA"], !d.isEmpty { return URL(fileURLWithPath: d, isDirectory: true) }
        return URL(fileURLWithPath: "data", isDirectory: true)
    }

    /// Creates a loader.
    public init(dataDirectory: URL, cache: FeatureCache?, log: @escaping @Sendable (String) -> Void = DatasetLoader.standardErrorLog) {
        self.dataDirectory = dataDirectory
        self.cache = cache
        self.log = log
    }

    /// What a spec resolves to on this machine.
    public enum Source: Sendable {
        /// A generator (synthetic tasks, the shipped digits and mfeat).
        case generated
        /// Real files, found.
        case files([URL])
        /// Files absent: a stand-in, with the reason.
        case standIn(StandInSpec, reason: String)
    }

    /// Where `spec`'s data comes from under the data directory (the definition decides; see
    /// ``DatasetDefinition/source(in:)``).
    public func source(for spec: DatasetSpec) -> Source {
        switch spec {
        case .standInScaled(let base, let scale, let timeSteps):
            // Only the stand-in is scaled; found files are used as they are.
            guard case .standIn(var s, let reason) = source(for: base) else { return source(for: base) }
            s.splitSizes = s.splitSizes.map { max(64, Int((Double($0) * scale).rounded())) }
            if let timeSteps {
                for m in s.modalities.indices where s.modalities[m].timeSteps != nil {
                    s.modalities[m].timeSteps = min(s.modalities[m].timeSteps!, max(1, timeSteps))
                }
                s.signalSteps = min(s.signalSteps, max(1, timeSteps / 2))
            }
            return .standIn(s, reason: reason)
        case .defined(let definition):
            return definition.source(in: dataDirectory)
        case .folder(let folder):
            return .files([folder.url])
        }
    }

    /// Materialises the dataset for a data seed (generators and the digits split depend on the
    /// seed; real files and stand-ins do not, except where the definition says so, e.g. the
    /// irony construction).
    public func load(_ spec: DatasetSpec, seed: UInt64) throws -> MultimodalDataset {
        if let folder = spec.featureFolder { return try loadFolder(folder, seed: seed) }
        guard let definition = spec.definition else { throw DataError(file: spec.name, field: "spec", "no dataset definition") }
        let source = source(for: spec)
        var material = KeyMaterial(spec: spec.canonicalJSON, seed: nil, sources: nil, standIn: nil,
                                   preprocessing: "multibench: vision+text, drop all-zero text, binary labels; irony v1")
        let build: () throws -> MultimodalDataset
        switch source {
        case .generated:
            material.seed = seed
            build = { try definition.load(.generated, seed: seed) }
        case .files(let urls):
            var hashes: [String: String] = [:]
            for u in urls { hashes[u.path] = try cache?.sourceHash(of: u) ?? FileHashing.sha256Hex(of: u) }
            material.sources = Dictionary(uniqueKeysWithValues: urls.map { ($0.lastPathComponent, hashes[$0.path]!) })
            if definition.seedChangesStoredData { material.seed = seed }
            build = { [hashes] in try definition.load(.files(urls, hashes: hashes), seed: seed) }
        case .standIn(let s, let reason):
            if requireReal { throw DataError(file: dataDirectory.path, field: spec.name, "--require-real: \(reason)") }
            log("\(spec.name): using a stand-in — \(reason)")
            material.standIn = s
            if definition.seedChangesStoredData { material.seed = seed }
            build = { try definition.load(.standIn(try StandInGenerator.generate(s, reason: reason)), seed: seed) }
        }
        guard let cache else { return try build() }
        if case .standIn = source, !cacheStandIns { return try build() }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try enc.encode(material), as: UTF8.self)
        return try cache.materialize(key: FeatureCache.key(for: text), spec: text, log: log, build: build)
    }

    /// A feature folder, through the cache keyed by its files' contents (not its path). A folder
    /// whose content changed since `folder` was resolved (planned) is refused.
    func loadFolder(_ folder: FeatureFolder, seed: UInt64) throws -> MultimodalDataset {
        let layout = try FeatureFolderLayout(folder: folder.url)
        let hash: (URL) throws -> String = { url in try cache?.sourceHash(of: url) ?? FileHashing.sha256Hex(of: url) }
        var hashes: [String: String] = [:]
        for (relative, url) in layout.files { hashes[relative] = try hash(url) }
        let digest = FeatureFolderLayout.contentSHA256(hashes: hashes)
        if let planned = folder.contentSHA256, planned != digest {
            throw DataError(file: folder.path, field: "content_sha256",
                            "the folder's files changed after the grid was planned (planned \(planned.prefix(12)), found \(digest.prefix(12))); run again")
        }
        let heldOut = !layout.splits.contains { $0.name == "valid" }
        let material = KeyMaterial(spec: "feature-folder", seed: heldOut ? seed : nil, sources: hashes, standIn: nil,
                                   preprocessing: "feature folder v1: standardised with train statistics; 10 % of train held out when valid/ is absent")
        let build = { try FeatureFolderLoader.load(layout: layout, seed: seed) { url in
            try hashes[layout.files.first { $0.url == url }?.relative ?? ""] ?? hash(url)
        } }
        guard let cache else { return try build() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(material), as: UTF8.self)
        return try cache.materialize(key: FeatureCache.key(for: text), spec: text, log: log, build: build)
    }

    struct KeyMaterial: Codable {
        var spec: String
        var seed: UInt64?
        var sources: [String: String]?
        var standIn: StandInSpec?
        var preprocessing: String
        // "surrogate" is the stored spelling: it is part of every cached dataset's key.
        enum CodingKeys: String, CodingKey { case spec, seed, sources, standIn = "surrogate", preprocessing }
    }
}
