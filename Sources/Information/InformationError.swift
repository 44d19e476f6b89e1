/// Invalid input to an information estimator (wrong sizes, negative weights, too few examples).
public struct InformationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was expected and what was found.
    public var message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
