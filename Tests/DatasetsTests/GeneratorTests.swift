import Foundation
import Testing
@testable import Datasets
import Tensors

/// A tiny binary logistic regression (full-batch gradient descent) for the chance-level check.
func logisticAccuracy(train: [[Float]], trainY: [Int], test: [[Float]], testY: [Int], epochs: Int = 300, lr: Float = 0.5) -> Double {
    let d = train.first?.count ?? 0
    var w = [Float](repeating: 0, count: d), b: Float = 0
    for _ in 0..<epochs {
        var gw = [Float](repeating: 0, count: d), gb: Float = 0
        for (x, y) in zip(train, trainY) {
            var z = b
            for j in 0..<d { z += w[j] * x[j] }
            let p = 1 / (1 + exp(-z))
            let g = p - Float(y)
            for j in 0..<d { gw[j] += g * x[j] }
            gb += g
        }
        let n = Float(train.count)
        for j in 0..<d { w[j] -= lr * gw[j] / n }
        b -= lr * gb / n
    }
    var correct = 0
    for (x, y) in zip(test, testY) {
        var z = b
        for j in 0..<d { z += w[j] * x[j] }
        if (z > 0 ? 1 : 0) == y { correct += 1 }
    }
    return Double(correct) / Double(max(test.count, 1))
}

func rows(_ m: Modality, _ cols: Range<Int>, where keep: (Int) -> Bool = { _ in true }) -> [[Float]] {
    let d = m.featuresPerExample
    return (0..<m.count).filter(keep).map { i in Array(m.values[(i * d + cols.lowerBound)..<(i * d + cols.upperBound)]) }
}

@Suite("generators")
struct GeneratorTests {
    static let pid = try! PIDXORGenerator.generate(PIDXORParameters(), seed: 3)

    @Test func pidXORShapesAndBlocks() {
        let d = Self.pid
        #expect(d.train.count == 1800 && d.valid.count == 200 && d.test.count == 4000)
        #expect(d.train.modalities.map(\.shape) == [[1800, 32], [1800, 32]])
        #expect(d.synergyBlocks == [0: 12..<18, 1: 12..<18])
        let p = PIDXORParameters()
        #expect(p.uniqueSize == 6 && p.redundantSize == 6 && p.synergySize == 6 && p.dimensions - 18 == 14)
        #expect(d.classNames.count == 2)
        #expect(d.provenance.label == "surrogate")
    }

    @Test func pidXORSourceFrequencies() {
        let tags = Self.pid.test.tags["source"] ?? []
        let n = Double(tags.count)
        func freq(_ s: String) -> Double { Double(tags.filter { $0 == s }.count) / n }
        #expect(abs(freq("u1") - 0.45) < 0.03)
        #expect(freq("u2") == 0)
        #expect(abs(freq("red") - 0.45) < 0.03)
        #expect(abs(freq("syn") - 0.10) < 0.02)
        #expect(Self.pid.test.tags["synergy"] == tags.map { $0 == "syn" ? "1" : "0" })
    }

    @Test func pidXORSynergyBitsAreXOR() throws {
        // Unstandardised sample: the sign of P_s·z in the synergy block reveals each bit.
        var rng = RandomStream(seed: 11)
        var p = PIDXORParameters(synergyFraction: 1)
        p.noiseStd = 0
        let s = PIDXORGenerator.sample(p, count: 500, proj: try PIDXORGenerator.projections(p), rng: &rng)
        let proj = try PIDXORGenerator.projections(p)
        // Recover each bit by projecting the block back on P_s summed over latents (all z_k share the sign).
        func bit(_ m: Int, _ i: Int) -> Bool {
            let x = s.modalities[m].values[(i * 32)..<(i * 32 + 32)]
            var score: Float = 0
            for j in 12..<18 { for k in 0..<4 { score += x[x.startIndex + j] * proj[4 + m][j * 4 + k] } }
            return score > 0
        }
        var agree = 0
        for i in 0..<500 where (bit(0, i) != bit(1, i)) == (s.labels[i] == 1) { agree += 1 }
        #expect(agree >= 480)  // exact up to rare ill-conditioned latents
        // And each bit alone is uninformative about y.
        let b0 = (0..<500).filter { bit(0, $0) == (s.labels[$0] == 1) }.count
        #expect(abs(Double(b0) / 500 - 0.5) < 0.08)
    }

    @Test func pidXORStandardisedWithTrainingStatistics() {
        for m in Self.pid.train.modalities {
            let (mu, sd) = Standardizer.statistics(m)
            #expect(mu.allSatisfy { abs($0) < 1e-4 })
            #expect(sd.allSatisfy { abs($0 - 1) < 1e-3 })
        }
        // The test split is standardised with *training* statistics, so its mean is not exactly 0.
        let (muTest, _) = Standardizer.statistics(Self.pid.test.modalities[0])
        #expect(muTest.contains { abs($0) > 1e-4 })
    }

    @Test func pidXORDeterministicPerSeed() throws {
        let again = try PIDXORGenerator.generate(PIDXORParameters(), seed: 3)
        #expect(again.train == Self.pid.train && again.test == Self.pid.test)
        let other = try PIDXORGenerator.generate(PIDXORParameters(), seed: 4)
        #expect(other.train.modalities[0].values != Self.pid.train.modalities[0].values)
        // The projections do not depend on the run seed.
        #expect(try PIDXORGenerator.projections(PIDXORParameters()) == PIDXORGenerator.projections(PIDXORParameters()))
    }

    @Test func synergyBlockAloneIsAtChanceButUnimodalBlocksAreNot() {
        let d = Self.pid
        let syn = d.synergyBlocks[0]!
        let tr0 = rows(d.train.modalities[0], syn), te0 = rows(d.test.modalities[0], syn)
        let accSyn = logisticAccuracy(train: tr0, trainY: d.train.labels, test: te0, testY: d.test.labels)
        #expect(abs(accSyn - 0.5) < 0.04, "synergy block of x0 alone: \(accSyn)")
        let tr1 = rows(d.train.modalities[1], syn), te1 = rows(d.test.modalities[1], syn)
        let accSyn1 = logisticAccuracy(train: tr1, trainY: d.train.labels, test: te1, testY: d.test.labels)
        #expect(abs(accSyn1 - 0.5) < 0.04, "synergy block of x1 alone: \(accSyn1)")
        // Sanity: the same regression does learn from the redundant block (so it can fail).
        let accRed = logisticAccuracy(train: rows(d.train.modalities[0], 6..<12), trainY: d.train.labels,
                                      test: rows(d.test.modalities[0], 6..<12), testY: d.test.labels)
        #expect(accRed > 0.65, "redundant block: \(accRed)")
    }

    @Test func spuriousXOR() throws {
        let d = try SpuriousXORGenerator.generate(SpuriousXORParameters(), seed: 1)
        #expect([d.train.count, d.valid.count, d.test.count] as [Int] == [300, 120, 30_000])
        #expect(d.test.tags["synergy"]?.allSatisfy { $0 == "1" } == true)
        #expect(d.synergyBlocks == [0: 0..<4, 1: 0..<4])
        // Shortcut dims 4–9 of x0 predict y on train only.
        func shortcutAgreement(_ s: Split) -> Double {
            let m = s.modalities[0]
            return Double((0..<s.count).filter { (m.values[$0 * 64 + 4] > 0) == (s.labels[$0] == 1) }.count) / Double(s.count)
        }
        #expect(shortcutAgreement(d.train) > 0.95)
        #expect(abs(shortcutAgreement(d.test) - 0.5) < 0.02)
        // y = b0 XOR b1 from the signal dims.
        let t = d.test
        let ok = (0..<t.count).filter { i in
            ((t.modalities[0].values[i * 64] > 0) != (t.modalities[1].values[i * 64] > 0)) == (t.labels[i] == 1)
        }.count
        #expect(Double(ok) / Double(t.count) > 0.99)
    }

    @Test("digits-irony: exactly k irony examples per split, each pairing two different digits", arguments: [0.1, 0.5, 2.0])
    func digitsIrony(alpha: Double) throws {
        let d = try DigitsIrony.generate(alpha: alpha, seed: 5)
        let base = try DigitsIrony.twoView(seed: 5)
        #expect(d.classNames.count == 11 && d.classNames[10] == "irony")
        #expect(d.train.count + d.valid.count + d.test.count == 1797)
        #expect(d.provenance.label == "real")
        for ((name, s), (_, b)) in zip(d.splits, base.splits) {
            let k = Int((alpha * Double(s.count) / 10).rounded())
            let irony = (0..<s.count).filter { s.tags["irony"]?[$0] == "1" }
            #expect(irony.count == k, "\(name): \(irony.count) irony examples, expected \(k)")
            #expect(irony.allSatisfy { s.labels[$0] == 10 })
            #expect(s.tags["synergy"] == s.tags["irony"])
            #expect(s.labels.filter { $0 == 10 }.count == k)
            for i in irony {
                let top = s.tags["base_label"]![i], bottom = s.tags["donor_label"]![i]
                #expect(top != bottom, "irony example \(i) pairs \(top) with \(bottom)")
                // The top half is unchanged; the bottom half is some example's bottom half of digit `bottom`.
                #expect(s.modalities[0].selecting([i]) == b.modalities[0].selecting([i]).with(name: "top"))
                let bottomHalf = Array(s.modalities[1].values[(i * 32)..<(i * 32 + 32)])
                let donors = (0..<b.count).filter { String(b.labels[$0]) == bottom && Array(b.modalities[1].values[($0 * 32)..<($0 * 32 + 32)]) == bottomHalf }
                #expect(!donors.isEmpty)
            }
        }
        // Stratified split: each digit's share of train is ≈ 60 %.
        for c in 0..<10 {
            let total = base.splits.map { $0.split.labels.filter { $0 == c }.count }.reduce(0, +)
            let share = Double(base.train.labels.filter { $0 == c }.count) / Double(total)
            #expect(abs(share - 0.6) < 0.01)
        }
    }
}

extension Modality {
    func with(name: String) -> Modality { var m = self; m.name = name; return m }
}
