import Datasets

extension ReferenceConfiguration {
    /// The reference configuration of `spec`. A resolved feature folder gets the feature-benchmark
    /// defaults (MLP encoders over per-example features, sequences averaged over time; 20 epochs,
    /// batch 64, Adam 1e-3; λ 10, p 0.5 on the latents, shuffled fill) with the default branch weights 2/M per modality;
    /// every other spec gets ``forDataset(_:)`` of its name.
    public static func forDataset(_ spec: DatasetSpec) -> ReferenceConfiguration {
        guard let folder = spec.featureFolder else { return forDataset(spec.name) }
        // The empty name is no shipped dataset: forDataset("") returns the feature defaults.
        var reference = forDataset("")
        reference.branchWeights = SynIB.defaultBranchWeights(modalityCount: folder.modalityCount ?? 2)
        return reference
    }
}
