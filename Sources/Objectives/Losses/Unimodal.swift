import Tensors

/// A unimodal model: encoder e_m and head u_m trained end to end on modality m alone,
/// L = CE(u_m(e_m(x_m)), y). Its test predictions define the strict/majority subsets and
/// feed ``Ensemble``.
public struct Unimodal: TrainingObjective, Hashable {
    /// The modality used.
    public var modality: Int

    /// A unimodal model of `modality`.
    public init(modality: Int = 0) { self.modality = modality }

    public var name: String { "unimodal-\(modality)" }

    public func validate(for data: PreparedDataset) throws {
        guard data.inputWidths.indices.contains(modality) else {
            throw ObjectiveError("unimodal: modality \(modality) does not exist in \(data.name) (it has \(data.inputWidths.count))")
        }
    }

    public func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor {
        let z = model.encode(batch.inputs[modality], sequence: batch.sequences[modality], modality: modality, &step.pass)
        return Loss.crossEntropy(model.unimodal(z, modality: modality, &step.pass), targets: batch.labels)
    }

    public func logits(_ model: FusionModel, _ batch: Batch) -> Tensor {
        var pass = ForwardPass.evaluation
        let z = model.encode(batch.inputs[modality], sequence: batch.sequences[modality], modality: modality, &pass)
        return model.unimodal(z, modality: modality, &pass)
    }
}

/// An objective that cannot run as configured.
public struct ObjectiveError: Error, CustomStringConvertible {
    /// What is wrong.
    public let description: String
    /// An error with the given message.
    public init(_ description: String) { self.description = description }
}
