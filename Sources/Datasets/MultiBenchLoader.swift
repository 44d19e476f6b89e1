import Foundation

/// Loader for the MultiBench affective pickles (docs/METHOD.md, "MultiBench affective tasks"): MOSI, UR-FUNNY (humor), MUStARD
/// (sarcasm). Reads vision + text only, with MultiBench's preprocessing: examples whose text is
/// all zeros are dropped; labels are made binary (MOSI: score > 0; humor, sarcasm: as given).
/// Audio is not read (the paper uses vision + text), so its −inf entries need no repair.
public enum MultiBenchLoader {
    /// One MultiBench benchmark.
    public struct Benchmark: Sendable {
        /// Dataset name ("mosi", "ur-funny", "mustard").
        public var name: String
        /// File names accepted, in order of preference.
        public var fileNames: [String]
        /// Class names (index 0 = negative).
        public var classNames: [String]
        /// True when the label is a sentiment score to threshold at 0.
        public var thresholdLabels: Bool
    }

    /// MOSI: `mosi_raw.pkl` (vision 35) or `mosi_data.pkl` (vision 20).
    public static let mosi = Benchmark(name: "mosi", fileNames: ["mosi_raw.pkl", "mosi_data.pkl"],
                                       classNames: ["negative", "positive"], thresholdLabels: true)
    /// UR-FUNNY: `humor.pkl`.
    public static let urFunny = Benchmark(name: "ur-funny", fileNames: ["humor.pkl"],
                                          classNames: ["not-humour", "humour"], thresholdLabels: false)
    /// MUStARD: `sarcasm.pkl`.
    public static let mustard = Benchmark(name: "mustard", fileNames: ["sarcasm.pkl"],
                                          classNames: ["not-sarcastic", "sarcastic"], thresholdLabels: false)

    /// The first existing file for `benchmark` under `dataDirectory` (also looked up in the
    /// subdirectories `multibench/` and `<name>/`), or nil.
    public static func locate(_ benchmark: Benchmark, in dataDirectory: URL) -> URL? {
        let dirs = [dataDirectory, dataDirectory.appendingPathComponent("multibench"), dataDirectory.appendingPathComponent(benchmark.name)]
        for name in benchmark.fileNames {
            for dir in dirs {
                let url = dir.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// Loads `benchmark` from the pickle at `url`.
    public static func load(_ benchmark: Benchmark, url: URL, sha256: String? = nil) throws -> MultimodalDataset {
        let file = url.path
        let root = try PickleReader().read(url: url)
        var splits: [Split] = []
        for (splitName, keys) in [("train", ["train"]), ("valid", ["valid", "val", "dev"]), ("test", ["test"])] {
            guard let node = keys.lazy.compactMap({ root[$0] }).first else {
                throw DataError(file: file, field: splitName, "missing split (expected a dict with keys train, valid, test)")
            }
            splits.append(try loadSplit(node, benchmark: benchmark, file: file, split: splitName))
        }
        let hash = try sha256 ?? FileHashing.sha256Hex(of: url)
        let ds = MultimodalDataset(name: benchmark.name, classNames: benchmark.classNames,
                                   train: splits[0], valid: splits[1], test: splits[2],
                                   provenance: .real(files: [url.lastPathComponent: hash]),
                                   modalityNames: ["vision", "text"])
        try ds.validate(file: file)
        return ds
    }

    static func array(_ node: PickleValue, _ key: String, file: String, split: String) throws -> NpyArray {
        guard let v = node[key] else { throw DataError(file: file, field: "\(split)/\(key)", "missing") }
        guard case .array(let a) = v else {
            throw DataError(file: file, field: "\(split)/\(key)", "expected a numpy array, found \(v.typeName)")
        }
        return a
    }

    static func loadSplit(_ node: PickleValue, benchmark: Benchmark, file: String, split: String) throws -> Split {
        let textA = try array(node, "text", file: file, split: split)
        let visionA = try array(node, "vision", file: file, split: split)
        let labelA = try array(node, "labels", file: file, split: split)
        for (key, a) in [("text", textA), ("vision", visionA)] where a.shape.count != 3 {
            throw DataError(file: file, field: "\(split)/\(key)", "expected shape [N, T, D], found \(a.shape)")
        }
        let n = textA.shape[0]
        guard visionA.shape[0] == n else {
            throw DataError(file: file, field: "\(split)/vision", "has \(visionA.shape[0]) examples but text has \(n) (all modalities must have the same N)")
        }
        guard labelA.count == n else {
            throw DataError(file: file, field: "\(split)/labels", "has \(labelA.count) entries for \(n) examples")
        }
        let text = try textA.floats(file: file, field: "\(split)/text")
        let vision = try visionA.floats(file: file, field: "\(split)/vision")
        let rawLabels = try labelA.floats(file: file, field: "\(split)/labels")
        var labels: [Int] = []
        for (i, y) in rawLabels.enumerated() {
            guard y.isFinite else { throw DataError(file: file, field: "\(split)/labels", "non-finite label at example \(i)") }
            if benchmark.thresholdLabels {
                labels.append(y > 0 ? 1 : 0)
            } else {
                guard y == y.rounded() else { throw DataError(file: file, field: "\(split)/labels", "non-integer label \(y) at example \(i)") }
                labels.append(Int(y))
            }
        }
        var ids: [String]? = nil
        if let idNode = node["id"] {
            switch idNode {
            case .array(let a) where a.count == n: ids = a.strings()
            case .list(let l) where l.count == n:
                ids = l.map { if case .string(let s) = $0 { s } else if case .int(let k) = $0 { String(k) } else { "\($0)" } }
            default: ids = nil
            }
        }
        let textSize = textA.shape[1] * textA.shape[2]
        let keep = (0..<n).filter { !SequenceTools.isAllZero(values: text, example: $0, size: textSize) }
        let textM = Modality(name: "text", shape: textA.shape, values: text,
                             lengths: SequenceTools.frontPaddedLengths(values: text, n: n, t: textA.shape[1], d: textA.shape[2]))
        let visionM = Modality(name: "vision", shape: visionA.shape, values: vision,
                               lengths: SequenceTools.frontPaddedLengths(values: vision, n: n, t: visionA.shape[1], d: visionA.shape[2]))
        let all = Split(modalities: [visionM, textM], labels: labels, tags: [:], ids: ids)
        return keep.count == n ? all : all.selecting(keep)
    }
}
