/// Stochastic gradient descent with momentum, as `torch.optim.SGD`:
/// g ← g + wd·p; b ← μ·b + (1 − dampening)·g (b = g on the first step); g ← b (or g + μ·b
/// with Nesterov); p ← p − lr·g.
public struct SGD: Optimizer {
    public let parameters: ParameterSet
    public var learningRate: Float
    /// Momentum μ (0 disables the buffer).
    public var momentum: Float
    /// Dampening of the momentum buffer.
    public var dampening: Float
    /// L2 penalty added to the gradient.
    public var weightDecay: Float
    /// Nesterov momentum.
    public var nesterov: Bool
    private var buffers: [[Float]?]

    /// An SGD optimiser over `parameters`.
    public init(_ parameters: ParameterSet, learningRate: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        buffers = Array(repeating: nil, count: parameters.entries.count)
    }

    public mutating func step() {
        for (k, p) in parameters.tensors.enumerated() {
            guard let grad = p.grad else { continue }
            var g = grad
            if weightDecay != 0 { for i in g.indices { g[i] += weightDecay * p.data[i] } }
            if momentum != 0 {
                if var b = buffers[k] {
                    for i in b.indices { b[i] = momentum * b[i] + (1 - dampening) * g[i] }
                    buffers[k] = b
                } else {
                    buffers[k] = g
                }
                let b = buffers[k]!
                if nesterov { for i in g.indices { g[i] += momentum * b[i] } } else { g = b }
            }
            let lr = learningRate
            p.data.withUnsafeMutableBufferPointer { d in for i in d.indices { d[i] -= lr * g[i] } }
        }
    }
}
