import Datasets
import Foundation
import Harness
import Objectives

/// The SynIB authors' corrected PID-XOR study (docs/METHOD.md, "Entangled PID-XOR"), under their
/// protocol: four mixings of the coordinates × the masks and controls they ran × 8 seeds,
/// final-epoch test metrics, with their published numbers beside ours.
let entangledGrid = Grid("entangled", summary: "the authors' entangled PID-XOR study: 4 mixings × vanilla, oracle, random, learned (20 steps, λ_M 1; 100 steps, λ_M 0), KL on intact inputs, whole modality withheld; 8 seeds; authors' protocol") {
    Note("Protocol `authors` (the authors' PID-XOR script: 30 epochs, Adam 3e-4, λ 10, the last epoch's model) on the "
         + "authors' task instance: their projections and rotations, drawn by PyTorch from their seeds (docs/METHOD.md, "
         + "\"The grid beside the authors' numbers\"). One change: encoders and unimodal heads \(EntangledStudy.hidden) wide "
         + "instead of the authors' 1024, which would make this grid about fifteen times longer (docs/METHOD.md, \"Entangled "
         + "PID-XOR\", measures what the width changes). "
         + "The oracle withholds the synergy block of the synergy rows only, in the source basis on rotated data; the "
         + "learned mask withholds everything but the unimodal support its inner loop finds. Partial rotation and tanh have "
         + "no oracle and no controls, as in the published study.")
    Seeds(0..<8)
    Configure { $0.model = $0.model.withHidden(EntangledStudy.hidden) }
    for mixing in [PIDXORMixing.Kind.identity, .rotation] {
        Dataset(EntangledStudy.spec(mixing), label: EntangledStudy.label(mixing), replacing: true) {
            .vanilla; .synibOracle; .synibRandom; .synibLearned; .synibIntact; .synibFull
        }
        Dataset(EntangledStudy.spec(mixing), label: EntangledStudy.label(mixing) + ", learned 100 steps λ_M 0", replacing: true) {
            .synibLearned
        }
        .configure { $0.learnedGates?.steps = 100; $0.learnedSparsity = 0 }
    }
    for mixing in [PIDXORMixing.Kind.partialRotation, .tanh] {
        Dataset(EntangledStudy.spec(mixing), label: EntangledStudy.label(mixing), replacing: true) {
            .vanilla; .synibRandom; .synibLearned
        }
    }
    Subsets(.byConstruction)
    Published(EntangledStudy.published)
}
.protocol(.authors)

/// The `entangled` grid's datasets, labels and published numbers.
public enum EntangledStudy {
    /// The encoders' and unimodal heads' width in this grid (the authors': 1024).
    public static let hidden = 256

    /// PID-XOR at the study's source mixture (0.45, 0, 0.45, 0.10) with `mixing`, on the authors'
    /// projections and rotations (``PIDXORMatrixSource/authors``).
    public static func spec(_ mixing: PIDXORMixing.Kind) -> DatasetSpec {
        var p = PIDXORParameters(synergyFraction: 0.10)
        p.matrixSource = .authors
        if mixing != .identity { p.mixing = PIDXORMixing(mixing) }
        return .pidXOR(p)
    }

    /// "pid-xor rotation".
    public static func label(_ mixing: PIDXORMixing.Kind) -> String { "pid-xor \(mixing.rawValue)" }

    /// The authors' published numbers (experiments/published/entangled-authors.json).
    public static var published: PublishedValues {
        let file = "experiments/published/entangled-authors.json"
        guard let url = Bundle.module.url(forResource: "published/entangled-authors", withExtension: "json"),
              let data = try? Data(contentsOf: url) else {
            preconditionFailure("\(file) is missing from the Experiments bundle")
        }
        do { return try PublishedValues.decode(data, file: file) } catch { preconditionFailure("\(error)") }
    }
}
