import Tensors

/// The PID-XOR task (docs/METHOD.md, "PID-XOR"): two 32-dim modalities whose label is carried by a unique,
/// a redundant or a synergistic (XOR) source, chosen per example.
public enum PIDXORGenerator {
    /// The source names, in the order of ``PIDXORParameters/sourceProbabilities``.
    public static let sourceNames = ["u1", "u2", "red", "syn"]

    /// The six fixed projection matrices (P_u0, P_u1, P_r0, P_r1, P_s0, P_s1), each
    /// `dimensions × latentSize` row-major: read from `matrixSource`, or drawn from
    /// `projectionSeed` alone.
    public static func projections(_ p: PIDXORParameters) throws -> [[Float]] {
        if let source = p.matrixSource { return try source.projections(for: p) }
        var rng = RandomStream(seed: p.projectionSeed)
        return (0..<6).map { _ in
            (0..<(p.dimensions * p.latentSize)).map { _ in rng.normal() * Float(p.projectionScale) }
        }
    }

    /// Checks the parameters.
    static func check(_ p: PIDXORParameters) throws {
        let file = "pid-xor parameters"
        guard p.uniqueSize >= 0, p.redundantSize >= 0, p.synergySize >= 0, p.latentSize > 0,
              p.uniqueSize + p.redundantSize + p.synergySize <= p.dimensions else {
            throw DataError(file: file, field: "blocks", "block sizes must be non-negative and fit in \(p.dimensions) dims")
        }
        guard p.sourceProbabilities.count == 4, p.sourceProbabilities.allSatisfy({ $0 >= 0 }),
              abs(p.sourceProbabilities.reduce(0, +) - 1) < 1e-6 else {
            throw DataError(file: file, field: "sourceProbabilities", "need 4 non-negative probabilities summing to 1, found \(p.sourceProbabilities)")
        }
        guard p.trainSize > 1, p.testSize > 0, p.validationFraction > 0, p.validationFraction < 1 else {
            throw DataError(file: file, field: "sizes", "need trainSize > 1, testSize > 0 and 0 < validationFraction < 1")
        }
    }

    /// Generates the dataset for `seed` (train/valid/test standardised with training statistics).
    public static func generate(_ p: PIDXORParameters, seed: UInt64) throws -> MultimodalDataset {
        try check(p)
        let root = RandomStream(seed: seed).split("pid-xor")
        let proj = try projections(p)
        var trainRNG = root.split("train"), testRNG = root.split("test"), holdRNG = root.split("holdout")
        var pool = sample(p, count: p.trainSize, proj: proj, rng: &trainRNG)
        var test = sample(p, count: p.testSize, proj: proj, rng: &testRNG)
        // Mixing acts on the raw coordinates, before standardisation (as in the authors' study).
        let rotations = try (0..<2).map { m in
            try p.mixing.flatMap { mixing in
                try p.matrixSource.map { try $0.rotation(mixing, modality: m, for: p) }
                    ?? mixing.rotation(modality: m, dimensions: p.dimensions, blocks: p.blocks)
            }
        }
        if let mixing = p.mixing {
            for m in 0..<2 {
                guard let q = rotations[m] else { continue }
                mixing.apply(q, to: &pool.modalities[m].values, dimensions: p.dimensions)
                mixing.apply(q, to: &test.modalities[m].values, dimensions: p.dimensions)
            }
        }
        let nValid = max(1, min(p.trainSize - 1, Int((Double(p.trainSize) * p.validationFraction).rounded())))
        let perm = holdRNG.permutation(p.trainSize)
        var train = pool.selecting(perm[nValid...].sorted())
        var others = [pool.selecting(perm[..<nValid].sorted()), test]
        // The oracle goes back to the source basis through Q and these statistics (rotations only).
        var sourceBases: [Int: SourceBasis] = [:]
        if let mixing = p.mixing, mixing.kind == .rotation || mixing.kind == .partialRotation {
            for m in 0..<2 {
                guard let q = rotations[m] else { continue }
                let stats = Standardizer.statistics(train.modalities[m])
                sourceBases[m] = SourceBasis(rotation: q.map { Float($0) }, mean: stats.mean, std: stats.std)
            }
        }
        Standardizer.standardize(train: &train, others: &others)
        let valid = others[0]
        test = others[1]
        var params: [String: String] = [
            "dimensions": "\(p.dimensions)", "blocks": "\(p.uniqueSize)/\(p.redundantSize)/\(p.synergySize)",
            "latent": "\(p.latentSize)", "strength": "\(p.strength)", "noise_std": "\(p.noiseStd)",
            "projection_scale": "\(p.projectionScale)", "projection_seed": "\(p.projectionSeed)",
            "sources": p.sourceProbabilities.map { "\($0)" }.joined(separator: "/"),
            "sizes": "\(p.trainSize - nValid)/\(nValid)/\(p.testSize)",
        ]
        if let mixing = p.mixing {
            params["mixing"] = mixing.kind == .tanh ? "tanh(\(mixing.scale)·Q x), seed \(mixing.seed)" : "\(mixing.kind.rawValue), seed \(mixing.seed)"
        }
        if let source = p.matrixSource {
            // The matrices are read, not drawn: name the file by its hash instead of the seeds.
            params["projection_seed"] = nil
            params["mixing"] = p.mixing.map { $0.kind == .tanh ? "tanh(\($0.scale)·Q x)" : $0.kind.rawValue }
            params["matrices"] = "\(source.rawValue), sha256 \(try source.matrices(for: p).sha256)"
        }
        params["seed"] = "\(seed)"
        return MultimodalDataset(
            name: "pid-xor", classNames: ["0", "1"], train: train, valid: valid, test: test,
            provenance: .standIn(generator: "pid-xor", parameters: params, reason: "synthetic task"),
            // Mixed by tanh, the synergy block has no coordinates to withhold in any linear basis.
            synergyBlocks: p.mixing?.kind == .tanh ? [:] : [0: p.synergyBlock, 1: p.synergyBlock], modalityNames: ["x0", "x1"],
            unimodalSupport: p.mixing == nil || p.mixing?.kind == .identity ? [0: p.unimodalSupport, 1: p.unimodalSupport] : [:],
            sourceBases: sourceBases)
    }

    /// Draws `count` examples (unstandardised).
    static func sample(_ p: PIDXORParameters, count n: Int, proj: [[Float]], rng: inout RandomStream) -> Split {
        let d = p.dimensions, l = p.latentSize
        var x0 = [Float](repeating: 0, count: n * d), x1 = [Float](repeating: 0, count: n * d)
        var labels = [Int](repeating: 0, count: n), sources = [String](repeating: "", count: n)
        let unique = 0..<p.uniqueSize
        let red = p.uniqueSize..<(p.uniqueSize + p.redundantSize)
        let syn = p.synergyBlock
        var z = [Float](repeating: 0, count: l)
        func latent(_ bit: Bool, _ rng: inout RandomStream) {
            for k in 0..<l { z[k] = abs(rng.normal(mean: 0, std: Float(p.strength))) * (bit ? 1 : -1) }
        }
        // x[block] = (P · z)[block]
        func write(_ x: inout [Float], row: Int, matrix: [Float], block: Range<Int>) {
            for j in block {
                var s: Float = 0
                for k in 0..<l { s += matrix[j * l + k] * z[k] }
                x[row * d + j] = s
            }
        }
        let cumulative = p.sourceProbabilities.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        for i in 0..<n {
            for j in 0..<d { x0[i * d + j] = rng.normal(mean: 0, std: Float(p.noiseStd)) }
            for j in 0..<d { x1[i * d + j] = rng.normal(mean: 0, std: Float(p.noiseStd)) }
            let y = rng.bernoulli(0.5)
            labels[i] = y ? 1 : 0
            let u = rng.uniformDouble()
            let s = cumulative.firstIndex { u < $0 } ?? 3
            sources[i] = sourceNames[s]
            switch s {
            case 0:
                latent(y, &rng); write(&x0, row: i, matrix: proj[0], block: unique)
            case 1:
                latent(y, &rng); write(&x1, row: i, matrix: proj[1], block: unique)
            case 2:
                latent(y, &rng)
                write(&x0, row: i, matrix: proj[2], block: red)
                write(&x1, row: i, matrix: proj[3], block: red)
            default:
                let b0 = rng.bernoulli(0.5), b1 = b0 != y
                latent(b0, &rng); write(&x0, row: i, matrix: proj[4], block: syn)
                latent(b1, &rng); write(&x1, row: i, matrix: proj[5], block: syn)
            }
        }
        return Split(
            modalities: [Modality(name: "x0", shape: [n, d], values: x0), Modality(name: "x1", shape: [n, d], values: x1)],
            labels: labels,
            tags: ["source": sources, "synergy": sources.map { $0 == "syn" ? "1" : "0" }])
    }
}
