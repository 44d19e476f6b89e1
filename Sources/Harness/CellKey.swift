import Datasets
import Foundation

/// The identity of a cell in the run store: lowercase hex SHA-256 of the cell spec's canonical JSON.
public struct CellKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// 64 lowercase hex digits.
    public let hex: String

    /// Wraps a stored key.
    public init(hex: String) { self.hex = hex }

    /// The key of `spec`.
    public init(_ spec: CellSpec) throws {
        self.init(canonicalJSON: try spec.canonicalJSON())
    }

    /// The key of a canonical JSON text.
    public init(canonicalJSON: String) {
        hex = FileHashing.sha256Hex(canonicalJSON)
    }

    /// The first 12 hex digits, for logs.
    public var short: String { String(hex.prefix(12)) }

    /// The first 64 bits of the digest, for sharding.
    public var prefix64: UInt64 { UInt64(hex.prefix(16), radix: 16) ?? 0 }

    public var description: String { hex }

    public static func < (a: CellKey, b: CellKey) -> Bool { a.hex < b.hex }
}
