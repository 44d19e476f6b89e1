import Datasets
import Harness
import Objectives

/// The XOR tasks with an explicit SynIB variant and several synergy fractions (an example of
/// per-dataset objectives, labels and fixed objective values).
let xorGrid = Grid("xor", summary: "PID-XOR at synergy 0.10 and 0.30 plus spurious-XOR; 3 seeds") {
    Seeds(0..<3)
    for synergy in [0.10, 0.30] {
        Dataset(.pidXOR(synergy: synergy), label: "pid-xor (synergy \(synergy))") { .synibOracle }
    }
    Dataset(.spuriousXOR)
    Objectives {
        .unimodal; .vanilla; .ensemble
        SynIB(lambda: 10, mask: .random(p: 0.5, fill: .noise(1)), level: .input)
    }
    Subsets(.byConstruction, .strict)
}
