import Tensors

/// CML, calibrated multimodal learning (Ma, Zhang, Wu, Fu & Hu, "Calibrating Multimodal
/// Learning", ICML 2023): a prediction from fewer modalities should not be more confident
/// than one from more. For each single modality T = {m} ⊂ S = all M modalities (with two
/// modalities: each one against both):
/// penalty = mean_i 1[ŷ_S(i) = y_i] · max(0, Conf(f(x_T))_i − Conf(f(x_S))_i), Conf the largest
/// softmax probability and f(x_T) the fusion head with the other modality's latent zeroed.
/// L = CE(f(z), y) + λ_uni · Σ_m CE(u_m(sg(z_m)), y) + β · Σ_T penalty_T.
public struct CML: TrainingObjective, Hashable {
    /// β, the weight of the calibration penalty.
    public var beta: Float
    /// λ_uni, the weight of the (detached) unimodal heads' losses.
    public var lambdaUni: Float

    /// CML with penalty weight `beta`.
    public init(beta: Float = 1, lambdaUni: Float = 1) {
        self.beta = beta
        self.lambdaUni = lambdaUni
    }

    public var name: String { "cml" }

    public func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor {
        let z = model.encode(batch, &step.pass)
        let logits = model.fuse(z, &step.pass)
        var loss = Loss.crossEntropy(logits, targets: batch.labels)
            + lambdaUni * unimodalHeadLosses(model, z, batch.labels, &step.pass)
        let full = CML.confidence(logits)
        let correct = Tensor(shape: [batch.labels.count],
                             data: zip(full.predicted, batch.labels).map { $0 == $1 ? 1 : 0 })
        for kept in z.indices {
            let partial = z.indices.map { $0 == kept ? z[$0] : Tensor.zeros(z[$0].shape) }
            let reduced = CML.confidence(model.fuse(partial, &step.pass))
            loss = loss + beta * ((reduced.confidence - full.confidence).relu() * correct).mean()
        }
        return loss
    }

    /// The largest softmax probability of each row (differentiable) and its class.
    static func confidence(_ logits: Tensor) -> (confidence: Tensor, predicted: [Int]) {
        let predicted = Predictions(probabilities: logits.softmax().data, classCount: logits.shape[1]).predictedClasses
        return (logits.softmax().selecting(columns: predicted), predicted)
    }
}
