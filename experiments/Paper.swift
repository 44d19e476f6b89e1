import Datasets
import Harness
import Objectives

/// The paper grid, as far as it is implemented: PID-XOR, spurious-XOR and digits-irony,
/// 3 seeds, the reference configurations of each dataset.
let paperGrid = Grid("paper", summary: "The paper's tables (so far: PID-XOR, spurious-XOR, digits-irony; 3 seeds)") {
    Note("Partial paper grid: PID-XOR, spurious-XOR and digits-irony only; the MultiBench, Hateful Memes and "
         + "CREMA-D tables and the baselines (OGM-GE, MMPareto, CML) come with later issues.")
    Seeds(0..<3)
    Dataset(.pidXOR(synergy: 0.10)) { .synibOracle }
    Dataset(.spuriousXOR) { .synibOracle }
    Dataset(.digitsIrony(alpha: 0.5))
    Objectives {
        .unimodal; .ensemble; .vanilla; .synibRandom; .synibLearned
    }
    Subsets(.byConstruction, .strict, .majority)
}
