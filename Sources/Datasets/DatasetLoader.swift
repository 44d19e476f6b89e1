import Foundation
import Tensors

/// Materialises datasets from a ``DatasetSpec``: runs generators, reads real files from the data
/// directory (falling back to labelled surrogates when they are absent) and goes through the
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
    /// Receives one-line notices (surrogate fallbacks, cache repairs).
    public var log: @Sendable (String) -> Void
    /// Whether surrogates go through the cache. Off by default: a surrogate is regenerated in
    /// a fraction of the time it takes to read it back (MOSI-sized: ≈ 0.2 s vs ≈ 0.5 s), and
    /// UR-FUNNY's would occupy ~1 GB on disk.
    public var cacheSurrogates = false

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
        /// Files absent: a surrogate, with the reason.
        case surrogate(SurrogateSpec, reason: String)
    }

    /// Where `spec`'s data comes from under the data directory.
    public func source(for spec: DatasetSpec) -> Source {
        let dir = dataDirectory.path
        func missing(_ names: [String]) -> String {
            "real files not found under \(dir)/ (looked for \(names.joined(separator: " or "))); see docs/DATA.md"
        }
        switch spec {
        case .surrogateScaled(let base, let scale, let timeSteps):
            // Only the surrogate is scaled; found files are used as they are.
            guard case .surrogate(var s, let reason) = source(for: base) else { return source(for: base) }
            s.splitSizes = s.splitSizes.map { max(64, Int((Double($0) * scale).rounded())) }
            if let timeSteps {
                for m in s.modalities.indices where s.modalities[m].timeSteps != nil {
                    s.modalities[m].timeSteps = min(s.modalities[m].timeSteps!, max(1, timeSteps))
                }
                s.signalSteps = min(s.signalSteps, max(1, timeSteps / 2))
            }
            return .surrogate(s, reason: reason)
        case .pidXOR, .spuriousXOR, .digitsIrony, .mfeat, .mfeatIrony: return .generated
        case .mosi, .urFunny, .mustard:
            let (b, s): (MultiBenchLoader.Benchmark, SurrogateSpec) =
                spec == .mosi ? (MultiBenchLoader.mosi, .mosi) : spec == .urFunny ? (MultiBenchLoader.urFunny, .urFunny) : (MultiBenchLoader.mustard, .mustard)
            if let url = MultiBenchLoader.locate(b, in: dataDirectory) { return .files([url]) }
            return .surrogate(s, reason: missing(b.fileNames))
        case .hatefulMemes:
            if let urls = HatefulMemesLoader.locate(in: dataDirectory) { return .files(urls) }
            return .surrogate(.hatefulMemes, reason: missing(HatefulMemesLoader.fileNames))
        case .cremadIrony:
            if let urls = CremaDLoader.locate(in: dataDirectory) { return .files(urls) }
            return .surrogate(.cremad, reason: missing(CremaDLoader.fileNames))
        }
    }

    /// Materialises the dataset for a data seed (generators and the digits split depend on the
    /// seed; real files and surrogates do not, except the irony construction).
    public func load(_ spec: DatasetSpec, seed: UInt64) throws -> MultimodalDataset {
        let source = source(for: spec)
        var material = KeyMaterial(spec: spec.canonicalJSON, seed: nil, sources: nil, surrogate: nil,
                                   preprocessing: "multibench: vision+text, drop all-zero text, binary labels; irony v1")
        let build: () throws -> MultimodalDataset
        switch source {
        case .generated:
            material.seed = seed
            build = { try DatasetLoader.generate(spec.unscaled, seed: seed) }
        case .files(let urls):
            var hashes: [String: String] = [:]
            for u in urls { hashes[u.path] = try cache?.sourceHash(of: u) ?? FileHashing.sha256Hex(of: u) }
            material.sources = Dictionary(uniqueKeysWithValues: urls.map { ($0.lastPathComponent, hashes[$0.path]!) })
            if case .cremadIrony = spec.unscaled { material.seed = seed }
            build = { try DatasetLoader.loadReal(spec.unscaled, urls: urls, hashes: hashes, seed: seed) }
        case .surrogate(let s, let reason):
            log("\(spec.name): using a surrogate — \(reason)")
            material.surrogate = s
            if case .cremadIrony = spec.unscaled { material.seed = seed }
            build = {
                let base = try SurrogateGenerator.generate(s, reason: reason)
                if case .cremadIrony(let alpha) = spec.unscaled { return try CremaDLoader.irony(base, alpha: alpha, seed: seed) }
                return base
            }
        }
        guard let cache else { return try build() }
        if case .surrogate = source, !cacheSurrogates { return try build() }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try enc.encode(material), as: UTF8.self)
        return try cache.materialize(key: FeatureCache.key(for: text), spec: text, log: log, build: build)
    }

    struct KeyMaterial: Codable {
        var spec: String
        var seed: UInt64?
        var sources: [String: String]?
        var surrogate: SurrogateSpec?
        var preprocessing: String
    }

    static func generate(_ spec: DatasetSpec, seed: UInt64) throws -> MultimodalDataset {
        switch spec {
        case .pidXOR(let p): return try PIDXORGenerator.generate(p, seed: seed)
        case .spuriousXOR(let p): return try SpuriousXORGenerator.generate(p, seed: seed)
        case .digitsIrony(let alpha): return try DigitsIrony.generate(alpha: alpha, seed: seed)
        case .mfeat: return try MultipleFeatures.dataset(seed: seed)
        case .mfeatIrony(let alpha): return try MultipleFeatures.irony(alpha: alpha, seed: seed)
        default: throw DataError(file: spec.name, field: "spec", "not a generated dataset")
        }
    }

    static func loadReal(_ spec: DatasetSpec, urls: [URL], hashes: [String: String], seed: UInt64) throws -> MultimodalDataset {
        switch spec {
        case .mosi: return try MultiBenchLoader.load(MultiBenchLoader.mosi, url: urls[0], sha256: hashes[urls[0].path])
        case .urFunny: return try MultiBenchLoader.load(MultiBenchLoader.urFunny, url: urls[0], sha256: hashes[urls[0].path])
        case .mustard: return try MultiBenchLoader.load(MultiBenchLoader.mustard, url: urls[0], sha256: hashes[urls[0].path])
        case .hatefulMemes: return try HatefulMemesLoader.load(urls: urls, hashes: hashes)
        case .cremadIrony(let alpha):
            return try CremaDLoader.irony(try CremaDLoader.loadBase(urls: urls, hashes: hashes), alpha: alpha, seed: seed)
        default: throw DataError(file: spec.name, field: "spec", "not a file-backed dataset")
        }
    }
}
