import CKernels
import Testing
@testable import Tensors

/// The C element-wise kernels (Sources/CKernels) against plain Swift loops, bit for bit, on
/// lengths that are not multiples of the vector width and on the edge values 0, −0 and NaN.
@Suite("C element-wise kernels")
struct KernelTests {
    func values(_ n: Int, seed: UInt64) -> [Float] {
        var rng = RandomStream(seed: seed)
        var x = (0..<n).map { _ in rng.normal(mean: 0, std: 1) }
        x[0] = 0; x[1] = -0.0; x[2] = .nan; x[3] = .infinity; x[4] = -.infinity
        return x
    }

    @Test func reluZeroesExactlyTheNonPositiveEntries() {
        let x = values(37, seed: 1)
        var y = x
        y.withUnsafeMutableBufferPointer { synib_relu($0.baseAddress!, $0.count) }
        for i in x.indices {
            let want: Float = x[i] > 0 ? x[i] : 0
            #expect(y[i].bitPattern == want.bitPattern, "index \(i): relu(\(x[i])) = \(y[i])")
        }
        #expect(y.filter { $0 == 0 }.count == x.filter { !($0 > 0) }.count)
    }

    @Test func reluBackwardKeepsTheGradientWhereTheOutputWasPositive() {
        let y = values(41, seed: 2).map { $0 > 0 ? $0 : 0 }
        let g = values(41, seed: 3).map { $0.isNaN ? 1 : $0 + 10 }  // never 0, so every zero below is the mask's
        var got = g
        y.withUnsafeBufferPointer { py in
            got.withUnsafeMutableBufferPointer { synib_relu_backward($0.baseAddress!, py.baseAddress!, $0.count) }
        }
        for i in g.indices {
            #expect(got[i].bitPattern == (y[i] > 0 ? g[i] : 0).bitPattern, "index \(i)")
        }
    }

    @Test func columnSumsAddRowByRowInOrder() {
        let (rows, cols) = (7, 13)
        let matrix = values(rows * cols, seed: 4).map { $0.isFinite ? $0 : 0.5 }
        var sums = values(cols, seed: 5).map { $0.isFinite ? $0 : 0.25 }
        var want = sums
        for r in 0..<rows { for j in 0..<cols { want[j] += matrix[r * cols + j] } }
        matrix.withUnsafeBufferPointer { pm in
            sums.withUnsafeMutableBufferPointer { synib_add_column_sums($0.baseAddress!, pm.baseAddress!, rows, cols) }
        }
        #expect(sums == want)
    }
}
