/// One value per epoch of joint training (pre-training epochs excluded): what the model
/// selection saw, kept so that a run's course can be plotted and checked.
public struct TrainingCurves: Codable, Equatable, Sendable {
    /// Mean training loss of the epoch's steps (the objective's full loss).
    public var trainLoss: [Double] = []
    /// Validation accuracy after the epoch.
    public var validAccuracy: [Double] = []
    /// Validation macro-F1 after the epoch.
    public var validMacroF1: [Double] = []
    /// Validation accuracy on the by-construction synergy subset after the epoch, when the
    /// data tags one (nil otherwise).
    public var validSynergyAccuracy: [Double]?
    /// The epoch (0-based) after which early stopping ended training, when it did (nil when
    /// every configured epoch ran).
    public var stoppedEpoch: Int?

    /// Empty curves; `tracksSynergy` when the validation split tags a synergy subset.
    public init(tracksSynergy: Bool) {
        validSynergyAccuracy = tracksSynergy ? [] : nil
    }

    private enum CodingKeys: String, CodingKey {
        case trainLoss = "train_loss", validAccuracy = "valid_accuracy", validMacroF1 = "valid_macro_f1"
        case validSynergyAccuracy = "valid_synergy_accuracy"
        case stoppedEpoch = "stopped_epoch"
    }
}
