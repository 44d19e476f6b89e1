import Tensors

/// SynIB (docs/METHOD.md, "Objective"): fusion trained to be *uninformed* when any one modality is withheld, so
/// that what it knows must come from the modalities jointly:
///
///     L = CE(f(z), y) + λ_uni · Σ_m CE(u_m(sg(z_m)), y)
///         + λ · Σ_m w_m · KL( softmax f(z with modality m corrupted) ‖ r )
///
/// One corrupted branch per modality, m = 1…M. The default weights are w_m = 2/M
/// (``defaultBranchWeights(modalityCount:)``): the weights sum to 2 for every M, so λ keeps its
/// meaning across M (λ times the mean KL of the branches, times two) and two modalities get the
/// paper's (1, 1).
///
/// With λ = 0 the corrupted passes are skipped and the result is exactly ``Vanilla``'s.
public struct SynIB: TrainingObjective, Hashable {
    /// λ, the weight of the KL terms.
    public var lambda: Float
    /// Which coordinates are withheld and how they are filled.
    public var mask: Mask
    /// The reference distribution r.
    public var reference: Reference
    /// w_m, one weight per withheld modality (the paper's (1, l_pareto)); nil: the default
    /// 2/M each (``defaultBranchWeights(modalityCount:)``), resolved for the data's M.
    public var branchWeights: [Float]?
    /// λ_uni, the weight of the unimodal heads' losses.
    public var lambdaUni: Float
    /// Whether the latent (default) or the input is corrupted. The oracle always uses the input;
    /// a learned mask on inputs optimises its gates through the frozen encoder and unimodal head.
    public var level: CorruptionLevel
    /// A second corrupted branch per modality with this mask, weighted like the first (nil: none).
    /// The authors' benchmark code runs its random branch in every SynIB run, so their
    /// learned-mask runs are learned + random (docs/METHOD.md, "Protocols"). Latent level only.
    public var companion: Mask?

    /// A SynIB objective.
    public init(lambda: Float, mask: Mask, reference: Reference = .uniform, branchWeights: [Float]? = nil,
                lambdaUni: Float = 1, level: CorruptionLevel = .latent, companion: Mask? = nil) {
        self.lambda = lambda
        self.mask = mask
        self.reference = reference
        self.branchWeights = branchWeights
        self.lambdaUni = lambdaUni
        self.level = mask.needsSynergyBlock ? .input : level
        self.companion = companion
    }

    public var name: String { "synib-\(mask.kind)" }

    /// The default weights for M modalities: 2/M each (sum 2; (1, 1) for two modalities).
    public static func defaultBranchWeights(modalityCount: Int) -> [Float] {
        [Float](repeating: 2 / Float(max(modalityCount, 1)), count: modalityCount)
    }

    /// The weights used with `modalityCount` modalities: ``branchWeights`` or the default.
    public func branchWeights(modalityCount: Int) -> [Float] {
        branchWeights ?? SynIB.defaultBranchWeights(modalityCount: modalityCount)
    }

    public func validate(for data: PreparedDataset) throws {
        if let branchWeights, branchWeights.count != data.inputWidths.count {
            throw ObjectiveError("synib: \(branchWeights.count) branch weights for \(data.inputWidths.count) modalities of \(data.name)")
        }
        if mask.needsSynergyBlock, data.synergyBlocks.count < data.inputWidths.count {
            throw ObjectiveError("synib-oracle: \(data.name) has no known synergy block (synthetic data with axis-aligned or rotated sources only)")
        }
        if case .taggedOracle(let tag) = mask, data.source.train.tags[tag] == nil {
            throw ObjectiveError("synib-oracle: \(data.name) has no '\(tag)' tag to find the synergy rows by")
        }
        if companion != nil, level != .latent {
            throw ObjectiveError("synib: a companion branch needs latent-level corruption")
        }
        if level == .input, data.train.sequences.contains(where: { $0 != nil }) {
            throw ObjectiveError("synib: input-level corruption needs vector modalities; \(data.name) has sequences (use the latent level)")
        }
    }

    public func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor {
        let weights = branchWeights(modalityCount: batch.inputs.count)
        let withheld = lambda == 0 ? [] : batch.inputs.indices.filter { weights[$0] != 0 }
        var (z, corrupted) = latents(model, batch, withholding: withheld, &step)
        if let companion { corrupted += companionViews(companion, z, batch, withholding: withheld, model, &step) }
        // One fusion pass over the clean view and every corrupted view (rows stacked).
        let views = [z] + corrupted.map(\.latents)
        let fused: [(logits: Tensor, representation: Tensor?)] = reference.needsLogVarianceHead
            ? model.fuseWithRepresentation(views: views, &step.pass).map { ($0.logits, $0.representation) }
            : model.fuse(views: views, &step.pass).map { ($0, nil) }
        var loss = Loss.crossEntropy(fused[0].logits, targets: batch.labels)
            + lambdaUni * unimodalHeadLosses(model, z, batch.labels, &step.pass)
        for (branch, q) in zip(corrupted, fused.dropFirst()) {
            let kl = reference.divergence(logits: q.logits, representation: q.representation, withheld: branch.modality,
                                          latents: z, rows: branch.rows, model: model, &step)
            loss = loss + lambda * weights[branch.modality] * kl
        }
        return loss
    }

    /// The Gaussian reference reads a log-variance head.
    public var needsLogVarianceHead: Bool { reference.needsLogVarianceHead }

    /// The latents of a view of the batch in which one modality is withheld, restricted to the
    /// corruption's rows (nil: every row).
    struct CorruptedView {
        let modality: Int
        let latents: [Tensor]
        let rows: [Int]?
    }

    /// The clean latents z and, for each modality in `withheld`, the view with it corrupted.
    /// Input-level corruptions are drawn first so that each encoder runs once over its clean
    /// and corrupted inputs together (rows stacked).
    func latents(_ model: FusionModel, _ batch: Batch, withholding withheld: [Int],
                 _ step: inout StepContext) -> (z: [Tensor], corrupted: [CorruptedView]) {
        let inputCorruptions = level == .input ? withheld.map { inputCorruption(of: $0, batch, model, &step) } : []
        var z: [Tensor] = []
        var corruptedLatent: [Int: Tensor] = [:]
        for m in batch.inputs.indices {
            guard let k = withheld.firstIndex(of: m), k < inputCorruptions.count else {
                z.append(model.encode(batch.inputs[m], sequence: batch.sequences[m], modality: m, &step.pass))
                continue
            }
            let c = inputCorruptions[k]
            step.maskDiagnostics.record(c.mask, modality: m, block: step.synergyBlocks[m])
            let x = batch.inputs[m], xc = c.rows.map { c.apply(to: x).gatherRows($0) } ?? c.apply(to: x)
            let both = model.encode(Tensor.stackRows([x, xc]), modality: m, &step.pass).splitRows([x.shape[0], xc.shape[0]])
            z.append(both[0])
            corruptedLatent[m] = both[1]
        }
        if let gates = mask.learnedGates {
            for m in z.indices { step.latentMoments[m].update(with: z[m], momentum: gates.momentsMomentum) }
        }
        var views: [CorruptedView] = []
        for (k, m) in withheld.enumerated() {
            let rows: [Int]?
            if level == .input {
                rows = inputCorruptions[k].rows
            } else {
                let c = latentCorruption(of: m, mask, z, batch, model, &step)
                step.maskDiagnostics.record(c.mask, modality: m, block: nil)
                rows = c.rows
                corruptedLatent[m] = rows.map { c.apply(to: z[m]).gatherRows($0) } ?? c.apply(to: z[m])
            }
            if rows?.isEmpty == true { continue }
            let latents = z.indices.map { j in j == m ? corruptedLatent[m]! : (rows.map { z[j].gatherRows($0) } ?? z[j]) }
            views.append(CorruptedView(modality: m, latents: latents, rows: rows))
        }
        return (z, views)
    }

    /// The views of the companion mask's branch (latent level): one per modality in `withheld`.
    func companionViews(_ companion: Mask, _ z: [Tensor], _ batch: Batch, withholding withheld: [Int],
                        _ model: FusionModel, _ step: inout StepContext) -> [CorruptedView] {
        withheld.compactMap { m in
            let c = latentCorruption(of: m, companion, z, batch, model, &step)
            step.maskDiagnostics.record(c.mask, modality: m, block: nil)
            if c.rows?.isEmpty == true { return nil }
            let zc = c.rows.map { c.apply(to: z[m]).gatherRows($0) } ?? c.apply(to: z[m])
            let latents = z.indices.map { j in j == m ? zc : (c.rows.map { z[j].gatherRows($0) } ?? z[j]) }
            return CorruptedView(modality: m, latents: latents, rows: c.rows)
        }
    }

    /// The corruption of input x_m.
    func inputCorruption(of m: Int, _ batch: Batch, _ model: FusionModel, _ step: inout StepContext) -> Corruption {
        let x = batch.inputs[m]
        switch mask {
        case .random(let p, let fill):
            return RandomMask.corruption(of: x, p: p, fill: fill, rng: &step.maskRNG)
        case .oracle(let tag):
            let everyRow = [Bool](repeating: true, count: batch.labels.count)
            return OracleMask.corruption(of: x, block: step.synergyBlocks[m] ?? 0..<0,
                                         rows: tag == nil ? everyRow : batch.synergyTag ?? everyRow,
                                         scoreEveryRow: false, basis: step.sourceBases[m], rng: &step.maskRNG)
        case .taggedOracle:
            let everyRow = [Bool](repeating: true, count: batch.labels.count)
            return OracleMask.corruption(of: x, block: step.synergyBlocks[m] ?? 0..<0, rows: batch.synergyTag ?? everyRow,
                                         scoreEveryRow: true, basis: step.sourceBases[m], rng: &step.maskRNG)
        case .learned, .gates:
            return LearnedMask.inputCorruption(of: x, modality: m, labels: batch.labels, model: model,
                                               settings: mask.learnedGates!, rng: &step.maskRNG).corruption
        case .intact:
            return Corruption(mask: Tensor.zeros(x.shape), fill: x.stopGradient(), rows: nil)
        case .full(let fill):
            return RandomMask.corruption(of: x, p: 1, fill: fill, rng: &step.maskRNG)
        }
    }

    /// The corruption of latent z_m by `mask` (random, learned, intact or full).
    func latentCorruption(of m: Int, _ mask: Mask, _ z: [Tensor], _ batch: Batch, _ model: FusionModel,
                          _ step: inout StepContext) -> Corruption {
        switch mask {
        case .random(let p, let fill):
            return RandomMask.corruption(of: z[m], p: p, fill: fill, rng: &step.maskRNG)
        case .learned, .gates:
            return LearnedMask.latentCorruption(of: z[m], modality: m, labels: batch.labels, model: model,
                                                moments: step.latentMoments[m], settings: mask.learnedGates!,
                                                rng: &step.maskRNG).corruption
        case .intact:
            return Corruption(mask: Tensor.zeros(z[m].shape), fill: z[m].stopGradient(), rows: nil)
        case .full(let fill):
            return RandomMask.corruption(of: z[m], p: 1, fill: fill, rng: &step.maskRNG)
        case .oracle, .taggedOracle:
            preconditionFailure("synib-oracle corrupts inputs (its level is always .input)")
        }
    }
}
