import Datasets
import Objectives
import Tensors

// A dataset defined only in the test target: this file plus one registry line
// (`registerExtendingExamples()` in ExtendingExamples.swift). Shown verbatim in docs/EXTENDING.md.

/// Two modalities, each a noisy copy of one random bit in its first coordinate; the label is
/// the XOR of the bits, so only fusion can predict it (every example is synergistic).
struct NoisyXOR: DatasetDefinition, DatasetProtocols {
    static let name = "noisy-xor"
    static let summary = "synthetic: the XOR of two modalities' noisy bits (generated per seed)"
    static var standard: NoisyXOR { NoisyXOR() }

    /// Standard deviation of the noise on every coordinate (part of the cell key).
    var noise: Double = 0.3
    /// Coordinates per modality (part of the cell key).
    var dimensions: Int = 8

    var synergyConstruction: SynergyConstruction { .synthetic }

    /// The `harness` protocol: every setting, one flat value (the feature-folder default with 15 epochs).
    var harnessProtocol: ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [128, 128], fusionWidths: [64], unimodalWidths: [64],
                                            dropout: 0.1, latentLayerNorm: true),
            training: TrainingConfiguration(epochs: 15, batchSize: 64, optimizer: .adam, learningRate: 1e-3, weightDecay: 1e-5,
                                            selection: .accuracy),
            lambda: 10, maskProbability: 0.5,
            fill: .shuffle, level: .latent,           // masks on the latents, another example's value fills
            learnedLambda: 10, learnedSparsity: 0.1,
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount))
    }

    func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        let root = RandomStream(seed: seed).split(Self.name)
        func split(_ purpose: String, count n: Int) -> Split {
            var rng = root.split(purpose)
            var x = [[Float]](repeating: [], count: 2), labels: [Int] = []
            for _ in 0..<n {
                let bits = [rng.bernoulli(0.5), rng.bernoulli(0.5)]
                for m in 0..<2 {
                    x[m].append((bits[m] ? 1 : -1) + rng.normal(std: Float(noise)))
                    for _ in 1..<dimensions { x[m].append(rng.normal(std: Float(noise))) }
                }
                labels.append(bits[0] != bits[1] ? 1 : 0)
            }
            return Split(modalities: (0..<2).map { Modality(name: "x\($0)", shape: [n, dimensions], values: x[$0]) },
                         labels: labels, tags: ["synergy": [String](repeating: "1", count: n)])
        }
        return MultimodalDataset(name: Self.name, classNames: ["0", "1"],
                                 train: split("train", count: 600), valid: split("valid", count: 200), test: split("test", count: 400),
                                 provenance: .standIn(generator: Self.name, parameters: ["noise": "\(noise)"], reason: "synthetic task"))
    }
}
