import Foundation

/// The content-addressed feature cache (docs/HARNESS.md).
///
/// Each materialised dataset is a directory `<cache>/<key>/` holding one gzip-compressed `.npy`
/// per tensor (`train.vision.npy.gz`, `train.labels.npy.gz`, `train.vision.lengths.npy.gz`, …)
/// and `manifest.json` (dataset metadata, tags, ids and, per tensor, dtype, shape and the
/// SHA-256 of the `.npy.gz` file) — any numpy user can open it. The key is the SHA-256 of the
/// full spec (generator parameters or source-file hashes, preprocessing, ``formatVersion``).
///
/// Entries are written into a temporary directory and renamed into place, so a reader never
/// sees a half-written entry and two processes materialising the same key do not corrupt each
/// other (the second rename loses and its copy is discarded). Every tensor's SHA-256 is
/// verified on read; a corrupt entry is reported, removed and rebuilt.
public struct FeatureCache: Sendable {
    /// Changes whenever the cache layout or any preprocessing changes; part of every key.
    public static let formatVersion = "synib-features-2"
    /// The cache directory (default `.cache/features/`).
    public let directory: URL
    /// zlib level for new entries (1 = fast; reading speed hardly depends on it).
    public var compressionLevel: Int32 = 1

    /// A cache rooted at `directory`.
    public init(directory: URL = URL(fileURLWithPath: ".cache/features")) {
        self.directory = directory
    }

    /// The key for `material`, a canonical description of everything the dataset depends on.
    public static func key(for material: String) -> String {
        FileHashing.sha256Hex(formatVersion + "\n" + material)
    }

    /// The directory of the entry for `key`.
    public func entryURL(key: String) -> URL { directory.appendingPathComponent(key, isDirectory: true) }

    /// The dataset stored under `key`, nil if absent; a corrupt entry is reported through
    /// `log`, removed and nil is returned (so the caller rebuilds it).
    public func load(key: String, log: (String) -> Void) -> MultimodalDataset? {
        let url = entryURL(key: key)
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) else { return nil }
        do {
            return try read(entry: url)
        } catch {
            log("feature cache: corrupt entry \(url.path) (\(error)); removing and rebuilding")
            remove(key: key)
            return nil
        }
    }

    /// Reads and verifies an entry directory; throws ``DataError`` naming the tensor on any mismatch.
    public func read(entry url: URL) throws -> MultimodalDataset {
        let manifestURL = url.appendingPathComponent("manifest.json")
        let manifest: CacheManifest
        do {
            manifest = try JSONDecoder().decode(CacheManifest.self, from: Data(readWholeFile(manifestURL)))
        } catch let e as DataError {
            throw e
        } catch {
            throw DataError(file: manifestURL.path, field: "manifest", "unreadable: \(error)")
        }
        guard manifest.format == FeatureCache.formatVersion else {
            throw DataError(file: manifestURL.path, field: "format", "expected \(FeatureCache.formatVersion), found \(manifest.format)")
        }
        let files = manifest.tensors.keys.sorted()
        // Tensor names are plain file names inside the entry; anything else is a tampered manifest.
        if let bad = files.first(where: { $0.isEmpty || $0.contains("/") || $0.contains("\\") || $0.hasPrefix(".") || $0.contains("\0") }) {
            throw DataError(file: manifestURL.path, field: "tensors", "invalid tensor file name '\(bad)'")
        }
        let results = ResultBox<NpyArray>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { k in
            let name = files[k]
            results.set(k, Result { try readTensor(url.appendingPathComponent(name), expected: manifest.tensors[name]!) })
        }
        var tensors: [String: NpyArray] = [:]
        for (k, name) in files.enumerated() { tensors[name] = try results.get(k).get() }
        func tensor(_ name: String) throws -> NpyArray {
            guard let t = tensors[name] else { throw DataError(file: manifestURL.path, field: name, "tensor not listed in the manifest") }
            return t
        }
        var splits: [String: Split] = [:]
        for name in ["train", "valid", "test"] {
            guard let s = manifest.splits[name] else { throw DataError(file: manifestURL.path, field: name, "missing split") }
            let labels = try tensor(s.labels).ints(file: url.path, field: s.labels)
            let modalities = try s.modalities.map { m in
                let values = try tensor(m.values)
                guard values.shape == m.shape else { throw DataError(file: url.path, field: m.values, "shape \(values.shape) differs from the manifest's \(m.shape)") }
                return Modality(name: m.name, shape: m.shape, values: try values.floats(file: url.path, field: m.values),
                                lengths: try m.lengths.map { try tensor($0).ints(file: url.path, field: $0) })
            }
            splits[name] = Split(modalities: modalities, labels: labels, tags: s.tags, ids: s.ids)
        }
        var blocks: [Int: Range<Int>] = [:]
        for (k, v) in manifest.synergyBlocks {
            guard let m = Int(k), v.count == 2, v[0] <= v[1] else { throw DataError(file: manifestURL.path, field: "synergyBlocks", "malformed") }
            blocks[m] = v[0]..<v[1]
        }
        var support: [Int: Range<Int>] = [:]
        for (k, v) in manifest.unimodalSupport ?? [:] {
            guard let m = Int(k), v.count == 2, v[0] <= v[1] else { throw DataError(file: manifestURL.path, field: "unimodalSupport", "malformed") }
            support[m] = v[0]..<v[1]
        }
        var bases: [Int: SourceBasis] = [:]
        for (k, b) in manifest.sourceBases ?? [:] {
            guard let m = Int(k), b.mean.count == b.std.count, b.rotation.count == b.mean.count * b.mean.count else {
                throw DataError(file: manifestURL.path, field: "sourceBases", "malformed")
            }
            bases[m] = SourceBasis(rotation: b.rotation, mean: b.mean, std: b.std)
        }
        let ds = MultimodalDataset(name: manifest.name, classNames: manifest.classNames, train: splits["train"]!, valid: splits["valid"]!,
                                   test: splits["test"]!, provenance: manifest.provenance, synergyBlocks: blocks, modalityNames: manifest.modalityNames,
                                   unimodalSupport: support, sourceBases: bases)
        try ds.validate(file: url.path)
        return ds
    }

    /// Reads one `.npy.gz`, hashing the compressed bytes while they are decoded.
    func readTensor(_ url: URL, expected: CacheManifest.TensorEntry) throws -> NpyArray {
        let file = try FileByteReader(url: url)
        let hasher = SHA256Hasher()
        file.observer = { hasher.update($0) }
        let gz = try GzipReader(source: file)
        let bound = file.fileSize.multipliedReportingOverflow(by: 1032)
        let array = try NpyFormat.read(from: gz, sizeBound: bound.overflow ? nil : bound.partialValue + (1 << 20))
        guard try gz.atEnd() else { throw DataError(file: url.path, field: "data", "unexpected bytes after the array") }
        while try file.atEnd() == false {}  // hash any bytes zlib did not need
        let digest = FileHashing.hex(hasher.finalize())
        guard digest == expected.sha256 else {
            throw DataError(file: url.path, field: "sha256", "checksum mismatch (manifest \(expected.sha256.prefix(12))…, file \(digest.prefix(12))…)")
        }
        guard array.shape == expected.shape, array.dtype.description == expected.dtype else {
            throw DataError(file: url.path, field: "header", "dtype/shape \(array.dtype) \(array.shape) differ from the manifest's \(expected.dtype) \(expected.shape)")
        }
        return array
    }

    /// Stores `dataset` under `key` (atomically; if another process stored it first, keeps theirs).
    public func store(_ dataset: MultimodalDataset, key: String, spec: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tmp = directory.appendingPathComponent(".tmp-\(key.prefix(16))-\(getpid())-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: tmp) }
        var jobs: [(String, NpyArray)] = []
        var splits: [String: CacheManifest.SplitEntry] = [:]
        for (name, split) in dataset.splits {
            var mods: [CacheManifest.ModalityEntry] = []
            for (k, m) in split.modalities.enumerated() {
                let safe = m.name.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                let base = "\(name).\(k)-\(safe)"
                jobs.append(("\(base).npy.gz", NpyArray(m.values, shape: m.shape)))
                var entry = CacheManifest.ModalityEntry(name: m.name, shape: m.shape, values: "\(base).npy.gz", lengths: nil)
                if let l = m.lengths {
                    jobs.append(("\(base).lengths.npy.gz", NpyArray(l, shape: [l.count])))
                    entry.lengths = "\(base).lengths.npy.gz"
                }
                mods.append(entry)
            }
            jobs.append(("\(name).labels.npy.gz", NpyArray(split.labels, shape: [split.count])))
            splits[name] = .init(count: split.count, modalities: mods, labels: "\(name).labels.npy.gz", tags: split.tags, ids: split.ids)
        }
        let results = ResultBox<Written>(count: jobs.count)
        let level = compressionLevel
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { k in
            results.set(k, Result { try FeatureCache.writeTensor(work[k].1, to: tmp.appendingPathComponent(work[k].0), level: level) })
        }
        var tensors: [String: CacheManifest.TensorEntry] = [:]
        for (k, job) in jobs.enumerated() {
            guard case .tensorEntry(let e) = try results.get(k).get() else { continue }
            tensors[job.0] = e
        }
        let manifest = CacheManifest(format: FeatureCache.formatVersion, key: key, spec: spec, name: dataset.name,
                                     classNames: dataset.classNames, modalityNames: dataset.modalityNames, provenance: dataset.provenance,
                                     synergyBlocks: Dictionary(uniqueKeysWithValues: dataset.synergyBlocks.map { ("\($0.key)", [$0.value.lowerBound, $0.value.upperBound]) }),
                                     unimodalSupport: dataset.unimodalSupport.isEmpty ? nil
                                         : Dictionary(uniqueKeysWithValues: dataset.unimodalSupport.map { ("\($0.key)", [$0.value.lowerBound, $0.value.upperBound]) }),
                                     sourceBases: dataset.sourceBases.isEmpty ? nil
                                         : Dictionary(uniqueKeysWithValues: dataset.sourceBases.map {
                                             ("\($0.key)", CacheManifest.BasisEntry(rotation: $0.value.rotation, mean: $0.value.mean, std: $0.value.std))
                                         }),
                                     splits: splits, tensors: tensors)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        try enc.encode(manifest).write(to: tmp.appendingPathComponent("manifest.json"))
        let final = entryURL(key: key)
        if rename(tmp.path, final.path) != 0 {
            let err = errno
            if err == ENOTEMPTY || err == EEXIST { return }  // another process won the race; keep its entry
            throw DataError(file: final.path, field: "rename", "cannot move the new entry into place: \(String(cString: strerror(err)))")
        }
    }

    static func writeTensor(_ array: NpyArray, to url: URL, level: Int32) throws -> Written {
        guard let f = fopen(url.path, "wb") else {
            throw DataError(file: url.path, field: "file", "cannot create: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        let hasher = SHA256Hasher()
        let gz = try GzipWriter(level: level) { chunk in
            hasher.update(chunk)
            if fwrite(chunk.baseAddress!, 1, chunk.count, f) != chunk.count {
                throw DataError(file: url.path, field: "file", "write failed: \(String(cString: strerror(errno)))")
            }
        }
        gz.adaptive = true
        try NpyFormat.write(array) { try gz.write($0) }
        try gz.finish()
        guard fflush(f) == 0 else { throw DataError(file: url.path, field: "file", "write failed") }
        return .tensorEntry(.init(dtype: array.dtype.description, shape: array.shape, sha256: FileHashing.hex(hasher.finalize())))
    }

    enum Written { case tensorEntry(CacheManifest.TensorEntry) }

    /// Removes the entry for `key` (renamed away first, so a concurrent writer's new entry is not hit).
    public func remove(key: String) {
        let url = entryURL(key: key)
        let trash = directory.appendingPathComponent(".trash-\(key.prefix(16))-\(getpid())-\(UUID().uuidString)")
        if rename(url.path, trash.path) == 0 {
            try? FileManager.default.removeItem(at: trash)
        }
    }

    /// Returns the cached dataset for `key`, or builds, stores and returns it.
    public func materialize(key: String, spec: String, log: (String) -> Void, build: () throws -> MultimodalDataset) throws -> MultimodalDataset {
        if let hit = load(key: key, log: log) { return hit }
        let ds = try build()
        do {
            try store(ds, key: key, spec: spec)
        } catch {
            log("feature cache: could not store \(ds.name) under \(directory.path) (\(error)); continuing without caching")
        }
        return ds
    }

    /// SHA-256 of a source file, memoised in `<cache>/source-hashes.json` by path, size and
    /// modification time so that large files are hashed once.
    public func sourceHash(of url: URL) throws -> String {
        let attrs = try? FileManager.default.attributesOfItem(atPath: url.path)
        let size = (attrs?[.size] as? Int) ?? -1
        let mtime = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let memoKey = "\(url.standardizedFileURL.path)|\(size)|\(mtime)"
        let memoURL = directory.appendingPathComponent("source-hashes.json")
        var memo = (try? JSONDecoder().decode([String: String].self, from: Data(contentsOf: memoURL))) ?? [:]
        if let h = memo[memoKey] { return h }
        let h = try FileHashing.sha256Hex(of: url)
        memo[memoKey] = h
        if (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)) != nil,
           let data = try? JSONEncoder().encode(memo) {
            try? writeFileAtomically(Array(data), to: memoURL)
        }
        return h
    }
}

/// The `manifest.json` of a cache entry.
struct CacheManifest: Codable {
    struct TensorEntry: Codable, Sendable {
        var dtype: String
        var shape: [Int]
        var sha256: String
    }
    struct ModalityEntry: Codable {
        var name: String
        var shape: [Int]
        var values: String
        var lengths: String?
    }
    /// A ``SourceBasis`` as stored: Q row-major, then the standardisation statistics.
    struct BasisEntry: Codable {
        var rotation: [Float]
        var mean: [Float]
        var std: [Float]
    }
    struct SplitEntry: Codable {
        var count: Int
        var modalities: [ModalityEntry]
        var labels: String
        var tags: [String: [String]]
        var ids: [String]?
    }
    var format: String
    var key: String
    var spec: String
    var name: String
    var classNames: [String]
    var modalityNames: [String]
    var provenance: Provenance
    var synergyBlocks: [String: [Int]]
    /// Unimodal-support ranges per modality (synthetic data; absent otherwise).
    var unimodalSupport: [String: [Int]]?
    /// Source bases per modality (mixed synthetic data; absent otherwise).
    var sourceBases: [String: BasisEntry]?
    var splits: [String: SplitEntry]
    var tensors: [String: TensorEntry]
}

/// Results of parallel work, one slot per job.
final class ResultBox<T>: @unchecked Sendable {
    private var slots: [Result<T, Error>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<T, Error>) { lock.lock(); slots[i] = r; lock.unlock() }
    func get(_ i: Int) -> Result<T, Error> {
        lock.lock(); defer { lock.unlock() }
        return slots[i] ?? .failure(DataError(file: "<parallel>", field: "job \(i)", "did not run"))
    }
}
