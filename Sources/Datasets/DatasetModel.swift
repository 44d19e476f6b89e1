import Foundation

/// One modality of one split: a float tensor of shape `[N, D]` or `[N, T, D]`.
public struct Modality: Sendable, Equatable {
    /// The modality's name ("vision", "text", "x0", …); the same in every split.
    public var name: String
    /// `[N, D]` or `[N, T, D]`.
    public var shape: [Int]
    /// Row-major values; `values.count == shape.product`.
    public var values: [Float]
    /// For `[N, T, D]`: the number of valid time steps per example. Sequences are front-padded as
    /// in MultiBench: the valid steps are the *last* `length` steps.
    public var lengths: [Int]?

    /// Creates a modality.
    public init(name: String, shape: [Int], values: [Float], lengths: [Int]? = nil) {
        self.name = name
        self.shape = shape
        self.values = values
        self.lengths = lengths
    }

    /// Number of examples (the first dimension).
    public var count: Int { shape.first ?? 0 }
    /// Values per example (T·D or D).
    public var featuresPerExample: Int { shape.dropFirst().reduce(1, *) }
    /// True for `[N, T, D]` sequence modalities.
    public var isSequence: Bool { shape.count == 3 }

    /// The examples at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> Modality {
        let f = featuresPerExample
        var out = [Float]()
        out.reserveCapacity(indices.count * f)
        values.withUnsafeBufferPointer { v in
            for i in indices { out.append(contentsOf: v[(i * f)..<((i + 1) * f)]) }
        }
        var shape = self.shape
        if !shape.isEmpty { shape[0] = indices.count }
        return Modality(name: name, shape: shape, values: out, lengths: lengths.map { l in indices.map { l[$0] } })
    }
}

/// One split (train, valid or test) of a dataset.
public struct Split: Sendable, Equatable {
    /// The modalities, in the same order in every split, all with the same N.
    public var modalities: [Modality]
    /// Labels in `0..<classNames.count`.
    public var labels: [Int]
    /// Per-example tags, each array with N entries (e.g. "source", "synergy", "irony").
    public var tags: [String: [String]]
    /// Per-example identifiers from the source files, when they have them.
    public var ids: [String]?

    /// Creates a split.
    public init(modalities: [Modality], labels: [Int], tags: [String: [String]] = [:], ids: [String]? = nil) {
        self.modalities = modalities
        self.labels = labels
        self.tags = tags
        self.ids = ids
    }

    /// Number of examples.
    public var count: Int { labels.count }

    /// The examples at `indices`, in that order (modalities, labels, tags and ids).
    public func selecting(_ indices: [Int]) -> Split {
        Split(modalities: modalities.map { $0.selecting(indices) },
              labels: indices.map { labels[$0] },
              tags: tags.mapValues { t in indices.map { t[$0] } },
              ids: ids.map { i in indices.map { i[$0] } })
    }

    /// Checks shapes, counts, label range and finiteness; errors name `file` and the field
    /// (`split/modality`, `split/labels`, …).
    public func validate(classCount: Int, file: String, split: String) throws {
        let n = labels.count
        for m in modalities {
            let field = "\(split)/\(m.name)"
            guard m.shape.count == 2 || m.shape.count == 3 else {
                throw DataError(file: file, field: field, "expected shape [N, D] or [N, T, D], found \(m.shape)")
            }
            guard m.count == n else {
                throw DataError(file: file, field: field, "has \(m.count) examples but the labels have \(n) (all modalities must have the same N)")
            }
            guard m.values.count == m.shape.reduce(1, *) else {
                throw DataError(file: file, field: field, "\(m.values.count) values do not fill shape \(m.shape)")
            }
            if let bad = m.values.firstIndex(where: { !$0.isFinite }) {
                let what = m.values[bad].isNaN ? "NaN" : "an infinite value"
                throw DataError(file: file, field: field, "contains \(what) at example \(bad / max(1, m.featuresPerExample)) (flat index \(bad))")
            }
            if let lengths = m.lengths {
                guard m.isSequence, lengths.count == n else {
                    throw DataError(file: file, field: field + "/lengths", "expected \(n) lengths for a [N, T, D] modality")
                }
                if let bad = lengths.firstIndex(where: { $0 < 0 || $0 > m.shape[1] }) {
                    throw DataError(file: file, field: field + "/lengths", "length \(lengths[bad]) at example \(bad) is outside 0...\(m.shape[1])")
                }
            }
        }
        if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
            throw DataError(file: file, field: "\(split)/labels", "label \(labels[bad]) at example \(bad) is outside 0..<\(classCount)")
        }
        for (k, v) in tags where v.count != n {
            throw DataError(file: file, field: "\(split)/tags/\(k)", "has \(v.count) entries for \(n) examples")
        }
        if let ids, ids.count != n {
            throw DataError(file: file, field: "\(split)/ids", "has \(ids.count) entries for \(n) examples")
        }
    }
}

/// Where a dataset's numbers come from.
public enum Provenance: Sendable, Equatable, Codable {
    /// Real files: file name → SHA-256 (hex) of its bytes.
    case real(files: [String: String])
    /// A feature folder (``FeatureFolder``): path relative to the folder → SHA-256 (hex).
    case folder(files: [String: String])
    /// A generated stand-in for a benchmark whose files were absent (or a synthetic task).
    case standIn(generator: String, parameters: [String: String], reason: String)

    // "surrogate" is the stored spelling of a stand-in (run environments in stores and results/).
    private enum CodingKeys: String, CodingKey { case real, folder, standIn = "surrogate" }

    /// "real", "real (folder)" or "surrogate" (a stand-in: the spelling stores and reports hold).
    public var label: String {
        switch self {
        case .real: "real"
        case .folder: "real (folder)"
        case .standIn: "surrogate"
        }
    }
}

/// A dataset with named modalities, labels and three splits.
public struct MultimodalDataset: Sendable {
    /// The dataset name ("pid-xor", "mosi", …).
    public var name: String
    /// Class names; labels index into this array.
    public var classNames: [String]
    /// Training split.
    public var train: Split
    /// Validation split.
    public var valid: Split
    /// Test split.
    public var test: Split
    /// Real files or stand-in generator.
    public var provenance: Provenance
    /// Per modality index, the coordinate range that carries synergy (synthetic data only), for the oracle mask.
    public var synergyBlocks: [Int: Range<Int>]
    /// Modality names, in order.
    public var modalityNames: [String]
    /// Per modality index, the coordinates that carry unimodal information (unique and redundant
    /// sources of synthetic data, in the observed basis), for the mask–oracle diagnostics.
    public var unimodalSupport: [Int: Range<Int>]
    /// Per modality index, the way back to the source basis of mixed synthetic data, for the oracle.
    public var sourceBases: [Int: SourceBasis]

    /// Creates a dataset; `modalityNames` defaults to the training split's.
    public init(name: String, classNames: [String], train: Split, valid: Split, test: Split,
                provenance: Provenance, synergyBlocks: [Int: Range<Int>] = [:], modalityNames: [String]? = nil,
                unimodalSupport: [Int: Range<Int>] = [:], sourceBases: [Int: SourceBasis] = [:]) {
        self.name = name
        self.classNames = classNames
        self.train = train
        self.valid = valid
        self.test = test
        self.provenance = provenance
        self.synergyBlocks = synergyBlocks
        self.modalityNames = modalityNames ?? train.modalities.map(\.name)
        self.unimodalSupport = unimodalSupport
        self.sourceBases = sourceBases
    }

    /// The three splits with their names.
    public var splits: [(name: String, split: Split)] { [("train", train), ("valid", valid), ("test", test)] }

    /// Validates every split (see ``Split/validate(classCount:file:split:)``) and that the
    /// modalities agree across splits.
    public func validate(file: String) throws {
        for (name, split) in splits {
            try split.validate(classCount: classNames.count, file: file, split: name)
            guard split.modalities.map(\.name) == modalityNames else {
                throw DataError(file: file, field: "\(name)/modalities", "expected modalities \(modalityNames), found \(split.modalities.map(\.name))")
            }
            for (m, ref) in zip(split.modalities, train.modalities) where Array(m.shape.dropFirst()) != Array(ref.shape.dropFirst()) {
                throw DataError(file: file, field: "\(name)/\(m.name)", "per-example shape \(Array(m.shape.dropFirst())) differs from train's \(Array(ref.shape.dropFirst()))")
            }
        }
    }
}

/// Per-coordinate standardisation with statistics of one split.
enum Standardizer {
    /// Mean and std per coordinate of `m` (std floored at 1e-6).
    static func statistics(_ m: Modality) -> (mean: [Float], std: [Float]) {
        let f = m.featuresPerExample, n = m.count
        var mean = [Double](repeating: 0, count: f), sq = [Double](repeating: 0, count: f)
        m.values.withUnsafeBufferPointer { v in
            for i in 0..<n {
                let row = i * f
                for j in 0..<f { let x = Double(v[row + j]); mean[j] += x; sq[j] += x * x }
            }
        }
        let d = Double(max(n, 1))
        let mu = mean.map { $0 / d }
        let sd = zip(sq, mu).map { max(($0 / d - $1 * $1).squareRoot(), 1e-6) }
        return (mu.map { Float($0) }, sd.map { Float($0) })
    }

    /// Applies `(x - mean) / std` in place.
    static func apply(_ m: inout Modality, mean: [Float], std: [Float]) {
        let f = m.featuresPerExample
        let inv = std.map { 1 / $0 }
        let n = m.count
        m.values.withUnsafeMutableBufferPointer { v in
            for i in 0..<n {
                let row = i * f
                for j in 0..<f { v[row + j] = (v[row + j] - mean[j]) * inv[j] }
            }
        }
    }

    /// Standardises every modality of every split with the training split's statistics.
    static func standardize(train: inout Split, others: inout [Split]) {
        for k in train.modalities.indices {
            let (mu, sd) = statistics(train.modalities[k])
            apply(&train.modalities[k], mean: mu, std: sd)
            for s in others.indices { apply(&others[s].modalities[k], mean: mu, std: sd) }
        }
    }
}
