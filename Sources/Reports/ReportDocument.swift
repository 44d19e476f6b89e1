import Datasets
import Foundation
import Harness

/// The JSON report: what produced it, the rows (each with its per-seed values), the paired
/// comparisons against the reference objective and the tables' emphasis. It is also the format
/// of `bench check`'s baseline and of `bench compare --against FILE`.
public struct ReportDocument: Codable, Sendable {
    /// Format version of this document (2: an object; 1 was a bare array of rows).
    public static let formatVersion = 2

    /// The grid.
    public let grid: String
    /// `bench` command that wrote it.
    public let command: String
    /// Code version of the binary that wrote it; absent when a provenance file next to the
    /// report holds it (``ReportHeader/provenanceFile``).
    public let version: String?
    /// The grid's notes.
    public let notes: [String]
    /// The control objective of the comparisons (`bench report --control`; the JSON key is `reference`).
    public let reference: String
    /// The significance level.
    public let alpha: Double
    /// Format version.
    public let format: Int
    /// One per dataset × objective, with per-seed values.
    public let rows: [ReportRow]
    /// Objective − reference per dataset and metric.
    public let comparisons: [PairedComparison]
    /// Per dataset and column, which rows are bold and why.
    public let emphasis: [ColumnEmphasis]
    /// A document.
    public init(grid: String, header: ReportHeader, notes: [String], reference: String, rows: [ReportRow],
                comparisons: [PairedComparison], emphasis: [ColumnEmphasis]) {
        self.grid = grid; self.command = header.command
        self.version = header.provenanceFile == nil ? header.version : nil; self.notes = notes
        self.reference = reference; self.alpha = ReportStatistics.alpha; self.format = ReportDocument.formatVersion
        self.rows = rows; self.comparisons = comparisons; self.emphasis = emphasis
    }

    /// Sorted keys, pretty-printed, trailing newline.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The grid and rows of a JSON report at `url`: this format, or the bare array of rows the
    /// reports wrote before it (grid then taken from the rows). Errors name the file and what
    /// was expected.
    public static func load(_ url: URL) throws -> (grid: String?, rows: [ReportRow]) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReportFileError(path: url.path, "cannot read (\(error.localizedDescription))")
        }
        do { _ = try JSONSyntax.parse(data) } catch {
            throw ReportFileError(path: url.path, "not valid JSON: \(error); expected the output of `bench report --format json`")
        }
        let decoder = JSONDecoder()
        if let document = try? decoder.decode(ReportDocument.self, from: data) { return (document.grid, document.rows) }
        if let rows = try? decoder.decode([ReportRow].self, from: data) { return (rows.first?.grid, rows) }
        // Say what is wrong with the expected (object) form.
        do { _ = try decoder.decode(ReportDocument.self, from: data) } catch let DecodingError.keyNotFound(key, context) {
            throw ReportFileError(path: url.path, "field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' missing; "
                + "expected a JSON report written by `bench report --format json`")
        } catch let DecodingError.typeMismatch(_, context) {
            throw ReportFileError(path: url.path, "field '\(context.codingPath.map(\.stringValue).joined(separator: "."))': "
                + "\(context.debugDescription); expected a JSON report written by `bench report --format json`")
        } catch {
            throw ReportFileError(path: url.path, "not a JSON report (\(error)); expected the output of `bench report --format json`")
        }
        throw ReportFileError(path: url.path, "not a JSON report; expected the output of `bench report --format json`")
    }
}

/// A JSON report or baseline file that cannot be used, with the reason.
public struct ReportFileError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public let path: String
    /// What is wrong and what was expected.
    public let reason: String

    /// An error about `path`.
    public init(path: String, _ reason: String) { self.path = path; self.reason = reason }

    public var description: String { "\(path): \(reason)" }
}
