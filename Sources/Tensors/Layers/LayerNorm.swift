/// Layer normalisation over the last axis with a learned scale γ (ones) and shift β (zeros).
public struct LayerNorm: Sendable {
    /// The scale γ, [D].
    public let gamma: Tensor
    /// The shift β, [D].
    public let beta: Tensor
    /// Added to the variance.
    public let epsilon: Float

    /// A layer norm over `features` features.
    public init(_ features: Int, epsilon: Float = 1e-5) {
        gamma = Tensor(shape: [features], data: [Float](repeating: 1, count: features), requiresGrad: true)
        beta = Tensor.zeros([features], requiresGrad: true)
        self.epsilon = epsilon
    }

    /// A copy whose γ and β are constants: gradients flow through it to its input only.
    public func frozen() -> LayerNorm { LayerNorm(gamma: gamma.stopGradient(), beta: beta.stopGradient(), epsilon: epsilon) }

    private init(gamma: Tensor, beta: Tensor, epsilon: Float) {
        self.gamma = gamma
        self.beta = beta
        self.epsilon = epsilon
    }

    /// Normalises each row of `x`.
    public func callAsFunction(_ x: Tensor) -> Tensor { x.layerNorm(gamma: gamma, beta: beta, epsilon: epsilon) }

    /// `weight` (γ) and `bias` (β), named as PyTorch names them.
    public var parameters: ParameterSet { ParameterSet([("weight", gamma), ("bias", beta)]) }
}
