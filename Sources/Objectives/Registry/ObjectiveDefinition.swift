/// An objective known by name: how to build it from a dataset's protocol settings, and
/// one line for `bench list objectives`. Register it with one line,
/// ``ObjectiveRegistry/register(_:)``; grids then name it in `ObjectiveList { "my-name" }` and
/// `bench train --objective my-name` finds it. See docs/EXTENDING.md, "Add an objective".
public struct ObjectiveDefinition: Sendable {
    /// The name on the command line and in grids (the objective's own ``Objective/name`` should match).
    public let name: String
    /// One line for `bench list objectives`.
    public let summary: String
    /// Builds the objective with a dataset's settings; the `Int` is the modality of a unimodal objective.
    public let make: @Sendable (ProtocolSettings, Int) throws -> any Objective

    /// A definition called `name`, described by `summary`, built by `make`.
    public init(_ name: String, summary: String, make: @escaping @Sendable (ProtocolSettings, Int) throws -> any Objective) {
        self.name = name
        self.summary = summary
        self.make = make
    }
}
