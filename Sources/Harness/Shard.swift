import Foundation

/// Shard I of N: a deterministic partition of cells by key (`--shard I/N`, 1 ≤ I ≤ N), or of
/// a cell list by position (`--cells FILE --shard I/N`).
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based index.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// Parses "I/N".
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw HarnessError.invalidShard(text)
        }
        index = i
        count = n
    }

    /// Shard `index` of `count`.
    public init(index: Int, count: Int) throws {
        try self.init(parsing: "\(index)/\(count)")
    }

    /// Whether the cell with `key` belongs to this shard: the key's first 64 bits modulo N.
    public func contains(_ key: CellKey) -> Bool {
        Int(key.prefix64 % UInt64(count)) == index - 1
    }

    /// This shard's share of an ordered list (`--cells`): the entries at positions p
    /// (0-based) with p mod N = I − 1. Unlike ``contains(_:)`` this balances any list: each of
    /// the N shards gets ⌊R/N⌋ or ⌈R/N⌉ of R entries, also when the list holds only the cells a
    /// failed shard left undone.
    public func share<T>(of list: [T]) -> [T] {
        list.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    public var description: String { "\(index)/\(count)" }
}
