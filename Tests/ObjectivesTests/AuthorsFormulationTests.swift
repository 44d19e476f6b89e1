import Datasets
import Foundation
import Testing
import Tensors
@testable import Objectives

/// The masks and controls of the authors' formulations, each checked exactly against a naive
/// computation and for a non-trivial effect at the settings their protocol uses.
@Suite("Authors' formulations")
struct AuthorsFormulationTests {
    let data = tinyDataset(n: 48, widths: [6, 5], classes: 2)

    func differing(_ a: Tensor, _ b: Tensor) -> Set<Int> { Set((0..<a.count).filter { a.data[$0] != b.data[$0] }) }

    /// The tagged oracle withholds the block on the tagged rows only and scores every row.
    @Test func taggedOracleWithholdsTheBlockOfTaggedRowsAndScoresAll() {
        let batch = data.train.batch(Array(0..<12))
        let x = batch.inputs[0], tags = batch.synergyTag!
        var rng = RandomStream(seed: 11)  // not the data's seed: its first draws are x itself
        let c = OracleMask.corruption(of: x, block: 1..<3, rows: tags, scoreEveryRow: true, basis: nil, rng: &rng)
        #expect(c.rows == nil, "every row is scored")
        let expected = Set((0..<12).filter { tags[$0] }.flatMap { i in (1..<3).map { i * 6 + $0 } })
        #expect(!expected.isEmpty && expected.count < 12 * 2)
        #expect(differing(x, c.apply(to: x)) == expected)
        var again = RandomStream(seed: 11)
        let untagged = OracleMask.corruption(of: x, block: 1..<3, rows: tags, scoreEveryRow: false, basis: nil, rng: &again)
        #expect(untagged.rows == (0..<12).filter { tags[$0] }, "the original oracle scores the tagged rows only")
    }

    /// In a rotated basis the oracle changes the whole row, and rotating back shows that only the
    /// synergy block changed, to exactly the noise it drew (naive matrix products in Double).
    @Test func sourceBasisOracleChangesOnlyTheBlockInTheSourceBasis() throws {
        let d = 6, n = 4
        var rng = RandomStream(seed: 2)
        let q = PIDXORMixing.randomOrthogonal(d, rng: &rng).map { Float($0) }
        let basis = SourceBasis(rotation: q, mean: (0..<d).map { Float($0) * 0.1 }, std: (0..<d).map { 1 + Float($0) * 0.2 })
        let source = (0..<(n * d)).map { _ in rng.normal() }
        let x = Tensor(shape: [n, d], data: basis.fromSource(source))
        let rows = [true, false, true, false]
        var drawn = RandomStream(seed: 3)
        let c = OracleMask.corruption(of: x, block: 2..<4, rows: rows, scoreEveryRow: true, basis: basis, rng: &drawn)
        let corrupted = c.apply(to: x)
        var replay = RandomStream(seed: 3)
        let noise = Tensor.normal([n, d], rng: &replay).data
        // Naive: back to the source basis in Double.
        for i in 0..<n {
            for j in 0..<d {
                var s = 0.0
                for r in 0..<d {
                    let unstandardised = Double(corrupted.data[i * d + r]) * Double(basis.std[r]) + Double(basis.mean[r])
                    s += Double(q[r * d + j]) * unstandardised
                }
                let expected = rows[i] && (2..<4).contains(j) ? Double(noise[i * d + j]) : Double(source[i * d + j])
                #expect(abs(s - expected) < 1e-4, "row \(i) coordinate \(j): \(s) vs \(expected)")
            }
            let changed = (0..<d).filter { corrupted.data[i * d + $0] != x.data[i * d + $0] }
            #expect(rows[i] ? changed.count == d : changed.isEmpty, "row \(i)")
        }
    }

    /// intact changes nothing; full replaces every coordinate.
    @Test func intactAndFullControls() {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<8))
        var step = stepContext(data, model)
        let intact = SynIB(lambda: 1, mask: .intact, level: .input).inputCorruption(of: 0, batch, model, &step)
        #expect(differing(batch.inputs[0], intact.apply(to: batch.inputs[0])).isEmpty)
        let full = SynIB(lambda: 1, mask: .full(fill: .noise(1)), level: .input).inputCorruption(of: 1, batch, model, &step)
        #expect(differing(batch.inputs[1], full.apply(to: batch.inputs[1])).count == batch.inputs[1].count)
        #expect(SynIB(lambda: 1, mask: .intact).name == "synib-intact" && SynIB(lambda: 1, mask: .full(fill: .shuffle)).name == "synib-full")
    }

    /// The KL on intact inputs is exactly 2·λ·KL(softmax f(x) ‖ uniform) on top of the task
    /// losses (the published PID-XOR arms' confidence penalty), computed here by hand.
    @Test func intactKLIsAConfidencePenalty() {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<8))
        var step = stepContext(data, model)
        var plain = stepContext(data, model)
        let withKL = SynIB(lambda: 3, mask: .intact, level: .input).loss(model, batch, &step).item
        let without = SynIB(lambda: 0, mask: .intact, level: .input).loss(model, batch, &plain).item
        let q = Vanilla().logits(model, batch).softmax().data
        var kl = 0.0
        for i in 0..<8 {
            for c in 0..<2 { let p = Double(q[i * 2 + c]); kl += p * Foundation.log(p / 0.5) }
        }
        kl /= 8
        #expect(abs(Double(withKL - without) - 3 * 2 * kl) < 1e-4, "\(withKL - without) vs \(6 * kl)")
        #expect(kl > 1e-4, "the model is not already uniform")
    }

    /// The inner learning rate of the authors' PID-XOR gates follows PyTorch's CosineAnnealingLR.
    @Test func cosineAnnealingMatchesTheClosedForm() {
        let steps = 20, high: Float = 0.1, low: Float = 0.01
        for t in 0..<steps {
            let expected = Double(low) + Double(high - low) * (1 + cos(Double.pi * Double(t) / Double(steps))) / 2
            #expect(abs(Double(LearnedMask.cosineAnnealed(step: t, of: steps, from: high, to: low)) - expected) < 1e-6)
        }
        #expect(LearnedMask.cosineAnnealed(step: 0, of: steps, from: high, to: low) == high)
    }

    /// The authors' PID-XOR learned mask at its defaults (20 steps, λ_M 1) withholds the
    /// complement of what its gates keep: nearly everything (their destroyed fraction 0.997),
    /// and exactly the coordinates whose gate is at or above ½.
    @Test func authorsComplementMaskAtItsDefaults() {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<16))
        var rng = RandomStream(seed: 7)
        let settings = LearnedGates.authorsXOR(sparsity: 1)
        let (c, gates) = LearnedMask.inputCorruption(of: batch.inputs[0], modality: 0, labels: batch.labels, model: model,
                                                     settings: settings, rng: &rng)
        let withheld = Set((0..<gates.count).filter { c.mask.data[$0] == 1 })
        #expect(withheld == Set((0..<gates.count).filter { gates[$0] >= 0.5 }))
        #expect(Double(withheld.count) / Double(gates.count) > 0.9, "withheld \(withheld.count) of \(gates.count)")
        #expect(differing(batch.inputs[0], c.apply(to: batch.inputs[0])) == withheld)
    }

    /// With λ_M 0 the gates of coordinates the unimodal path relies on fall (the inner loop
    /// withholds the support) while the complement is withheld in the KL branch: both sets are
    /// non-empty, and the harness rule withholds exactly the other set.
    @Test func supportAndComplementPartitionTheCoordinates() {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<16))
        var a = RandomStream(seed: 8), b = RandomStream(seed: 8)
        var complement = LearnedGates.authorsXOR(steps: 100, sparsity: 0)
        complement.stopWhenStalled = false
        var support = complement
        support.corruption = .withholdSupport
        let (cc, gates) = LearnedMask.inputCorruption(of: batch.inputs[0], modality: 0, labels: batch.labels, model: model,
                                                      settings: complement, rng: &a)
        let (cs, _) = LearnedMask.inputCorruption(of: batch.inputs[0], modality: 0, labels: batch.labels, model: model,
                                                  settings: support, rng: &b)
        let low = gates.filter { $0 < 0.5 }.count
        #expect(low > 0 && low < gates.count, "the inner loop withholds some coordinates and keeps others")
        for i in gates.indices { #expect(cc.mask.data[i] + cs.mask.data[i] == 1) }
    }

    /// Soft gates (the authors' benchmark code) mix g·v + (1 − g)·ε with the final soft gates.
    @Test func softGatesMixCleanAndFill() {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<8))
        var rng = RandomStream(seed: 9)
        let (c, gates) = LearnedMask.inputCorruption(of: batch.inputs[0], modality: 0, labels: batch.labels, model: model,
                                                     settings: .authorsBenchmark(sparsity: 0.1), rng: &rng)
        let y = c.apply(to: batch.inputs[0])
        for i in gates.indices {
            let expected = gates[i] * batch.inputs[0].data[i] + (1 - gates[i]) * c.fill.data[i]
            #expect(abs(y.data[i] - expected) < 1e-5)
        }
        #expect(gates.contains { $0 > 0.05 && $0 < 0.95 }, "soft gates are not all saturated")
    }

    /// AUROC against the naive pairwise count (ties ½) and IoU against set arithmetic.
    @Test func overlapScoresMatchNaiveComputations() {
        var rng = RandomStream(seed: 10)
        let d = 10, n = 5
        let gates = (0..<(n * d)).map { _ in Float(Int(rng.uniformDouble() * 5)) / 4 }  // ties on purpose
        let truth = (0..<d).map { $0 < 4 }
        let scores = MaskOracleOverlap.scores(gates: gates, width: d, truth: truth, rule: .withholdComplement)
        var iou = 0.0, auroc = 0.0
        for i in 0..<n {
            let row = Array(gates[(i * d)..<((i + 1) * d)])
            let predicted = Set((0..<d).filter { row[$0] < 0.5 }), actual = Set((0..<d).filter { truth[$0] })
            iou += Double(predicted.intersection(actual).count) / Double(max(predicted.union(actual).count, 1))
            var wins = 0.0
            for p in 0..<d where truth[p] { for q in 0..<d where !truth[q] {
                let sp = 1 - row[p], sq = 1 - row[q]
                wins += sp > sq ? 1 : (sp == sq ? 0.5 : 0)
            } }
            auroc += wins / Double(4 * 6)
        }
        #expect(abs(scores.iou - iou / Double(n)) < 1e-12)
        #expect(abs(scores.auroc - auroc / Double(n)) < 1e-12)
        #expect(abs(scores.destroyed - Double(gates.filter { $0 >= 0.5 }.count) / Double(gates.count)) < 1e-12)
    }

    /// The diagnostic runs after every epoch of a learned input-level run on data with a known
    /// support, and stays off otherwise.
    @Test func diagnosticIsRecordedPerEpoch() throws {
        var parameters = PIDXORParameters()
        parameters.trainSize = 300
        parameters.testSize = 100
        let pid = PreparedDataset(try PIDXORGenerator.generate(parameters, seed: 0))
        let trainer = Trainer(configuration: TrainingConfiguration(epochs: 2, batchSize: 64),
                              model: FusionModelConfiguration(encoderWidths: [16, 16], fusionWidths: [8], unimodalWidths: [16]))
        let run = try trainer.train(SynIB(lambda: 10, mask: .gates(.authorsXOR(sparsity: 1)), level: .input), on: pid, seed: 0)
        let curve = try #require(run.maskDiagnostics?.oracleOverlap)
        #expect(curve.map(\.epoch) == [0, 1])
        #expect(curve.allSatisfy { $0.destroyedFraction > 0 && $0.randomDestroyedFraction > 0.3 && $0.randomDestroyedFraction < 0.7 })
        let random = try trainer.train(SynIB(lambda: 10, mask: .random(p: 0.5, fill: .noise(1)), level: .input), on: pid, seed: 0)
        #expect(random.maskDiagnostics?.oracleOverlap == nil)
    }
}
