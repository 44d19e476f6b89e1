import Tensors

/// The generic irony construction (DESIGN §4.5): in each split, k = round(α · mean class count)
/// examples receive some of their modalities from another example (the donor) whose class
/// *contradicts* theirs, and are relabelled as a new last class, "irony". Each modality alone
/// looks ordinary; only the modalities together reveal the mismatch, so the irony examples are
/// the synergy subset. Which modalities are replaced is ``ReplacedViews``: a fixed one (the
/// two-view datasets: digits-irony's bottom half, CREMA-D's audio) or, for M views, a random
/// subset of a given size drawn per example (mfeat-irony: 3 of 6).
///
/// Tags added to every example: `irony` and `synergy` ("1" for the irony examples),
/// `base_label` (the class before relabelling), `donor_label` (the class the replaced
/// modalities came from; equal to `base_label` for ordinary examples) and, for a random subset,
/// `replaced_views` (the replaced modality indices, ascending, joined by "+"; "" for ordinary
/// examples).
public struct IronyTransform: Sendable {
    /// Irony count relative to the mean class count.
    public var alpha: Double
    /// The modalities taken from the donor example.
    public var replaced: ReplacedViews
    /// `contradicts(a, b)`: may an example of class `a` receive the modality of class `b`?
    public var contradicts: @Sendable (Int, Int) -> Bool
    /// Name of the new class.
    public var className: String = "irony"

    /// Creates the transform that always replaces modality `replacedModality`.
    public init(alpha: Double, replacedModality: Int, contradicts: @escaping @Sendable (Int, Int) -> Bool) {
        self.init(alpha: alpha, replaced: .fixed(replacedModality), contradicts: contradicts)
    }

    /// Creates the transform replacing the modalities `replaced` says.
    public init(alpha: Double, replaced: ReplacedViews, contradicts: @escaping @Sendable (Int, Int) -> Bool) {
        self.alpha = alpha
        self.replaced = replaced
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
        let modalityCount = split.modalities.count
        guard alpha >= 0 else { throw DataError(file: "irony transform", field: "alpha", "need α ≥ 0, got \(alpha)") }
        switch replaced {
        case .fixed(let m):
            guard m >= 0, m < modalityCount else {
                throw DataError(file: "irony transform", field: "replaced", "modality \(m) does not exist (\(modalityCount) modalities)")
            }
        case .randomSubset(let r):
            guard r >= 1, r < modalityCount else {
                throw DataError(file: "irony transform", field: "replaced",
                                "a random subset of \(r) views needs 1 ≤ \(r) < \(modalityCount) (the number of modalities)")
            }
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
        var baseLabel = split.labels.map(String.init)
        var donorLabel = baseLabel
        var irony = [String](repeating: "0", count: n)
        var replacedViews = [String](repeating: "", count: n)
        for i in anchors {
            let y = split.labels[i]
            // A donor class with probability proportional to its size, then a donor in it.
            let classes = donorClasses[y]
            let total = classes.reduce(0) { $0 + byClass[$1].count }
            var r = rng.int(below: total)
            var donorClass = classes[0]
            for c in classes { if r < byClass[c].count { donorClass = c; break }; r -= byClass[c].count }
            let j = byClass[donorClass][rng.int(below: byClass[donorClass].count)]
            let views: [Int]
            switch replaced {
            case .fixed(let m):
                views = [m]
            case .randomSubset(let r):
                var order = Array(0..<modalityCount)
                rng.shuffle(&order)
                views = order.prefix(r).sorted()
                replacedViews[i] = views.map(String.init).joined(separator: "+")
            }
            for m in views {
                let source = split.modalities[m], f = source.featuresPerExample
                out.modalities[m].values.replaceSubrange((i * f)..<((i + 1) * f), with: source.values[(j * f)..<((j + 1) * f)])
                if let l = source.lengths { out.modalities[m].lengths?[i] = l[j] }
            }
            out.labels[i] = classCount
            donorLabel[i] = String(donorClass)
            irony[i] = "1"
        }
        baseLabel = split.labels.map(String.init)
        out.tags["irony"] = irony
        out.tags["synergy"] = irony
        out.tags["base_label"] = baseLabel
        out.tags["donor_label"] = donorLabel
        if case .randomSubset = replaced { out.tags["replaced_views"] = replacedViews }
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

/// Which modalities of an irony example come from its donor.
public enum ReplacedViews: Sendable, Hashable {
    /// Always modality `m`.
    case fixed(Int)
    /// `count` distinct modalities, drawn uniformly at random per example (fewer than all).
    case randomSubset(count: Int)
}
