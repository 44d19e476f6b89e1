import Foundation
import GRDB

/// The SQLite run store (docs/HARNESS.md, "Run store"): one row per cell, WAL mode, one transaction per finished
/// cell. Safe to use from several threads (GRDB serialises writes).
public final class RunStore: Sendable {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// Opens (creating if needed, with its directory) the store at `path` and migrates it.
    /// A store written by a newer schema (migrations this build does not know) is refused;
    /// `busyTimeout` is how long a statement waits for another process's lock.
    public init(path: String, busyTimeout: Double = 30) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: path) { try RunStore.checkHeader(path) }
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = RunStore.migrator
            let unknown = try pool.read { db -> Set<String> in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try migrator.appliedIdentifiers(db).subtracting(RunStore.knownMigrations)
            }
            guard unknown.isEmpty else {
                throw HarnessError.store(path: path, "written by a newer schema (unknown migrations: "
                    + unknown.sorted().joined(separator: ", ") + "); refusing to open it — use a newer bench or another --store")
            }
            do {
                // GRDB reads the applied migrations outside a transaction: two processes opening a
                // new store at once may both try to create the table. The loser gets "already
                // exists" and retries, then finds the migration applied.
                var attempt = 0
                while true {
                    do {
                        try migrator.migrate(pool)
                        break
                    } catch let e as DatabaseError where e.resultCode == .SQLITE_ERROR && attempt < 20 {
                        attempt += 1
                        usleep(50_000)
                    }
                }
            } catch let e as DatabaseError where e.resultCode == .SQLITE_READONLY {
                // An older store that cannot be written stays readable (reports, merge sources):
                // the records need only v1; claiming (bench run) fails with a clear message.
                let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                guard applied.contains("v1-cells") else { throw e }
            }
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError.store(path: path, RunStore.explain(error))
        }
    }

    /// The migrations this build knows, in order.
    static let knownMigrations: Set<String> = ["v1-cells", "v2-claims", "v3-environment"]

    /// A non-empty file that is not an SQLite database is refused before SQLite touches it.
    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HarnessError.store(path: path, "cannot open for reading (permissions?)")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if !head.isEmpty && head != Data("SQLite format 3\0".utf8) {
            throw HarnessError.store(path: path, "not an SQLite database (corrupt or another kind of file)")
        }
    }

    /// A readable explanation of an SQLite error.
    static func explain(_ error: Error) -> String {
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return "locked by another process (\(e.message ?? "database is locked")); is another run writing to it?"
            case .SQLITE_READONLY:
                return "read-only (\(e.message ?? "attempt to write a readonly database")); check the file's and directory's permissions"
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return "corrupt or not an SQLite database (\(e.message ?? ""))"
            case .SQLITE_CANTOPEN:
                return "cannot open (\(e.message ?? "")); check that the directory exists and is writable"
            default: break
            }
        }
        return "\(error)"
    }

    /// Checks that the store can be written now (not read-only, not locked beyond the busy
    /// timeout) with a real, empty write; called before any training starts.
    public func checkWritable() throws {
        try wrap {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try db.execute(sql: "UPDATE cell SET key = key WHERE 0")
                    try db.execute(sql: "PRAGMA user_version = 2")
                    return .commit
                }
            }
        }
    }

    /// The schema, by migrations.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-cells") { db in
            try db.execute(sql: """
                CREATE TABLE cell (
                    key TEXT PRIMARY KEY NOT NULL,
                    grid TEXT NOT NULL,
                    dataset TEXT NOT NULL,
                    objective TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    hyperparameters TEXT NOT NULL,
                    status TEXT NOT NULL,
                    error TEXT,
                    metrics TEXT,
                    predictions BLOB,
                    labels BLOB,
                    synergy_indices BLOB,
                    provenance TEXT,
                    started_at REAL,
                    finished_at REAL,
                    train_seconds REAL,
                    wall_seconds REAL,
                    examples_per_second REAL,
                    host TEXT
                );
                CREATE INDEX cell_grid ON cell(grid);
                CREATE INDEX cell_status ON cell(status);
                """)
        }
        // Claims of concurrent runners (Claims.swift): who runs the cell, their last heartbeat,
        // and how many times it was claimed. Older stores gain the columns, empty.
        migrator.registerMigration("v2-claims") { db in
            try db.execute(sql: """
                ALTER TABLE cell ADD COLUMN owner TEXT;
                ALTER TABLE cell ADD COLUMN heartbeat REAL;
                ALTER TABLE cell ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                """)
        }
        // Provenance of every cell (RunEnvironment, canonical JSON); older rows stay empty.
        migrator.registerMigration("v3-environment") { db in
            try db.execute(sql: "ALTER TABLE cell ADD COLUMN environment TEXT")
        }
        return migrator
    }

    private static let columns = """
        key, grid, dataset, objective, seed, hyperparameters, status, error, metrics, predictions, labels,
        synergy_indices, provenance, started_at, finished_at, train_seconds, wall_seconds, examples_per_second, host,
        environment
        """

    /// Inserts or replaces `record` in its own transaction.
    public func upsert(_ record: CellRecord) throws {
        try wrap { try pool.write { db in try RunStore.upsert(record, db) } }
    }

    /// Marks the given cells with `status` and `error` (e.g. interrupted), when they exist and are not done.
    public func mark(_ keys: [String], status: CellStatus, error: String?) throws {
        guard !keys.isEmpty else { return }
        try wrap {
            try pool.write { db in
                for key in keys {
                    try db.execute(sql: "UPDATE cell SET status = ?, error = ?, finished_at = ? WHERE key = ? AND status != 'done'",
                                   arguments: [status.rawValue, error, Date().timeIntervalSince1970, key])
                }
            }
        }
    }

    /// The statuses of the given keys (absent keys are missing).
    public func statuses(_ keys: [String]) throws -> [String: CellStatus] {
        try wrap {
            try pool.read { db in
                var result: [String: CellStatus] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT key, status FROM cell") {
                    let key: String = row["key"]
                    if let status = CellStatus(rawValue: row["status"]) { result[key] = status }
                }
                let wanted = Set(keys)
                return result.filter { wanted.contains($0.key) }
            }
        }
    }

    /// The `columns` of table `cell` for the given keys (absent keys are skipped), queried 500
    /// keys at a time to stay under SQLite's limit on bound parameters.
    static func cellRows(_ db: Database, columns: String, keys: [String]) throws -> [Row] {
        try stride(from: 0, to: keys.count, by: 500).flatMap { start in
            let chunk = Array(keys[start..<min(start + 500, keys.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            return try Row.fetchAll(db, sql: "SELECT \(columns) FROM cell WHERE key IN (\(marks))", arguments: StatementArguments(chunk))
        }
    }

    /// The records with the given keys (absent keys are skipped).
    public func records(_ keys: [String]) throws -> [String: CellRecord] {
        try wrap {
            try pool.read { db in
                var result: [String: CellRecord] = [:]
                for row in try RunStore.cellRows(db, columns: RunStore.columns, keys: keys) {
                    let record = try RunStore.record(row, path: path)
                    result[record.key] = record
                }
                return result
            }
        }
    }

    /// Every record, ordered by key.
    public func allRecords() throws -> [CellRecord] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT \(RunStore.columns) FROM cell ORDER BY key").map { try RunStore.record($0, path: path) }
            }
        }
    }

    /// What `merge` did.
    public struct MergeSummary: Sendable, Equatable {
        /// Rows added or upgraded (e.g. failed → done).
        public var written = 0
        /// Rows identical to existing ones.
        public var identical = 0
        /// Rows not taken because the store already holds a done row (source not done).
        public var skipped = 0
    }

    /// Folds the rows of `sources` into this store in one transaction. Same key and same
    /// content → one row; a done row replaces a non-done one; same key with different
    /// content (both done) → nothing is written and ``HarnessError/mergeConflict(keys:)`` lists the keys.
    /// With `keys`, only the rows with those keys are taken; with `onlyDone`, only done rows
    /// (how `bench run --dependencies-from MAIN` seeds a shard store with the dependencies that
    /// the main store already holds).
    public func merge(from sources: [String], keys: Set<String>? = nil, onlyDone: Bool = false) throws -> MergeSummary {
        var incoming: [CellRecord] = []
        for source in sources {
            guard FileManager.default.fileExists(atPath: source) else {
                throw HarnessError.store(path: source, "no such file")
            }
            let rows = try keys.map { try RunStore(path: source).records(Array($0).sorted()).values.sorted { $0.key < $1.key } }
                ?? RunStore(path: source).allRecords()
            incoming += rows.filter { !onlyDone || $0.status == .done }
        }
        return try wrap {
            try pool.write { db in
                var summary = MergeSummary()
                var conflicts: Set<String> = []
                var pending: [String: CellRecord] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT \(RunStore.columns) FROM cell") {
                    let r = try RunStore.record(row, path: path)
                    pending[r.key] = r
                }
                var changed: Set<String> = []
                for record in incoming {
                    guard let existing = pending[record.key] else {
                        pending[record.key] = record; changed.insert(record.key); summary.written += 1; continue
                    }
                    if existing.sameContent(as: record) { summary.identical += 1; continue }
                    switch (existing.status, record.status) {
                    case (.done, .done): conflicts.insert(record.key)
                    case (.done, _): summary.skipped += 1
                    case (_, .done): pending[record.key] = record; changed.insert(record.key); summary.written += 1
                    default: summary.skipped += 1
                    }
                }
                guard conflicts.isEmpty else { throw HarnessError.mergeConflict(keys: conflicts.sorted()) }
                for key in changed.sorted() { if let r = pending[key] { try RunStore.upsert(r, db) } }
                return summary
            }
        }
    }

    /// The assignments of an upsert: every record column (the claim columns are kept).
    private static let updates = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .filter { $0 != "key" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")

    static func upsert(_ r: CellRecord, _ db: Database, onlyIf condition: String? = nil, _ extra: [DatabaseValueConvertible?] = []) throws {
        let guardClause = condition.map { " WHERE \($0)" } ?? ""
        try db.execute(sql: "INSERT INTO cell (\(columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                       + "ON CONFLICT(key) DO UPDATE SET \(updates)\(guardClause)",
                       arguments: StatementArguments([r.key, r.grid, r.dataset, r.objective, r.seed, r.hyperparameters, r.status.rawValue,
                                   r.error, r.metrics, r.predictions, r.labels, r.synergyIndices, r.provenance,
                                   r.startedAt, r.finishedAt, r.trainSeconds, r.wallSeconds, r.examplesPerSecond, r.host,
                                   r.environment] as [(any DatabaseValueConvertible)?])
                           + StatementArguments(extra))
    }

    private static func record(_ row: Row, path: String) throws -> CellRecord {
        let key: String = row["key"]
        let statusText: String = row["status"]
        guard let status = CellStatus(rawValue: statusText) else {
            throw HarnessError.store(path: path, "cell \(key): unknown status '\(statusText)'")
        }
        return CellRecord(key: key, grid: row["grid"], dataset: row["dataset"], objective: row["objective"], seed: row["seed"],
                          hyperparameters: row["hyperparameters"], status: status, error: row["error"], metrics: row["metrics"],
                          predictions: row["predictions"], labels: row["labels"], synergyIndices: row["synergy_indices"],
                          provenance: row["provenance"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                          trainSeconds: row["train_seconds"], wallSeconds: row["wall_seconds"],
                          examplesPerSecond: row["examples_per_second"], host: row["host"], environment: row["environment"])
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as HarnessError { throw error } catch {
            throw HarnessError.store(path: path, RunStore.explain(error))
        }
    }

    /// Folds the write-ahead log into the database file and empties it (`wal_checkpoint(TRUNCATE)`),
    /// so that the `.sqlite` file alone holds every row (e.g. to copy or commit it). Readers of
    /// other processes may keep part of the log; the call then checkpoints what it can.
    public func checkpoint() throws {
        try wrap { try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) } }
    }

    /// The database (for the claim operations in Claims.swift).
    var database: DatabasePool { pool }
}
