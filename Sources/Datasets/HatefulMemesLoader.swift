import Foundation

/// Loader for Hateful Memes feature dumps (docs/METHOD.md, "Hateful Memes"): one `.npz` per split under
/// `hateful_memes/` — `train.npz`, `dev_unseen.npz` (validation), `test_seen.npz` (test) — each
/// with `image` (N×T×768 or N×768), `text` (N×768), `label` (N) and `id` (N).
public enum HatefulMemesLoader {
    /// The split files, relative to the data directory.
    public static let fileNames = ["hateful_memes/train.npz", "hateful_memes/dev_unseen.npz", "hateful_memes/test_seen.npz"]
    /// Class names.
    public static let classNames = ["benign", "hateful"]

    /// The split files if all exist under `dataDirectory`, else nil.
    public static func locate(in dataDirectory: URL) -> [URL]? {
        let urls = fileNames.map { dataDirectory.appendingPathComponent($0) }
        return urls.allSatisfy { FileManager.default.fileExists(atPath: $0.path) } ? urls : nil
    }

    /// Loads the three split files.
    public static func load(urls: [URL], hashes: [String: String]? = nil) throws -> MultimodalDataset {
        var splits: [Split] = []
        for url in urls {
            let a = try NpzArchive.read(url: url, keys: ["image", "text", "label"])
            let file = url.path
            guard let image = a["image"], let text = a["text"], let label = a["label"] else {
                throw DataError(file: file, field: "image", "missing array")
            }
            let n = label.shape.first ?? 0
            guard image.shape.count == 2 || image.shape.count == 3 else {
                throw DataError(file: file, field: "image", "expected N×768 or N×T×768, found \(image.shape)")
            }
            guard text.shape.count == 2 else { throw DataError(file: file, field: "text", "expected N×768, found \(text.shape)") }
            let img = Modality(name: "image", shape: image.shape, values: try image.floats(file: file, field: "image"),
                               lengths: image.shape.count == 3 ? [Int](repeating: image.shape[1], count: image.shape[0]) : nil)
            let txt = Modality(name: "text", shape: text.shape, values: try text.floats(file: file, field: "text"))
            let ids = (try? NpzArchive.read(url: url, keys: ["id"]))?["id"].map { $0.strings() }
            let split = Split(modalities: [img, txt], labels: try label.ints(file: file, field: "label"),
                              ids: ids?.count == n ? ids : nil)
            try split.validate(classCount: 2, file: file, split: url.deletingPathExtension().lastPathComponent)
            splits.append(split)
        }
        var files: [String: String] = [:]
        for url in urls { files["hateful_memes/" + url.lastPathComponent] = try hashes?[url.path] ?? FileHashing.sha256Hex(of: url) }
        let ds = MultimodalDataset(name: "hateful-memes", classNames: classNames, train: splits[0], valid: splits[1], test: splits[2],
                                   provenance: .real(files: files), modalityNames: ["image", "text"])
        try ds.validate(file: urls[0].deletingLastPathComponent().path)
        return ds
    }
}
