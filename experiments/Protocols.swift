import Datasets
import Harness
import Objectives

/// The two real irony datasets under both protocols (docs/METHOD.md, "Protocols"): this project's
/// settings and the SynIB authors' benchmark mechanics (both mask branches, soft learned gates,
/// the masked-modality anchor, their schedule, selection and patience), 10 seeds each. The
/// `harness` cells are the `paper` grid's (same keys). Each table's paired comparisons give SynIB −
/// vanilla under one protocol; docs/METHOD.md reads the two side by side.
let protocolsGrid = Grid("protocols", summary: "digits-irony and mfeat-irony under the harness and the authors' protocol: vanilla, SynIB random and learned; 10 seeds") {
    Note("The `authors` rows run the authors' benchmark SynIB with the settings of their irony benchmark (CREMA-D-irony: "
         + "λ 1, p 0.2, λ_M 0.01, masked-modality anchor) on this project's encoders; the authors did not run these datasets.")
    Seeds(0..<10)
    Dataset(.digitsIrony(alpha: 0.5))
    Dataset(.digitsIrony(alpha: 0.5), label: "digits-irony (authors)").protocol(.authors)
    Dataset(.mfeatIrony(alpha: 0.5))
    Dataset(.mfeatIrony(alpha: 0.5), label: "mfeat-irony (authors)").protocol(.authors)
    ObjectiveList {
        .vanilla; .synibRandom; .synibLearned
    }
    Subsets(.byConstruction)
}
