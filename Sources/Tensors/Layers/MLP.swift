/// A multi-layer perceptron: Linear → activation (→ dropout) for each consecutive pair of
/// widths; the last layer is left linear unless `activateLast` is set.
///
/// `MLP(widths: [32, 256, 256], activateLast: true)` is the PID-XOR encoder;
/// `MLP(widths: [512, 128, 128, 2])` a fusion head.
public struct MLP: Sendable {
    /// The layers, in order.
    public let layers: [Linear]
    /// The non-linearity between layers.
    public let activation: Activation
    /// Dropout after each activation (training only).
    public let dropout: Dropout
    /// Whether the activation (and dropout) also follow the last layer.
    public let activateLast: Bool

    /// Builds the layers with PyTorch's default initialisation, drawing from `rng`.
    public init(widths: [Int], activation: Activation = .relu, dropout: Float = 0,
                activateLast: Bool = false, rng: inout RandomStream) {
        precondition(widths.count >= 2, "MLP needs at least an input and an output width, got \(widths)")
        var layers: [Linear] = []
        for (i, o) in zip(widths, widths.dropFirst()) { layers.append(Linear(i, o, rng: &rng)) }
        self.layers = layers
        self.activation = activation
        self.dropout = Dropout(dropout)
        self.activateLast = activateLast
    }

    private init(layers: [Linear], activation: Activation, dropout: Dropout, activateLast: Bool) {
        self.layers = layers
        self.activation = activation
        self.dropout = dropout
        self.activateLast = activateLast
    }

    /// A copy whose weights are constants: gradients flow through it to its input only.
    public func frozen() -> MLP {
        MLP(layers: layers.map { $0.frozen() }, activation: activation, dropout: dropout, activateLast: activateLast)
    }

    /// The input width.
    public var inputWidth: Int { layers[0].weight.shape[1] }
    /// The output width.
    public var outputWidth: Int { layers[layers.count - 1].weight.shape[0] }

    /// Applies the network; dropout is active only when `training`.
    public func callAsFunction(_ x: Tensor, training: Bool = false, rng: inout RandomStream) -> Tensor {
        var h = x
        for (i, layer) in layers.enumerated() {
            if i < layers.count - 1 || activateLast {
                h = layer(h, activation: activation, dropout: dropout, training: training, rng: &rng)
            } else {
                h = layer(h)
            }
        }
        return h
    }

    /// Applies the network and also returns the input of its last layer (x itself for a
    /// single layer): the representation a second head can read. Same draws as the plain call.
    public func withRepresentation(_ x: Tensor, training: Bool = false,
                                   rng: inout RandomStream) -> (output: Tensor, representation: Tensor) {
        var h = x
        for layer in layers.dropLast() { h = layer(h, activation: activation, dropout: dropout, training: training, rng: &rng) }
        let last = layers[layers.count - 1]
        let output = activateLast ? dropout(last(h, activation: activation), training: training, rng: &rng) : last(h)
        return (output, h)
    }

    /// Applies the network in evaluation mode (no dropout).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var unused = RandomStream(seed: 0)
        return self(x, training: false, rng: &unused)
    }

    /// The parameters, named `0.weight`, `0.bias`, `1.weight`, ….
    public var parameters: ParameterSet {
        layers.enumerated().reduce(ParameterSet()) { $0 + $1.element.parameters.prefixed("\($1.offset)") }
    }
}
