import Datasets
import Foundation
import Harness
import Objectives
import Tensors

// The Swift examples of docs/EXTENDING.md, verbatim (ExtendingExamplesTests checks that the
// document still shows exactly these blocks, then builds and runs them).

let ownDataGrid = Grid("own-data", summary: "SynIB on a feature folder") {
    Seeds(0, 1)
    Dataset(.folder(xor3Folder.path))
    Configure { $0.training.epochs = 20 }
    Objectives { .unimodal; .vanilla; .synibRandom }
    Subsets(.byConstruction, .strict)
}

/// Fusion cross-entropy plus `weight` × the unimodal heads' cross-entropy on the attached latents.
struct UnimodalAuxiliary: TrainingObjective, Hashable {
    var weight: Float = 0.5

    var name: String { "unimodal-auxiliary" }

    func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor {
        let z = model.encode(batch, &step.pass)
        var loss = Loss.crossEntropy(model.fuse(z, &step.pass), targets: batch.labels)
        for m in z.indices {
            loss = loss + weight * Loss.crossEntropy(model.unimodal(z[m], modality: m, &step.pass), targets: batch.labels)
        }
        return loss
    }
}

let auxiliaryGrid = Grid("auxiliary", summary: "Unimodal auxiliary losses vs SynIB on xor3") {
    Note("Worked example of docs/EXTENDING.md.")
    Seeds(0)
    Dataset(.folder(xor3Folder.path))
    Configure { reference in
        reference.training.epochs = 20
        reference.model = reference.model.withHidden(64)
    }
    Objectives { .unimodal; .vanilla; .synibRandom; UnimodalAuxiliary(weight: 0.5) }
    Subsets(.byConstruction, .strict)
}

/// Two modalities, each a noisy copy of one random bit in its first coordinate; the label is
/// the XOR of the bits, so only fusion can predict it (every example is synergistic).
struct NoisyXOR: DatasetDefinition, ReferenceConfigured {
    static let name = "noisy-xor"
    static let summary = "synthetic: the XOR of two modalities' noisy bits (generated per seed)"
    static var standard: NoisyXOR { NoisyXOR() }

    /// Standard deviation of the noise on every coordinate (part of the cell key).
    var noise: Double = 0.3
    /// Coordinates per modality (part of the cell key).
    var dimensions: Int = 8

    var synergyConstruction: SynergyConstruction { .synthetic }

    var referenceConfiguration: ReferenceConfiguration {
        var reference = ReferenceConfiguration.featureBenchmark(modalityCount: modalityCount)
        reference.training.epochs = 15
        return reference
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
                                 provenance: .surrogate(generator: Self.name, parameters: ["noise": "\(noise)"], reason: "synthetic task"))
    }
}

extension UnimodalAuxiliary {
    /// `unimodal-auxiliary` by name, weight 0.5 (make could read the dataset's reference configuration).
    static let definition = ObjectiveDefinition(
        "unimodal-auxiliary", summary: "fusion cross-entropy plus 0.5 × the unimodal heads' cross-entropy through the encoders"
    ) { _, _ in UnimodalAuxiliary(weight: 0.5) }
}

/// The registry lines: each makes a type known by name to the whole process.
func registerExtendingExamples() {
    DatasetRegistry.register(NoisyXOR.self)
    ObjectiveRegistry.register(UnimodalAuxiliary.definition)
}

let registeredGrid = Grid("registered", summary: "A registered dataset and objective") {
    Seeds(0)
    Dataset(DatasetSpec(NoisyXOR()))
    Objectives { .unimodal; .vanilla; .reference("unimodal-auxiliary") }
    Subsets(.byConstruction, .strict)
}
