/// One Transformer encoder layer as `torch.nn.TransformerEncoderLayer` (batch first, ReLU):
///
///     post-norm (PyTorch's default): x = LN₁(x + Drop(MHA(x)));  x = LN₂(x + Drop(FFN(x)))
///     pre-norm (`normFirst`):        x = x + Drop(MHA(LN₁(x)));  x = x + Drop(FFN(LN₂(x)))
///
/// with FFN(x) = Linear(F→D)(Drop(ReLU(Linear(D→F)(x)))).
public struct TransformerEncoderLayer: Sendable {
    /// Self-attention.
    public let attention: MultiHeadAttention
    /// The feed-forward block's two layers.
    public let feedForward1: Linear, feedForward2: Linear
    /// The two layer norms.
    public let norm1: LayerNorm, norm2: LayerNorm
    /// Dropout on the residual branches and inside the feed-forward block.
    public let dropout: Dropout
    /// Pre-norm instead of post-norm.
    public let normFirst: Bool

    /// A layer of width `width`, `heads` heads and feed-forward width `feedForward`.
    public init(width: Int, heads: Int, feedForward: Int, dropout: Float = 0.1, normFirst: Bool = false,
                rng: inout RandomStream) {
        attention = MultiHeadAttention(width: width, heads: heads, rng: &rng)
        feedForward1 = Linear(width, feedForward, rng: &rng)
        feedForward2 = Linear(feedForward, width, rng: &rng)
        norm1 = LayerNorm(width)
        norm2 = LayerNorm(width)
        self.dropout = Dropout(dropout)
        self.normFirst = normFirst
    }

    /// A layer of the given parts (a frozen copy).
    init(attention: MultiHeadAttention, feedForward1: Linear, feedForward2: Linear, norm1: LayerNorm, norm2: LayerNorm,
         dropout: Dropout, normFirst: Bool) {
        self.attention = attention
        self.feedForward1 = feedForward1; self.feedForward2 = feedForward2
        self.norm1 = norm1; self.norm2 = norm2
        self.dropout = dropout
        self.normFirst = normFirst
    }

    /// A copy whose weights are constants (no graph is recorded through it: evaluation).
    public func frozen() -> TransformerEncoderLayer {
        TransformerEncoderLayer(attention: attention.frozen(), feedForward1: feedForward1.frozen(),
                                feedForward2: feedForward2.frozen(), norm1: norm1.frozen(), norm2: norm2.frozen(),
                                dropout: dropout, normFirst: normFirst)
    }

    /// Applies the layer to x [B, T, D] with step validity `valid` [B, T].
    public func callAsFunction(_ x: Tensor, valid: [Float], training: Bool, rng: inout RandomStream) -> Tensor {
        func ffn(_ h: Tensor) -> Tensor {
            if !training {  // through constant weights: a block of rows at a time (same values)
                return h.feedForwardInBlocks(weight1: feedForward1.weight, bias1: feedForward1.bias,
                                             weight2: feedForward2.weight, bias2: feedForward2.bias)
            }
            // The ReLU and the dropout run inside the first layer's op (the same values and draws
            // as separate relu() and dropout ops).
            return feedForward2(feedForward1(h, activation: .relu, dropout: dropout, training: training, rng: &rng))
        }
        if normFirst {
            let h = x + dropout(attention(norm1(x), valid: valid), training: training, rng: &rng)
            return h + dropout(ffn(norm2(h)), training: training, rng: &rng)
        }
        let h = norm1(x + dropout(attention(x, valid: valid), training: training, rng: &rng))
        return norm2(h + dropout(ffn(h), training: training, rng: &rng))
    }

    /// Parameters, named as PyTorch's submodules (`self_attn` → `attention`, `linear1` → `feedForward1`, …).
    public var parameters: ParameterSet {
        attention.parameters.prefixed("attention") + feedForward1.parameters.prefixed("feedForward1")
            + feedForward2.parameters.prefixed("feedForward2") + norm1.parameters.prefixed("norm1")
            + norm2.parameters.prefixed("norm2")
    }
}
