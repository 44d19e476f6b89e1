import Datasets
import Tensors
@testable import Objectives

/// A small random two-modality dataset: modality widths `widths`, `classes` classes, labels
/// from a fixed rule so that training has something to learn.
func tinyDataset(n: Int = 48, widths: [Int] = [5, 4], classes: Int = 3, seed: UInt64 = 1,
                 synergyBlocks: [Int: Range<Int>] = [0: 1..<3, 1: 0..<2]) -> PreparedDataset {
    var rng = RandomStream(seed: seed)
    func split(_ count: Int) -> Split {
        let modalities = widths.enumerated().map { m, d in
            Modality(name: "m\(m)", shape: [count, d], values: (0..<(count * d)).map { _ in rng.normal() })
        }
        let labels = (0..<count).map { i in
            (modalities[0].values[i * widths[0]] > 0 ? 1 : 0) + (modalities[1].values[i * widths[1]] > 0 ? 1 : 0)
        }.map { $0 % classes }
        let tags = ["synergy": (0..<count).map { $0 % 3 == 0 ? "1" : "0" }]
        return Split(modalities: modalities, labels: labels, tags: tags)
    }
    let data = MultimodalDataset(name: "tiny", classNames: (0..<classes).map { "c\($0)" },
                                 train: split(n), valid: split(n / 2), test: split(n / 2),
                                 provenance: .standIn(generator: "test", parameters: [:], reason: "unit test"),
                                 synergyBlocks: synergyBlocks)
    return PreparedDataset(data)
}

/// A small model with smooth activations (finite differences need no kinks).
func tinyModel(_ data: PreparedDataset, seed: UInt64 = 2, layerNorm: Bool = false) -> FusionModel {
    var rng = RandomStream(seed: seed)
    let config = FusionModelConfiguration(encoderWidths: [6], fusionWidths: [5], unimodalWidths: [4],
                                          latentLayerNorm: layerNorm, activation: .tanh)
    return FusionModel(inputWidths: data.inputWidths, classes: data.classCount, configuration: config, rng: &rng)
}

/// A training step context with fixed streams.
func stepContext(_ data: PreparedDataset, _ model: FusionModel, seed: UInt64 = 3) -> StepContext {
    let root = RandomStream(seed: seed)
    return StepContext(pass: .training(root.split("dropout")), maskRNG: root.split("mask"),
                       classPrior: data.classPrior, classCount: data.classCount, synergyBlocks: data.synergyBlocks,
                       latentMoments: model.encoders.map { RunningMoments(width: $0.outputWidth) })
}

/// Compares the tape's gradient of `loss` with central differences (h = 1e-2) for every weight of
/// `parameters` whose name starts with one of `prefixes`; calls `check` with each weight's name,
/// index, analytic and numeric value. The tape's gradient is taken first, at the current weights.
func finiteDifferenceCheck(_ parameters: ParameterSet, prefixes: [String], loss: () -> Tensor,
                           check: (_ name: String, _ index: Int, _ analytic: Float, _ numeric: Float) -> Void) {
    parameters.zeroGrad()
    loss().backward()
    let h: Float = 1e-2
    for (name, p) in parameters.entries where prefixes.contains(where: { name.hasPrefix($0) }) {
        let analytic = p.grad ?? [Float](repeating: 0, count: p.count)
        for i in 0..<p.count {
            let saved = p.data[i]
            p.data[i] = saved + h; let plus = loss().item
            p.data[i] = saved - h; let minus = loss().item
            p.data[i] = saved
            check(name, i, analytic[i], (plus - minus) / (2 * h))
        }
    }
}
