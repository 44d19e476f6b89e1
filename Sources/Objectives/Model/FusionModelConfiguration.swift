import Tensors

/// The shape of a fusion model over M modalities (two for most datasets, six for mfeat;
/// docs/METHOD.md, "Model"). Input widths come from the data.
///
/// The defaults are PID-XOR's harness protocol (docs/METHOD.md, "PID-XOR"): encoders
/// D→256→256 (ReLU) per modality, fusion (M·256)→128→128→C, unimodal heads 256→256→C.
public struct FusionModelConfiguration: Codable, Hashable, Sendable {
    /// Hidden widths of each modality's encoder; the last one is the latent width.
    public var encoderWidths: [Int]
    /// Hidden widths of the fusion head (before the C outputs).
    public var fusionWidths: [Int]
    /// Hidden widths of each unimodal head (before the C outputs).
    public var unimodalWidths: [Int]
    /// Dropout after each hidden activation (training only).
    public var dropout: Float
    /// LayerNorm on each latent z_m (the paper masks after encoders + LayerNorm).
    public var latentLayerNorm: Bool
    /// The non-linearity.
    public var activation: Activation
    /// A Transformer encoder for sequence modalities (nil: MLP encoders over pooled steps).
    public var sequenceEncoder: TransformerSettings?
    /// The MLP encoders' non-linearity, if different from `activation` (`.identity` with one
    /// encoder width makes the encoder a linear projection, as Hateful Memes' 768 → 512).
    public var encoderActivation: Activation?
    /// A Transformer fusion over the latents as tokens instead of the concat MLP (nil).
    public var fusionTransformer: TransformerSettings?
    /// Two classes through one logit z per head, read as the logits (0, z): softmax
    /// cross-entropy is then the binary cross-entropy of σ(z), and the KL to the uniform
    /// reference is KL(Bern(σ(z)) ‖ Bern(½)) — a network whose last layer has one output and
    /// trains with BCE, as the authors' PID-XOR model. nil: one logit per class.
    public var singleLogit: Bool?

    /// A configuration; the defaults are the PID-XOR reference.
    public init(encoderWidths: [Int] = [256, 256], fusionWidths: [Int] = [128, 128],
                unimodalWidths: [Int] = [256], dropout: Float = 0, latentLayerNorm: Bool = false,
                activation: Activation = .relu, sequenceEncoder: TransformerSettings? = nil,
                encoderActivation: Activation? = nil, fusionTransformer: TransformerSettings? = nil,
                singleLogit: Bool? = nil) {
        self.encoderWidths = encoderWidths
        self.fusionWidths = fusionWidths
        self.unimodalWidths = unimodalWidths
        self.dropout = dropout
        self.latentLayerNorm = latentLayerNorm
        self.activation = activation
        self.sequenceEncoder = sequenceEncoder
        self.encoderActivation = encoderActivation
        self.fusionTransformer = fusionTransformer
        self.singleLogit = singleLogit
    }

    /// The outputs of the fusion and unimodal heads for `classes` classes: 1 with
    /// ``singleLogit`` (two classes only), else `classes`.
    public func headOutputs(classes: Int) -> Int {
        guard singleLogit == true else { return classes }
        precondition(classes == 2, "FusionModelConfiguration: a single logit needs two classes, not \(classes)")
        return 1
    }

    /// The same configuration with every encoder width set to `hidden` (the `--hidden` flag).
    public func withHidden(_ hidden: Int) -> FusionModelConfiguration {
        var c = self
        c.encoderWidths = c.encoderWidths.map { _ in hidden }
        c.unimodalWidths = c.unimodalWidths.map { _ in hidden }
        return c
    }
}
