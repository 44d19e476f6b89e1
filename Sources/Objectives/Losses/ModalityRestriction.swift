/// An objective defined only for some numbers of modalities (OGM-GE: two). Grids plan no cells
/// for it on other datasets, and reports show the reason in its row instead of numbers.
public protocol ModalityRestricted {
    /// Why the objective cannot run on a dataset with `modalityCount` modalities, for the
    /// report's cells (e.g. "n/a (two modalities only)"); nil when it can.
    func unsupportedReason(modalityCount: Int) -> String?
}

extension Objective {
    /// Why this objective cannot run with `modalityCount` modalities (``ModalityRestricted``), nil
    /// when it can: what the planner writes in a row instead of numbers and `bench train` refuses.
    public func unsupportedReason(modalityCount: Int) -> String? {
        (self as? ModalityRestricted)?.unsupportedReason(modalityCount: modalityCount)
    }
}
