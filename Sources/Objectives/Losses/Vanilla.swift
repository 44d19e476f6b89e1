import Tensors

/// Vanilla fusion: L = CE(f(z), y) + λ_uni · Σ_m CE(u_m(sg(z_m)), y).
///
/// The unimodal heads only read detached latents, so they never change the fused model.
public struct Vanilla: TrainingObjective, Hashable {
    /// Weight of the unimodal heads' losses.
    public var lambdaUni: Float

    /// Vanilla fusion with unimodal heads weighted by `lambdaUni`.
    public init(lambdaUni: Float = 1) { self.lambdaUni = lambdaUni }

    public var name: String { "vanilla" }

    public func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor {
        let z = model.encode(batch, &step.pass)
        return Loss.crossEntropy(model.fuse(z, &step.pass), targets: batch.labels)
            + lambdaUni * unimodalHeadLosses(model, z, batch.labels, &step.pass)
    }
}
