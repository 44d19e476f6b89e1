import Foundation

/// A section of a grid on the HTML page beyond its tables and figures (e.g. PID cards, per-epoch
/// curves): a heading, paragraphs, tables and SVG figures, all produced by the report code.
public struct HTMLSection: Sendable {
    /// The heading.
    public var title: String
    /// Paragraphs of plain text (escaped).
    public var paragraphs: [String]
    /// Tables.
    public var tables: [HTMLTable]
    /// Figures: a title and the SVG text the report code drew (an XML declaration is dropped).
    public var figures: [(title: String, svg: String)]

    /// A section.
    public init(title: String, paragraphs: [String] = [], tables: [HTMLTable] = [], figures: [(title: String, svg: String)] = []) {
        self.title = title
        self.paragraphs = paragraphs
        self.tables = tables
        self.figures = figures
    }
}
