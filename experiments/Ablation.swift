import Datasets
import Harness
import Objectives

/// The λ ablation of the learned mask: vanilla against SynIB-learned with λ ∈
/// {0.01, 0.1, 1, 10, 100} on digits-irony and on the MultiBench stand-ins (MOSI, UR-FUNNY,
/// MUStARD, scaled and shortened as in the paper grid when their files are absent). The λ each
/// dataset's protocol settings uses was chosen from this grid (docs/METHOD.md, "λ of the
/// learned mask"). The vanilla cells are the same for every λ and run once.
let ablationGrid = Grid("ablation", summary: "SynIB-learned λ sweep {0.01, 0.1, 1, 10, 100}: digits-irony and the MultiBench stand-ins; 3 seeds") { (run: GridContext) in
    Note("Each row group is one dataset at one λ of the learned mask; vanilla does not depend on λ (same cells).")
    Seeds(0..<3)
    for lambda in LambdaSweep.lambdas {
        Dataset(.digitsIrony(alpha: 0.5), label: LambdaSweep.label("digits-irony", lambda: lambda))
            .configure { $0.learnedLambda = lambda }
        for benchmark in [DatasetSpec.mosi, .urFunny, .mustard] {
            PaperStandIns.entry(benchmark, run: run, label: LambdaSweep.label(benchmark.name, lambda: lambda))
                .configure { $0.learnedLambda = lambda }
        }
    }
    ObjectiveList {
        .vanilla; .synibLearned
    }
    Subsets(.byConstruction)
    let lambdaAxis = FigureAxis("λ (learned mask)", scale: .log)
    Figure("ablation-lambda.svg", title: "SynIB-learned: overall accuracy vs λ of the learned mask", metric: .overall,
           x: lambdaAxis,
           series: LambdaSweep.datasets.map { dataset in
               FigureSeries(dataset, points: LambdaSweep.lambdas.map {
                   FigurePoint(x: Double($0), dataset: LambdaSweep.label(dataset, lambda: $0), objective: "synib-learned")
               })
           })
    Figure("ablation-lambda-irony.svg", title: "Digits-irony: irony-subset accuracy vs λ of the learned mask",
           metric: .subset("by-construction"), x: lambdaAxis, yLabel: "irony-subset accuracy (%)",
           sweep: LambdaSweep.lambdas.map { (Double($0), LambdaSweep.label("digits-irony", lambda: $0)) },
           objectives: [("vanilla", "vanilla"), ("synib-learned", "SynIB-learned")])
}

/// The λ values of the `ablation` grid and its dataset labels (the figure parses them back).
public enum LambdaSweep {
    /// λ of the learned mask.
    public static let lambdas: [Float] = [0.01, 0.1, 1, 10, 100]
    /// The datasets swept, in figure order.
    public static let datasets = ["digits-irony", "mosi", "ur-funny", "mustard"]

    /// "mosi (λ 0.1)".
    public static func label(_ name: String, lambda: Float) -> String { "\(name) (λ \(String(format: "%g", Double(lambda))))" }
}
