import Datasets
import Foundation
import Harness
import Objectives

/// The XOR ablations, at the PID-XOR protocol of docs/METHOD.md: PID-XOR's synergy-subset accuracy
/// against λ ∈ {0, 0.1, 1, 10} (synergy fraction 0.10) and against the synergy fraction
/// {0.05, 0.10, 0.20} (λ = 10), for SynIB with random and oracle masks, plus spurious-XOR.
/// λ = 0 is vanilla fusion exactly (the corrupted passes are skipped), so the λ = 0 points are
/// the vanilla row. Cells shared with the paper grid (fraction 0.10, λ = 10; spurious-XOR) have
/// the same keys and are reused from the store.
let xorGrid = Grid("xor", summary: "PID-XOR: λ sweep {0, 0.1, 1, 10} and synergy fractions {0.05, 0.10, 0.20}; spurious-XOR") {
    Note("λ = 0 is vanilla fusion (identical by construction); the λ-sweep rows use synergy fraction 0.10, "
         + "the synergy-fraction rows λ = 10.")
    Seeds(0..<3)
    for fraction in XORSweep.fractions {
        Dataset(.pidXOR(synergy: fraction), label: XORSweep.label(fraction: fraction, lambda: 10))
    }
    for lambda in XORSweep.lambdas where lambda != 0 && lambda != 10 {
        Dataset(.pidXOR(synergy: 0.10), label: XORSweep.label(fraction: 0.10, lambda: lambda), replacing: true) {
            .synibRandom; .synibOracle
        }
        .configure { $0.lambda = lambda }
    }
    Dataset(.spuriousXOR)
    ObjectiveList {
        .vanilla; .synibRandom; .synibOracle
    }
    Subsets(.byConstruction)
    Figure("xor-lambda.svg", title: "PID-XOR: synergy-subset accuracy vs λ", metric: .subset("by-construction"),
           x: FigureAxis("λ (synergy fraction 0.10)", scale: .categorical,
                         ticks: XORSweep.lambdas.map { (Double($0), $0 == 0 ? "0 (vanilla)" : String(format: "%g", Double($0))) }),
           yLabel: "synergy-subset accuracy (%)",
           series: [("synib-random", "SynIB-random"), ("synib-oracle", "SynIB-oracle")].map { objective, name in
               FigureSeries(name, points: XORSweep.lambdas.map { lambda in
                   // λ = 0 is vanilla fusion: its point is the vanilla row.
                   lambda == 0
                       ? FigurePoint(x: 0, dataset: XORSweep.label(fraction: 0.10, lambda: 10), objective: "vanilla")
                       : FigurePoint(x: Double(lambda), dataset: XORSweep.label(fraction: 0.10, lambda: lambda), objective: objective)
               })
           })
    Figure("xor-fraction.svg", title: "PID-XOR: synergy-subset accuracy vs synergy fraction", metric: .subset("by-construction"),
           x: FigureAxis("synergy fraction (λ = 10)", ticks: XORSweep.fractions.map { ($0, String(format: "%.2f", $0)) }),
           yLabel: "synergy-subset accuracy (%)",
           sweep: XORSweep.fractions.map { ($0, XORSweep.label(fraction: $0, lambda: 10)) },
           objectives: [("vanilla", "vanilla"), ("synib-random", "SynIB-random"), ("synib-oracle", "SynIB-oracle")])
}

/// The sweep values of the `xor` grid and its dataset labels (the figures parse them back).
public enum XORSweep {
    /// λ values of the λ sweep (0 = vanilla).
    public static let lambdas: [Float] = [0, 0.1, 1, 10]
    /// Synergy fractions of the fraction sweep.
    public static let fractions: [Double] = [0.05, 0.10, 0.20]

    /// "pid-xor (synergy 0.10, λ 10)".
    public static func label(fraction: Double, lambda: Float) -> String {
        "pid-xor (synergy \(String(format: "%.2f", fraction)), λ \(lambda == lambda.rounded() ? String(Int(lambda)) : String(lambda)))"
    }
}
