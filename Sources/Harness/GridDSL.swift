import Datasets
import Foundation
import Objectives

/// A statement in a ``Grid`` body: seeds, datasets, objectives, subsets, configuration tweaks.
public protocol GridComponent: Sendable {
    /// Applies the statement to the grid being built.
    func apply(to grid: inout Grid)
}

/// Builds a grid body from its statements (`if`, `for` and `switch` are allowed).
@resultBuilder
public enum GridBuilder {
    public static func buildExpression(_ component: any GridComponent) -> [any GridComponent] { [component] }
    public static func buildBlock(_ parts: [any GridComponent]...) -> [any GridComponent] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[any GridComponent]]) -> [any GridComponent] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any GridComponent]?) -> [any GridComponent] { part ?? [] }
    public static func buildEither(first: [any GridComponent]) -> [any GridComponent] { first }
    public static func buildEither(second: [any GridComponent]) -> [any GridComponent] { second }
}

/// Builds a list of objectives: ``ObjectiveChoice`` values or concrete ``Objective`` values.
@resultBuilder
public enum ObjectivesBuilder {
    public static func buildExpression(_ choice: ObjectiveChoice) -> [ObjectiveChoice] { [choice] }
    public static func buildExpression(_ objective: any Objective) -> [ObjectiveChoice] { [.fixed(objective)] }
    public static func buildBlock(_ parts: [ObjectiveChoice]...) -> [ObjectiveChoice] { parts.flatMap { $0 } }
    public static func buildArray(_ parts: [[ObjectiveChoice]]) -> [ObjectiveChoice] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [ObjectiveChoice]?) -> [ObjectiveChoice] { part ?? [] }
    public static func buildEither(first: [ObjectiveChoice]) -> [ObjectiveChoice] { first }
    public static func buildEither(second: [ObjectiveChoice]) -> [ObjectiveChoice] { second }
}

/// An objective in a grid: either named and resolved per dataset from its
/// ``ProtocolSettings`` (so λ, p, sparsity follow the dataset), or a fixed value.
public enum ObjectiveChoice: Sendable {
    /// `ProtocolSettings.objective(named:)`; "unimodal" means one cell per modality.
    case named(String)
    /// A concrete objective with its own hyper-parameters.
    case fixed(any Objective)

    /// A unimodal model of every modality.
    public static var unimodal: ObjectiveChoice { .named("unimodal") }
    /// The late-fusion ensemble of the unimodal models.
    public static var ensemble: ObjectiveChoice { .named("ensemble") }
    /// Joint training with cross-entropy.
    public static var vanilla: ObjectiveChoice { .named("vanilla") }
    /// SynIB with the dataset's random mask.
    public static var synibRandom: ObjectiveChoice { .named("synib-random") }
    /// SynIB with the dataset's learned mask.
    public static var synibLearned: ObjectiveChoice { .named("synib-learned") }
    /// SynIB with the oracle mask (synthetic data with a synergy block only).
    public static var synibOracle: ObjectiveChoice { .named("synib-oracle") }
    /// The control with the KL on intact inputs.
    public static var synibIntact: ObjectiveChoice { .named("synib-intact") }
    /// The control withholding the whole modality.
    public static var synibFull: ObjectiveChoice { .named("synib-full") }
}

/// The seeds every dataset is run with.
public struct Seeds: GridComponent {
    /// The seeds, in order.
    public let values: [UInt64]
    /// Seeds from a range, e.g. `Seeds(0..<3)`.
    public init(_ range: Range<UInt64>) { values = Array(range) }
    /// Explicit seeds.
    public init(_ values: UInt64...) { self.values = values }
    public func apply(to grid: inout Grid) { grid.seeds = values }
}

/// The grid-wide objectives (datasets may add to or replace them).
public struct ObjectiveList: GridComponent {
    /// The objectives, in table order.
    public let choices: [ObjectiveChoice]
    /// `ObjectiveList { .unimodal; .vanilla; SynIB(...) }`.
    public init(@ObjectivesBuilder _ body: () -> [ObjectiveChoice]) { choices = body() }
    public func apply(to grid: inout Grid) { grid.objectives = choices }
}

/// The synergy subsets reported (the first one the dataset supports is the primary one).
public struct Subsets: GridComponent {
    /// The kinds, in column order.
    public let kinds: [SynergySubset.Kind]
    /// `Subsets(.byConstruction, .strict)`.
    public init(_ kinds: SynergySubset.Kind...) { self.kinds = kinds }
    public func apply(to grid: inout Grid) { grid.subsets = kinds }
}

/// A grid-wide change of every dataset's protocol settings (applied before the
/// dataset's own changes), e.g. `Configure { $0.training.epochs = 2 }`.
public struct Configure: GridComponent {
    /// The change.
    public let change: @Sendable (inout ProtocolSettings) -> Void
    /// A configuration change.
    public init(_ change: @escaping @Sendable (inout ProtocolSettings) -> Void) { self.change = change }
    public func apply(to grid: inout Grid) { grid.configurations.append(change) }
}

/// A sentence printed with the grid's report (what the grid covers, what is missing).
public struct Note: GridComponent {
    /// The text.
    public let text: String
    /// A note.
    public init(_ text: String) { self.text = text }
    public func apply(to grid: inout Grid) { grid.notes.append(text) }
}

/// A dataset of the grid, with optional extra objectives and configuration changes.
public struct Dataset: GridComponent {
    /// The dataset and its parameters.
    public var spec: DatasetSpec
    /// Its row label in reports (defaults to the dataset name).
    public var label: String
    /// Its number of modalities (``DatasetSpec/modalityCount``: 6 for mfeat, 2 otherwise).
    public var modalities: Int
    /// Objectives added to (or, with `replacing`, used instead of) the grid's.
    public var objectives: [ObjectiveChoice]
    /// Whether ``objectives`` replace the grid's objectives.
    public var replacesObjectives: Bool
    /// Changes of the dataset's protocol settings, applied in order.
    public var configurations: [@Sendable (inout ProtocolSettings) -> Void]
    /// This dataset's seeds, when they differ from the grid's (e.g. more seeds where a cell is cheap).
    public var seeds: [UInt64]?
    /// The protocol its configuration starts from, when it differs from the grid's.
    public var protocolName: ProtocolName?

    /// A dataset with the grid's objectives plus those of `extra`.
    public init(_ spec: DatasetSpec, label: String? = nil, modalities: Int? = nil, replacing: Bool = false,
                @ObjectivesBuilder _ extra: () -> [ObjectiveChoice] = { [] }) {
        self.spec = spec
        self.label = label ?? spec.name
        self.modalities = modalities ?? spec.modalityCount
        self.objectives = extra()
        self.replacesObjectives = replacing
        self.configurations = []
    }

    /// The same dataset with its protocol settings changed, e.g. `.configure { $0.lambda = 1 }`.
    public func configure(_ change: @escaping @Sendable (inout ProtocolSettings) -> Void) -> Dataset {
        var copy = self
        copy.configurations.append(change)
        return copy
    }

    /// The same dataset run with its own seeds instead of the grid's, e.g. `.seeds(0..<10)`.
    public func seeds(_ range: Range<UInt64>) -> Dataset {
        var copy = self
        copy.seeds = Array(range)
        return copy
    }

    /// The same dataset under protocol `name` (its configuration starts from that protocol's),
    /// e.g. `.protocol(.authors)`.
    public func `protocol`(_ name: ProtocolName) -> Dataset {
        var copy = self
        copy.protocolName = name
        return copy
    }

    /// The same dataset trained for `epochs` epochs.
    public func epochs(_ epochs: Int) -> Dataset { configure { $0.training.epochs = epochs } }

    public func apply(to grid: inout Grid) { grid.datasets.append(self) }
}

extension DatasetSpec {
    /// PID-XOR with synergy-source probability `synergy` (other sources split evenly).
    public static func pidXOR(synergy: Double, trainSize: Int? = nil, testSize: Int? = nil) -> DatasetSpec {
        var p = PIDXORParameters(synergyFraction: synergy)
        if let trainSize { p.trainSize = trainSize }
        if let testSize { p.testSize = testSize }
        return .pidXOR(p)
    }

    /// Spurious-XOR with the documented constants.
    public static var spuriousXOR: DatasetSpec { .spuriousXOR(SpuriousXORParameters()) }
}
