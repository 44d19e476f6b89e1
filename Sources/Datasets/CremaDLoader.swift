import Foundation
import Tensors

/// Loader for CREMA-D per-clip feature dumps (docs/METHOD.md, "CREMA-D irony"): one `.npz` per split under
/// `cremad/` — `train.npz`, `valid.npz`, `test.npz` — each with `audio` (N×Da or N×T×Da),
/// `video` (N×Dv or N×T×Dv), `emotion` (N; 0–5 in the order of ``emotions`` or the CREMA-D
/// codes ANG DIS FEA HAP NEU SAD) and `id` (N). The irony construction is applied on top.
public enum CremaDLoader {
    /// The split files, relative to the data directory.
    public static let fileNames = ["cremad/train.npz", "cremad/valid.npz", "cremad/test.npz"]
    /// The six emotions, in label order.
    public static let emotions = ["anger", "disgust", "fear", "happy", "neutral", "sad"]
    static let codes = ["ANG", "DIS", "FEA", "HAP", "NEU", "SAD"]

    /// "Contradicts" for CREMA-D: happy ↔ sad, fear, disgust, anger; neutral ↔ any other.
    public static let contradicts: @Sendable (Int, Int) -> Bool = { a, b in
        let happy = 3, neutral = 4
        if a == b { return false }
        if a == neutral || b == neutral { return true }
        if a == happy { return [5, 2, 1, 0].contains(b) }
        if b == happy { return [5, 2, 1, 0].contains(a) }
        return false
    }

    /// The split files if all exist under `dataDirectory`, else nil.
    public static func locate(in dataDirectory: URL) -> [URL]? {
        let urls = fileNames.map { dataDirectory.appendingPathComponent($0) }
        return urls.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } ? urls : nil
    }

    /// Loads the base (6-class) dataset.
    public static func loadBase(urls: [URL], hashes: [String: String]? = nil) throws -> MultimodalDataset {
        var splits: [Split] = []
        for url in urls {
            let file = url.path
            let a = try NpzArchive.read(url: url, keys: ["audio", "video", "emotion"])
            guard let audio = a["audio"], let video = a["video"], let emotion = a["emotion"] else {
                throw DataError(file: file, field: "audio", "missing array")
            }
            func modality(_ name: String, _ arr: NpyArray) throws -> Modality {
                guard arr.shape.count == 2 || arr.shape.count == 3 else {
                    throw DataError(file: file, field: name, "expected N×D or N×T×D, found \(arr.shape)")
                }
                return Modality(name: name, shape: arr.shape, values: try arr.floats(file: file, field: name),
                                lengths: arr.shape.count == 3 ? [Int](repeating: arr.shape[1], count: arr.shape[0]) : nil)
            }
            let labels: [Int]
            if case .strings(let s) = emotion.storage {
                labels = try s.enumerated().map { i, e in
                    guard let k = codes.firstIndex(of: e.uppercased()) ?? emotions.firstIndex(of: e.lowercased()) else {
                        throw DataError(file: file, field: "emotion", "unknown emotion '\(e)' at example \(i)")
                    }
                    return k
                }
            } else {
                labels = try emotion.ints(file: file, field: "emotion")
            }
            let ids = (try? NpzArchive.read(url: url, keys: ["id"]))?["id"].map { $0.strings() }
            let split = Split(modalities: [try modality("audio", audio), try modality("video", video)], labels: labels,
                              ids: ids?.count == labels.count ? ids : nil)
            try split.validate(classCount: 6, file: file, split: url.deletingPathExtension().lastPathComponent)
            splits.append(split)
        }
        var files: [String: String] = [:]
        for url in urls { files["cremad/" + url.lastPathComponent] = try hashes?[url.path] ?? FileHashing.sha256Hex(of: url) }
        let ds = MultimodalDataset(name: "cremad", classNames: emotions, train: splits[0], valid: splits[1], test: splits[2],
                                   provenance: .real(files: files), modalityNames: ["audio", "video"])
        try ds.validate(file: urls[0].deletingLastPathComponent().path)
        return ds
    }

    /// CREMA-D irony: the base dataset with audio replaced by contradicting audio for k clips per split.
    public static func irony(_ base: MultimodalDataset, alpha: Double, seed: UInt64) throws -> MultimodalDataset {
        let t = IronyTransform(alpha: alpha, replacedModality: 0, contradicts: contradicts)
        var d = try t.apply(to: base, rng: RandomStream(seed: seed).split("cremad-irony"))
        d.name = "cremad-irony"
        return d
    }
}
