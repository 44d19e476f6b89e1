import ArgumentParser
import Datasets
import Foundation
import Objectives
import Reports
import Tensors

/// What `bench speed` times (`--model`).
enum SpeedModel: String, ExpressibleByArgument, CaseIterable {
    case mlp
    case pidXOR = "pid-xor"
    case multibench
    case pidCard = "pid-card"
    case sgemm
    case reportStatistics = "report-statistics"
}

/// `bench speed`: times real training steps and prints one JSON line.
struct Speed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time training steps (forward, backward, Adam) and print one JSON line.",
        discussion: """
            mlp: two encoders 32→H→H, concat → 128 → 128 → 2, cross-entropy (vanilla only); with --captured the step is recorded once and replayed (CapturedStep).

            pid-xor: the PID-XOR harness model (docs/METHOD.md, "PID-XOR") with encoders 32→H→H, unimodal heads H→H→2 and the chosen objective (SynIB: λ = 10, input-level masks, 1 + 2 passes).

            sgemm: cblas_sgemm on H × H matrices.

            multibench: the MOSI model (docs/METHOD.md, "MultiBench affective tasks": a Transformer encoder per modality, LayerNorm latents, concat → 64 → 2) trained by the Trainer with --objective vanilla, synib-random or synib-learned on generated data of the real file's sizes (--sizes, default MOSI's 1284/229/686 examples of --sequence-steps 50 steps, vision 35-d, text 300-d); --shape harness (2 layers, feed-forward 160) or multibench (5 layers, feed-forward 2048), changed by --layers, --heads, --feed-forward, --width. It runs --epochs joint epochs (no pre-training, validation included) and reports s_per_epoch (wall, training and validation) and cpu_s_per_epoch (process CPU time including the final test prediction, the figure to compare on a shared machine) per epoch; --steps and --warmup do not apply.

            report-statistics: one "step" computes every paired comparison and every column's emphasis of a report shaped like the paper grid's (PaperShapedReport).

            pid-card: one dataset PID card (PCA, k-means into --clusters, BROJA) on --examples examples of two 32-dimensional modalities with --classes classes.

            The JSON records the OpenBLAS kernel that ran (blas_kernel, blas_kernel_source, see --blas-kernel), the CPU, and result_sha256, the SHA-256 of the weights (sgemm: the product) after all steps, which is the same on every machine that runs the same kernel.

            Examples:
              bench speed --model pid-xor --objective synib-random
              bench speed --model mlp --hidden 1024 --captured
              bench speed --model report-statistics --steps 5 --warmup 1
              bench speed --model multibench --shape multibench \\
                  --objective synib-random --epochs 2
            """)

    @Option(help: "Model: mlp, pid-xor, multibench, pid-card, sgemm (times cblas_sgemm on H × H matrices) or report-statistics (the paper grid's report statistics).")
    var model: SpeedModel = .mlp

    @Option(help: "Objective: vanilla, synib-oracle or synib-random (pid-xor); vanilla, synib-random or synib-learned (multibench).")
    var objective: String = "vanilla"

    @Option(help: "Hidden width H of the encoders.")
    var hidden: Int = 256

    @Option(name: .customLong("batch"), help: "Batch size (default 64; multibench: 32, MOSI's).")
    var batchSize: Int?

    /// The batch size asked for, or the model's default.
    var batch: Int { batchSize ?? (model == .multibench ? 32 : 64) }

    @Option(help: "Timed steps (after warm-up).")
    var steps: Int = 200

    @Option(help: "Untimed warm-up steps.")
    var warmup: Int = 20

    @Flag(help: "mlp model: record the step once and replay it (CapturedStep) instead of rebuilding its graph every step.")
    var captured = false

    @Option(help: "OpenBLAS threads.")
    var blasThreads: Int = 1

    @Option(help: "pid-card: classes C of the labels.") var classes: Int = 11
    @Option(help: "pid-card: k-means clusters k per modality.") var clusters: Int = 20
    @Option(help: "pid-card: examples.") var examples: Int = 4000

    @OptionGroup var multiBench: MultiBenchSpeedOptions

    @Option(help: "Seed of the weights and the batch.")
    var seed: UInt64 = 0

    @OptionGroup var kernel: BLASKernelOptions

    func validate() throws {
        if model == .multibench {
            guard ["vanilla", "synib-random", "synib-learned"].contains(objective) else {
                throw ValidationError("--objective: '\(objective)' with --model multibench; expected vanilla, synib-random or synib-learned")
            }
            try multiBench.validate()
        } else {
            guard ["vanilla", "synib-oracle", "synib-random"].contains(objective) else {
                throw ValidationError("--objective: unknown objective '\(objective)'; expected vanilla, synib-oracle or synib-random")
            }
            guard model == .pidXOR || objective == "vanilla" else {
                throw ValidationError("--objective \(objective) needs --model pid-xor")
            }
        }
        guard !captured || model == .mlp else {
            throw ValidationError("--captured needs --model mlp (the other steps contain ops a replay cannot recompute)")
        }
        guard hidden > 0, batch > 0, steps > 0, warmup >= 0, blasThreads > 0 else {
            throw ValidationError("--hidden, --batch, --steps and --blas-threads must be positive")
        }
    }

    func run() throws {
        BLAS.setThreads(blasThreads)
        if model == .multibench {
            try printJSON(try multiBench.measure(objective: objective, batch: batch, seed: seed, kernel: kernelRecord))
            return
        }
        let (step, fingerprint) = switch model {
        case .mlp: try mlpStep()
        case .sgemm: sgemmStep()
        case .pidCard: try pidCardStep()
        case .reportStatistics: reportStatisticsStep()
        case .pidXOR: try pidXORStep()
        case .multibench: preconditionFailure("--model multibench is measured per epoch above")
        }
        for _ in 0..<warmup { step() }
        let clock = ContinuousClock()
        let elapsed = clock.measure { for _ in 0..<steps { step() } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let msPerStep = seconds * 1000 / Double(steps)
        var record: [String: Any] = [
            "model": model.rawValue, "objective": objective, "captured": captured, "hidden": hidden, "batch": batch, "steps": steps,
            "blas_threads": blasThreads, "ms_per_step": msPerStep,
            "samples_per_s": Double(batch) / (msPerStep / 1000),
            "result_sha256": fingerprint(),
        ].merging(kernelRecord) { a, _ in a }
        if model == .pidCard {
            record = ["model": model.rawValue, "classes": classes, "clusters": clusters, "examples": examples, "steps": steps,
                      "ms_per_card": msPerStep, "result_sha256": fingerprint()]
        }
        if let flops = flopsPerStep {
            record["flops_per_step"] = flops
            record["gflops"] = flops / (msPerStep / 1000) / 1e9
        }
        try printJSON(record)
    }

    /// The BLAS kernel and CPU fields every record carries.
    var kernelRecord: [String: Any] {
        ["blas_kernel": BLASKernel.coreName, "blas_kernel_source": BLASKernel.source(),
         "openblas": BLASKernel.version, "cpu": CPUFeatures.current.model]
    }

    /// Prints `record` as one JSON line with sorted keys.
    func printJSON(_ record: [String: Any]) throws {
        let json = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    /// SHA-256 of the bytes of `arrays` (the bit-exact fingerprint of a step's result).
    static func fingerprint(_ arrays: [[Float]]) -> String {
        var bytes: [UInt8] = []
        for a in arrays { a.withUnsafeBytes { bytes.append(contentsOf: $0) } }
        return FileHashing.sha256Hex(bytes)
    }

    /// The statistics of a paper-shaped report (``PaperShapedReport``): comparisons and emphasis;
    /// the fingerprint covers every comparison's Δ, interval and p-value.
    func reportStatisticsStep() -> (() -> Void, () -> String) {
        let report = PaperShapedReport.make(seed: seed)
        var last: ReportStatistics?
        return ({ last = ReportStatistics(report: report) }, {
            Speed.fingerprint([(last?.comparisons ?? []).flatMap { [Float]([$0.delta, $0.ciLow, $0.ciHigh, $0.pValue].map(Float.init)) }])
        })
    }

    /// One H × H × H product through cblas_sgemm (the BLAS ceiling the steps are compared with).
    func sgemmStep() -> (() -> Void, () -> String) {
        var rng = RandomStream(seed: seed)
        let a = Tensor.normal([hidden, hidden], rng: &rng), b = Tensor.normal([hidden, hidden], rng: &rng)
        let c = UnsafeMutableBufferPointer<Float>.allocate(capacity: hidden * hidden)
        c.initialize(repeating: 0)
        let n = hidden
        return ({
            a.data.withUnsafeBufferPointer { pa in
                b.data.withUnsafeBufferPointer { pb in
                    BLAS.sgemm(transposeA: false, transposeB: false, m: n, n: n, k: n, a: pa.baseAddress!, lda: n,
                               b: pb.baseAddress!, ldb: n, beta: 0, c: c.baseAddress!, ldc: n)
                }
            }
        }, { Speed.fingerprint([Array(c)]) })
    }

    /// Floating-point operations of one step, counted from the layer shapes (2·rows·in·out per
    /// product; backward adds dW for every layer and dX where the input needs a gradient).
    var flopsPerStep: Double? {
        let (b, h) = (Double(batch), Double(hidden))
        func layer(_ i: Double, _ o: Double, inputGradient: Bool) -> Double {
            2 * b * i * o * (inputGradient ? 3 : 2)
        }
        switch model {
        case .reportStatistics, .pidCard, .multibench:
            return nil
        case .sgemm:
            return 2 * h * h * h
        case .mlp:
            let encoder = layer(32, h, inputGradient: false) + layer(h, h, inputGradient: true)
            let head = layer(2 * h, 128, inputGradient: true) + layer(128, 128, inputGradient: true) + layer(128, 2, inputGradient: true)
            return 2 * encoder + head
        case .pidXOR:
            let encoder = layer(32, h, inputGradient: false) + layer(h, h, inputGradient: true)
            let fusion = layer(2 * h, 128, inputGradient: true) + layer(128, 128, inputGradient: true) + layer(128, 2, inputGradient: true)
            let unimodal = layer(h, h, inputGradient: false) + layer(h, 2, inputGradient: true)
            let vanilla = 2 * encoder + fusion + 2 * unimodal
            // SynIB at the input level: per modality, one more encoder pass and one more fusion pass.
            return objective == "vanilla" ? vanilla : vanilla + 2 * (encoder + fusion)
        }
    }

    /// One vanilla step of the plain two-encoder MLP, eager or captured.
    func mlpStep() throws -> (() -> Void, () -> String) {
        let rng = RandomStream(seed: seed)
        var initRNG = rng.split("init")
        let encoders = (0..<2).map { _ in MLP(widths: [32, hidden, hidden], activateLast: true, rng: &initRNG) }
        let head = MLP(widths: [2 * hidden, 128, 128, 2], rng: &initRNG)
        let parameters = encoders[0].parameters.prefixed("encoder0") + encoders[1].parameters.prefixed("encoder1")
            + head.parameters.prefixed("head")
        var optimizer = Adam(parameters, learningRate: 3e-4)
        var dataRNG = rng.split("data")
        let inputs = (0..<2).map { _ in Tensor.normal([batch, 32], rng: &dataRNG) }
        let labels = (0..<batch).map { _ in dataRNG.int(below: 2) }
        func loss() -> Tensor { Loss.crossEntropy(head(Tensor.concat([encoders[0](inputs[0]), encoders[1](inputs[1])])), targets: labels) }
        if captured {
            let replay = try CapturedStep(loss)
            return ({ optimizer.zeroGrad(); replay.run(); optimizer.step() }, { Speed.fingerprint(parameters.snapshot()) })
        }
        return ({ optimizer.zeroGrad(); loss().backward(); optimizer.step() }, { Speed.fingerprint(parameters.snapshot()) })
    }

    /// One step of the PID-XOR harness model with the chosen objective.
    func pidXORStep() throws -> (() -> Void, () -> String) {
        var settings = ProtocolSettings.forDataset("pid-xor")
        settings.model = settings.model.withHidden(hidden)
        guard let chosen = try settings.objective(named: objective) as? any TrainingObjective else {
            throw ValidationError("--objective \(objective) does not train a model")
        }
        let root = RandomStream(seed: seed)
        var initRNG = root.split("init")
        let net = FusionModel(inputWidths: [32, 32], classes: 2, configuration: settings.model, rng: &initRNG)
        var optimizer = Adam(net.parameters, learningRate: settings.training.learningRate,
                             weightDecay: settings.training.weightDecay)
        var dataRNG = root.split("data")
        let batchData = Batch(inputs: (0..<2).map { _ in Tensor.normal([batch, 32], rng: &dataRNG) },
                              labels: (0..<batch).map { _ in dataRNG.int(below: 2) }, synergyTag: nil)
        var context = StepContext(pass: .training(root.split("dropout")), maskRNG: root.split("mask"),
                                  classPrior: [0.5, 0.5], classCount: 2, synergyBlocks: [0: 12..<18, 1: 12..<18],
                                  latentMoments: net.encoders.map { RunningMoments(width: $0.outputWidth) })
        return ({
            optimizer.zeroGrad()
            chosen.loss(net, batchData, &context).backward()
            optimizer.step()
        }, { Speed.fingerprint(net.parameters.snapshot()) })
    }
}
