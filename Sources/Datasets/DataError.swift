/// An error in a data file or a dataset: names the file and the field that is wrong.
///
/// Every reader and loader in this module reports bad input through this type instead of
/// crashing, so a user can see at once which file and which part of it to fix:
///
///     data/mosi_raw.pkl: train/text: contains NaN at flat index 1234
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (path or name) the problem was found in; "<memory>" for in-memory data.
    public var file: String
    /// The field inside the file: a header key, an array key path, a pickle opcode, ….
    public var field: String
    /// What was expected or what went wrong.
    public var message: String

    /// Creates an error for `file`, `field` and a message.
    public init(file: String, field: String, _ message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    /// "file: field: message".
    public var description: String { "\(file): \(field): \(message)" }

    /// The same error attributed to another file (used when a reader ran on an in-memory member).
    func relocated(file newFile: String, fieldPrefix: String? = nil) -> DataError {
        var copy = self
        copy.file = newFile
        if let prefix = fieldPrefix, !prefix.isEmpty { copy.field = prefix + "/" + field }
        return copy
    }
}
