import Datasets
import Foundation
import Testing
import Tensors
@testable import Objectives

/// SynIB and the baselines with more than two modalities.
@Suite("M modalities")
struct ManyModalitiesTests {
    let data = tinyDataset(widths: [5, 4, 3, 6], synergyBlocks: [:])

    @Test func defaultBranchWeightsSumToTwo() {
        #expect(SynIB.defaultBranchWeights(modalityCount: 2) == [1, 1])
        #expect(SynIB.defaultBranchWeights(modalityCount: 4) == [0.5, 0.5, 0.5, 0.5])
        #expect(SynIB.defaultBranchWeights(modalityCount: 6) == [Float](repeating: 2 / 6, count: 6))
        for m in 1...8 { #expect(abs(SynIB.defaultBranchWeights(modalityCount: m).reduce(0, +) - 2) < 1e-6) }
        // The protocol settings: (1, 1) for the two-view datasets, 2/6 per view for mfeat.
        #expect(ProtocolSettings.forDataset("digits-irony").branchWeights == [1, 1])
        #expect(ProtocolSettings.forDataset("pid-xor").branchWeights == [1, 1])
        #expect(ProtocolSettings.forDataset("mfeat-irony").branchWeights == [Float](repeating: 2 / 6, count: 6))
        #expect(ProtocolSettings.forDataset("hateful-memes").branchWeights == [1, 0.1])
    }

    /// The KL part of the loss with the default weights is 2/M times its value with unit
    /// weights (same masks: the same modalities are withheld), and equals explicit 2/M weights.
    @Test func defaultWeightsScaleTheKLTermBy2OverM() throws {
        let model = tinyModel(data, layerNorm: true)
        let batch = data.train.batch(Array(0..<12))
        func loss(_ weights: [Float]?, lambda: Float = 0.8) -> Float {
            var step = stepContext(data, model)
            return SynIB(lambda: lambda, mask: .random(p: 0.5, fill: .shuffle), branchWeights: weights).loss(model, batch, &step).item
        }
        let base = loss(nil, lambda: 0)
        let unit = loss([1, 1, 1, 1]) - base
        let byDefault = loss(nil) - base
        #expect(unit > 1e-3)
        #expect(abs(byDefault - 0.5 * unit) <= 1e-5 + 1e-4 * abs(unit), "\(byDefault) vs \(0.5 * unit)")
        #expect(loss(nil) == loss([0.5, 0.5, 0.5, 0.5]))
    }

    @Test func oneCorruptedBranchPerModality() throws {
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<10))
        var step = stepContext(data, model)
        let (z, views) = SynIB(lambda: 1, mask: .random(p: 0.5, fill: .noise(1))).latents(model, batch, withholding: [0, 1, 2, 3], &step)
        #expect(views.map(\.modality) == [0, 1, 2, 3])
        for v in views {
            for j in 0..<4 {
                if j == v.modality { #expect(v.latents[j].data != z[j].data, "branch \(v.modality) leaves its modality clean") }
                else { #expect(v.latents[j].data == z[j].data, "branch \(v.modality) corrupts modality \(j)") }
            }
        }
    }

    @Test func branchWeightCountMustMatchAndOGMGERefuses() throws {
        #expect(throws: ObjectiveError.self) { try SynIB(lambda: 1, mask: .random(p: 0.5, fill: .shuffle), branchWeights: [1, 1]).validate(for: data) }
        try SynIB(lambda: 1, mask: .random(p: 0.5, fill: .shuffle)).validate(for: data)
        #expect(throws: ObjectiveError.self) { try OGMGE().validate(for: data) }
        #expect(OGMGE().unsupportedReason(modalityCount: 4) == "n/a (two modalities only)")
        #expect(OGMGE().unsupportedReason(modalityCount: 2) == nil)
        try OGMGE().validate(for: tinyDataset())
    }

    /// Every objective but OGM-GE trains on four modalities; MMPareto and CML change the outcome
    /// relative to vanilla (their extra terms act with M > 2).
    @Test func objectivesTrainOnFourModalities() throws {
        let trainer = Trainer(configuration: TrainingConfiguration(epochs: 2, batchSize: 16, learningRate: 1e-2),
                              model: FusionModelConfiguration(encoderWidths: [8], fusionWidths: [8], unimodalWidths: [8]))
        let vanilla = try trainer.train(Vanilla(), on: data, seed: 3)
        for objective in [SynIB(lambda: 1, mask: .random(p: 0.3, fill: .shuffle)) as any TrainingObjective,
                          SynIB(lambda: 1, mask: .learned(sparsity: 0.01)), MMPareto(), CML(), Unimodal(modality: 3)] {
            let run = try trainer.train(objective, on: data, seed: 3)
            #expect(run.testPredictions != vanilla.testPredictions, "\(objective.name)")
        }
        #expect(throws: ObjectiveError.self) { try trainer.train(Unimodal(modality: 4), on: data, seed: 3) }
    }
}
