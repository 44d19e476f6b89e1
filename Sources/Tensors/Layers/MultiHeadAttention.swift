/// Multi-head self-attention as `torch.nn.MultiheadAttention` (batch first): query, key and
/// value projections initialised Xavier-uniform over the packed [3D, D] in-projection with
/// zero biases, an output projection with PyTorch's Linear initialisation and a zero bias.
public struct MultiHeadAttention: Sendable {
    /// Query, key and value projections.
    public let query: Linear, key: Linear, value: Linear
    /// The output projection.
    public let output: Linear
    /// The number of heads.
    public let heads: Int

    /// Attention over `width` features with `heads` heads (`width` must divide evenly).
    public init(width: Int, heads: Int, rng: inout RandomStream) {
        precondition(heads > 0 && width % heads == 0, "MultiHeadAttention: width \(width) is not divisible by \(heads) heads")
        let bound = (6 / Float(width + 3 * width)).squareRoot()
        func projection() -> Linear {
            Linear(weight: Tensor.uniform([width, width], low: -bound, high: bound, rng: &rng).trainable(),
                   bias: Tensor.zeros([width], requiresGrad: true))
        }
        query = projection(); key = projection(); value = projection()
        let out = Linear(width, width, rng: &rng)
        output = Linear(weight: out.weight, bias: Tensor.zeros([width], requiresGrad: true))
        self.heads = heads
    }

    /// Self-attention over x [B, T, D]; `valid` is the [B, T] validity of each step.
    public func callAsFunction(_ x: Tensor, valid: [Float]) -> Tensor {
        let (b, t) = (x.shape[0], x.shape[1])
        var keyFlags = [Float](repeating: 0, count: b * heads * t)
        for i in 0..<b { for h in 0..<heads { for s in 0..<t { keyFlags[(i * heads + h) * t + s] = valid[i * t + s] } } }
        let attended = Tensor.scaledDotProductAttention(
            query: query(x).splitHeads(heads), key: key(x).splitHeads(heads), value: value(x).splitHeads(heads),
            validKeys: keyFlags).output
        return output(attended.mergeHeads(heads))
    }

    /// Parameters, named `query.weight`, …, `output.bias`.
    public var parameters: ParameterSet {
        query.parameters.prefixed("query") + key.parameters.prefixed("key") + value.parameters.prefixed("value")
            + output.parameters.prefixed("output")
    }
}

extension Tensor {
    /// The same values as a trainable leaf.
    public func trainable() -> Tensor { Tensor(shape: shape, data: data, requiresGrad: true) }
}
