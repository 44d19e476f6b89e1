import Datasets
import Harness
import Objectives

/// Your own features: no datasets of its own, run with one or more feature folders,
/// `bench --grid features --dataset DIR` (see docs/EXTENDING.md, "Use your own features").
/// Every objective that needs no synthetic ground truth, three seeds, the by-construction
/// subset (when the folder has tags.npy) and the strict one.
let featuresGrid = Grid("features", summary: "Your own feature folder(s): bench --grid features --dataset DIR (unimodal, ensemble, vanilla, SynIB random/learned; 3 seeds)") {
    Note("Feature folders given with --dataset; the configuration is the feature-benchmark default (see docs/EXTENDING.md), changed with --set.")
    Seeds(0..<3)
    ObjectiveList { .unimodal; .ensemble; .vanilla; .synibRandom; .synibLearned }
    Subsets(.byConstruction, .strict)
}
