import Foundation

/// Where a JSON text stops parsing, as line and column: Foundation's parser reports only a
/// character offset ("around character 38"), which a user cannot find in an editor.
public enum JSONSyntax {
    /// The parsed object of `data`, or a one-line description of the first syntax error with its
    /// line and column ("line 3, column 22: invalid value"), thrown as a ``JSONSyntaxError``.
    public static func parse(_ data: Data) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            let debug = ((error as NSError).userInfo["NSDebugDescription"] as? String) ?? "\(error)"
            throw JSONSyntaxError(data: data, debugDescription: debug)
        }
    }

    /// The 1-based line and column of byte `offset` of `data` (columns count characters).
    public static func location(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        let prefix = data.prefix(max(0, min(offset, data.count)))
        let lines = String(decoding: prefix, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.count, (lines.last?.count ?? 0) + 1)
    }
}

/// A JSON syntax error with the line and column it was found at (when the parser said where).
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    /// 1-based line, nil when unknown.
    public let line: Int?
    /// 1-based column, nil when unknown.
    public let column: Int?
    /// What the parser found, without its offset.
    public let message: String

    /// Reads the offset out of Foundation's "… around character N." and turns it into a line and column.
    init(data: Data, debugDescription: String) {
        var message = debugDescription.trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        if let range = message.range(of: " around character "),
           let offset = Int(message[range.upperBound...].prefix { $0.isNumber }) {
            let (line, column) = JSONSyntax.location(of: offset, in: data)
            self.line = line
            self.column = column
            message = String(message[..<range.lowerBound])
        } else {
            line = nil
            column = nil
        }
        self.message = message.isEmpty ? "not valid JSON" : message.prefix(1).lowercased() + message.dropFirst()
    }

    /// "line 3, column 22: invalid value" (or the message alone).
    public var description: String {
        if let line, let column { return "line \(line), column \(column): \(message)" }
        return message
    }
}
