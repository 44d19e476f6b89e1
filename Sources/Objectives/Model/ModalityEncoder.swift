import Tensors

/// The encoder e_m of one modality: an MLP over the (pooled) vector input, or a Transformer
/// over the raw sequence.
public enum ModalityEncoder: Sendable {
    /// An MLP; sequence modalities are averaged over their valid steps first.
    case mlp(MLP)
    /// A Transformer encoder over the sequence, pooled to one vector.
    case transformer(TransformerEncoder)

    /// Builds the encoder the configuration asks for. A Transformer needs a sequence modality.
    init(inputWidth: Int, isSequence: Bool, configuration c: FusionModelConfiguration, rng: inout RandomStream) {
        if let t = c.sequenceEncoder, isSequence {
            self = .transformer(TransformerEncoder(inputWidth: inputWidth, width: t.width, layerCount: t.layers,
                                                   heads: t.heads, feedForward: t.feedForward, dropout: t.dropout,
                                                   normFirst: t.normFirst, pooling: t.pooling, rng: &rng))
        } else {
            self = .mlp(MLP(widths: [inputWidth] + c.encoderWidths, activation: c.encoderActivation ?? c.activation, dropout: c.dropout,
                            activateLast: true, rng: &rng))
        }
    }

    /// z = e(x): `vector` is the [B, D] input, `sequence` the raw steps (used by a Transformer).
    func callAsFunction(vector: Tensor, sequence: SequenceInput?, _ pass: inout ForwardPass) -> Tensor {
        switch self {
        case .mlp(let mlp):
            return mlp(vector, training: pass.training, rng: &pass.dropoutRNG)
        case .transformer(let encoder):
            guard let sequence else { preconditionFailure("a Transformer encoder needs the batch's sequences") }
            return encoder(sequence.values, valid: sequence.valid, training: pass.training, rng: &pass.dropoutRNG)
        }
    }

    /// A copy whose weights are constants (evaluation records no graph).
    func frozen() -> ModalityEncoder {
        switch self {
        case .mlp(let mlp): .mlp(mlp.frozen())
        case .transformer(let encoder): .transformer(encoder.frozen())
        }
    }

    /// Whether the encoder reads sequences.
    public var readsSequences: Bool {
        if case .transformer = self { return true }
        return false
    }

    /// The latent width.
    public var outputWidth: Int {
        switch self {
        case .mlp(let mlp): mlp.outputWidth
        case .transformer(let encoder): encoder.width
        }
    }

    /// The parameters.
    public var parameters: ParameterSet {
        switch self {
        case .mlp(let mlp): mlp.parameters
        case .transformer(let encoder): encoder.parameters
        }
    }
}
