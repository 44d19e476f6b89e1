import Information

/// Grid statement: compute PID cards in every cell — the dataset's (test labels, with bootstrap
/// intervals) and the model's (its test predictions in place of the labels) — store them with
/// the cell and show them in the report: cards above each dataset's table, the model's
/// synergy as a column. The settings are part of every cell's key.
///
///     Grid("xor") { Seeds(0..<3); Dataset(.spuriousXOR); ObjectiveList { .vanilla; .synibRandom }; ModelPID() }
public struct ModelPID: GridComponent {
    /// The settings.
    public let settings: PIDSettings
    /// k clusters per modality, PCA ≤ `pcaDimensions`, `bootstrap` resamples for the dataset cards.
    public init(clusters: Int = 20, pcaDimensions: Int = 16, bootstrap: Int = 50) {
        settings = PIDSettings(clusters: clusters, pcaDimensions: pcaDimensions, bootstrap: bootstrap)
    }
    public func apply(to grid: inout Grid) { grid.pid = settings }
}
