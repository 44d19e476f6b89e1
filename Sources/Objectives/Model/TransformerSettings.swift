import Tensors

/// The shape of a Transformer in a fusion model: the per-modality sequence encoder of the
/// MultiBench tasks (docs/METHOD.md, "MultiBench affective tasks") or a token fusion.
///
/// The defaults are the harness shape: width 40, 2 layers of 5 heads, feed-forward 160,
/// post-norm, last-step pooling, so that a MOSI epoch fits a one-core CPU budget.
/// ``multiBench`` is MultiBench's encoder (5 layers, PyTorch's default feed-forward 2048).
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

    /// Settings; the defaults are the harness shape documented on the type.
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

    /// MultiBench's affective encoder (`unimodals.common_models.Transformer`): width 40, five
    /// `nn.TransformerEncoderLayer`s of 5 heads with PyTorch's defaults (feed-forward 2048,
    /// dropout 0.1, post-norm), the last step as the output.
    public static let multiBench = TransformerSettings(width: 40, layers: 5, heads: 5, feedForward: 2048, dropout: 0.1,
                                                       normFirst: false, pooling: .last)

    /// The first rule these settings break, as (field, rule), or nil when the shape can be
    /// built: width, layers, heads and feed-forward at least 1, the width a multiple of the
    /// heads (each head reads width / heads features), dropout in [0, 1). Checked before
    /// training, so a bad shape is a usage error rather than a crash in the middle of a grid.
    public var problem: (field: Field, rule: String)? {
        if width < 1 { return (.width, "must be at least 1, got \(width)") }
        if layers < 1 { return (.layers, "must be at least 1, got \(layers)") }
        if heads < 1 { return (.heads, "must be at least 1, got \(heads)") }
        if feedForward < 1 { return (.feedForward, "must be at least 1, got \(feedForward)") }
        if width % heads != 0 {
            return (.heads, "the width \(width) must be divisible by the number of heads, got \(heads) heads")
        }
        if !(dropout >= 0 && dropout < 1) { return (.dropout, "must be in [0, 1), got \(dropout)") }
        return nil
    }

    /// The settings a Transformer shape is made of, by the name a `--set` key uses.
    public enum Field: String, CaseIterable, Sendable {
        /// ``TransformerSettings/width``.
        case width
        /// ``TransformerSettings/layers``.
        case layers
        /// ``TransformerSettings/heads``.
        case heads
        /// ``TransformerSettings/feedForward``.
        case feedForward = "feed_forward"
        /// ``TransformerSettings/dropout``.
        case dropout
        /// ``TransformerSettings/normFirst``.
        case normFirst = "norm_first"
        /// ``TransformerSettings/pooling``.
        case pooling
    }
}

/// A Transformer shape that cannot be built (a usage error: nothing is trained).
public struct TransformerSettingsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The setting's key, e.g. `model.transformer.heads`.
    public let key: String
    /// The rule it breaks.
    public let rule: String
    /// Whose configuration it is (e.g. "dataset mosi"), if known.
    public let context: String?

    /// An error about `key`.
    public init(key: String, rule: String, context: String? = nil) {
        self.key = key
        self.rule = rule
        self.context = context
    }

    /// "KEY (context): rule".
    public var description: String { "\(key)\(context.map { " (\($0))" } ?? ""): \(rule)" }
}

extension FusionModelConfiguration {
    /// Throws ``TransformerSettingsError`` naming the key (`model.transformer.*` for the sequence
    /// encoder, `model.fusion_transformer.*` for a token fusion) and the rule of the first
    /// Transformer setting that cannot be built.
    public func validateTransformers(context: String? = nil) throws {
        for (prefix, settings) in [("model.transformer", sequenceEncoder), ("model.fusion_transformer", fusionTransformer)] {
            if let settings, let (field, rule) = settings.problem {
                throw TransformerSettingsError(key: "\(prefix).\(field.rawValue)", rule: rule, context: context)
            }
        }
    }
}
