/// The named protocols a dataset can be run under (docs/METHOD.md, "Protocols"): the settings
/// of model, training and SynIB that turn a dataset into cells. A protocol is an axis of the
/// grid and part of every cell's key.
public enum ProtocolName: String, Codable, CaseIterable, Hashable, Sendable {
    /// This project's protocol: the settings results/ reports by default.
    case harness
    /// As the SynIB authors' public code ran it (kkontras/SynIB), setting by setting.
    case authors

    /// Parses a name; throws ``ProtocolError`` naming the valid ones.
    public init(parsing text: String) throws {
        guard let name = ProtocolName(rawValue: text) else {
            throw ProtocolError("unknown protocol '\(text)'; expected one of \(ProtocolName.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = name
    }
}

/// A protocol that does not exist, or does not exist for a dataset (a usage error).
public struct ProtocolError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong and what is valid.
    public let description: String
    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
