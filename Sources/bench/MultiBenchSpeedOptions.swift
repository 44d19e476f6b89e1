import ArgumentParser
import Datasets
import Foundation
import Objectives
import Tensors

/// The options and the measurement of `bench speed --model multibench`: the MOSI model at a
/// chosen Transformer shape, trained by the ``Trainer`` on generated data of a real file's sizes.
struct MultiBenchSpeedOptions: ParsableArguments {
    @Option(help: "multibench: Transformer shape, harness (2 layers, feed-forward 160) or multibench (5 layers, feed-forward 2048).")
    var shape: ShapeName = .harness

    @Option(help: "multibench: encoder layers (overrides --shape).") var layers: Int?
    @Option(help: "multibench: attention heads (overrides --shape).") var heads: Int?
    @Option(help: "multibench: feed-forward width (overrides --shape).") var feedForward: Int?
    @Option(help: "multibench: Transformer width (overrides --shape).") var width: Int?

    @Option(help: "multibench: train, validation and test examples (default MOSI's: 1284,229,686; UR-FUNNY 8074,1034,1058; MUStARD 414,138,138).")
    var sizes: String = "1284,229,686"

    @Option(help: "multibench: vision and text feature widths (MOSI 35,300; UR-FUNNY and MUStARD 371,300).")
    var features: String = "35,300"

    @Option(help: "multibench: steps per sequence.") var sequenceSteps: Int = 50

    @Option(help: "multibench: joint training epochs to time (each with its validation pass).")
    var epochs: Int = 2

    /// A named Transformer shape.
    enum ShapeName: String, ExpressibleByArgument, CaseIterable {
        case harness, multibench
    }

    /// The Transformer settings the options ask for.
    var settings: TransformerSettings {
        var s = shape == .harness ? TransformerSettings() : TransformerSettings.multiBench
        if let layers { s.layers = layers }
        if let heads { s.heads = heads }
        if let feedForward { s.feedForward = feedForward }
        if let width { s.width = width }
        return s
    }

    /// The three split sizes.
    func splitSizes() throws -> [Int] { try Self.positiveList(sizes, count: 3, option: "--sizes") }

    /// The vision and text widths.
    func featureWidths() throws -> [Int] { try Self.positiveList(features, count: 2, option: "--features") }

    static func positiveList(_ text: String, count: Int, option: String) throws -> [Int] {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == count, values.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw ValidationError("\(option): expected \(count) positive integers separated by commas, got '\(text)'")
        }
        return values.map { $0! }
    }

    /// Usage errors: a shape that cannot be built names the flag and the rule.
    func validate() throws {
        if let (field, rule) = settings.problem {
            let flag: String
            switch field {
            case .width: flag = "--width"
            case .layers: flag = "--layers"
            case .heads: flag = "--heads"
            case .feedForward: flag = "--feed-forward"
            default: flag = "--shape"
            }
            throw ValidationError("\(flag): \(rule)")
        }
        _ = try splitSizes()
        _ = try featureWidths()
        guard sequenceSteps > 0, epochs > 0 else { throw ValidationError("--sequence-steps and --epochs must be positive") }
    }

    /// Generated data of the given sizes: per split, a vision and a text sequence modality
    /// [N, T, D] of N(0, 1) values, zero-padded at the front to T steps (each example keeps
    /// between T/2 and T real steps, as the MultiBench pickles are padded), and balanced labels.
    func dataset(seed: UInt64) throws -> MultimodalDataset {
        let sizes = try splitSizes(), widths = try featureWidths()
        let sequenceSteps = self.sequenceSteps  // read once: an @Option's getter is slow in a loop
        var rng = RandomStream(seed: seed).split("multibench-speed-data")
        func split(_ n: Int) -> Split {
            let lengths = (0..<n).map { _ in sequenceSteps / 2 + rng.int(below: sequenceSteps - sequenceSteps / 2 + 1) }
            let modalities = zip(["vision", "text"], widths).map { name, d in
                var values = [Float](repeating: 0, count: n * sequenceSteps * d)
                for i in 0..<n {
                    for s in (sequenceSteps - lengths[i])..<sequenceSteps { for j in 0..<d { values[(i * sequenceSteps + s) * d + j] = rng.normal(mean: 0, std: 1) } }
                }
                return Modality(name: name, shape: [n, sequenceSteps, d], values: values, lengths: lengths)
            }
            return Split(modalities: modalities, labels: (0..<n).map { $0 % 2 })
        }
        return MultimodalDataset(name: "mosi-sized", classNames: ["negative", "positive"],
                                 train: split(sizes[0]), valid: split(sizes[1]), test: split(sizes[2]),
                                 provenance: .standIn(generator: "bench speed --model multibench", parameters: ["sizes": self.sizes, "features": self.features],
                                                     reason: "timing only"))
    }

    /// Trains MOSI's harness model with `objective` for ``epochs`` epochs and returns the record.
    func measure(objective: String, batch: Int, seed: UInt64, kernel: [String: Any]) throws -> [String: Any] {
        var protocolSettings = ProtocolSettings.forDataset("mosi")
        protocolSettings.model.sequenceEncoder = settings
        protocolSettings.training.epochs = epochs
        protocolSettings.training.batchSize = batch
        protocolSettings.training.unimodalPretrainingEpochs = nil
        guard let chosen = try protocolSettings.objective(named: objective) as? any TrainingObjective else {
            throw ValidationError("--objective \(objective) does not train a model")
        }
        let data = PreparedDataset(try dataset(seed: seed))
        let cpuBefore = ProcessCPUTime.seconds()
        let run = try Trainer(configuration: protocolSettings.training, model: protocolSettings.model).train(chosen, on: data, seed: seed)
        let cpuSeconds = ProcessCPUTime.seconds() - cpuBefore
        let s = settings
        return [
            "model": "multibench", "objective": objective, "batch": batch, "epochs": epochs,
            "width": s.width, "layers": s.layers, "heads": s.heads, "feed_forward": s.feedForward,
            "norm_first": s.normFirst, "pooling": s.pooling.rawValue,
            "sizes": try splitSizes(), "features": try featureWidths(), "steps_per_sequence": sequenceSteps,
            "train_steps": run.trainSteps, "s_per_epoch": run.trainSeconds / Double(epochs),
            // Training, validation and the final test prediction: what the PyTorch peer's figure covers.
            "cpu_s_per_epoch": cpuSeconds / Double(epochs),
            "ms_per_step": run.trainSeconds * 1000 / Double(max(run.trainSteps, 1)),
            "result_sha256": Speed.fingerprint(run.model.parameters.snapshot()),
        ].merging(kernel) { a, _ in a }
    }
}

/// This process's CPU time (user + system), which a machine shared with other jobs inflates far
/// less than wall time: the comparable figure when the cores are oversubscribed.
enum ProcessCPUTime {
    /// Seconds of CPU time used so far.
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }
}
