import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// Who runs a cell: several `bench run` processes may work on the same grid and store at once.
/// Before running a cell a runner *claims* it in one immediate transaction (columns `owner`,
/// `heartbeat`, `attempts` of table `cell`, migration `v2-claims`); while it runs, the runner
/// refreshes the heartbeat of all its claims. A claim can be taken over when its owner released
/// it, when its heartbeat is older than the claim timeout, or — without waiting — when the owner
/// is a process on this host that no longer exists (e.g. after SIGKILL). The final row of a cell
/// is written only while its writer still holds the claim, so a process that lost its claim
/// (paused past the timeout, orphaned) cannot overwrite the row of the process that took over.
public enum ClaimOwner {
    /// The environment variable through which a runner passes its owner id to `bench cell`.
    public static let environmentKey = "SYNIB_CLAIM_OWNER"

    /// A new owner id for this process: `host/pid/random`.
    public static func make() -> String {
        "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// True when `owner` is a process of this host that no longer exists (or an earlier process
    /// that had this process's pid).
    public static func isDeadLocally(_ owner: String, me: String? = nil) -> Bool {
        let parts = owner.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]) else { return false }
        if owner == me { return false }
        if pid == getpid() { return true }  // our pid, another (earlier) process
        return kill(pid, 0) == -1 && errno == ESRCH
    }
}

/// The outcome of ``RunStore/claim(_:owner:timeout:force:)``.
public enum ClaimResult: Sendable, Equatable {
    /// The cell is ours: its row is `running`, owned by us.
    case claimed
    /// The cell is already done (and not forced).
    case done
    /// Another live runner holds the cell (its status: running, failed, …).
    case heldBy(owner: String, status: CellStatus)
}

/// The claim columns of one row.
public struct ClaimInfo: Sendable, Equatable {
    /// Row status.
    public var status: CellStatus
    /// Claim owner, nil when released.
    public var owner: String?
    /// Unix time of the owner's last heartbeat.
    public var heartbeat: Double?
    /// How many times the cell was claimed.
    public var attempts: Int
}

extension RunStore {
    /// Claims the cell of `running` (a `running` row) for `owner`, atomically. A cell is claimable
    /// when it is absent, or not done (unless `force`) and unowned, owned by `owner`, owned by a
    /// process whose heartbeat is older than `timeout` seconds, or owned by a dead local process.
    public func claim(_ running: CellRecord, owner: String, timeout: Double, force: Bool = false) throws -> ClaimResult {
        try wrap {
            try database.writeWithoutTransaction { db in
                var result = ClaimResult.claimed
                try db.inTransaction(.immediate) {
                    let now = Date().timeIntervalSince1970
                    if let row = try Row.fetchOne(db, sql: "SELECT status, owner, heartbeat FROM cell WHERE key = ?",
                                                  arguments: [running.key]) {
                        let status = CellStatus(rawValue: row["status"]) ?? .failed
                        let holder: String? = row["owner"]
                        let beat: Double = row["heartbeat"] ?? 0
                        if status == .done && !force {
                            result = .done
                            return .commit
                        }
                        if let holder, holder != owner, beat >= now - timeout, !ClaimOwner.isDeadLocally(holder, me: owner) {
                            result = .heldBy(owner: holder, status: status)
                            return .commit
                        }
                    }
                    try RunStore.upsert(running, db)
                    try db.execute(sql: "UPDATE cell SET owner = ?, heartbeat = ?, attempts = attempts + 1 WHERE key = ?",
                                   arguments: [owner, now, running.key])
                    return .commit
                }
                return result
            }
        }
    }

    /// Writes `record` only if `owner` still holds its claim (or nobody does); returns whether it was written.
    @discardableResult
    public func finish(_ record: CellRecord, owner: String) throws -> Bool {
        try wrap {
            try database.writeWithoutTransaction { db in
                var written = false
                try db.inTransaction(.immediate) {
                    let holder = try String?.fetchOne(db, sql: "SELECT owner FROM cell WHERE key = ?", arguments: [record.key])
                    if let holder, holder != owner { return .commit }
                    try RunStore.upsert(record, db)
                    try db.execute(sql: "UPDATE cell SET heartbeat = ? WHERE key = ?",
                                   arguments: [Date().timeIntervalSince1970, record.key])
                    written = true
                    return .commit
                }
                return written
            }
        }
    }

    /// Refreshes the heartbeat of every claim of `owner`.
    public func heartbeat(owner: String) throws {
        try wrap {
            try database.write { db in
                try db.execute(sql: "UPDATE cell SET heartbeat = ? WHERE owner = ?", arguments: [Date().timeIntervalSince1970, owner])
            }
        }
    }

    /// Releases every claim of `owner` (at the end of a run; failed and interrupted cells become claimable).
    public func release(owner: String) throws {
        try wrap {
            try database.write { db in
                try db.execute(sql: "UPDATE cell SET owner = NULL WHERE owner = ?", arguments: [owner])
            }
        }
    }

    /// The claim columns of the given keys (absent keys are skipped).
    public func claims(_ keys: [String]) throws -> [String: ClaimInfo] {
        try wrap {
            try reader.read { db in
                var out: [String: ClaimInfo] = [:]
                for row in try RunStore.cellRows(db, columns: "key, status, owner, heartbeat, attempts", keys: keys) {
                    out[row["key"]] = ClaimInfo(status: CellStatus(rawValue: row["status"]) ?? .failed, owner: row["owner"],
                                                heartbeat: row["heartbeat"], attempts: row["attempts"])
                }
                return out
            }
        }
    }
}
