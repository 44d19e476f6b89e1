/// A fully connected layer y = x · Wᵀ + b with W of shape [out, in] (PyTorch's layout).
public struct Linear: Sendable {
    /// The weight matrix, [out, in].
    public let weight: Tensor
    /// The bias, [out], if the layer has one.
    public let bias: Tensor?

    /// PyTorch's default initialisation: W and b ~ U(−1/√in, 1/√in).
    public init(_ inFeatures: Int, _ outFeatures: Int, bias hasBias: Bool = true, rng: inout RandomStream) {
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Tensor(shape: [outFeatures, inFeatures],
                        data: (0..<(inFeatures * outFeatures)).map { _ in rng.uniform(-bound, bound) },
                        requiresGrad: true)
        bias = hasBias ? Tensor(shape: [outFeatures],
                                data: (0..<outFeatures).map { _ in rng.uniform(-bound, bound) },
                                requiresGrad: true) : nil
    }

    /// A layer with the given parameters (weight [out, in], bias [out]).
    public init(weight: Tensor, bias: Tensor?) {
        precondition(weight.rank == 2 && (bias == nil || bias!.shape == [weight.shape[0]]),
                     "Linear: weight \(weight.shape) and bias \(bias?.shape ?? []) do not match")
        self.weight = weight
        self.bias = bias
    }

    /// A copy whose weight and bias are constants (no gradient reaches them).
    public func frozen() -> Linear { Linear(weight: weight.stopGradient(), bias: bias?.stopGradient()) }

    /// Applies the layer to [N, in] or [N, T, in], then `activation` (fused into the same op
    /// for ReLU).
    public func callAsFunction(_ x: Tensor, activation: Activation = .identity) -> Tensor {
        x.linear(weight: weight, bias: bias, activation: activation)
    }

    /// Applies the layer, then `activation`, then `dropout` when `training` (one fused op for a
    /// ReLU: ``Tensor/linear(weight:bias:activation:dropout:rng:)``).
    public func callAsFunction(_ x: Tensor, activation: Activation, dropout: Dropout, training: Bool,
                               rng: inout RandomStream) -> Tensor {
        guard training && dropout.p > 0 else { return self(x, activation: activation) }
        return x.linear(weight: weight, bias: bias, activation: activation, dropout: dropout.p, rng: &rng)
    }

    /// `weight` and `bias`, named as PyTorch names them.
    public var parameters: ParameterSet {
        ParameterSet([("weight", weight)] + (bias.map { [("bias", $0)] } ?? []))
    }
}
