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
