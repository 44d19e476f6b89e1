import Datasets

/// A dataset definition with its own protocols: the settings (model, training, SynIB) each
/// ``ProtocolName`` runs it with, one flat ``ProtocolSettings`` literal per protocol. Every shipped
/// dataset conforms in its own file, Protocols/DATASET+Protocols.swift, in module Objectives
/// (module Datasets knows no models).
/// A dataset that does not conform gets ``ProtocolSettings/featureBenchmark(modalityCount:)``
/// under `harness` and has no `authors` protocol.
public protocol DatasetProtocols: DatasetDefinition {
    /// The `harness` protocol: what grids and `bench train` use by default.
    var harnessProtocol: ProtocolSettings { get }
    /// The `authors` protocol: the settings the SynIB authors' code ran this dataset with, or nil
    /// where they did not run it.
    var authorsProtocol: ProtocolSettings? { get }
}

extension DatasetProtocols {
    /// No `authors` protocol unless the dataset gives one.
    public var authorsProtocol: ProtocolSettings? { nil }
}
