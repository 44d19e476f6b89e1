import Tensors

/// A stratified train/validation/test split: within each class the examples are shuffled and
/// the first round(0.6·n_c) go to train, the next round(0.2·n_c) to validation, the rest to test.
/// Used by the shipped digit datasets (digits-irony, mfeat).
enum StratifiedSplit {
    /// The example indices of train, validation and test (each ascending), drawing from `rng`.
    static func indices(labels: [Int], classCount: Int, rng: inout RandomStream) -> [[Int]] {
        var parts: [[Int]] = [[], [], []]
        for c in 0..<classCount {
            var idx = labels.indices.filter { labels[$0] == c }
            rng.shuffle(&idx)
            let nTrain = Int((0.6 * Double(idx.count)).rounded()), nValid = Int((0.2 * Double(idx.count)).rounded())
            parts[0] += idx[0..<nTrain]
            parts[1] += idx[nTrain..<(nTrain + nValid)]
            parts[2] += idx[(nTrain + nValid)...]
        }
        return parts.map { $0.sorted() }
    }
}
