import Tensors

/// The SynIB authors' mask–oracle diagnostic (scripts/analysis/rebuttal_entangled_xor.py,
/// `mask_oracle_diagnostic`), after an epoch: learn the gates of the run's learned mask (soft, no
/// threshold) with the current model on a fixed held-out batch, and compare the set the inner
/// loop withholds — the predicted unimodal support {g < ½} — with the data's unique and redundant
/// coordinates. Averaged over examples, then over modalities; a Bernoulli(½) mask on the same
/// shapes is the baseline.
public struct MaskOracleOverlap: Codable, Equatable, Sendable {
    /// The epoch (0-based) after which the gates were learned.
    public let epoch: Int
    /// Mean per-example IoU of {g < ½} with the unimodal support.
    public let iou: Double
    /// Mean per-example AUROC of 1 − g ranking the support coordinates above the others.
    public let auroc: Double
    /// The fraction of coordinates the KL branch would withhold under the mask's own rule
    /// (``LearnedGates/Corruption``): g ≥ ½ for the authors' complement, g < ½ for this
    /// project's mask, mean(1 − g) for soft gates.
    public let destroyedFraction: Double
    /// The same three numbers for a Bernoulli(½) mask.
    public let randomIoU: Double, randomAUROC: Double, randomDestroyedFraction: Double

    /// An overlap from its numbers.
    public init(epoch: Int, iou: Double, auroc: Double, destroyedFraction: Double,
                randomIoU: Double, randomAUROC: Double, randomDestroyedFraction: Double) {
        self.epoch = epoch
        self.iou = iou
        self.auroc = auroc
        self.destroyedFraction = destroyedFraction
        self.randomIoU = randomIoU
        self.randomAUROC = randomAUROC
        self.randomDestroyedFraction = randomDestroyedFraction
    }

    /// The diagnostic of a learned input-level mask with `settings` on `batch` (the held-out rows),
    /// with `support` the unimodal coordinates of each modality.
    static func measure(epoch: Int, model: FusionModel, batch: Batch, support: [Int: Range<Int>],
                        settings: LearnedGates, rng: inout RandomStream) -> MaskOracleOverlap {
        var measured: [(iou: Double, auroc: Double, destroyed: Double)] = []
        var baseline: [(iou: Double, auroc: Double, destroyed: Double)] = []
        for m in batch.inputs.indices.sorted() {
            guard let block = support[m] else { continue }
            let x = batch.inputs[m]
            let d = x.shape[1]
            let gates = LearnedMask.inputCorruption(of: x, modality: m, labels: batch.labels, model: model,
                                                    settings: settings, rng: &rng).gates
            let truth = (0..<d).map { block.contains($0) }
            measured.append(scores(gates: gates, width: d, truth: truth, rule: settings.corruption))
            let coin = (0..<gates.count).map { _ in Float(rng.bernoulli(0.5) ? 1 : 0) }
            baseline.append(scores(gates: coin, width: d, truth: truth, rule: .withholdComplement))
        }
        func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }
        return MaskOracleOverlap(epoch: epoch, iou: mean(measured.map(\.iou)), auroc: mean(measured.map(\.auroc)),
                                 destroyedFraction: mean(measured.map(\.destroyed)),
                                 randomIoU: mean(baseline.map(\.iou)), randomAUROC: mean(baseline.map(\.auroc)),
                                 randomDestroyedFraction: mean(baseline.map(\.destroyed)))
    }

    /// Per-example IoU and AUROC against `truth`, averaged over the rows of `gates` ([n × width]),
    /// and the destroyed fraction under `rule`.
    static func scores(gates g: [Float], width d: Int, truth: [Bool], rule: LearnedGates.Corruption)
        -> (iou: Double, auroc: Double, destroyed: Double) {
        let n = g.count / d
        var iou = 0.0, auroc = 0.0
        for i in 0..<n {
            let row = Array(g[(i * d)..<((i + 1) * d)])
            var both = 0, either = 0
            for j in 0..<d {
                let predicted = row[j] < 0.5
                if predicted && truth[j] { both += 1 }
                if predicted || truth[j] { either += 1 }
            }
            iou += Double(both) / Double(max(either, 1))
            auroc += Self.auroc(scores: row.map { Double(1 - $0) }, positives: truth)
        }
        let destroyed: Double
        switch rule {
        case .withholdComplement: destroyed = Double(g.filter { $0 >= 0.5 }.count) / Double(max(g.count, 1))
        case .withholdSupport: destroyed = Double(g.filter { $0 < 0.5 }.count) / Double(max(g.count, 1))
        case .soft: destroyed = g.reduce(0.0) { $0 + Double(1 - $1) } / Double(max(g.count, 1))
        }
        return (iou / Double(max(n, 1)), auroc / Double(max(n, 1)), destroyed)
    }

    /// The Mann–Whitney AUROC of `scores` for the `positives`: the probability that a positive
    /// outscores a negative, ties counting ½ (average ranks). 0.5 when either class is empty.
    static func auroc(scores: [Double], positives: [Bool]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var k = 0
        while k < order.count {
            var end = k
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[k]] { end += 1 }
            let average = Double(k + end) / 2 + 1
            for t in k...end { ranks[order[t]] = average }
            k = end + 1
        }
        let nPositive = positives.filter { $0 }.count, nNegative = positives.count - nPositive
        guard nPositive > 0, nNegative > 0 else { return 0.5 }
        let rankSum = zip(ranks, positives).filter(\.1).map(\.0).reduce(0, +)
        return (rankSum - Double(nPositive * (nPositive + 1)) / 2) / Double(nPositive * nNegative)
    }
}
