import Tensors

/// The per-modality sequence encoder of the MultiBench tasks (docs/METHOD.md, "MultiBench affective tasks"): a Transformer
/// encoder of width 40 whose pooled output is the latent z_m.
///
/// MultiBench's encoder uses 5 layers of 5 heads with PyTorch's default feed-forward width
/// 2048 and reads the last step. Our defaults keep width 40, 5 heads and last-step pooling
/// but use 2 layers with feed-forward 160 so that a MOSI epoch fits a one-core CPU budget;
/// `layers: 5, feedForward: 2048` reproduces MultiBench's shape exactly.
public struct TransformerSettings: Codable, Hashable, Sendable {
    /// Model width (d_model).
    public var width: Int
    /// Encoder layers.
    public var layers: Int
    /// Attention heads.
    public var heads: Int
    /// Feed-forward width.
    public var feedForward: Int
    /// Dropout inside the layers.
    public var dropout: Float
    /// Pre-norm instead of PyTorch's default post-norm.
    public var normFirst: Bool
    /// How the sequence is pooled to z_m.
    public var pooling: TransformerEncoder.Pooling

    /// Settings; the defaults are documented on the type.
    public init(width: Int = 40, layers: Int = 2, heads: Int = 5, feedForward: Int = 160, dropout: Float = 0.1,
                normFirst: Bool = false, pooling: TransformerEncoder.Pooling = .last) {
        self.width = width
        self.layers = layers
        self.heads = heads
        self.feedForward = feedForward
        self.dropout = dropout
        self.normFirst = normFirst
        self.pooling = pooling
    }
}
