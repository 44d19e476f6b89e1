import Foundation
import Testing
import Tensors
@testable import Datasets

/// PID-XOR's mixings: the matrices are orthogonal and canonical, each kind mixes what it says
/// and nothing else, and the source basis undoes the mixing exactly.
@Suite("PID-XOR mixing")
struct MixingTests {
    let p = PIDXORParameters()

    func product(_ a: [Double], _ b: [Double], _ d: Int, transposeA: Bool) -> [Double] {
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in 0..<d { for k in 0..<d {
            out[i * d + j] += (transposeA ? a[k * d + i] : a[i * d + k]) * b[k * d + j]
        } } }
        return out
    }

    /// QᵀQ = I, and R = QᵀA (A the Gaussian matrix drawn from the same stream) is upper triangular
    /// with a positive diagonal: Q is the canonical Q of A's QR decomposition.
    @Test func randomOrthogonalIsTheCanonicalQOfAGaussianMatrix() {
        let d = 12
        var rng = RandomStream(seed: 9)
        let q = PIDXORMixing.randomOrthogonal(d, rng: &rng)
        var again = RandomStream(seed: 9)
        let a = (0..<(d * d)).map { _ in Double(again.normal()) }
        let identity = product(q, q, d, transposeA: true)
        for i in 0..<d { for j in 0..<d { #expect(abs(identity[i * d + j] - (i == j ? 1 : 0)) < 1e-12) } }
        let r = product(q, a, d, transposeA: true)
        for i in 0..<d {
            #expect(r[i * d + i] > 0)
            for j in 0..<i { #expect(abs(r[i * d + j]) < 1e-10, "R[\(i), \(j)] = \(r[i * d + j])") }
        }
        #expect(q.enumerated().contains { abs($0.element - ($0.offset % (d + 1) == 0 ? 1 : 0)) > 0.1 }, "Q is not the identity")
    }

    /// Partial rotation: block-diagonal over two random pairs of the four blocks, orthogonal, and
    /// mixing across every block of a pair.
    @Test func partialRotationMixesWithinPairsOfBlocksOnly() throws {
        let d = p.dimensions
        let q = try #require(PIDXORMixing(.partialRotation).rotation(modality: 0, dimensions: d, blocks: p.blocks))
        let blockOf = (0..<d).map { j in p.blocks.firstIndex { $0.contains(j) }! }
        var partner = [Int: Set<Int>]()
        for i in 0..<d { for j in 0..<d where abs(q[i * d + j]) > 1e-9 { partner[blockOf[i], default: []].insert(blockOf[j]) } }
        for (block, touched) in partner {
            #expect(touched.count == 2, "block \(block) mixes with \(touched)")
            for other in touched { #expect(partner[other] == touched) }
        }
        let identity = product(q, q, d, transposeA: true)
        for i in 0..<d { for j in 0..<d { #expect(abs(identity[i * d + j] - (i == j ? 1 : 0)) < 1e-12) } }
    }

    /// Same seed, same matrices for every run seed; a different modality gets another matrix.
    @Test func matricesDependOnTheMixingSeedAndModalityOnly() throws {
        let mixing = PIDXORMixing(.rotation)
        let q0 = try #require(mixing.rotation(modality: 0, dimensions: 8, blocks: p.blocks))
        #expect(q0 == mixing.rotation(modality: 0, dimensions: 8, blocks: p.blocks))
        #expect(q0 != mixing.rotation(modality: 1, dimensions: 8, blocks: p.blocks))
        #expect(q0 != PIDXORMixing(.rotation, seed: 1).rotation(modality: 0, dimensions: 8, blocks: p.blocks))
        #expect(PIDXORMixing(.identity).rotation(modality: 0, dimensions: 8, blocks: p.blocks) == nil)
    }

    /// Rotated data: every coordinate changes, the labels and tags do not, and mapping the
    /// standardised values back through the source basis gives the identity arm's raw values
    /// (same seed, same draws) up to float rounding.
    @Test func sourceBasisRecoversTheUnmixedData() throws {
        var rotated = p
        rotated.mixing = PIDXORMixing(.rotation)
        let a = try PIDXORGenerator.generate(p, seed: 3), b = try PIDXORGenerator.generate(rotated, seed: 3)
        #expect(a.train.labels == b.train.labels && a.test.tags == b.test.tags)
        #expect(a.train.modalities[0].values != b.train.modalities[0].values)
        let basis = try #require(b.sourceBases[0])
        // The unmixed raw test values, drawn again from the test split's stream.
        let source = basis.toSource(b.test.modalities[0].values)
        var stream = Self.testStream(seed: 3)
        let unmixed = PIDXORGenerator.sample(p, count: p.testSize, proj: try PIDXORGenerator.projections(p),
                                             rng: &stream).modalities[0].values
        var worst: Float = 0
        for i in source.indices { worst = max(worst, abs(source[i] - unmixed[i])) }
        #expect(worst < 1e-3, "largest difference \(worst)")
        let back = basis.fromSource(source)
        for i in back.indices.prefix(2000) { #expect(abs(back[i] - b.test.modalities[0].values[i]) < 1e-3) }
        #expect(b.unimodalSupport.isEmpty, "no axis-aligned support once rotated")
        #expect(a.unimodalSupport[0] == 0..<12)
    }

    /// tanh mixing leaves no synergy block to withhold (the oracle refuses it) and no basis.
    @Test func tanhHasNoBlockAndNoBasis() throws {
        var q = p
        q.mixing = PIDXORMixing(.tanh)
        let data = try PIDXORGenerator.generate(q, seed: 0)
        #expect(data.synergyBlocks.isEmpty && data.sourceBases.isEmpty)
        #expect(data.train.modalities[1].values.allSatisfy { $0.isFinite })
    }

    /// The test split's stream of `generate` (its draws depend on the seed only).
    static func testStream(seed: UInt64) -> RandomStream {
        RandomStream(seed: seed).split("pid-xor").split("test")
    }
}
