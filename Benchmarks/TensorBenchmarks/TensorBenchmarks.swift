import Benchmark
import CBLAS
import Tensors

/// matmul through the Tensor API vs raw cblas_sgemm, and the MLP training step of
/// `bench speed --model mlp`, eager and captured, with its heap allocations. Single-threaded
/// OpenBLAS.
let benchmarks: @Sendable () -> Void = {
    BLAS.setThreads(1)
    let timing = Benchmark.Configuration(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                         warmupIterations: 3, maxDuration: .seconds(3), maxIterations: 200)

    for n in [256, 1024] {
        var rng = RandomStream(seed: UInt64(n))
        let a = Tensor.normal([n, n], rng: &rng), b = Tensor.normal([n, n], rng: &rng)
        // FLOPs per iteration: 2·n³; GFLOP/s = 2n³ / (wall-clock ns).
        Benchmark("matmul Tensor API n=\(n)", configuration: timing) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(a.matmul(b)) }
        }
        Benchmark("matmul raw cblas_sgemm n=\(n)", configuration: timing) { benchmark in
            var c = [Float](repeating: 0, count: n * n)
            for _ in benchmark.scaledIterations {
                a.data.withUnsafeBufferPointer { pa in
                    b.data.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                                        pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                        }
                    }
                }
                blackHole(c)
            }
        }
    }

    // The training step of `bench speed --model mlp --hidden 256 --batch 64`.
    var rng = RandomStream(seed: 0)
    var initRNG = rng.split("init")
    let hidden = 256, batch = 64
    let encoders = (0..<2).map { _ in MLP(widths: [32, hidden, hidden], activateLast: true, rng: &initRNG) }
    let head = MLP(widths: [2 * hidden, 128, 128, 2], rng: &initRNG)
    let parameters = encoders[0].parameters.prefixed("encoder0") + encoders[1].parameters.prefixed("encoder1")
        + head.parameters.prefixed("head")
    var dataRNG = rng.split("data")
    let inputs = (0..<2).map { _ in Tensor.normal([batch, 32], rng: &dataRNG) }
    let labels = (0..<batch).map { _ in dataRNG.int(below: 2) }
    func loss() -> Tensor { Loss.crossEntropy(head(Tensor.concat([encoders[0](inputs[0]), encoders[1](inputs[1])])), targets: labels) }
    // The optimiser (and the captured graph) are made once, outside the measured closure, so
    // that the counts are those of the steps alone; the warm-up iterations make the buffers
    // that persist across steps (Adam's moments, the replay's gradients).
    // Eager: the graph is rebuilt every step (what `bench run` does).
    let eager = TrainingLoop(Adam(parameters, learningRate: 3e-4)) { optimizer in
        optimizer.zeroGrad(); loss().backward(); optimizer.step()
    }
    Benchmark("mlp train step H=256 B=64", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations { eager.step() }
    }
    // Captured: recorded once, replayed every step (`bench speed --model mlp --captured`).
    let replay = try! CapturedStep(loss)
    let captured = TrainingLoop(Adam(parameters, learningRate: 3e-4)) { optimizer in
        optimizer.zeroGrad(); replay.run(); optimizer.step()
    }
    Benchmark("mlp train step captured H=256 B=64", configuration: timing) { benchmark in
        for _ in benchmark.scaledIterations { captured.step() }
    }
}

/// An optimiser and the step that uses it, shared with the benchmark closures (which run on
/// one thread at a time).
final class TrainingLoop: @unchecked Sendable {
    private var optimizer: Adam
    private let body: (inout Adam) -> Void

    init(_ optimizer: Adam, _ body: @escaping (inout Adam) -> Void) {
        self.optimizer = optimizer
        self.body = body
    }

    func step() { body(&optimizer) }
}
