/// A training step recorded once and replayed without rebuilding its graph.
///
/// Eager evaluation builds a fresh graph every step: a node, a value buffer, a gradient buffer
/// and a closure per op. When the graph is the same every step — same ops, same shapes —
/// `CapturedStep` records it once and then, on every ``run()``, re-evaluates the recorded ops
/// in place on the leaves' *current* values and backpropagates into the kept gradient buffers.
/// After the first replay a step allocates nothing (PyTorch's CUDA graphs do the same for GPUs).
///
///     let step = try CapturedStep { Loss.crossEntropy(head(Tensor.concat([e0(x0), e1(x1)])), targets: y) }
///     for batch in batches {
///         x0.data.withUnsafeMutableBufferPointer { ... }   // new inputs, same shape, in place
///         optimizer.zeroGrad(); step.run(); optimizer.step()
///     }
///
/// What is replayed is exactly what was recorded: the leaves (parameters, inputs, constants)
/// are read again, but anything the recording closure computed outside the graph — the
/// targets of a loss, a mask, a random draw — is fixed at recording time. Only ops that
/// can rewrite their output in place are replayable (linear, concat, cross-entropy);
/// recording any other op, or an untracked intermediate whose value would be frozen (e.g.
/// `stopGradient()`), throws ``CaptureError``.
public final class CapturedStep {
    /// The recorded loss (its value is the one of the last run).
    public let loss: Tensor
    /// Every tensor of the graph, parents before children, the loss last.
    private let order: [Tensor]
    /// The leaves and their element counts at recording time (a replay checks them).
    private let leaves: [(tensor: Tensor, count: Int)]

    /// Records the graph of the scalar `build()` returns (evaluating it once, eagerly).
    public init(_ build: () -> Tensor) throws(CaptureError) {
        loss = build()
        guard loss.count == 1, loss.requiresGrad else { throw CaptureError.notATrainableScalar(shape: loss.shape) }
        order = loss.graphOrder()
        var leaves: [(tensor: Tensor, count: Int)] = []
        for node in order {
            if node.parents.isEmpty {
                if node.isOpResult { throw CaptureError.frozenIntermediate(shape: node.shape) }
                leaves.append((node, node.count))
            } else if node.forwardFn == nil {
                throw CaptureError.notReplayable(shape: node.shape)
            }
        }
        self.leaves = leaves
    }

    /// Re-evaluates the graph on the leaves' current values, then adds the loss's gradients
    /// to every parameter's `grad` (as ``Tensor/backward()`` does). Returns the loss.
    @discardableResult
    public func run() -> Float {
        for (tensor, count) in leaves {
            precondition(tensor.data.count == count,
                         "CapturedStep: a leaf of shape \(tensor.shape) now holds \(tensor.data.count) values, not \(count)")
        }
        for node in order { node.forwardFn?(node) }
        Tensor.backpropagate(order, keepingBuffers: true)
        return loss.data[0]
    }
}

/// Why a graph cannot be captured.
public enum CaptureError: Error, CustomStringConvertible, Equatable {
    /// The recorded value is not a scalar that depends on a parameter.
    case notATrainableScalar(shape: [Int])
    /// An op that only runs eagerly (it cannot rewrite its output in place).
    case notReplayable(shape: [Int])
    /// An op result that tracks no gradient (e.g. `stopGradient()`, or an op on inputs only):
    /// replaying would keep its recorded value.
    case frozenIntermediate(shape: [Int])

    public var description: String {
        switch self {
        case .notATrainableScalar(let shape):
            "CapturedStep: the recorded value must be a scalar loss that depends on a parameter, got shape \(shape)"
        case .notReplayable(let shape):
            "CapturedStep: the graph contains an op (output shape \(shape)) that cannot be replayed; replayable ops: linear, concat, crossEntropy"
        case .frozenIntermediate(let shape):
            "CapturedStep: the graph contains an untracked intermediate result (shape \(shape), e.g. stopGradient()) whose value a replay would not recompute"
        }
    }
}
