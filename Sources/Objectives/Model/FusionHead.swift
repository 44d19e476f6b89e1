import Tensors

/// The fusion head f(z_1, …, z_M) → logits.
public enum FusionHead: Sendable {
    /// An MLP over the concatenated latents (docs/METHOD.md, "Model": concat fusion; the default).
    case concat(MLP)
    /// A Transformer over the latents as tokens (Hateful Memes: [image token; text token]),
    /// mean-pooled, then a linear classifier.
    case tokens(TokenFusion)

    /// Logits for the latents.
    func callAsFunction(_ latents: [Tensor], _ pass: inout ForwardPass) -> Tensor {
        switch self {
        case .concat(let mlp): mlp(Tensor.concat(latents), training: pass.training, rng: &pass.dropoutRNG)
        case .tokens(let fusion): fusion(latents, pass)
        }
    }

    /// Logits and the representation they are computed from (the concat MLP's last hidden
    /// layer, or the pooled tokens).
    func logitsAndRepresentation(_ latents: [Tensor], _ pass: inout ForwardPass) -> (Tensor, Tensor) {
        switch self {
        case .concat(let mlp):
            let (logits, representation) = mlp.withRepresentation(Tensor.concat(latents), training: pass.training, rng: &pass.dropoutRNG)
            return (logits, representation)
        case .tokens(let fusion):
            let pooled = fusion.pooled(latents, pass)
            return (fusion.classifier(pooled), pooled)
        }
    }

    /// The width of the representation of ``logitsAndRepresentation(_:_:)``.
    public var representationWidth: Int {
        switch self {
        case .concat(let mlp): mlp.layers[mlp.layers.count - 1].weight.shape[1]
        case .tokens(let fusion): fusion.classifier.weight.shape[1]
        }
    }

    /// A copy whose weights are constants (evaluation records no graph).
    func frozen() -> FusionHead {
        switch self {
        case .concat(let mlp): .concat(mlp.frozen())
        case .tokens(let fusion): .tokens(fusion.frozen())
        }
    }

    /// The number of classes.
    public var classCount: Int {
        switch self {
        case .concat(let mlp): mlp.outputWidth
        case .tokens(let fusion): fusion.classifier.weight.shape[0]
        }
    }

    /// The concat MLP, if this is one (OGM-GE splits its first layer).
    public var concatMLP: MLP? {
        if case .concat(let mlp) = self { return mlp }
        return nil
    }

    /// The parameters.
    public var parameters: ParameterSet {
        switch self {
        case .concat(let mlp): mlp.parameters
        case .tokens(let fusion): fusion.parameters
        }
    }
}

/// Transformer fusion over one token per modality: the latents [B, D] are stacked into
/// [B, M, D], passed through the layers, mean-pooled over the M tokens and classified.
/// Corrupting z_m corrupts the features of token m as it enters the fusion.
public struct TokenFusion: Sendable {
    /// The encoder layers over the tokens.
    public let layers: [TransformerEncoderLayer]
    /// The classifier on the pooled tokens.
    public let classifier: Linear

    /// A token fusion of `settings.layers` layers over tokens of width `settings.width`.
    init(settings s: TransformerSettings, classes: Int, rng: inout RandomStream) {
        layers = (0..<s.layers).map { _ in
            TransformerEncoderLayer(width: s.width, heads: s.heads, feedForward: s.feedForward, dropout: s.dropout,
                                    normFirst: s.normFirst, rng: &rng)
        }
        classifier = Linear(s.width, classes, rng: &rng)
    }

    /// A token fusion of the given parts (a frozen copy).
    private init(layers: [TransformerEncoderLayer], classifier: Linear) {
        self.layers = layers
        self.classifier = classifier
    }

    /// A copy whose weights are constants (evaluation records no graph).
    func frozen() -> TokenFusion { TokenFusion(layers: layers.map { $0.frozen() }, classifier: classifier.frozen()) }

    func callAsFunction(_ latents: [Tensor], _ pass: ForwardPass) -> Tensor {
        classifier(pooled(latents, pass))
    }

    /// The mean-pooled tokens after the layers: the classifier's input.
    func pooled(_ latents: [Tensor], _ pass: ForwardPass) -> Tensor {
        var pass = pass
        let (b, d, m) = (latents[0].shape[0], latents[0].shape[1], latents.count)
        let valid = [Float](repeating: 1, count: b * m)
        var h = Tensor.concat(latents).reshaped([b, m, d])
        for layer in layers { h = layer(h, valid: valid, training: pass.training, rng: &pass.dropoutRNG) }
        return h.maskedMeanPool(valid: valid)
    }

    /// Parameters, named `layers.0.*`, …, `classifier.*`.
    public var parameters: ParameterSet {
        layers.enumerated().reduce(classifier.parameters.prefixed("classifier")) {
            $0 + $1.element.parameters.prefixed("layers.\($1.offset)")
        }
    }
}
