/// An objective defined only for some numbers of modalities (OGM-GE: two). Grids plan no cells
/// for it on other datasets, and reports show the reason in its row instead of numbers.
public protocol ModalityRestricted {
    /// Why the objective cannot run on a dataset with `modalityCount` modalities, for the
    /// report's cells (e.g. "n/a (two modalities only)"); nil when it can.
    func unsupportedReason(modalityCount: Int) -> String?
}
