import Foundation

/// A point estimate with a 95 % interval (fractions, e.g. 0.031 = 3.1 accuracy points).
public struct Interval: Sendable, Equatable, Codable {
    /// The estimate.
    public let estimate: Double
    /// The 2.5 % percentile.
    public let low: Double
    /// The 97.5 % percentile.
    public let high: Double

    /// An interval.
    public init(estimate: Double, low: Double, high: Double) {
        self.estimate = estimate; self.low = low; self.high = high
    }

    /// The interval of a difference that is exactly zero everywhere (a self-comparison).
    public static let zero = Interval(estimate: 0, low: 0, high: 0)
}
