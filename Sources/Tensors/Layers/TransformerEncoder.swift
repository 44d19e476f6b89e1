/// A sequence encoder: input projection D_in → width, sinusoidal positions, a stack of
/// ``TransformerEncoderLayer``s, and pooling of the valid steps to one vector per sequence.
public struct TransformerEncoder: Sendable {
    /// How a sequence becomes one vector.
    public enum Pooling: String, Codable, Sendable {
        /// Mean over the valid steps.
        case mean
        /// The last valid step.
        case last
    }

    /// The input projection.
    public let projection: Linear
    /// The layers.
    public let layers: [TransformerEncoderLayer]
    /// The pooling.
    public let pooling: Pooling

    /// An encoder of `inputWidth` features to `width`, with `layerCount` layers of `heads` heads.
    public init(inputWidth: Int, width: Int, layerCount: Int, heads: Int, feedForward: Int, dropout: Float,
                normFirst: Bool = false, pooling: Pooling = .last, rng: inout RandomStream) {
        projection = Linear(inputWidth, width, rng: &rng)
        layers = (0..<layerCount).map { _ in
            TransformerEncoderLayer(width: width, heads: heads, feedForward: feedForward, dropout: dropout,
                                    normFirst: normFirst, rng: &rng)
        }
        self.pooling = pooling
    }

    /// An encoder of the given parts (a frozen copy).
    init(projection: Linear, layers: [TransformerEncoderLayer], pooling: Pooling) {
        self.projection = projection
        self.layers = layers
        self.pooling = pooling
    }

    /// A copy whose weights are constants (no graph is recorded through it: evaluation).
    public func frozen() -> TransformerEncoder {
        TransformerEncoder(projection: projection.frozen(), layers: layers.map { $0.frozen() }, pooling: pooling)
    }

    /// Encodes x [B, T, D_in] with validity `valid` [B, T] into [B, width].
    public func callAsFunction(_ x: Tensor, valid: [Float], training: Bool, rng: inout RandomStream) -> Tensor {
        var h = PositionalEncoding.add(to: projection(x))
        for layer in layers { h = layer(h, valid: valid, training: training, rng: &rng) }
        return pooling == .mean ? h.maskedMeanPool(valid: valid) : h.lastValidPool(valid: valid)
    }

    /// The output width.
    public var width: Int { projection.weight.shape[0] }

    /// Parameters, named `projection.*`, `layers.0.*`, ….
    public var parameters: ParameterSet {
        layers.enumerated().reduce(projection.parameters.prefixed("projection")) {
            $0 + $1.element.parameters.prefixed("layers.\($1.offset)")
        }
    }
}
