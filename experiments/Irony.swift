import Datasets
import Harness
import Objectives

/// The irony ablation: digits-irony for α ∈ {0.1, 0.3, 0.5, 0.8, 1.0, 2.0} — the number
/// of irony examples relative to the mean class count — and CREMA-D irony when its files are
/// present under the data directory. Reports irony-class F1 beside accuracy.
let ironyGrid = Grid("irony", summary: "digits-irony (and CREMA-D when present) for α ∈ {0.1, 0.3, 0.5, 0.8, 1.0, 2.0}; 3 seeds") { (run: GridContext) in
    Seeds(0..<3)
    for alpha in IronySweep.alphas {
        Dataset(.digitsIrony(alpha: alpha), label: IronySweep.label("digits-irony", alpha: alpha))
    }
    if run.hasRealFiles(.cremadIrony(alpha: 0.5)) {
        for alpha in IronySweep.alphas {
            Dataset(.cremadIrony(alpha: alpha), label: IronySweep.label("cremad-irony", alpha: alpha))
        }
    } else {
        Note("CREMA-D irony is not included: its files were not found under the data directory (see docs/DATA.md).")
    }
    ObjectiveList {
        .unimodal; .ensemble; .vanilla; .synibRandom
    }
    Subsets(.byConstruction)
    // α spans 0.1 to 2: a log axis spreads 0.1 and 0.3 apart (linear, their labels overlapped).
    for (dataset, file, title) in [("digits-irony", "irony-f1.svg", "Digits-irony: irony F1 vs α"),
                                   ("cremad-irony", "irony-f1-cremad.svg", "CREMA-D irony: irony F1 vs α")] {
        Figure(file, title: title, metric: .ironyF1, x: FigureAxis("α (irony examples / mean class count)", scale: .log),
               sweep: IronySweep.alphas.map { ($0, IronySweep.label(dataset, alpha: $0)) },
               objectives: [("unimodal-0", "unimodal (top)"), ("unimodal-1", "unimodal (bottom)"), ("ensemble", "ensemble"),
                            ("vanilla", "vanilla"), ("synib-random", "SynIB-random")])
    }
}

/// The α values of the `irony` grid and its dataset labels (the figure parses them back).
public enum IronySweep {
    /// α = irony examples / mean class count.
    public static let alphas: [Double] = [0.1, 0.3, 0.5, 0.8, 1.0, 2.0]

    /// "digits-irony (α 0.5)".
    public static func label(_ name: String, alpha: Double) -> String { "\(name) (α \(alpha))" }

}
