import ArgumentParser
import Datasets
import Information
import Tensors

extension Speed {
    /// One dataset PID card: discretise two 32-dimensional modalities (PCA ≤ 16, k-means into
    /// `clusters`) and solve the BROJA problem for a `classes`-class label that depends on both
    /// modalities (sum of their leading-coordinate bins, modulo C, plus 10 % noise).
    func pidCardStep() throws -> (() -> Void, () -> String) {
        guard classes >= 2, clusters >= 2, examples >= clusters else {
            throw ValidationError("--model pid-card needs --classes ≥ 2, --clusters ≥ 2 and --examples ≥ --clusters")
        }
        var rng = RandomStream(seed: seed).split("pid-card")
        var x: [[Float]] = [[], []]
        var labels: [Int] = []
        for _ in 0..<examples {
            var bins = [0, 0]
            for m in 0..<2 {
                let row = (0..<32).map { _ in rng.normal() }
                bins[m] = min(classes - 1, max(0, Int((row[0] + 2) / 4 * Float(classes))))
                x[m] += row
            }
            labels.append(rng.bernoulli(0.1) ? rng.int(below: classes) : (bins[0] + bins[1]) % classes)
        }
        let split = Split(modalities: (0..<2).map { Modality(name: "x\($0)", shape: [examples, 32], values: x[$0]) }, labels: labels)
        let estimator = PIDEstimator(discretization: Discretization(clusters: clusters, seed: seed))
        var last: [PIDCard] = []
        return ({ last = try! estimator.cards(split, target: labels, classCount: classes) }, {
            Speed.fingerprint([last.flatMap { c in [c.estimate.redundancy, c.estimate.unique0, c.estimate.unique1, c.estimate.synergy].map(Float.init) }])
        })
    }
}
