import Foundation

/// The datasets known by name: the shipped ones plus any registered with
/// ``register(_:)`` (one line per new dataset; see docs/EXTENDING.md, "Add a dataset").
///
/// The registry is process-wide because names are resolved where no context is passed: a
/// `DatasetSpec` decoded from JSON, `--dataset NAME` on the command line, `bench list`. It is a
/// value behind a lock, so registering from any thread (e.g. concurrent tests) is safe;
/// registering a name again replaces the earlier type in place.
public struct DatasetRegistry: Sendable {
    /// The dataset types, in listing order.
    public private(set) var definitions: [any DatasetDefinition.Type]

    /// A registry of `definitions` (later duplicates of a name replace earlier ones in place).
    public init(_ definitions: [any DatasetDefinition.Type]) {
        self.definitions = []
        for d in definitions { add(d) }
    }

    /// The shipped datasets, in the order `bench list datasets` shows them.
    public static let standard = DatasetRegistry([
        PIDXORDataset.self, SpuriousXORDataset.self, DigitsIronyDataset.self,
        MOSIDataset.self, URFunnyDataset.self, MUStARDDataset.self, HatefulMemesDataset.self,
        CremaDIronyDataset.self, MFeatDataset.self, MFeatIronyDataset.self,
    ])

    /// The names, in listing order.
    public var names: [String] { definitions.map { $0.name } }

    /// The type registered as `name`, or nil.
    public func definition(named name: String) -> (any DatasetDefinition.Type)? {
        definitions.first { $0.name == name }
    }

    /// Adds `definition` (replacing a type registered under the same name).
    public mutating func add(_ definition: any DatasetDefinition.Type) {
        if let i = definitions.firstIndex(where: { $0.name == definition.name }) {
            definitions[i] = definition
        } else {
            definitions.append(definition)
        }
    }

    private static let shared = ProcessWide(DatasetRegistry.standard)

    /// The process's registry: ``standard`` plus everything ``register(_:)``ed.
    public static var current: DatasetRegistry {
        shared.current
    }

    /// Makes `definition` known by its name to the whole process: the one line that adds a dataset.
    public static func register(_ definition: any DatasetDefinition.Type) {
        shared.modify { $0.add(definition) }
    }
}
