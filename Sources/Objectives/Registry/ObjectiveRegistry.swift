import Datasets
import Foundation

/// The objectives known by name: the shipped ones plus any added with ``register(_:)`` (one line
/// per new objective). ``ProtocolSettings/objective(named:modality:)``,
/// ``ProtocolSettings/objectiveNames`` and `bench list objectives` read ``current``.
///
/// The registry is process-wide because objective names are resolved where no context is
/// passed (the planner building a grid's cells, `bench train --objective`). It is a value behind a
/// lock, so registering from any thread (e.g. concurrent tests) is safe; registering a name again
/// replaces the earlier definition in place.
public struct ObjectiveRegistry: Sendable {
    /// The definitions, in listing order.
    public private(set) var definitions: [ObjectiveDefinition]

    /// A registry of `definitions` (later duplicates of a name replace earlier ones in place).
    public init(_ definitions: [ObjectiveDefinition]) {
        self.definitions = []
        for d in definitions { add(d) }
    }

    /// The shipped objectives (``ObjectiveDefinition/shipped``), in listing order.
    public static let standard = ObjectiveRegistry(ObjectiveDefinition.shipped)

    /// The names, in listing order.
    public var names: [String] { definitions.map(\.name) }

    /// The definition called `name`, or nil.
    public func definition(named name: String) -> ObjectiveDefinition? {
        definitions.first { $0.name == name }
    }

    /// Adds `definition` (replacing one registered under the same name).
    public mutating func add(_ definition: ObjectiveDefinition) {
        if let i = definitions.firstIndex(where: { $0.name == definition.name }) {
            definitions[i] = definition
        } else {
            definitions.append(definition)
        }
    }

    private static let shared = ProcessWide(ObjectiveRegistry.standard)

    /// The process's registry: ``standard`` plus everything ``register(_:)``ed.
    public static var current: ObjectiveRegistry {
        shared.current
    }

    /// Makes `definition` known by its name to the whole process: the one line that adds an objective.
    public static func register(_ definition: ObjectiveDefinition) {
        shared.modify { $0.add(definition) }
    }
}
