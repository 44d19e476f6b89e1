import CKernels
/// Adam, as `torch.optim.Adam`: weight decay is *added to the gradient* (L2 penalty).
///
/// With t the step count: g ← g + wd·p; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// p ← p − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
public struct Adam: Optimizer {
    public let parameters: ParameterSet
    public var learningRate: Float
    /// β₁, β₂.
    public var betas: (Float, Float)
    /// ε in the denominator.
    public var epsilon: Float
    /// L2 penalty added to the gradient.
    public var weightDecay: Float
    var moments: AdamMoments

    /// An Adam optimiser over `parameters` with PyTorch's defaults.
    public init(_ parameters: ParameterSet, learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        moments = AdamMoments(parameters)
    }

    public mutating func step() {
        moments.update(parameters, learningRate: learningRate, betas: betas, epsilon: epsilon,
                       l2: weightDecay, decoupledDecay: 0)
    }
}

/// AdamW, as `torch.optim.AdamW`: *decoupled* weight decay, p ← p·(1 − lr·wd), then the Adam
/// update without any penalty in the gradient. PyTorch's default wd is 0.01.
public struct AdamW: Optimizer {
    public let parameters: ParameterSet
    public var learningRate: Float
    /// β₁, β₂.
    public var betas: (Float, Float)
    /// ε in the denominator.
    public var epsilon: Float
    /// Decoupled decay rate.
    public var weightDecay: Float
    var moments: AdamMoments

    /// An AdamW optimiser over `parameters` with PyTorch's defaults.
    public init(_ parameters: ParameterSet, learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
                epsilon: Float = 1e-8, weightDecay: Float = 1e-2) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        moments = AdamMoments(parameters)
    }

    public mutating func step() {
        moments.update(parameters, learningRate: learningRate, betas: betas, epsilon: epsilon,
                       l2: 0, decoupledDecay: weightDecay)
    }
}

/// The first and second moment estimates shared by Adam and AdamW.
struct AdamMoments {
    var m: [[Float]]
    var v: [[Float]]
    var steps: [Int]

    init(_ parameters: ParameterSet) {
        m = parameters.tensors.map { [Float](repeating: 0, count: $0.count) }
        v = m
        steps = Array(repeating: 0, count: m.count)
    }

    mutating func update(_ parameters: ParameterSet, learningRate lr: Float, betas: (Float, Float),
                         epsilon: Float, l2: Float, decoupledDecay: Float) {
        let (b1, b2) = betas
        for (k, entry) in parameters.entries.enumerated() {
            let p = entry.tensor
            guard let grad = p.grad else { continue }
            steps[k] += 1
            let t = Float(steps[k])
            let bc1 = 1 - Float.pow(b1, t), bc2Root = (1 - Float.pow(b2, t)).squareRoot()
            let stepSize = lr / bc1
            grad.withUnsafeBufferPointer { g in
                m[k].withUnsafeMutableBufferPointer { m in
                    v[k].withUnsafeMutableBufferPointer { v in
                        p.data.withUnsafeMutableBufferPointer { d in
                            AdamMoments.update(d, g, m, v, b1: b1, b2: b2, stepSize: stepSize, bc2Root: bc2Root,
                                               epsilon: epsilon, l2: l2, decay: 1 - lr * decoupledDecay)
                        }
                    }
                }
            }
        }
    }
}

extension AdamMoments {
    /// The element-wise update of one tensor (the C kernel `synib_adam_update`, vectorised):
    /// p ← p·decay; g' = g + l2·p; m ← β₁m + (1−β₁)g'; v ← β₂v + (1−β₂)g'²;
    /// p ← p − stepSize · m / (√v / bc2Root + ε).
    @inline(__always)
    static func update(_ d: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>,
                       _ m: UnsafeMutableBufferPointer<Float>, _ v: UnsafeMutableBufferPointer<Float>,
                       b1: Float, b2: Float, stepSize: Float, bc2Root: Float, epsilon: Float, l2: Float, decay: Float) {
        guard let dp = d.baseAddress, let gp = g.baseAddress, let mp = m.baseAddress, let vp = v.baseAddress else { return }
        synib_adam_update(dp, gp, mp, vp, d.count, b1, b2, stepSize, bc2Root, epsilon, l2, decay)
    }
}

extension Float {
    /// x raised to y.
    static func pow(_ x: Float, _ y: Float) -> Float {
        Float(Foundation.pow(Double(x), Double(y)))
    }
}

import Foundation
