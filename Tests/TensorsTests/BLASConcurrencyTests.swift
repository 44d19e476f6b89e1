import Foundation
import Testing
import Tensors

/// `BLAS.sgemm` takes no lock: OpenBLAS (0.3.x, the pthread build Debian ships) is safe to call
/// from several application threads at once. Four threads multiply shared inputs of several
/// shapes at the same time, each into its own output, and every product must equal, bit for bit,
/// the one computed alone beforehand (and that one a naive loop to rounding).
@Suite(.serialized) struct BLASConcurrencyTests {
    /// (m, n, k): small ones that OpenBLAS runs on the caller's thread and ones large enough
    /// to be split over its own threads when it has more than one.
    static let shapes = [(7, 5, 3), (64, 64, 64), (96, 160, 128), (256, 256, 256)]

    @Test(arguments: [1, 2]) func concurrentCallsGiveTheProductsOfSerialCalls(blasThreads: Int) throws {
        let previous = BLAS.threads
        BLAS.setThreads(blasThreads)
        defer { BLAS.setThreads(previous) }
        var rng = RandomStream(seed: 11)
        let inputs = Self.shapes.map { m, n, k in
            ((0..<(m * k)).map { _ in rng.normal() }, (0..<(k * n)).map { _ in rng.normal() })
        }
        let serial = Self.shapes.indices.map { Self.product(Self.shapes[$0], inputs[$0]) }
        // The serial products are products (a naive double-precision loop, to float rounding).
        for (i, (m, n, k)) in Self.shapes.enumerated() {
            let (a, b) = inputs[i]
            for (r, col) in [(0, 0), (m - 1, n - 1), (m / 2, n / 3)] {
                let exact = (0..<k).reduce(0.0) { $0 + Double(a[r * k + $1]) * Double(b[$1 * n + col]) }
                #expect(abs(Double(serial[i][r * n + col]) - exact) < 1e-4 * Double(k), "shape \(m)×\(n)×\(k) [\(r), \(col)]")
            }
        }
        let threads = 4, rounds = 25
        let mismatches = Mismatches()
        let group = DispatchGroup()
        for t in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                for round in 0..<rounds {
                    let i = (t + round) % Self.shapes.count
                    if Self.product(Self.shapes[i], inputs[i]) != serial[i] {
                        mismatches.add("thread \(t) round \(round) shape \(Self.shapes[i])")
                    }
                }
                group.leave()
            }
        }
        group.wait()
        #expect(mismatches.list.isEmpty, "\(mismatches.list.prefix(5))")
    }

    /// A × B through `BLAS.sgemm` into a fresh buffer (NaN-filled, so an unwritten entry shows).
    static func product(_ shape: (Int, Int, Int), _ input: ([Float], [Float])) -> [Float] {
        let (m, n, k) = shape
        var c = [Float](repeating: .nan, count: m * n)
        input.0.withUnsafeBufferPointer { a in
            input.1.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a.baseAddress!, lda: k,
                               b: b.baseAddress!, ldb: n, beta: 0, c: c.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }
}

/// Mismatches reported by the threads.
private final class Mismatches: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var list: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
