import Datasets
import Harness
import Objectives

/// PID cards: how much redundancy, uniqueness and synergy each dataset's labels hold
/// over its two modalities, and how much synergy the predictions of vanilla fusion and SynIB
/// carry (the same decomposition with the model's test predictions in place of the labels).
/// The paper's claim as a number: SynIB's predictions should carry more synergy than vanilla's
/// on the XOR and irony datasets.
let pidGrid = Grid("pid", summary: "PID cards of PID-XOR (synergy 0.05, 0.5), spurious-XOR and digits-irony; model synergy of vanilla vs SynIB; 3 seeds") {
    Note("PID in bits: BROJA decomposition of each modality's k-means clusters (k = 20 after factor analysis ≤ 16 factors) "
         + "about the test labels, with 95 % bootstrap intervals over examples (docs/PID.md). "
         + "Model synergy = the synergy of a model's test predictions in place of the labels, mean over seeds.")
    Seeds(0..<3)
    Dataset(.pidXOR(synergy: 0.05), label: "pid-xor (synergy 0.05)")
    Dataset(.pidXOR(synergy: 0.5), label: "pid-xor (synergy 0.5)") { .synibOracle }
    Dataset(.spuriousXOR)
    Dataset(.digitsIrony(alpha: 0.5))
    ObjectiveList {
        .vanilla; .synibRandom
    }
    Subsets(.byConstruction)
    ModelPID()
}
