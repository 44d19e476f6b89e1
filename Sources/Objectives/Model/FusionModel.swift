import Tensors

/// A fusion classifier for M modalities (docs/METHOD.md, "Model"):
/// encoders `e_m(x_m) → z_m` (MLP or Transformer, optional LayerNorm on z_m), a concat fusion head
/// `f(z_1, …, z_M) → logits`, and unimodal heads `u_m(z_m) → logits` that the objectives
/// apply to `stopGradient(z_m)` so they never train the encoders.
public struct FusionModel: Sendable {
    /// One encoder per modality.
    public let encoders: [ModalityEncoder]
    /// Optional LayerNorm on each latent.
    public let latentNorms: [LayerNorm?]
    /// The fusion head.
    public let fusion: FusionHead
    /// One unimodal head per modality.
    public let unimodalHeads: [MLP]
    /// A linear map from the fused representation (the fusion head's last hidden layer) to
    /// one log-variance per class, for SynIB's Gaussian reference; nil unless asked for.
    public let logVarianceHead: Linear?
    /// The configuration it was built from.
    public let configuration: FusionModelConfiguration

    /// Builds the model for inputs of the given widths (`sequenceModalities` marks the
    /// modalities that are sequences) and `classes` outputs; with `logVarianceHead`, also a
    /// ``logVarianceHead``, drawn after every other layer so that they are the same either way.
    public init(inputWidths: [Int], sequenceModalities: Set<Int> = [], classes: Int,
                configuration c: FusionModelConfiguration, logVarianceHead: Bool = false, rng: inout RandomStream) {
        precondition(!c.encoderWidths.isEmpty, "FusionModel: encoderWidths must not be empty")
        let encoders = inputWidths.indices.map { m in
            ModalityEncoder(inputWidth: inputWidths[m], isSequence: sequenceModalities.contains(m), configuration: c, rng: &rng)
        }
        self.encoders = encoders
        let latent = encoders[0].outputWidth
        precondition(encoders.allSatisfy { $0.outputWidth == latent }, "FusionModel: encoders disagree on the latent width")
        latentNorms = inputWidths.map { _ in c.latentLayerNorm ? LayerNorm(latent) : nil }
        let outputs = c.headOutputs(classes: classes)
        if let tokens = c.fusionTransformer {
            precondition(tokens.width == latent, "FusionModel: token fusion width \(tokens.width) differs from the latent width \(latent)")
            fusion = .tokens(TokenFusion(settings: tokens, classes: outputs, rng: &rng))
        } else {
            fusion = .concat(MLP(widths: [latent * inputWidths.count] + c.fusionWidths + [outputs],
                                 activation: c.activation, dropout: c.dropout, rng: &rng))
        }
        unimodalHeads = inputWidths.map { _ in
            MLP(widths: [latent] + c.unimodalWidths + [outputs], activation: c.activation,
                dropout: c.dropout, rng: &rng)
        }
        self.logVarianceHead = logVarianceHead ? Linear(fusion.representationWidth, classes, rng: &rng) : nil
        configuration = c
    }

    /// A model of the given parts (a frozen copy).
    private init(encoders: [ModalityEncoder], latentNorms: [LayerNorm?], fusion: FusionHead, unimodalHeads: [MLP],
                 logVarianceHead: Linear?, configuration: FusionModelConfiguration) {
        self.encoders = encoders
        self.latentNorms = latentNorms
        self.fusion = fusion
        self.unimodalHeads = unimodalHeads
        self.logVarianceHead = logVarianceHead
        self.configuration = configuration
    }

    /// The same model with its weights as constants (the values shared, not copied): a forward
    /// pass through it records no graph, so evaluation keeps no activations alive for a backward
    /// pass that never comes, and gives the same numbers.
    public func frozen() -> FusionModel {
        FusionModel(encoders: encoders.map { $0.frozen() }, latentNorms: latentNorms.map { $0?.frozen() },
                    fusion: fusion.frozen(), unimodalHeads: unimodalHeads.map { $0.frozen() },
                    logVarianceHead: logVarianceHead?.frozen(), configuration: configuration)
    }

    /// The number of modalities.
    public var modalityCount: Int { encoders.count }

    /// The number of classes (2 with a single logit).
    public var classCount: Int { configuration.singleLogit == true ? 2 : fusion.classCount }

    /// z_m = LayerNorm?(e_m(x_m)) from the vector input `x` (or the sequence, for a Transformer).
    public func encode(_ x: Tensor, sequence: SequenceInput? = nil, modality m: Int, _ pass: inout ForwardPass) -> Tensor {
        let z = encoders[m](vector: x, sequence: sequence, &pass)
        return latentNorms[m].map { $0(z) } ?? z
    }

    /// All latents of a batch.
    public func encode(_ batch: Batch, _ pass: inout ForwardPass) -> [Tensor] {
        batch.inputs.indices.map { encode(batch.inputs[$0], sequence: batch.sequences[$0], modality: $0, &pass) }
    }

    /// Whether any encoder reads raw sequences (batches must then carry them).
    public var readsSequences: Bool { encoders.contains { $0.readsSequences } }

    /// f(z_1, …, z_M): fusion logits.
    public func fuse(_ latents: [Tensor], _ pass: inout ForwardPass) -> Tensor {
        logits(fusion(latents, &pass))
    }

    /// A head's outputs as class logits: with ``FusionModelConfiguration/singleLogit`` the one
    /// output z becomes (0, z), so that class 1 has probability σ(z); otherwise unchanged.
    public func logits(_ outputs: Tensor) -> Tensor {
        guard configuration.singleLogit == true else { return outputs }
        return Tensor.concat([Tensor(shape: [outputs.shape[0], 1], data: [Float](repeating: 0, count: outputs.shape[0])), outputs])
    }

    /// f over several views of one batch (e.g. the clean latents and corrupted copies) in one
    /// pass: each modality's latents are stacked along the batch axis, so every fusion layer
    /// runs one GEMM for all views; the logits come back one tensor per view.
    public func fuse(views: [[Tensor]], _ pass: inout ForwardPass) -> [Tensor] {
        guard views.count > 1 else { return views.map { fuse($0, &pass) } }
        let stacked = (0..<modalityCount).map { m in Tensor.stackRows(views.map { $0[m] }) }
        return fuse(stacked, &pass).splitRows(views.map { $0[0].shape[0] })
    }

    /// f over several views in one pass, as ``fuse(views:_:)``, returning each view's logits
    /// and its fused representation (the input of the fusion head's last linear layer).
    public func fuseWithRepresentation(views: [[Tensor]], _ pass: inout ForwardPass) -> [(logits: Tensor, representation: Tensor)] {
        let stacked = (0..<modalityCount).map { m in Tensor.stackRows(views.map { $0[m] }) }
        let (outputs, representation) = fusion.logitsAndRepresentation(stacked, &pass)
        let sizes = views.map { $0[0].shape[0] }
        return Array(zip(logits(outputs).splitRows(sizes), representation.splitRows(sizes)))
    }

    /// u_m(z): unimodal logits. Pass `stopGradient(z_m)` to keep the encoders untouched.
    public func unimodal(_ z: Tensor, modality m: Int, _ pass: inout ForwardPass) -> Tensor {
        logits(unimodalHeads[m](z, training: pass.training, rng: &pass.dropoutRNG))
    }

    /// x_m ↦ u_m(LayerNorm?(e_m(x_m))) through constant copies of the weights (no dropout):
    /// gradients reach the input only. Learned input-level masks optimise their gates through it.
    /// Needs an MLP encoder (vector modality).
    public func frozenUnimodalPath(modality m: Int) -> (Tensor) -> Tensor {
        guard case .mlp(let mlp) = encoders[m] else {
            preconditionFailure("a frozen unimodal path needs an MLP encoder (modality \(m) reads sequences)")
        }
        let encoder = mlp.frozen(), norm = latentNorms[m]?.frozen(), head = unimodalHeads[m].frozen()
        return { x in
            var rng = RandomStream(seed: 0)  // unused: no dropout outside training
            let z = encoder(x, rng: &rng)
            return logits(head(norm.map { $0(z) } ?? z, rng: &rng))
        }
    }

    /// Every parameter, named `encoder0.0.weight`, `fusion.2.bias`, `unimodal1.0.weight`, ….
    public var parameters: ParameterSet {
        var set = ParameterSet()
        for (m, e) in encoders.enumerated() { set = set + e.parameters.prefixed("encoder\(m)") }
        for (m, n) in latentNorms.enumerated() { if let n { set = set + n.parameters.prefixed("norm\(m)") } }
        set = set + fusion.parameters.prefixed("fusion")
        for (m, u) in unimodalHeads.enumerated() { set = set + u.parameters.prefixed("unimodal\(m)") }
        if let logVarianceHead { set = set + logVarianceHead.parameters.prefixed("logvar") }
        return set
    }
}

/// The mode of a forward pass: training (dropout on, drawing from `dropoutRNG`) or evaluation.
public struct ForwardPass {
    /// Whether dropout is active.
    public var training: Bool
    /// The stream dropout draws from.
    public var dropoutRNG: RandomStream

    /// An evaluation pass (no dropout).
    public static var evaluation: ForwardPass { ForwardPass(training: false, dropoutRNG: RandomStream(seed: 0)) }

    /// A training pass drawing dropout masks from `rng`.
    public static func training(_ rng: RandomStream) -> ForwardPass { ForwardPass(training: true, dropoutRNG: rng) }
}
