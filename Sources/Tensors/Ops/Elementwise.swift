/// Element-wise arithmetic with explicit, checked broadcasting.
///
/// The right operand either has the left operand's shape, or is broadcast in one of three
/// ways that the caller can see from the shapes:
/// - **row**: one value per feature (shape `[D]`), added to every row of `[…, D]` (a bias);
/// - **column**: one value per row (the left shape with its last axis set to 1);
/// - **scalar**: a single value (shape `[]` or `[1]`).
/// Anything else is a programming error and stops with both shapes in the message.
enum Broadcast {
    case same, row, column, scalar

    init(_ a: [Int], _ b: [Int], op: String) {
        if a == b { self = .same; return }
        if b.product == 1 && b.count <= 1 { self = .scalar; return }
        if let last = a.last, b.product == last, b.last == last, b.dropLast().allSatisfy({ $0 == 1 }) {
            self = .row; return
        }
        if a.count >= 1, b.count == a.count, b.last == 1, Array(b.dropLast()) == Array(a.dropLast()) {
            self = .column; return
        }
        preconditionFailure("\(op): cannot broadcast shape \(b) onto \(a) (same shape, [D] row, [..., 1] column or scalar)")
    }
}

extension Tensor {
    /// Applies `f` to (self[i], other[broadcast i]) and records the partial derivatives
    /// `da`, `db` (each given a, b and the output value).
    @inline(__always)
    func binary(_ other: Tensor, op: String,
                _ f: @escaping (Float, Float) -> Float,
                da: @escaping (Float, Float, Float) -> Float,
                db: @escaping (Float, Float, Float) -> Float) -> Tensor {
        let mode = Broadcast(shape, other.shape, op: op)
        let columns = shape.last ?? 1
        let rows = columns == 0 ? 0 : count / columns
        @inline(__always) func bIndex(_ r: Int, _ c: Int) -> Int {
            switch mode {
            case .same: return r * columns + c
            case .row: return c
            case .column: return r
            case .scalar: return 0
            }
        }
        var out = [Float](repeating: 0, count: count)
        data.withUnsafeBufferPointer { pa in
            other.data.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    for r in 0..<rows {
                        for c in 0..<columns {
                            let i = r * columns + c
                            po[i] = f(pa[i], pb[bIndex(r, c)])
                        }
                    }
                }
            }
        }
        let a = self
        return Tensor(shape: shape, data: out, parents: [a, other]) { outT in
            let g = outT.grad!, y = outT.data, av = a.data, bv = other.data
            if a.requiresGrad {
                a.accumulateGrad { ga in
                    for r in 0..<rows {
                        for c in 0..<columns {
                            let i = r * columns + c
                            ga[i] += g[i] * da(av[i], bv[bIndex(r, c)], y[i])
                        }
                    }
                }
            }
            if other.requiresGrad {
                other.accumulateGrad { gb in
                    for r in 0..<rows {
                        for c in 0..<columns {
                            let i = r * columns + c, j = bIndex(r, c)
                            gb[j] += g[i] * db(av[i], bv[j], y[i])
                        }
                    }
                }
            }
        }
    }

    /// Element-wise sum (with broadcasting of `rhs`, see ``Broadcast``).
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        guard lhs.shape == rhs.shape else {
            return lhs.binary(rhs, op: "add", { $0 + $1 }, da: { _, _, _ in 1 }, db: { _, _, _ in 1 })
        }
        // The common residual case, without per-element derivative calls: both inputs
        // receive the output gradient unchanged.
        let (a, b) = (lhs.data, rhs.data)
        let out = [Float](unsafeUninitializedCapacity: a.count) { buffer, initialized in
            for i in 0..<a.count { buffer[i] = a[i] + b[i] }
            initialized = a.count
        }
        return Tensor(shape: lhs.shape, data: out, parents: [lhs, rhs]) { outT in
            outT.grad!.withUnsafeBufferPointer { g in
                lhs.accumulateGrad(block: g, sourceStride: g.count, stride: g.count, rows: 1, columns: g.count)
                rhs.accumulateGrad(block: g, sourceStride: g.count, stride: g.count, rows: 1, columns: g.count)
            }
        }
    }

    /// Element-wise difference.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        lhs.binary(rhs, op: "sub", { $0 - $1 }, da: { _, _, _ in 1 }, db: { _, _, _ in -1 })
    }

    /// Element-wise product.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        lhs.binary(rhs, op: "mul", { $0 * $1 }, da: { _, b, _ in b }, db: { a, _, _ in a })
    }

    /// Element-wise quotient.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        lhs.binary(rhs, op: "div", { $0 / $1 }, da: { _, b, _ in 1 / b }, db: { a, b, _ in -a / (b * b) })
    }

    /// Adds a bias vector of shape [D] to every row of a [..., D] tensor.
    public func addingBias(_ bias: Tensor) -> Tensor {
        precondition(bias.rank == 1 && bias.shape[0] == shape.last,
                     "addingBias: bias \(bias.shape) does not match features of \(shape)")
        return self + bias
    }

    /// Multiplies every element by a constant.
    public static func * (lhs: Tensor, rhs: Float) -> Tensor {
        lhs.unary({ $0 * rhs }, derivative: { _, _ in rhs })
    }

    /// Multiplies every element by a constant.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs * lhs }

    /// Adds a constant to every element.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor {
        lhs.unary({ $0 + rhs }, derivative: { _, _ in 1 })
    }

    /// Negation.
    public static prefix func - (x: Tensor) -> Tensor { x * -1 }

    /// Applies `f` element-wise; `derivative(x, y)` is f'(x) given the input and the output.
    /// Inlined into each activation so that `f` and `derivative` are specialised into tight loops.
    @inline(__always)
    func unary(_ f: (Float) -> Float, derivative: @escaping (Float, Float) -> Float) -> Tensor {
        let out = [Float](unsafeUninitializedCapacity: count) { po, initialized in
            data.withUnsafeBufferPointer { px in
                for i in 0..<px.count { po[i] = f(px[i]) }
            }
            initialized = count
        }
        let x = self
        return Tensor(shape: shape, data: out, parents: [x]) { outT in
            outT.grad!.withUnsafeBufferPointer { g in
                outT.data.withUnsafeBufferPointer { y in
                    x.data.withUnsafeBufferPointer { xv in
                        x.accumulateGrad { gx in
                            for i in 0..<gx.count { gx[i] += g[i] * derivative(xv[i], y[i]) }
                        }
                    }
                }
            }
        }
    }
}
