import Foundation

/// The mean and the sample standard deviation of a row's per-seed values (what its
/// "mean ± std" shows).
public enum SampleMoments {
    /// The mean, nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (n − 1), 0 for one value, nil for none.
    public static func sampleStd(_ values: [Double]) -> Double? {
        guard let m = mean(values) else { return nil }
        guard values.count > 1 else { return 0 }
        return (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
    }
}
