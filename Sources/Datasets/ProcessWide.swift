import Foundation

/// A value shared by the whole process behind a lock: what the dataset and objective registries
/// hold (names are resolved where no context is passed, so the registries cannot be passed in).
public final class ProcessWide<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    /// The shared `value`.
    public init(_ value: Value) { self.value = value }

    /// The value now.
    public var current: Value {
        lock.lock(); defer { lock.unlock() }
        return value
    }

    /// Changes the value under the lock.
    public func modify(_ change: (inout Value) -> Void) {
        lock.lock(); defer { lock.unlock() }
        change(&value)
    }
}
