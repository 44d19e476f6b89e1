import Foundation

/// Numbers published elsewhere for cells of a grid, shown beside the grid's own in its report:
/// one entry per (dataset label, objective), each with the file it came from. Read from a
/// committed JSON file (experiments/published/), never computed.
public struct PublishedValues: Codable, Sendable, Equatable {
    /// One published row: mean ± standard error of overall and synergy-subset accuracy.
    public struct Entry: Codable, Sendable, Equatable {
        /// The grid's dataset label the entry belongs to.
        public let dataset: String
        /// The objective name (the grid's row).
        public let objective: String
        /// Overall test accuracy (fraction), mean over seeds.
        public let overall: Double?
        /// Its standard error.
        public let overallSE: Double?
        /// Synergy-subset test accuracy (fraction), mean over seeds.
        public let subset: Double?
        /// Its standard error.
        public let subsetSE: Double?
        /// Seeds behind the mean.
        public let seeds: Int?
        /// The file (in the publishing repository) the numbers were copied from.
        public let file: String

        enum CodingKeys: String, CodingKey {
            case dataset, objective, overall, overallSE = "overall_se", subset, subsetSE = "subset_se", seeds, file
        }
    }

    /// Who published them and where (e.g. "the SynIB authors, github.com/kkontras/SynIB").
    public let source: String
    /// The entries.
    public let entries: [Entry]

    /// The entry for a report row, if published.
    public func entry(dataset: String, objective: String) -> Entry? {
        entries.first { $0.dataset == dataset && $0.objective == objective }
    }

    /// Decodes `data` (the JSON of `file`); a malformed file is an error naming it, the field
    /// and what was expected, and accuracies must be fractions in [0, 1].
    public static func decode(_ data: Data, file: String) throws -> PublishedValues {
        let values: PublishedValues
        do { values = try JSONDecoder().decode(PublishedValues.self, from: data) } catch {
            throw HarnessError.invalidGrid(grid: file, "published values: \(error)")
        }
        for e in values.entries {
            for (name, v) in [("overall", e.overall), ("subset", e.subset)] {
                if let v, !(0...1).contains(v) {
                    throw HarnessError.invalidGrid(grid: file, "published values: \(e.dataset) / \(e.objective): \(name) \(v) is not a fraction in [0, 1]")
                }
            }
        }
        return values
    }
}

/// A grid statement attaching ``PublishedValues`` to the grid's report.
public struct Published: GridComponent {
    /// The values.
    public let values: PublishedValues
    /// `Published(values)`.
    public init(_ values: PublishedValues) { self.values = values }
    public func apply(to grid: inout Grid) { grid.published = values }
}
