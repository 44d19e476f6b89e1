import Testing
import Tensors
@testable import Objectives

/// Every corruption must change exactly the coordinates it claims, and only in the withheld
/// modality (the public reference code once shipped a corruption that did nothing).
@Suite("Corruption operators")
struct MaskTests {
    let data = tinyDataset()

    /// Indices where two equally shaped tensors differ.
    func differing(_ a: Tensor, _ b: Tensor) -> Set<Int> {
        Set((0..<a.count).filter { a.data[$0] != b.data[$0] })
    }

    func masked(_ c: Corruption) -> Set<Int> { Set((0..<c.mask.count).filter { c.mask.data[$0] == 1 }) }

    @Test(arguments: [Fill.noise(1), Fill.shuffle])
    func randomMaskChangesExactlyItsCoordinates(fill: Fill) {
        let x = data.train.batch(Array(0..<16)).inputs[0]
        var rng = RandomStream(seed: 4)
        let c = RandomMask.corruption(of: x, p: 0.4, fill: fill, rng: &rng)
        let chosen = masked(c)
        #expect(!chosen.isEmpty && chosen.count < x.count)
        #expect(abs(Double(chosen.count) / Double(x.count) - 0.4) < 0.15)
        #expect(differing(x, c.apply(to: x)) == chosen)
    }

    @Test func shuffleFillsComeFromOtherRowsOfTheBatch() {
        let x = data.train.batch(Array(0..<16)).inputs[1]
        let (n, d) = (x.shape[0], x.shape[1])
        var rng = RandomStream(seed: 5)
        let c = RandomMask.corruption(of: x, p: 0.5, fill: .shuffle, rng: &rng)
        let y = c.apply(to: x)
        // One source row per row, never the row itself, and the whole filled row is that row.
        for i in 0..<n {
            let sources = (0..<n).filter { r in r != i && (0..<d).allSatisfy { c.fill.data[i * d + $0] == x.data[r * d + $0] } }
            #expect(sources.count == 1, "row \(i) fill is not another row of the batch")
            for j in 0..<d where c.mask.data[i * d + j] == 1 { #expect(y.data[i * d + j] == x.data[sources[0] * d + j]) }
        }
    }

    @Test func oracleMaskChangesExactlyTheSynergyBlock() {
        let x = data.train.batch(Array(0..<12)).inputs[0]
        let d = x.shape[1]
        var rng = RandomStream(seed: 6)
        let rows = (0..<12).map { $0 % 2 == 0 }
        let c = OracleMask.corruption(of: x, block: 1..<3, rows: rows, rng: &rng)
        let expected = Set((0..<12).filter { $0 % 2 == 0 }.flatMap { i in (1..<3).map { i * d + $0 } })
        #expect(masked(c) == expected)
        #expect(differing(x, c.apply(to: x)) == expected)
        #expect(c.rows == (0..<12).filter { $0 % 2 == 0 })
    }

    @Test(arguments: [CorruptionLevel.latent, .input])
    func synibWithholdsOnlyTheChosenModality(level: CorruptionLevel) {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<16))
        for m in 0..<2 {
            var step = stepContext(data, model)
            let z = model.encode(batch, &step.pass)
            let objective = SynIB(lambda: 1, mask: .random(p: 0.5, fill: .noise(1)), level: level)
            var replay = step.maskRNG
            let (corrupted, rows) = objective.withholding(m, latents: z, batch: batch, model: model, &step)
            #expect(rows == nil)
            #expect(corrupted[1 - m].data == z[1 - m].data, "the kept modality must be untouched")
            if level == .latent {
                let c = RandomMask.corruption(of: z[m], p: 0.5, fill: .noise(1), rng: &replay)
                #expect(differing(z[m], corrupted[m]) == masked(c))
            } else {
                #expect(!differing(z[m], corrupted[m]).isEmpty, "input corruption must reach the latent")
            }
        }
    }

    @Test func oracleWithholdsOnlyTheChosenModality() {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<16))
        var step = stepContext(data, model)
        let z = model.encode(batch, &step.pass)
        let (corrupted, rows) = SynIB(lambda: 1, mask: .oracle).withholding(0, latents: z, batch: batch, model: model, &step)
        #expect(rows == nil)
        #expect(corrupted[1].data == z[1].data)
        #expect(corrupted[0].data != z[0].data)
        // With a tag, only the tagged rows are scored.
        let (subset, taggedRows) = SynIB(lambda: 1, mask: .oracle(tag: "synergy"))
            .withholding(1, latents: z, batch: batch, model: model, &step)
        #expect(taggedRows == (0..<16).filter { $0 % 3 == 0 })
        #expect(subset[0].shape[0] == taggedRows!.count)
    }

    @Test func learnedGatesMoveAndRaiseTheUnimodalLoss() {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<24))
        var step = stepContext(data, model)
        let z = model.encode(batch, &step.pass)[0].stopGradient()
        var moments = RunningMoments(width: z.shape[1])
        moments.update(with: z)
        var rng = RandomStream(seed: 7)
        var noiseRNG = rng
        let (c, gates) = LearnedMask.corruption(of: z, labels: batch.labels, head: model.unimodalHeads[0], moments: moments,
                                                steps: 20, learningRate: 0.1, sparsity: 0.01, rng: &rng)
        let start = 1 / (1 + Float.exp(-LearnedMask.initialGateLogit))
        #expect(gates.contains { abs($0 - start) > 0.05 }, "gates did not move")
        // The gates as learned (soft) raise the head's loss over the clean latent.
        let noise = moments.sample(rows: z.shape[0], rng: &noiseRNG)
        let g = Tensor(shape: z.shape, data: gates)
        let softened = g * z + (-g + 1) * noise
        let head = model.unimodalHeads[0]
        #expect(Loss.crossEntropy(head(softened), targets: batch.labels).item
                > Loss.crossEntropy(head(z), targets: batch.labels).item)
        // The thresholded mask replaces exactly the coordinates whose gate fell below ½.
        #expect(differing(z, c.apply(to: z)) == Set(gates.indices.filter { gates[$0] < 0.5 }))
    }
}

extension Float {
    static func exp(_ x: Float) -> Float { Float(Foundation.exp(Double(x))) }
}

import Foundation
