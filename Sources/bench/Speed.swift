import ArgumentParser
import Foundation
import Tensors

/// `bench speed`: times real training steps and prints one JSON line.
struct Speed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time training steps (forward, backward, Adam) and print one JSON line.")

    @Option(help: "Model: mlp (two 32→H→H encoders, concat → 128 → 128 → 2).")
    var model: String = "mlp"

    @Option(help: "Hidden width H of the encoders.")
    var hidden: Int = 256

    @Option(help: "Batch size.")
    var batch: Int = 64

    @Option(help: "Timed steps (after warm-up).")
    var steps: Int = 200

    @Option(help: "Untimed warm-up steps.")
    var warmup: Int = 20

    @Option(help: "OpenBLAS threads.")
    var blasThreads: Int = 1

    @Option(help: "Seed of the weights and the batch.")
    var seed: UInt64 = 0

    func validate() throws {
        guard model == "mlp" else { throw ValidationError("--model: expected mlp, got \(model)") }
        guard hidden > 0, batch > 0, steps > 0, warmup >= 0, blasThreads > 0 else {
            throw ValidationError("--hidden, --batch, --steps and --blas-threads must be positive")
        }
    }

    func run() throws {
        BLAS.setThreads(blasThreads)
        var rng = RandomStream(seed: seed)
        var initRNG = rng.split("init")
        let encoders = (0..<2).map { _ in MLP(widths: [32, hidden, hidden], activateLast: true, rng: &initRNG) }
        let head = MLP(widths: [2 * hidden, 128, 128, 2], rng: &initRNG)
        let parameters = encoders[0].parameters.prefixed("encoder0") + encoders[1].parameters.prefixed("encoder1")
            + head.parameters.prefixed("head")
        var optimizer = Adam(parameters, learningRate: 3e-4)
        var dataRNG = rng.split("data")
        let inputs = (0..<2).map { _ in Tensor.normal([batch, 32], rng: &dataRNG) }
        let labels = (0..<batch).map { _ in dataRNG.int(below: 2) }

        func step() {
            optimizer.zeroGrad()
            let z = Tensor.concat([encoders[0](inputs[0]), encoders[1](inputs[1])])
            Loss.crossEntropy(head(z), targets: labels).backward()
            optimizer.step()
        }
        for _ in 0..<warmup { step() }
        let clock = ContinuousClock()
        let elapsed = clock.measure { for _ in 0..<steps { step() } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let msPerStep = seconds * 1000 / Double(steps)
        let record: [String: Any] = [
            "model": model, "objective": "vanilla", "hidden": hidden, "batch": batch, "steps": steps,
            "blas_threads": blasThreads, "ms_per_step": msPerStep,
            "samples_per_s": Double(batch) / (msPerStep / 1000),
        ]
        let json = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}
