import Tensors

/// The generic irony construction (docs/METHOD.md, "CREMA-D irony"): in each split, k = round(α · mean class count)
/// examples receive the `replacedModality` of another example whose class *contradicts* theirs,
/// and are relabelled as a new last class, "irony". Each modality alone looks ordinary; only
/// both together reveal the mismatch, so the irony examples are the synergy subset.
///
/// Tags added to every example: `irony` and `synergy` ("1" for the irony examples),
/// `base_label` (the class before relabelling) and `donor_label` (the class the replaced
/// modality came from; equal to `base_label` for ordinary examples).
public struct IronyTransform: Sendable {
    /// Irony count relative to the mean class count.
    public var alpha: Double
    /// The modality taken from the donor example.
    public var replacedModality: Int
    /// `contradicts(a, b)`: may an example of class `a` receive the modality of class `b`?
    public var contradicts: @Sendable (Int, Int) -> Bool
    /// Name of the new class.
    public var className: String = "irony"

    /// Creates the transform.
    public init(alpha: Double, replacedModality: Int, contradicts: @escaping @Sendable (Int, Int) -> Bool) {
        self.alpha = alpha
        self.replacedModality = replacedModality
        self.contradicts = contradicts
    }

    /// "A different class" (digits).
    public static let differentClass: @Sendable (Int, Int) -> Bool = { $0 != $1 }

    /// The number of irony examples for a split of `count` examples over `classCount` classes.
    public func ironyCount(splitCount: Int, classCount: Int) -> Int {
        Int((alpha * Double(splitCount) / Double(max(classCount, 1))).rounded())
    }

    /// Applies the construction to one split; `classCount` is the number of classes before it.
    public func apply(to split: Split, classCount: Int, rng: inout RandomStream) throws -> Split {
        let n = split.count
        guard alpha >= 0, replacedModality >= 0, replacedModality < split.modalities.count else {
            throw DataError(file: "irony transform", field: "parameters", "need α ≥ 0 and a valid modality index")
        }
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, y) in split.labels.enumerated() where y >= 0 && y < classCount { byClass[y].append(i) }
        let donorClasses: [[Int]] = (0..<classCount).map { a in (0..<classCount).filter { b in !byClass[b].isEmpty && contradicts(a, b) } }
        var candidates = (0..<n).filter { !donorClasses[split.labels[$0]].isEmpty }
        let k = ironyCount(splitCount: n, classCount: classCount)
        guard k <= candidates.count else {
            throw DataError(file: "irony transform", field: "alpha", "α = \(alpha) asks for \(k) irony examples but only \(candidates.count) can be paired")
        }
        rng.shuffle(&candidates)
        let anchors = candidates.prefix(k)
        var out = split
        let source = split.modalities[replacedModality]
        let f = source.featuresPerExample
        var baseLabel = split.labels.map(String.init)
        var donorLabel = baseLabel
        var irony = [String](repeating: "0", count: n)
        for i in anchors {
            let y = split.labels[i]
            // A donor class with probability proportional to its size, then a donor in it.
            let classes = donorClasses[y]
            let total = classes.reduce(0) { $0 + byClass[$1].count }
            var r = rng.int(below: total)
            var donorClass = classes[0]
            for c in classes { if r < byClass[c].count { donorClass = c; break }; r -= byClass[c].count }
            let j = byClass[donorClass][rng.int(below: byClass[donorClass].count)]
            out.modalities[replacedModality].values.replaceSubrange((i * f)..<((i + 1) * f), with: source.values[(j * f)..<((j + 1) * f)])
            if let l = source.lengths { out.modalities[replacedModality].lengths?[i] = l[j] }
            out.labels[i] = classCount
            donorLabel[i] = String(donorClass)
            irony[i] = "1"
        }
        baseLabel = split.labels.map(String.init)
        out.tags["irony"] = irony
        out.tags["synergy"] = irony
        out.tags["base_label"] = baseLabel
        out.tags["donor_label"] = donorLabel
        return out
    }

    /// Applies the construction to every split of `dataset`, with streams derived from `rng`.
    public func apply(to dataset: MultimodalDataset, rng: RandomStream) throws -> MultimodalDataset {
        var d = dataset
        let c = dataset.classNames.count
        var r0 = rng.split("irony-train"), r1 = rng.split("irony-valid"), r2 = rng.split("irony-test")
        d.train = try apply(to: dataset.train, classCount: c, rng: &r0)
        d.valid = try apply(to: dataset.valid, classCount: c, rng: &r1)
        d.test = try apply(to: dataset.test, classCount: c, rng: &r2)
        d.classNames.append(className)
        return d
    }
}
