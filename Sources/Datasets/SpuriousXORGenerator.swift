import Tensors

/// The spurious-XOR task (docs/METHOD.md, "Spurious-XOR"): y = b0 XOR b1, each bit in its own modality, plus a
/// label shortcut in modality 0 of the training split only. The whole test set is synergy.
public enum SpuriousXORGenerator {
    /// Generates the dataset for `seed`.
    public static func generate(_ p: SpuriousXORParameters, seed: UInt64) throws -> MultimodalDataset {
        guard p.signalSize + p.shortcutSize <= p.dimensions, p.signalSize > 0, p.shortcutSize >= 0,
              p.trainSize > 0, p.validSize > 0, p.testSize > 0 else {
            throw DataError(file: "spurious-xor parameters", field: "sizes", "signal + shortcut dims must fit in \(p.dimensions) and split sizes be positive")
        }
        let root = RandomStream(seed: seed).split("spurious-xor")
        var r0 = root.split("train"), r1 = root.split("valid"), r2 = root.split("test")
        let train = sample(p, count: p.trainSize, shortcut: true, rng: &r0)
        let valid = sample(p, count: p.validSize, shortcut: false, rng: &r1)
        let test = sample(p, count: p.testSize, shortcut: false, rng: &r2)
        let params = ["dimensions": "\(p.dimensions)", "signal": "\(p.signalSize)", "shortcut": "\(p.shortcutSize)",
                      "amplitude": "\(p.amplitude)", "signal_noise": "\(p.signalNoise)",
                      "sizes": "\(p.trainSize)/\(p.validSize)/\(p.testSize)", "seed": "\(seed)"]
        let block = 0..<p.signalSize
        return MultimodalDataset(
            name: "spurious-xor", classNames: ["0", "1"], train: train, valid: valid, test: test,
            provenance: .standIn(generator: "spurious-xor", parameters: params, reason: "synthetic task"),
            synergyBlocks: [0: block, 1: block], modalityNames: ["x0", "x1"])
    }

    static func sample(_ p: SpuriousXORParameters, count n: Int, shortcut: Bool, rng: inout RandomStream) -> Split {
        let d = p.dimensions
        var x = [[Float]](repeating: [Float](repeating: 0, count: n * d), count: 2)
        var labels = [Int](repeating: 0, count: n)
        let a = Float(p.amplitude), s = Float(p.signalNoise)
        for i in 0..<n {
            for m in 0..<2 { for j in 0..<d { x[m][i * d + j] = rng.normal() } }
            let b0 = rng.bernoulli(0.5), b1 = rng.bernoulli(0.5), y = b0 != b1
            labels[i] = y ? 1 : 0
            for (m, b) in [(0, b0), (1, b1)] {
                for j in 0..<p.signalSize { x[m][i * d + j] = a * (b ? 1 : -1) + rng.normal(mean: 0, std: s) }
            }
            if shortcut {
                for j in p.signalSize..<(p.signalSize + p.shortcutSize) {
                    x[0][i * d + j] = a * (y ? 1 : -1) + rng.normal(mean: 0, std: s)
                }
            }
        }
        return Split(modalities: [Modality(name: "x0", shape: [n, d], values: x[0]), Modality(name: "x1", shape: [n, d], values: x[1])],
                     labels: labels, tags: ["synergy": [String](repeating: "1", count: n)])
    }
}
