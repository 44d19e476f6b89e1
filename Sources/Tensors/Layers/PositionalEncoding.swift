import Foundation

/// The sinusoidal positional encoding of "Attention Is All You Need":
/// PE[t, 2i] = sin(t / 10000^(2i/D)), PE[t, 2i+1] = cos(t / 10000^(2i/D)).
public enum PositionalEncoding {
    /// The [steps, width] table.
    public static func sinusoidal(steps: Int, width: Int) -> [Float] {
        var table = [Float](repeating: 0, count: steps * width)
        for t in 0..<steps {
            for i in stride(from: 0, to: width, by: 2) {
                let angle = Double(t) / Foundation.pow(10_000, Double(i) / Double(width))
                table[t * width + i] = Float(Foundation.sin(angle))
                if i + 1 < width { table[t * width + i + 1] = Float(Foundation.cos(angle)) }
            }
        }
        return table
    }

    /// x [B, T, D] plus the encoding of every step (a constant: no gradient to the table).
    public static func add(to x: Tensor) -> Tensor {
        precondition(x.rank == 3, "PositionalEncoding.add: expected [B, T, D], got \(x.shape)")
        let (b, t, d) = (x.shape[0], x.shape[1], x.shape[2])
        let table = sinusoidal(steps: t, width: d)
        var tiled = [Float](repeating: 0, count: b * t * d)
        for i in 0..<b { tiled.replaceSubrange((i * t * d)..<((i + 1) * t * d), with: table) }
        return x + Tensor(shape: x.shape, data: tiled)
    }
}
