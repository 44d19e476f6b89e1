/// A dataset built with the irony construction (docs/METHOD.md): examples whose views come from
/// different classes, relabelled as an extra class. Its one parameter is α, the irony count over
/// the mean class count, stored under the key `"alpha"` (0.5 when absent, which is also the
/// default dataset).
public protocol IronyDatasetDefinition: DatasetDefinition {
    /// The irony count over the mean class count.
    var alpha: Double { get }
    /// The dataset with irony ratio `alpha`.
    init(alpha: Double)
}

/// The key of an irony dataset's spec.
private enum IronyCodingKeys: String, CodingKey { case alpha }

extension IronyDatasetDefinition {
    /// α = 0.5.
    public static var standard: Self { Self(alpha: 0.5) }

    /// Constructed ironic examples (tagged, with the irony class).
    public var synergyConstruction: SynergyConstruction { .irony }

    /// Decodes α (0.5 when absent).
    public init(from decoder: Decoder) throws {
        self.init(alpha: try decoder.container(keyedBy: IronyCodingKeys.self).decodeIfPresent(Double.self, forKey: .alpha) ?? 0.5)
    }

    /// Encodes α under `"alpha"`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: IronyCodingKeys.self)
        try container.encode(alpha, forKey: .alpha)
    }
}
