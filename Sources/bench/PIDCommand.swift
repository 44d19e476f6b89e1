import ArgumentParser
import Datasets
import Foundation
import Information

/// `bench pid`: the partial information decomposition of a dataset's labels over its modalities.
struct PIDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pid",
        abstract: "Decompose what a dataset's modalities say about its labels into redundancy, unique information and synergy (bits).",
        discussion: """
        Each modality is discretised (sequences averaged over their valid steps, factor analysis with at most --pca-dimensions factors chosen by BIC (or PCA with --reduction pca), seeded k-means++ into --clusters clusters), then the BROJA decomposition of the empirical P(x1, x2, y) is solved to a certified duality gap (see docs/PID.md). With more than two modalities there is one card per pair.

        Every card also says how much of I(X1,X2;Y) the discretisation keeps, against a reference computed without it: the generator's value where the labels are a function of its noise-free latents (pid-xor: H(Y)), else a leave-one-out nearest-neighbour classifier on the features. It warns on stderr when less than half is kept.

        JSON output is an array with one object per pair: modalities, redundancy, unique_0, unique_1, synergy, mutual_information, gap (all in bits), reference ({bits, source}), kept, plus the settings.

        Examples:
          bench pid --dataset pid-xor
          bench pid --dataset pid-xor --synergy-fraction 0.5 --format json
          bench pid --dataset digits-irony --clusters 10 --split train --bootstrap 50
          bench pid --dataset my-features
        """)

    @Option(help: ArgumentHelp("Dataset: \(DatasetSpec.allNames.joined(separator: ", ")), or a feature folder (docs/EXTENDING.md).",
                               valueName: "NAME|DIR"))
    var dataset: String

    @Option(help: "k, the number of k-means clusters per modality.")
    var clusters: Int = 20

    @Option(help: "Maximum number of dimensions (factors, or principal components with --reduction pca) kept before clustering.")
    var pcaDimensions: Int = 16

    @Option(help: "Reduction before clustering: factor-analysis or pca.")
    var reduction: Discretization.Reduction = .factorAnalysis

    @Option(help: "Split to decompose: train, valid or test.")
    var split: SplitChoice = .test

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Data seed of generated datasets, also the k-means and bootstrap seed.")
    var seed: UInt64 = 0

    @Option(help: "PID-XOR only: the probability of the synergy source (0…1).")
    var synergyFraction: Double?

    @Option(help: "Bootstrap resamples over examples for 95% basic-bootstrap intervals (0: none).")
    var bootstrap: Int = 0

    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard clusters >= 2 else { throw ValidationError("--clusters: expected at least 2, found \(clusters)") }
        guard pcaDimensions >= 1 else { throw ValidationError("--pca-dimensions: expected at least 1, found \(pcaDimensions)") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap: expected 0 or more, found \(bootstrap)") }
        if let s = synergyFraction, !(0...1).contains(s) {
            throw ValidationError("--synergy-fraction: expected a probability in 0…1, found \(s)")
        }
        try DatasetArgument.validate(dataset)
    }

    /// The dataset spec named by `--dataset`, with the generator parameters given.
    func datasetSpec() throws -> DatasetSpec {
        let spec = try DatasetArgument.spec(dataset)
        guard let fraction = synergyFraction else { return spec }
        guard spec.definition is PIDXORDataset else {
            throw ValidationError("--synergy-fraction applies to pid-xor only, not '\(dataset)'")
        }
        return .pidXOR(PIDXORParameters(synergyFraction: fraction))
    }

    func run() throws {
        let spec: DatasetSpec, data: MultimodalDataset
        do {
            spec = try datasetSpec()
            data = try dataOptions.loader.load(spec, seed: seed)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw HarnessExit.fail(error)
        }
        let estimator = PIDEstimator(discretization: Discretization(clusters: clusters, pcaDimensions: pcaDimensions,
                                                                    seed: seed, reduction: reduction))
        let cards: [PIDCard]
        var references: [InformationReference] = []
        do {
            cards = try estimator.cards(data, split: split, bootstrap: bootstrap, bootstrapSeed: seed)
            let chosen = split.of(data)
            for card in cards {
                if spec.definition is PIDXORDataset {
                    // Its labels are a function of noise-free latents: the modalities carry all of H(Y).
                    references.append(.generator(labels: chosen.labels, classCount: data.classNames.count))
                } else {
                    var pair = chosen
                    pair.modalities = card.modalities.map { chosen.modalities[$0] }
                    references.append(try .classifier(pair, labels: chosen.labels, classCount: data.classNames.count))
                }
            }
        } catch let error as InformationError {
            // Bad data (e.g. a split with fewer than 2 examples): exit 1 with the dataset and split named.
            throw InformationError("\(dataset) (\(split.rawValue) split): \(error.message)")
        }
        print(PIDCardFormat.render(cards, references: references, dataset: data.name, split: split, format: format))
        for (card, reference) in zip(cards, references) {
            if let kept = reference.kept(card.estimate.mutualInformation), kept < 0.5 {
                FileHandle.standardError.write(Data(("warning: the discretisation keeps \(String(format: "%.0f", 100 * kept)) % of "
                    + "I(\(card.modalityNames.joined(separator: ",")); Y): \(String(format: "%.4f", card.estimate.mutualInformation)) of "
                    + "\(String(format: "%.4f", reference.bits)) bits (\(reference.source.rawValue) reference); its atoms describe the "
                    + "clusters, not the data (try more --clusters, or see docs/PID.md)\n").utf8))
            }
        }
    }
}

extension SplitChoice: ExpressibleByArgument {}
extension Discretization.Reduction: ExpressibleByArgument {}

/// Text and JSON renderings of `bench pid`'s cards.
enum PIDCardFormat {
    /// The cards of one dataset split in `format`.
    static func render(_ cards: [PIDCard], references: [InformationReference], dataset: String, split: SplitChoice,
                       format: OutputFormat) -> String {
        switch format {
        case .json:
            let objects: [[String: Any]] = zip(cards, references).map { card, reference in
                let e = card.estimate
                var o: [String: Any] = [
                    "dataset": dataset, "split": split.rawValue, "examples": card.examples,
                    "modalities": card.modalityNames, "clusters": card.discretization.clusters,
                    "pca_dimensions": card.discretization.pcaDimensions, "seed": card.discretization.seed,
                    "redundancy": e.redundancy, "unique_0": e.unique0, "unique_1": e.unique1,
                    "synergy": e.synergy, "mutual_information": e.mutualInformation, "gap": e.gap,
                    "reduction": card.discretization.reduction.rawValue,
                    "reference": ["bits": reference.bits, "source": reference.source.rawValue] as [String: Any],
                ]
                if let kept = reference.kept(e.mutualInformation) { o["kept"] = kept }
                if let i = card.interval {
                    o["interval"] = [
                        "resamples": i.resamples, "level": i.level,
                        "redundancy": [i.lower.redundancy, i.upper.redundancy],
                        "unique_0": [i.lower.unique0, i.upper.unique0], "unique_1": [i.lower.unique1, i.upper.unique1],
                        "synergy": [i.lower.synergy, i.upper.synergy],
                        "mutual_information": [i.lower.mutualInformation, i.upper.mutualInformation],
                    ] as [String: Any]
                }
                return o
            }
            let json = try! JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys, .prettyPrinted])
            return String(decoding: json, as: UTF8.self)
        case .text:
            var lines: [String] = []
            for (card, reference) in zip(cards, references) {
                let d = card.discretization
                let reduced = d.reduction == .pca ? "PCA ≤ \(d.pcaDimensions)" : "factors ≤ \(d.pcaDimensions)"
                lines.append("\(dataset) \(split.rawValue) (\(card.examples) examples, k = \(d.clusters), \(reduced)): \(card.modalityNames[0]) × \(card.modalityNames[1])")
                func row(_ name: String, _ value: Double, _ low: Double?, _ high: Double?) {
                    var line = "  " + name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: "%.4f bits", value)
                    if let low, let high { line += String(format: "  [%.4f, %.4f]", low, high) }
                    lines.append(line)
                }
                let e = card.estimate, i = card.interval
                row("redundancy", e.redundancy, i?.lower.redundancy, i?.upper.redundancy)
                row("unique_0 (\(card.modalityNames[0]))", e.unique0, i?.lower.unique0, i?.upper.unique0)
                row("unique_1 (\(card.modalityNames[1]))", e.unique1, i?.lower.unique1, i?.upper.unique1)
                row("synergy", e.synergy, i?.lower.synergy, i?.upper.synergy)
                row("I(X1,X2;Y)", e.mutualInformation, i?.lower.mutualInformation, i?.upper.mutualInformation)
                lines.append(String(format: "  certified gap ≤ %.1e bits", e.gap))
                let kept = reference.kept(e.mutualInformation).map { String(format: "%.0f %%", 100 * $0) } ?? "n/a"
                lines.append("  kept \(kept) of I(X1,X2;Y) = " + String(format: "%.4f", reference.bits)
                             + " bits (\(reference.source.rawValue) reference)")
            }
            return lines.joined(separator: "\n")
        }
    }
}
