import CKernels

/// A dense Float32 tensor in row-major order that records how it was computed, so that
/// ``backward()`` can propagate gradients to every tensor it depends on (micrograd style:
/// each result keeps its parents and a closure that pushes its gradient into theirs).
///
/// Leaves created with `requiresGrad: true` are parameters; gradients *accumulate* in
/// ``grad``, so a parameter used by several forward passes in one step (SynIB's 1 + M passes)
/// receives the sum of their contributions. Call ``zeroGrad()`` between steps.
///
/// Some ops also keep a closure that recomputes their value in place, so that a graph that is
/// the same every step can be recorded once and replayed (``CapturedStep``).
public final class Tensor {
    /// The extent of each axis, e.g. `[batch, features]` or `[batch, time, features]`.
    public let shape: [Int]
    /// The values, row-major; `data.count == shape.product`.
    public var data: [Float]
    /// The accumulated gradient of the last ``backward()`` calls, or nil if none reached it.
    public var grad: [Float]? {
        get { materializeZeroedGrad(); return gradStorage }
        _modify { materializeZeroedGrad(); yield &gradStorage }
        set { gradStorage = newValue; gradIsZeroed = false }
    }
    /// The gradient buffer. While `gradIsZeroed` its contents are stale and stand for zeros.
    var gradStorage: [Float]?
    /// Set by ``zeroGrad()``: the gradient is zero, but its buffer has not been written yet, so
    /// the first op to reach it can overwrite it instead of adding (no separate zeroing pass).
    var gradIsZeroed = false
    /// Whether gradients are tracked through this tensor.
    public let requiresGrad: Bool

    let parents: [Tensor]
    let backwardFn: ((Tensor) -> Void)?
    /// Rewrites `data` from the parents' current values, for ops that a ``CapturedStep`` can
    /// replay (nil for leaves, untracked results and ops that only run eagerly).
    let forwardFn: ((Tensor) -> Void)?
    /// Whether an operation produced this tensor (false for tensors made from values).
    let isOpResult: Bool

    /// A constant or leaf tensor. `requiresGrad: true` makes it a trainable parameter.
    public init(shape: [Int], data: [Float], requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in shape \(shape)")
        precondition(data.count == shape.product,
                     "Tensor: shape \(shape) needs \(shape.product) values, got \(data.count)")
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
        self.parents = []
        self.backwardFn = nil
        self.forwardFn = nil
        self.isOpResult = false
    }

    /// The result of an operation. Gradient tracking is on only if some parent tracks it;
    /// otherwise the closures and the parents are dropped (evaluation costs no graph).
    private init(shape: [Int], data: [Float], parents: [Tensor], forward: ((Tensor) -> Void)?,
                 backward: @escaping (Tensor) -> Void) {
        precondition(data.count == shape.product)
        self.shape = shape
        self.data = data
        let tracked = parents.contains { $0.requiresGrad }
        self.requiresGrad = tracked
        self.parents = tracked ? parents : []
        self.backwardFn = tracked ? backward : nil
        self.forwardFn = tracked ? forward : nil
        self.isOpResult = true
    }

    /// The result of an operation whose values are already computed (it runs eagerly only).
    convenience init(shape: [Int], data: [Float], parents: [Tensor], backward: @escaping (Tensor) -> Void) {
        self.init(shape: shape, data: data, parents: parents, forward: nil, backward: backward)
    }

    /// The result of a replayable operation: `forward` writes every element of `data` from the
    /// parents' current values. It runs once here (eager evaluation) and again on every replay
    /// of a ``CapturedStep`` that contains this tensor.
    convenience init(shape: [Int], parents: [Tensor], forward: @escaping (Tensor) -> Void,
                     backward: @escaping (Tensor) -> Void) {
        let count = shape.product
        // Left uninitialised: `forward` writes every element before anyone reads one.
        let data = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        self.init(shape: shape, data: data, parents: parents, forward: forward, backward: backward)
        forward(self)
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, data: [Float](repeating: 0, count: shape.product), requiresGrad: requiresGrad)
    }

    /// A tensor filled with `value` (a leaf parameter when it `requiresGrad`).
    public static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, data: [Float](repeating: value, count: shape.product), requiresGrad: requiresGrad)
    }

    /// A scalar (shape `[]`).
    public static func scalar(_ value: Float) -> Tensor { Tensor(shape: [], data: [value]) }

    /// Entries drawn from N(mean, std²).
    public static func normal(_ shape: [Int], mean: Float = 0, std: Float = 1,
                              rng: inout RandomStream) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.product).map { _ in rng.normal(mean: mean, std: std) })
    }

    /// Entries drawn from U[low, high).
    public static func uniform(_ shape: [Int], low: Float, high: Float,
                               rng: inout RandomStream) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.product).map { _ in rng.uniform(low, high) })
    }

    /// Number of elements.
    public var count: Int { data.count }
    /// Number of axes.
    public var rank: Int { shape.count }
    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(data.count == 1, "Tensor.item needs one element, shape is \(shape)")
        return data[0]
    }

    /// The same values, cut off from the graph: no gradient flows back through the result.
    public func stopGradient() -> Tensor { Tensor(shape: shape, data: data, parents: [], backward: { _ in }) }

    /// Sets the gradient to zero, keeping its buffer. The zeros are written lazily: by the first
    /// op that accumulates into it (which then overwrites rather than adds) or on first read.
    public func zeroGrad() {
        if gradStorage != nil { gradIsZeroed = true }
    }

    /// Writes the zeros ``zeroGrad()`` promised, if they are still owed.
    @inline(__always)
    private func materializeZeroedGrad() {
        guard gradIsZeroed else { return }
        gradIsZeroed = false
        gradStorage!.withUnsafeMutableBufferPointer { g in g.update(repeating: 0) }
    }

    /// Adds `body`'s contribution to this tensor's gradient buffer, creating it (zeros) first.
    /// Ops call this from their backward closures; it is a no-op for untracked tensors.
    @inline(__always)
    func accumulateGrad(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        guard requiresGrad else { return }
        if gradStorage == nil { gradStorage = [Float](repeating: 0, count: data.count) }
        materializeZeroedGrad()
        gradStorage!.withUnsafeMutableBufferPointer { body($0) }
    }

    /// As ``accumulateGrad(_:)``, for a body that can either add into the buffer or overwrite
    /// it: `fresh` is true when the buffer holds no gradient yet (just created, or zeroed by
    /// ``zeroGrad()``), and `body` must then write every element (a GEMM with beta = 0 instead
    /// of 1 saves zeroing it first).
    @inline(__always)
    func accumulateGrad(overwritingFresh body: (UnsafeMutableBufferPointer<Float>, _ fresh: Bool) -> Void) {
        guard requiresGrad else { return }
        guard gradStorage != nil else {
            gradStorage = [Float](unsafeUninitializedCapacity: data.count) { buffer, initialized in
                body(buffer, true)
                initialized = data.count
            }
            return
        }
        let fresh = gradIsZeroed
        gradIsZeroed = false
        gradStorage!.withUnsafeMutableBufferPointer { body($0, fresh) }
    }

    /// Adds a block of values to this tensor's gradient, as the backward pass of an op that
    /// only moves values (concat, slice, reshape, stacking and splitting rows): `rows` rows of
    /// `columns` values, read `sourceStride` apart from element `sourceStart` of `source`, added
    /// `stride` apart from element `offset` of the gradient. A buffer that holds no gradient yet
    /// is written, not added to (its elements outside the block set to zero): the same bits as
    /// adding into a zero-filled buffer, without the zeroing pass. A no-op for untracked tensors.
    @inline(__always)
    func accumulateGrad(block source: UnsafeBufferPointer<Float>, sourceStart: Int = 0, sourceStride: Int,
                        offset: Int = 0, stride: Int, rows: Int, columns: Int) {
        accumulateGrad { buffer, fresh in
            guard let base = buffer.baseAddress else { return }
            guard rows > 0, columns > 0 else {
                if fresh { base.initialize(repeating: 0, count: buffer.count) }
                return
            }
            let end = offset + (rows - 1) * stride + columns
            precondition(offset >= 0 && stride >= columns && end <= buffer.count,
                         "gradient block of \(rows) × \(columns) at \(offset) (stride \(stride)) outside \(buffer.count) values")
            precondition(sourceStart >= 0 && sourceStride >= columns
                         && sourceStart + (rows - 1) * sourceStride + columns <= source.count,
                         "gradient block of \(rows) × \(columns) at \(sourceStart) (stride \(sourceStride)) outside its source of \(source.count)")
            var overwrite = fresh
            if fresh && (offset > 0 || end < buffer.count || (rows > 1 && stride > columns)) {
                if rows == 1 || stride == columns {  // one contiguous run: zero what lies outside it
                    base.initialize(repeating: 0, count: offset)
                    (base + end).initialize(repeating: 0, count: buffer.count - end)
                } else {                             // gaps between the rows: zero all, then add
                    base.initialize(repeating: 0, count: buffer.count)
                    overwrite = false
                }
            }
            synib_accumulate_rows(base + offset, stride, source.baseAddress! + sourceStart, sourceStride, rows, columns,
                                  overwrite ? 1 : 0)
        }
    }

    /// Reverse-mode differentiation from this scalar: adds d(self)/d(t) to `t.grad` for every
    /// tensor `t` with `requiresGrad` that this one depends on.
    public func backward() {
        precondition(data.count == 1, "backward() starts from a scalar, shape is \(shape)")
        guard requiresGrad else { return }
        Tensor.backpropagate(graphOrder(), keepingBuffers: false)
    }

    /// This tensor and everything it depends on through tracked results, parents before
    /// children (iterative depth-first search: graphs can be deep). Untracked parents appear
    /// as leaves; this tensor comes last.
    func graphOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            if !visited.insert(ObjectIdentifier(node)).inserted { continue }
            stack.append((node, true))
            for p in node.parents where !visited.contains(ObjectIdentifier(p)) { stack.append((p, false)) }
        }
        return order
    }

    /// The chain rule over `order` (as from ``graphOrder()``, the scalar root last): seeds the
    /// root's gradient with 1, then pushes every reached result's gradient into its parents.
    /// Intermediate gradients are not needed once pushed: eager backward frees them, a
    /// replayed step keeps the buffers (marked zero) for the next replay.
    static func backpropagate(_ order: [Tensor], keepingBuffers: Bool) {
        order.last!.accumulateGrad { $0[0] += 1 }
        for node in order.reversed() where node.backwardFn != nil && node.gradStorage != nil && !node.gradIsZeroed {
            node.backwardFn!(node)
            if keepingBuffers { node.zeroGrad() } else { node.grad = nil }
        }
    }
}

/// Tensors cross threads only as whole values owned by one training run at a time (the
/// harness runs independent cells concurrently; no tensor is shared between them).
extension Tensor: @unchecked Sendable {}

extension Tensor: CustomStringConvertible {
    /// Shape and the first values, for debugging.
    public var description: String {
        let head = data.prefix(8).map { String($0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), data: [\(head)\(data.count > 8 ? ", …" : "")])"
    }
}

extension Array where Element == Int {
    /// The number of elements of a tensor with this shape.
    public var product: Int { reduce(1, *) }
}
