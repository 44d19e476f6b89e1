import Information

/// What a report needs to know about a dataset beyond its rows.
public struct ReportDataset: Sendable, Equatable {
    /// The label (the rows' `dataset`).
    public let label: String
    /// The dataset's name (`pid-xor`, `digits-irony`, …).
    public let name: String
    /// Generated synthetic task (PID-XOR, spurious-XOR): provenance is "surrogate" by nature.
    public let synthetic: Bool
    /// Irony construction: irony-class F1 is reported.
    public let irony: Bool
    /// The subset kinds shown as columns.
    public let subsets: [String]
    /// The dataset's PID cards about its test labels (one per modality pair, with bootstrap
    /// intervals) from the lowest seed with a stored card; empty when the grid has no ``ModelPID``.
    public var pidCards: [PIDCard] = []
    /// The seed the cards come from.
    public var pidSeed: UInt64? = nil
    /// The protocol its cells ran under (``ProtocolName``).
    public var protocolName: String = "harness"

    /// A dataset entry.
    public init(label: String, name: String, synthetic: Bool, irony: Bool, subsets: [String]) {
        self.label = label; self.name = name; self.synthetic = synthetic; self.irony = irony; self.subsets = subsets
    }
}
