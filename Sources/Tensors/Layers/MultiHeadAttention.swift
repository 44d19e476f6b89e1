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

    /// A layer with the given projections (a frozen copy).
    init(query: Linear, key: Linear, value: Linear, output: Linear, heads: Int) {
        self.query = query; self.key = key; self.value = value; self.output = output
        self.heads = heads
    }

    /// A copy whose weights are constants (no graph is recorded through it: evaluation).
    public func frozen() -> MultiHeadAttention {
        MultiHeadAttention(query: query.frozen(), key: key.frozen(), value: value.frozen(), output: output.frozen(),
                           heads: heads)
    }

    /// Self-attention over x [B, T, D]; `valid` is the [B, T] validity of each step.
    public func callAsFunction(_ x: Tensor, valid: [Float]) -> Tensor {
        output(Tensor.multiHeadSelfAttention(query: query(x), key: key(x), value: value(x), heads: heads, valid: valid))
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
