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

    /// A strided block added into another, or written over a buffer holding no gradient yet as
    /// 0 + src: bit for bit what adding into a zero-filled buffer gives (−0 becomes +0).
    @Test func accumulateRowsAddsOrWritesAStridedBlock() {
        let (rows, cols, srcStride, dstStride) = (5, 19, 23, 21)
        let src = values(rows * srcStride, seed: 6)  // holds 0, −0, NaN and ±∞ in its first row
        let before = values(rows * dstStride, seed: 7).map { $0.isNaN ? 2 : $0 }
        for overwrite in [false, true] {
            var dst = before
            src.withUnsafeBufferPointer { ps in
                dst.withUnsafeMutableBufferPointer {
                    synib_accumulate_rows($0.baseAddress!, dstStride, ps.baseAddress!, srcStride, rows, cols, overwrite ? 1 : 0)
                }
            }
            for r in 0..<rows {
                for j in 0..<dstStride {
                    let i = r * dstStride + j
                    let base: Float = overwrite ? 0 : before[i]
                    let want = j < cols ? base + src[r * srcStride + j] : before[i]  // the gap is left alone
                    #expect(dst[i].bitPattern == want.bitPattern || (dst[i].isNaN && want.isNaN),
                            "overwrite \(overwrite), row \(r) column \(j): \(dst[i]) vs \(want)")
                }
            }
            #expect(dst[1].bitPattern == (overwrite ? Float(0) : before[1] + -0.0).bitPattern)  // −0 → +0 when written
        }
    }

    /// Adam at every vector width this CPU supports (16, 8, 4 lanes) against the 4-lane kernel
    /// that every machine runs: the same bits, on a length with a tail at each width.
    @Test func adamUpdateIsTheSameAtEveryVectorWidth() {
        let n = 16 * 9 + 13
        let p0 = values(n, seed: 8).map { $0.isFinite ? $0 : 0.5 }, g = values(n, seed: 9).map { $0.isFinite ? $0 : -1 }
        let m0 = values(n, seed: 10).map { $0.isFinite ? $0 * 0.1 : 0 }, v0 = values(n, seed: 11).map { $0.isFinite ? $0 * $0 : 0 }
        func run(_ lanes: Int32) -> [[Float]] {
            var (p, m, v) = (p0, m0, v0)
            g.withUnsafeBufferPointer { pg in
                p.withUnsafeMutableBufferPointer { pp in
                    m.withUnsafeMutableBufferPointer { pm in
                        v.withUnsafeMutableBufferPointer { pv in
                            for _ in 0..<3 {
                                synib_adam_update_lanes(lanes, pp.baseAddress!, pg.baseAddress!, pm.baseAddress!, pv.baseAddress!,
                                                        n, 0.9, 0.999, 3e-4, 0.05, 1e-8, 1e-5, 0.9999)
                            }
                        }
                    }
                }
            }
            return [p, m, v]
        }
        let narrow = run(4)
        #expect(narrow[0] != p0 && narrow[1] != m0 && narrow[2] != v0)  // the update ran
        let widest = Int32(synib_adam_lanes())
        #expect([4, 8, 16].contains(widest))
        for lanes in [Int32(8), 16] where lanes <= widest {
            let wide = run(lanes)
            for k in 0..<3 {
                #expect(wide[k].map(\.bitPattern) == narrow[k].map(\.bitPattern), "\(lanes) lanes, array \(k)")
            }
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
