/// A gradient-based update rule over a fixed set of parameters.
public protocol Optimizer {
    /// The parameters this optimiser updates.
    var parameters: ParameterSet { get }
    /// The learning rate.
    var learningRate: Float { get set }
    /// Applies one update from the parameters' current gradients (parameters whose gradient
    /// is nil are skipped, as in PyTorch).
    mutating func step()
}

extension Optimizer {
    /// Zeroes the gradients of the parameters.
    public func zeroGrad() { parameters.zeroGrad() }
}

/// The optimisers a training configuration can name.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    case sgd, adam, adamw

    /// Builds the optimiser over `parameters` (momentum applies to SGD only).
    public func make(_ parameters: ParameterSet, learningRate: Float, weightDecay: Float,
                     momentum: Float = 0.9) -> any Optimizer {
        switch self {
        case .sgd: SGD(parameters, learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
        case .adam: Adam(parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .adamw: AdamW(parameters, learningRate: learningRate, weightDecay: weightDecay)
        }
    }
}

/// Scales all gradients so that their global L2 norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_` (coefficient maxNorm / (norm + 1e-6), applied when < 1).
/// Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: ParameterSet, maxNorm: Float) -> Float {
    var squares: Double = 0
    for t in parameters.tensors { if let g = t.grad { for v in g { squares += Double(v) * Double(v) } } }
    let norm = Float(squares.squareRoot())
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        for t in parameters.tensors where t.grad != nil {
            t.grad!.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] *= coefficient } }
        }
    }
    return norm
}
