/// Which epoch's parameters are kept, and whether early stopping ends training: each epoch's
/// selection score (higher is better) becomes the kept epoch when it is at least the best so far
/// (ties go to the later epoch), and with a patience P training stops once P consecutive
/// validations have not produced a new kept epoch. The authors count the same way but keep the
/// earlier epoch on a tie and stop one validation sooner (docs/METHOD.md, "Early stopping").
struct EpochSelection {
    /// P, or nil for no early stopping.
    let patience: Int?
    /// The best score so far.
    private(set) var bestScore: Double? = nil
    /// The kept epoch so far.
    private(set) var keptEpoch: Int? = nil
    /// Validations since the kept epoch.
    private(set) var validationsSinceKept = 0

    /// Records `score` for `epoch`; returns whether that epoch becomes the kept one.
    mutating func record(_ score: Double, epoch: Int) -> Bool {
        if let bestScore, score < bestScore {
            validationsSinceKept += 1
            return false
        }
        bestScore = score
        keptEpoch = epoch
        validationsSinceKept = 0
        return true
    }

    /// Whether the patience has run out.
    var patienceExhausted: Bool {
        guard let patience else { return false }
        return validationsSinceKept >= patience
    }
}
