import Tensors

/// SynIB (DESIGN §2): fusion trained to be *uninformed* when any one modality is withheld, so
/// that what it knows must come from the modalities jointly:
///
///     L = CE(f(z), y) + λ_uni · Σ_m CE(u_m(sg(z_m)), y)
///         + λ · Σ_m w_m · KL( softmax f(z with modality m corrupted) ‖ r )
///
/// With λ = 0 the corrupted passes are skipped and the result is exactly ``Vanilla``'s.
public struct SynIB: TrainingObjective, Hashable {
    /// λ, the weight of the KL terms.
    public var lambda: Float
    /// Which coordinates are withheld and how they are filled.
    public var mask: Mask
    /// The reference distribution r.
    public var reference: Reference
    /// w_m, one weight per withheld modality (the paper's (1, l_pareto)).
    public var branchWeights: [Float]
    /// λ_uni, the weight of the unimodal heads' losses.
    public var lambdaUni: Float
    /// Whether the latent (default) or the input is corrupted. The oracle always uses the input.
    public var level: CorruptionLevel

    /// A SynIB objective.
    public init(lambda: Float, mask: Mask, reference: Reference = .uniform, branchWeights: [Float] = [1, 1],
                lambdaUni: Float = 1, level: CorruptionLevel = .latent) {
        self.lambda = lambda
        self.mask = mask
        self.reference = reference
        self.branchWeights = branchWeights
        self.lambdaUni = lambdaUni
        if case .oracle = mask { self.level = .input } else { self.level = level }
    }

    public var name: String { "synib-\(mask.kind)" }

    public func validate(for data: PreparedDataset) throws {
        guard branchWeights.count == data.inputWidths.count else {
            throw ObjectiveError("synib: \(branchWeights.count) branch weights for \(data.inputWidths.count) modalities of \(data.name)")
        }
        if case .oracle = mask, data.synergyBlocks.count < data.inputWidths.count {
            throw ObjectiveError("synib-oracle: \(data.name) has no known synergy block (synthetic data only)")
        }
        if case .learned = mask, level == .input {
            throw ObjectiveError("synib-learned: learned masks act on latents, not inputs")
        }
        if level == .input, data.train.sequences.contains(where: { $0 != nil }) {
            throw ObjectiveError("synib: input-level corruption needs vector modalities; \(data.name) has sequences (use the latent level)")
        }
    }

    public func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor {
        let z = model.encode(batch, &step.pass)
        var loss = Loss.crossEntropy(model.fuse(z, &step.pass), targets: batch.labels)
            + lambdaUni * unimodalHeadLosses(model, z, batch.labels, &step.pass)
        if case .learned = mask { for m in z.indices { step.latentMoments[m].update(with: z[m]) } }
        guard lambda != 0 else { return loss }
        for m in z.indices where branchWeights[m] != 0 {
            let (corruptedLatents, rows) = withholding(m, latents: z, batch: batch, model: model, &step)
            guard rows.map({ !$0.isEmpty }) ?? true else { continue }
            let q = model.fuse(corruptedLatents, &step.pass)
            let r = reference.distribution(withheld: m, latents: z, rows: rows, model: model, &step)
            loss = loss + lambda * branchWeights[m] * Loss.klDivergence(q, reference: r)
        }
        return loss
    }

    /// The latents with modality m corrupted (restricted to the corruption's rows, if any).
    func withholding(_ m: Int, latents z: [Tensor], batch: Batch, model: FusionModel,
                     _ step: inout StepContext) -> ([Tensor], [Int]?) {
        var corrupted = z
        let c: Corruption
        switch (mask, level) {
        case (.random(let p, let fill), .latent):
            c = RandomMask.corruption(of: z[m], p: p, fill: fill, rng: &step.maskRNG)
            corrupted[m] = c.apply(to: z[m])
        case (.random(let p, let fill), .input):
            c = RandomMask.corruption(of: batch.inputs[m], p: p, fill: fill, rng: &step.maskRNG)
            corrupted[m] = model.encode(c.apply(to: batch.inputs[m]), modality: m, &step.pass)
        case (.oracle(let tag), _):
            let everyRow = [Bool](repeating: true, count: batch.labels.count)
            c = OracleMask.corruption(of: batch.inputs[m], block: step.synergyBlocks[m] ?? 0..<0,
                                      rows: tag == nil ? everyRow : batch.synergyTag ?? everyRow,
                                      rng: &step.maskRNG)
            corrupted[m] = model.encode(c.apply(to: batch.inputs[m]), modality: m, &step.pass)
        case (.learned(let steps, let lr, let sparsity), _):
            c = LearnedMask.corruption(of: z[m], labels: batch.labels, head: model.unimodalHeads[m],
                                       moments: step.latentMoments[m], steps: steps, learningRate: lr,
                                       sparsity: sparsity, rng: &step.maskRNG).corruption
            corrupted[m] = c.apply(to: z[m])
        }
        if let rows = c.rows { corrupted = corrupted.map { $0.gatherRows(rows) } }
        return (corrupted, c.rows)
    }
}
