import Benchmark
import CBLAS
import Tensors

/// matmul through the Tensor API vs raw cblas_sgemm, and the MLP training step of
/// `bench speed --model mlp` with its heap allocations. Single-threaded OpenBLAS.
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
    Benchmark("mlp train step H=256 B=64", configuration: timing) { benchmark in
        var optimizer = Adam(parameters, learningRate: 3e-4)
        for _ in benchmark.scaledIterations {
            optimizer.zeroGrad()
            let z = Tensor.concat([encoders[0](inputs[0]), encoders[1](inputs[1])])
            Loss.crossEntropy(head(z), targets: labels).backward()
            optimizer.step()
        }
    }
}
