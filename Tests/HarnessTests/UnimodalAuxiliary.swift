import Objectives
import Tensors

// An objective defined only in the test target: this file plus one registry line
// (`registerExtendingExamples()` in ExtendingExamples.swift). Shown verbatim in docs/EXTENDING.md.

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

extension UnimodalAuxiliary {
    /// `unimodal-auxiliary` by name, weight 0.5 (make could read the dataset's protocol settings).
    static let definition = ObjectiveDefinition(
        "unimodal-auxiliary", summary: "fusion cross-entropy plus 0.5 × the unimodal heads' cross-entropy through the encoders"
    ) { _, _ in UnimodalAuxiliary(weight: 0.5) }
}
