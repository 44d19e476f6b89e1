import Datasets
import Foundation
import Testing
import Tensors
@testable import Objectives

/// Every mask kind as users run it: the protocol settings's objective, at its default
/// settings, on the dataset it is the reference of. Each must withhold something and not
/// everything (a test at other settings cannot show that the defaults withhold anything), and the corrupted tensor must differ from the clean one on exactly
/// the withheld coordinates.
@Suite("Masks at their defaults")
struct MaskDefaultsTests {
    static let loader = DatasetLoader(dataDirectory: URL(fileURLWithPath: "/nonexistent"), cache: nil, log: { _ in })

    /// PID-XOR, small splits (the generator's other constants as in the paper grid).
    static func pidXOR() throws -> PreparedDataset {
        var p = PIDXORParameters(synergyFraction: 0.1)
        p.trainSize = 256
        p.testSize = 64
        return PreparedDataset(try loader.load(.pidXOR(p), seed: 0))
    }

    static func digitsIrony() throws -> PreparedDataset {
        PreparedDataset(try loader.load(.digitsIrony(alpha: 0.5), seed: 0))
    }

    /// Indices where two equally shaped tensors differ.
    func differing(_ a: Tensor, _ b: Tensor) -> Set<Int> { Set((0..<a.count).filter { a.data[$0] != b.data[$0] }) }
    func withheld(_ c: Corruption) -> Set<Int> { Set((0..<c.mask.count).filter { c.mask.data[$0] == 1 }) }

    /// The reference model of `dataset`, trained for one epoch of vanilla fusion so that its
    /// unimodal heads have something to lose.
    func referenceModel(_ dataset: String, _ data: PreparedDataset) throws -> FusionModel {
        var training = ProtocolSettings.forDataset(dataset).training
        training.epochs = 1
        return try Trainer(configuration: training, model: ProtocolSettings.forDataset(dataset).model)
            .train(Vanilla(), on: data, seed: 0).model
    }

    /// A learned mask at its default steps, learning rate and the dataset's sparsity, on the
    /// level the dataset's protocol settings uses (inputs on PID-XOR, latents on digits).
    @Test(arguments: ["pid-xor", "digits-irony"])
    func learnedMaskWithholdsSomeButNotAllCoordinates(dataset: String) throws {
        let data = try dataset == "pid-xor" ? Self.pidXOR() : Self.digitsIrony()
        let reference = ProtocolSettings.forDataset(dataset)
        let objective = try #require(try reference.objective(named: "synib-learned") as? SynIB)
        guard case .learned(let steps, let lr, let sparsity) = objective.mask else { Issue.record("not learned"); return }
        #expect(steps == 10 && lr == 0.1, "the defaults this test pins")
        let model = try referenceModel(dataset, data)
        let batch = data.train.batch(Array(0..<64))
        var rng = RandomStream(seed: 9)
        var pass = ForwardPass.evaluation
        for m in 0..<2 {
            let (clean, (c, gates)): (Tensor, (corruption: Corruption, gates: [Float]))
            if objective.level == .input {
                clean = batch.inputs[m]
                (c, gates) = LearnedMask.inputCorruption(of: clean, modality: m, labels: batch.labels, model: model,
                                                         settings: .harness(steps: steps, learningRate: lr, sparsity: sparsity),
                                                         rng: &rng)
            } else {
                clean = model.encode(batch.inputs[m], modality: m, &pass)
                var moments = RunningMoments(width: clean.shape[1])
                moments.update(with: clean)
                (c, gates) = LearnedMask.latentCorruption(of: clean, modality: m, labels: batch.labels, model: model,
                                                          moments: moments,
                                                          settings: .harness(steps: steps, learningRate: lr, sparsity: sparsity),
                                                          rng: &rng)
            }
            let masked = withheld(c)
            let fraction = Double(masked.count) / Double(clean.count)
            #expect(fraction > 0.05 && fraction < 0.95, "\(dataset) modality \(m): withheld fraction \(fraction)")
            // Gates crossed ½ from their start σ(−1): the optimisation, not the start, decided.
            #expect(gates.contains { $0 > 0.5 } && gates.contains { $0 < 0.5 })
            #expect(differing(clean, c.apply(to: clean)) == masked)
            #expect(!masked.isEmpty)
        }
    }

    /// The soft gates the learned mask ends with raise the unimodal path's loss above the clean
    /// input's: the optimisation goes the way the objective says.
    @Test func learnedGatesRaiseTheUnimodalLoss() throws {
        let data = try Self.pidXOR()
        let model = try referenceModel("pid-xor", data)
        let batch = data.train.batch(Array(0..<64))
        var rng = RandomStream(seed: 7)
        var replay = rng
        let (_, gates) = LearnedMask.inputCorruption(of: batch.inputs[0], modality: 0, labels: batch.labels, model: model,
                                                     settings: .harness(steps: 10, learningRate: 0.1, sparsity: 0.1), rng: &rng)
        let noise = Tensor.normal(batch.inputs[0].shape, rng: &replay)
        let g = Tensor(shape: batch.inputs[0].shape, data: gates)
        let path = model.frozenUnimodalPath(modality: 0)
        let soft = g * batch.inputs[0] + (-g + 1) * noise
        #expect(Loss.crossEntropy(path(soft), targets: batch.labels).item
                > Loss.crossEntropy(path(batch.inputs[0]), targets: batch.labels).item)
    }

    /// Training with each SynIB objective of the protocol settings for one epoch: the
    /// recorded masked fraction of every modality is strictly between 0 and 1, and on input-level
    /// masks of PID-XOR the overlap with the synergy block is reported.
    @Test(arguments: [("pid-xor", "synib-random"), ("pid-xor", "synib-learned"), ("pid-xor", "synib-oracle"),
                      ("digits-irony", "synib-random"), ("digits-irony", "synib-learned")])
    func trainingRecordsWhatTheMasksWithheld(dataset: String, objective: String) throws {
        let data = try dataset == "pid-xor" ? Self.pidXOR() : Self.digitsIrony()
        let reference = ProtocolSettings.forDataset(dataset)
        var training = reference.training
        training.epochs = 1
        let run = try Trainer(configuration: training, model: reference.model)
            .train(try #require(try reference.objective(named: objective) as? SynIB), on: data, seed: 0)
        let diagnostics = try #require(run.maskDiagnostics)
        for f in diagnostics.maskedFraction { #expect(f > 0 && f < 1, "\(dataset) \(objective): fraction \(f)") }
        if dataset == "pid-xor" {
            let overlap = try #require(diagnostics.synergyOverlap)
            #expect(overlap.chancePrecision == 6.0 / 32.0)
            if objective == "synib-oracle" { #expect(overlap.precision == 1 && overlap.recall == 1 && overlap.jaccard == 1) }
        } else {
            #expect(diagnostics.synergyOverlap == nil, "latent masks have no known block")
        }
    }

    /// The overlap arithmetic against a hand count.
    @Test func overlapCountsByHand() {
        var d = MaskDiagnostics(modalities: 2)
        // 2 rows × 4 coordinates, block 1..<3; withheld: row 0 {0, 1}, row 1 {1, 2, 3}.
        d.record(Tensor(shape: [2, 4], data: [1, 1, 0, 0, 0, 1, 1, 1]), modality: 0, block: 1..<3)
        d.record(Tensor(shape: [1, 3], data: [0, 0, 0]), modality: 1, block: nil)
        #expect(d.maskedFraction == [5.0 / 8.0, 0])
        let o = d.synergyOverlap!
        // Inside the block: (0,1), (1,1), (1,2) = 3; outside: (0,0), (1,3) = 2; kept in block: (0,2) = 1.
        #expect(o.precision == 3.0 / 5.0 && o.recall == 3.0 / 4.0 && o.jaccard == 3.0 / 6.0 && o.chancePrecision == 0.5)
    }
}
