import Datasets
import Harness
import Objectives

/// A seconds-long grid for tests and CI: tiny PID-XOR, 2 seeds, 2 epochs, every objective and
/// every subset kind, including the baselines OGM-GE, MMPareto and CML.
let smokeGrid = Grid("smoke", summary: "Tiny PID-XOR cells (2 seeds, 2 epochs) covering every objective (baselines too) and subset") {
    Note("Smoke grid: tiny data and 2 epochs; the numbers test the machinery, not the methods.")
    Seeds(0..<2)
    Dataset(.pidXOR(synergy: 0.25, trainSize: 200, testSize: 300))
    Configure { reference in
        reference.training.epochs = 2
        reference.training.batchSize = 32
        reference.model = reference.model.withHidden(32)
    }
    ObjectiveList {
        .unimodal; .ensemble; .vanilla; .synibRandom; .synibLearned; .synibOracle; .ogmGE; .mmPareto; .cml
    }
    Subsets(.byConstruction, .strict, .majority)
}
