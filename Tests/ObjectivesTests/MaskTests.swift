import Testing
import Tensors
@testable import Objectives

/// Every corruption must change exactly the coordinates it claims, and only in the withheld
/// modality (a corruption that changes nothing would make SynIB's penalty vanish unnoticed).
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
        let c = OracleMask.corruption(of: x, block: 1..<3, rows: rows, scoreEveryRow: false, basis: nil, rng: &rng)
        let expected = Set((0..<12).filter { $0 % 2 == 0 }.flatMap { i in (1..<3).map { i * d + $0 } })
        #expect(masked(c) == expected)
        #expect(differing(x, c.apply(to: x)) == expected)
        #expect(c.rows == (0..<12).filter { $0 % 2 == 0 })
    }

    /// Values equal up to float rounding (stacked and separate GEMMs may round differently).
    func close(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && zip(a.data, b.data).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) }
    }

    @Test(arguments: [CorruptionLevel.latent, .input])
    func synibWithholdsOnlyTheChosenModality(level: CorruptionLevel) throws {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<16))
        for m in 0..<2 {
            var step = stepContext(data, model)
            step.pass = .evaluation
            let objective = SynIB(lambda: 1, mask: .random(p: 0.5, fill: .noise(1)), level: level)
            var replay = step.maskRNG
            let (z, views) = objective.latents(model, batch, withholding: [m], &step)
            let view = try #require(views.first)
            #expect(views.count == 1 && view.modality == m && view.rows == nil)
            #expect(view.latents[1 - m].data == z[1 - m].data, "the kept modality must be untouched")
            // z is the clean encoding, also where the encoder ran on clean and corrupted rows stacked.
            var pass = ForwardPass.evaluation
            #expect(close(z[m], model.encode(batch.inputs[m], modality: m, &pass)))
            if level == .latent {
                let c = RandomMask.corruption(of: z[m], p: 0.5, fill: .noise(1), rng: &replay)
                #expect(differing(z[m], view.latents[m]) == masked(c))
            } else {
                let c = RandomMask.corruption(of: batch.inputs[m], p: 0.5, fill: .noise(1), rng: &replay)
                #expect(close(view.latents[m], model.encode(c.apply(to: batch.inputs[m]), modality: m, &pass)),
                        "the withheld latent is the encoding of the corrupted input")
                #expect(!differing(z[m], view.latents[m]).isEmpty, "input corruption must reach the latent")
            }
        }
    }

    @Test func oracleWithholdsOnlyTheChosenModality() throws {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<16))
        var step = stepContext(data, model)
        let (z, views) = SynIB(lambda: 1, mask: .oracle).latents(model, batch, withholding: [0], &step)
        let view = try #require(views.first)
        #expect(view.rows == nil)
        #expect(view.latents[1].data == z[1].data)
        #expect(view.latents[0].data != z[0].data)
        // With a tag, only the tagged rows are scored.
        let (_, tagged) = SynIB(lambda: 1, mask: .oracle(tag: "synergy")).latents(model, batch, withholding: [1], &step)
        let subset = try #require(tagged.first)
        #expect(subset.rows == (0..<16).filter { $0 % 3 == 0 })
        #expect(subset.latents.allSatisfy { $0.shape[0] == subset.rows!.count })
    }

    /// The SynIB loss, computed with stacked passes, equals the formula of docs/METHOD.md, "Objective" evaluated
    /// pass by pass: CE(f(z)) + λ_uni Σ CE(u_m(z_m)) + λ Σ w_m KL(f(z with m withheld) ‖ r).
    @Test(arguments: [CorruptionLevel.latent, .input])
    func stackedLossEqualsTheFormulaPassByPass(level: CorruptionLevel) {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<16))
        let objective = SynIB(lambda: 3, mask: .random(p: 0.5, fill: .noise(1)), reference: .prior,
                              branchWeights: [1, 0.5], lambdaUni: 0.7, level: level)
        var step = stepContext(data, model)
        step.pass = .evaluation
        var replay = step
        let stacked = objective.loss(model, batch, &step).item
        var pass = ForwardPass.evaluation
        let z = model.encode(batch, &pass)
        var expected = Loss.crossEntropy(model.fuse(z, &pass), targets: batch.labels).item
        for m in 0..<2 {
            expected += 0.7 * Loss.crossEntropy(model.unimodal(z[m], modality: m, &pass), targets: batch.labels).item
        }
        for m in 0..<2 {
            var withheld = z
            if level == .input {
                let c = RandomMask.corruption(of: batch.inputs[m], p: 0.5, fill: .noise(1), rng: &replay.maskRNG)
                withheld[m] = model.encode(c.apply(to: batch.inputs[m]), modality: m, &pass)
            } else {
                withheld[m] = RandomMask.corruption(of: z[m], p: 0.5, fill: .noise(1), rng: &replay.maskRNG).apply(to: z[m])
            }
            let kl = Loss.klDivergence(model.fuse(withheld, &pass), reference: .shared(data.classPrior)).item
            expected += 3 * [1, 0.5][m] * kl
        }
        #expect(abs(stacked - expected) <= 1e-5 * max(1, abs(expected)), "stacked \(stacked) vs pass by pass \(expected)")
    }

    /// Fusing several views in one stacked pass gives each view's logits.
    @Test func fusingViewsTogetherEqualsFusingThemApart() {
        let model = tinyModel(data)
        var pass = ForwardPass.evaluation
        let a = model.encode(data.train.batch(Array(0..<16)), &pass), b = model.encode(data.train.batch(Array(16..<21)), &pass)
        let together = model.fuse(views: [a, b], &pass)
        #expect(together.count == 2 && close(together[0], model.fuse(a, &pass)) && close(together[1], model.fuse(b, &pass)))
    }
}

extension Float {
    static func exp(_ x: Float) -> Float { Float(Foundation.exp(Double(x))) }
}

import Foundation
