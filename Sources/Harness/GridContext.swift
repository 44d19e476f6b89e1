import Datasets
import Foundation

/// What a grid is resolved against: the run's data directory (`--data`, else `$SYNIB_DATA`,
/// else `data/`, decided by the command line, never while a grid is built) and whether a
/// missing real file is an error. Grids whose contents depend on the data present (real files or
/// stand-ins) read it from here, and the planner hashes the real files found into the cell keys.
public struct GridContext: Sendable {
    /// The loader of the run (its data directory; its feature cache memoises file hashes).
    public let loader: DatasetLoader
    /// Whether a real benchmark whose files are absent is an error (`--require-real`) instead of a stand-in.
    public let requireReal: Bool
    /// The digest of the code the cells are keyed with: this binary's ``CellSpec/numericsDigest``
    /// (tests plan with another to stand for an older build).
    public let codeDigest: String

    /// A context for a run with `loader`.
    public init(loader: DatasetLoader, requireReal: Bool = false, codeDigest: String = CellSpec.numericsDigest) {
        self.loader = loader
        self.requireReal = requireReal
        self.codeDigest = codeDigest
    }

    /// A context for the data directory `directory`, without a feature cache.
    public init(dataDirectory directory: URL, requireReal: Bool = false, codeDigest: String = CellSpec.numericsDigest) {
        self.init(loader: DatasetLoader(dataDirectory: directory, cache: nil), requireReal: requireReal, codeDigest: codeDigest)
    }

    /// The run's data directory.
    public var dataDirectory: URL { loader.dataDirectory }

    /// Whether `spec`'s real files are present under the data directory.
    public func hasRealFiles(_ spec: DatasetSpec) -> Bool {
        if case .files = loader.source(for: spec) { return true }
        return false
    }

    /// The SHA-256 of every real file `spec` reads, by file name (nil for generated data and stand-ins).
    public func fileHashes(_ spec: DatasetSpec) throws -> [String: String]? {
        // A feature folder's content hash is part of its spec already (``FeatureFolder/contentSHA256``).
        if spec.featureFolder != nil { return nil }
        guard case .files(let urls) = loader.source(for: spec) else { return nil }
        var hashes: [String: String] = [:]
        for url in urls {
            hashes[url.lastPathComponent] = try loader.cache?.sourceHash(of: url) ?? FileHashing.sha256Hex(of: url)
        }
        return hashes
    }

    /// Why `spec` would be a stand-in (the files looked for and where), nil when it is real or generated.
    public func missingFiles(_ spec: DatasetSpec) -> String? {
        if case .standIn(_, let reason) = loader.source(for: spec) { return reason }
        return nil
    }
}
