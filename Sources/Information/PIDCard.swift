import Datasets
import Tensors

/// The PID of one pair of modalities of one split about a target (the labels, or a model's
/// predictions), with the discretisation used and an optional bootstrap interval.
public struct PIDCard: Codable, Sendable, Equatable {
    /// The two modality indices.
    public var modalities: [Int]
    /// Their names.
    public var modalityNames: [String]
    /// Examples used.
    public var examples: Int
    /// The discretisation (k, PCA dimensions, seed).
    public var discretization: Discretization
    /// The point estimate, in bits.
    public var estimate: PartialInformation
    /// 95 % basic bootstrap intervals over examples, when computed.
    public var interval: PIDInterval?

    enum CodingKeys: String, CodingKey {
        case modalities, modalityNames = "modality_names", examples, discretization, estimate, interval
    }

    /// Creates a card from its parts.
    public init(modalities: [Int], modalityNames: [String], examples: Int, discretization: Discretization,
                estimate: PartialInformation, interval: PIDInterval?) {
        self.modalities = modalities
        self.modalityNames = modalityNames
        self.examples = examples
        self.discretization = discretization
        self.estimate = estimate
        self.interval = interval
    }
}

/// 95 % basic (reverse-percentile) bootstrap intervals of the four PID atoms and I(X1, X2; Y),
/// in bits: [2θ̂ − q97.5, 2θ̂ − q2.5] of the resampled estimates, clipped to [0, H(Y)]. Unlike the
/// plain percentile interval this accounts for the plug-in estimator's small-sample bias (a
/// resample has fewer distinct examples, so its information estimates are shifted up) in the
/// right direction. See docs/PID.md.
public struct PIDInterval: Codable, Sendable, Equatable {
    /// Bootstrap resamples.
    public var resamples: Int
    /// Confidence level (0.95).
    public var level: Double
    /// Lower ends (``PartialInformation/gap`` holds the largest resample gap).
    public var lower: PartialInformation
    /// Upper ends.
    public var upper: PartialInformation
}

/// Computes PID cards from a split: discretises each modality once, then decomposes every
/// pair about the target.
public struct PIDEstimator: Sendable {
    /// Discretisation settings.
    public var discretization: Discretization
    /// The BROJA solver for the point estimate.
    public var solver: BROJASolver
    /// The solver for bootstrap resamples (looser tolerance; an interval is coarser anyway).
    public var bootstrapSolver = BROJASolver(tolerance: 1e-3, maxIterations: 20_000)

    /// An estimator with the given discretisation and the default solver.
    public init(discretization: Discretization = Discretization(), solver: BROJASolver = BROJASolver()) {
        self.discretization = discretization
        self.solver = solver
    }

    /// The cluster indices of every modality of `split`.
    public func clusterIndices(_ split: Split) throws -> [[Int]] {
        try split.modalities.map { try discretization.clusterIndices(of: $0) }
    }

    /// One card per pair of modalities (i < j) of `split` about `target` (labels or
    /// predictions, each in `0..<classCount`), with `bootstrap` resamples (0: no interval)
    /// seeded by `bootstrapSeed`.
    public func cards(_ split: Split, target: [Int], classCount: Int, bootstrap: Int = 0,
                      bootstrapSeed: UInt64 = 0) throws -> [PIDCard] {
        guard split.modalities.count >= 2 else {
            throw InformationError("PID needs at least 2 modalities, found \(split.modalities.count)")
        }
        guard target.count == split.count else {
            throw InformationError("expected \(split.count) targets (one per example), found \(target.count)")
        }
        let clusters = try clusterIndices(split)
        var cards: [PIDCard] = []
        for i in 0..<clusters.count {
            for j in (i + 1)..<clusters.count {
                cards.append(try card(clusters: (clusters[i], clusters[j]), modalities: [i, j],
                                      names: [split.modalities[i].name, split.modalities[j].name],
                                      target: target, classCount: classCount, bootstrap: bootstrap,
                                      bootstrapSeed: bootstrapSeed))
            }
        }
        return cards
    }

    /// The card of one pair of discretised modalities.
    public func card(clusters: ([Int], [Int]), modalities: [Int], names: [String], target: [Int], classCount: Int,
                     bootstrap: Int, bootstrapSeed: UInt64) throws -> PIDCard {
        let k = discretization.clusters
        let p = try JointDistribution(x1: clusters.0, x2: clusters.1, y: target, x1Count: k, x2Count: k, yCount: classCount)
        let estimate = PartialInformation(p, solver: solver)
        var interval: PIDInterval? = nil
        if bootstrap > 0 {
            let n = target.count
            var samples: [PartialInformation] = []
            let root = RandomStream(seed: bootstrapSeed).split("pid-bootstrap/\(modalities.map(String.init).joined(separator: "-"))")
            for b in 0..<bootstrap {
                var rng = root.split(b)
                var weights = [Double](repeating: 0, count: n)
                for _ in 0..<n { weights[rng.int(below: n)] += 1 }
                let resampled = try JointDistribution(x1: clusters.0, x2: clusters.1, y: target, x1Count: k, x2Count: k,
                                                      yCount: classCount, weights: weights)
                samples.append(PartialInformation(resampled, solver: bootstrapSolver))
            }
            let low = Self.quantile(samples, 0.025), high = Self.quantile(samples, 0.975)
            interval = PIDInterval(resamples: bootstrap, level: 0.95,
                                   lower: Self.reflected(estimate, high, cap: Entropy.bits(p.yMarginal)),
                                   upper: Self.reflected(estimate, low, cap: Entropy.bits(p.yMarginal)))
        }
        return PIDCard(modalities: modalities, modalityNames: names, examples: target.count,
                       discretization: discretization, estimate: estimate, interval: interval)
    }

    /// 2·estimate − quantile per atom, clipped to [0, cap] (the basic bootstrap's interval end;
    /// `cap` = H(Y), which bounds every atom).
    static func reflected(_ estimate: PartialInformation, _ quantile: PartialInformation, cap: Double) -> PartialInformation {
        func end(_ e: Double, _ q: Double) -> Double { min(cap, max(0, 2 * e - q)) }
        return PartialInformation(redundancy: end(estimate.redundancy, quantile.redundancy),
                                  unique0: end(estimate.unique0, quantile.unique0),
                                  unique1: end(estimate.unique1, quantile.unique1),
                                  synergy: end(estimate.synergy, quantile.synergy),
                                  mutualInformation: end(estimate.mutualInformation, quantile.mutualInformation),
                                  gap: quantile.gap)
    }

    /// The q-quantile of each atom over `samples` (linear interpolation, NumPy's default).
    static func quantile(_ samples: [PartialInformation], _ q: Double) -> PartialInformation {
        func at(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
            return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
        }
        return PartialInformation(redundancy: at(samples.map(\.redundancy)), unique0: at(samples.map(\.unique0)),
                                  unique1: at(samples.map(\.unique1)), synergy: at(samples.map(\.synergy)),
                                  mutualInformation: at(samples.map(\.mutualInformation)),
                                  gap: samples.map(\.gap).max() ?? 0)
    }
}
