/// Operations that move values without arithmetic: reshape, transpose, concat/split along
/// the feature (last) axis, and row gathering along the batch (first) axis.
extension Tensor {
    /// The same values with another shape of the same size.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.product == count, "reshape: cannot view \(shape) as \(newShape)")
        let x = self
        let n = count
        return Tensor(shape: newShape, data: data, parents: [x]) { outT in
            outT.grad!.withUnsafeBufferPointer { g in
                x.accumulateGrad(block: g, sourceStride: n, stride: n, rows: 1, columns: n)
            }
        }
    }

    /// Swaps the last two axes ([R, C] → [C, R]; [B, R, C] → [B, C, R]).
    public func transposed() -> Tensor {
        precondition(rank == 2 || rank == 3, "transposed needs a 2-D or 3-D tensor, got \(shape)")
        let (r, c) = (shape[rank - 2], shape[rank - 1])
        let batch = count / max(r * c, 1)
        var outShape = shape
        outShape[rank - 2] = c; outShape[rank - 1] = r
        var out = [Float](repeating: 0, count: count)
        let data = self.data
        for b in 0..<batch {
            let o = b * r * c
            for i in 0..<r { for j in 0..<c { out[o + j * r + i] = data[o + i * c + j] } }
        }
        let x = self
        return Tensor(shape: outShape, data: out, parents: [x]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in
                for b in 0..<batch {
                    let o = b * r * c
                    for i in 0..<r { for j in 0..<c { gx[o + i * c + j] += g[o + j * r + i] } }
                }
            }
        }
    }

    /// Concatenates tensors along the last axis; all other axes must agree.
    public static func concat(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty, "concat needs at least one tensor")
        let lead = Array(parts[0].shape.dropLast())
        for p in parts {
            precondition(Array(p.shape.dropLast()) == lead,
                         "concat: shapes \(parts.map(\.shape)) differ outside the last axis")
        }
        let widths = parts.map { $0.shape.last ?? 1 }
        let total = widths.reduce(0, +)
        let rows = lead.product
        // Every element is written: row r of part p goes to columns offset..<offset+w of row r.
        let forward = { (outT: Tensor) in
            outT.data.withUnsafeMutableBufferPointer { po in
                var offset = 0
                for (p, w) in zip(parts, widths) {
                    p.data.withUnsafeBufferPointer { pv in
                        for r in 0..<rows where w > 0 {
                            (po.baseAddress! + r * total + offset).update(from: pv.baseAddress! + r * w, count: w)
                        }
                    }
                    offset += w
                }
            }
        }
        return Tensor(shape: lead + [total], parents: parts, forward: forward) { outT in
            outT.grad!.withUnsafeBufferPointer { g in
                var offset = 0
                for (p, w) in zip(parts, widths) {
                    p.accumulateGrad(block: g, sourceStart: offset, sourceStride: total, stride: w, rows: rows, columns: w)
                    offset += w
                }
            }
        }
    }

    /// Splits along the last axis into pieces of the given widths (which must add up to it).
    public func split(widths: [Int]) -> [Tensor] {
        let total = shape.last ?? 1
        precondition(widths.reduce(0, +) == total, "split: widths \(widths) do not add up to the last axis of \(shape)")
        var offset = 0
        return widths.map { w in
            defer { offset += w }
            return slice(features: offset..<(offset + w))
        }
    }

    /// The columns `range` of the last axis.
    public func slice(features range: Range<Int>) -> Tensor {
        let total = shape.last ?? 1
        precondition(range.lowerBound >= 0 && range.upperBound <= total,
                     "slice: features \(range) out of bounds for \(shape)")
        let rows = total == 0 ? 0 : count / total
        let w = range.count, start = range.lowerBound
        let out = [Float](unsafeUninitializedCapacity: rows * w) { po, initialized in
            data.withUnsafeBufferPointer { px in
                for r in 0..<rows where w > 0 {
                    (po.baseAddress! + r * w).initialize(from: px.baseAddress! + r * total + start, count: w)
                }
            }
            initialized = rows * w
        }
        var outShape = shape
        outShape[rank - 1] = w
        let x = self
        return Tensor(shape: outShape, data: out, parents: [x]) { outT in
            outT.grad!.withUnsafeBufferPointer { g in
                x.accumulateGrad(block: g, sourceStride: w, offset: start, stride: total, rows: rows, columns: w)
            }
        }
    }

    /// The parts stacked along the first axis (their other axes must agree): the batches of
    /// several forward passes through the same weights become one batch, so each layer runs
    /// one larger GEMM instead of one per pass. ``rows(_:)`` takes them apart again.
    public static func stackRows(_ parts: [Tensor]) -> Tensor {
        precondition(!parts.isEmpty && parts.allSatisfy { $0.rank >= 1 }, "stackRows needs tensors with at least one axis")
        let inner = Array(parts[0].shape.dropFirst())
        precondition(parts.allSatisfy { Array($0.shape.dropFirst()) == inner },
                     "stackRows: shapes \(parts.map(\.shape)) differ beyond the first axis")
        let total = parts.reduce(0) { $0 + $1.count }
        let out = [Float](unsafeUninitializedCapacity: total) { po, initialized in
            var offset = 0
            for p in parts {
                p.data.withUnsafeBufferPointer { pv in
                    if let src = pv.baseAddress { (po.baseAddress! + offset).initialize(from: src, count: pv.count) }
                }
                offset += p.count
            }
            initialized = total
        }
        let starts = parts.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        return Tensor(shape: [parts.reduce(0) { $0 + $1.shape[0] }] + inner, data: out, parents: parts) { outT in
            outT.grad!.withUnsafeBufferPointer { g in
                for (k, p) in parts.enumerated() {
                    let n = starts[k + 1] - starts[k]
                    p.accumulateGrad(block: g, sourceStart: starts[k], sourceStride: n, stride: n, rows: 1, columns: n)
                }
            }
        }
    }

    /// Consecutive blocks of `counts` rows (which must add up to the first axis).
    public func splitRows(_ counts: [Int]) -> [Tensor] {
        precondition(rank >= 1 && counts.reduce(0, +) == shape[0], "splitRows: \(counts) do not add up to the first axis of \(shape)")
        var start = 0
        return counts.map { n in
            defer { start += n }
            return rows(start..<(start + n))
        }
    }

    /// The rows `range` of the first axis, as one block (the inverse of ``stackRows(_:)``).
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "rows: \(range) out of bounds for \(shape)")
        let rowSize = shape[0] == 0 ? 0 : count / shape[0]
        let start = range.lowerBound * rowSize, n = range.count * rowSize
        let out = Array(data[start..<(start + n)])
        var outShape = shape
        outShape[0] = range.count
        let x = self
        return Tensor(shape: outShape, data: out, parents: [x]) { outT in
            outT.grad!.withUnsafeBufferPointer { g in
                x.accumulateGrad(block: g, sourceStride: n, offset: start, stride: n, rows: 1, columns: n)
            }
        }
    }

    /// Rows `indices` of the first axis (batch indexing); repeated indices are allowed and
    /// their gradients add up.
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatherRows needs at least one axis")
        let n = shape[0], rowSize = n == 0 ? 0 : count / n
        for i in indices { precondition(i >= 0 && i < n, "gatherRows: index \(i) out of range 0..<\(n) for \(shape)") }
        var out = [Float](repeating: 0, count: indices.count * rowSize)
        data.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { po in
                for (k, i) in indices.enumerated() {
                    (po.baseAddress! + k * rowSize).update(from: px.baseAddress! + i * rowSize, count: rowSize)
                }
            }
        }
        var outShape = shape
        outShape[0] = indices.count
        let x = self
        return Tensor(shape: outShape, data: out, parents: [x]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in
                for (k, i) in indices.enumerated() {
                    for j in 0..<rowSize { gx[i * rowSize + j] += g[k * rowSize + j] }
                }
            }
        }
    }
}

extension Tensor {
    /// One element per row of a [N, C] tensor: out[i] = self[i, columns[i]].
    public func selecting(columns: [Int]) -> Tensor {
        precondition(rank == 2 && columns.count == shape[0], "selecting(columns:): \(columns.count) columns for \(shape)")
        let c = shape[1]
        for j in columns { precondition(j >= 0 && j < c, "selecting(columns:): column \(j) out of range 0..<\(c)") }
        let data = self.data
        let out = columns.enumerated().map { data[$0.offset * c + $0.element] }
        let x = self
        return Tensor(shape: [columns.count], data: out, parents: [x]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in for (i, j) in columns.enumerated() { gx[i * c + j] += g[i] } }
        }
    }
}
