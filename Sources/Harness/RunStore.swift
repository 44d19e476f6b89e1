import Foundation
import GRDB

/// The SQLite run store (docs/HARNESS.md, "Run store"): one row per cell, WAL mode, one transaction per finished
/// cell. Safe to use from several threads (GRDB serialises writes) and processes (SQLite's locks).
///
/// Nothing here opens the database file other than through SQLite: closing any descriptor of a
/// file drops every POSIX lock the process holds on it, including those of SQLite connections
/// of the same process, and another process may then delete the write-ahead log under them
/// (docs/ROBUSTNESS.md, "Concurrent use of a store").
public final class RunStore: Sendable {
    /// The database file.
    public let path: String
    /// Whether the store was opened read-only (``init(readingFrom:busyTimeout:)``).
    public let readOnly: Bool
    private let connection: any DatabaseWriter

    /// Opens (creating if needed, with its directory) the store at `path` and migrates it.
    /// A store written by a newer schema (migrations this build does not know) is refused, and
    /// so is an SQLite database that is not a run store; `busyTimeout` is how long a statement
    /// waits for another process's lock.
    public init(path: String, busyTimeout: Double = 30) throws {
        self.path = path
        self.readOnly = false
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw HarnessError.store(path: path, "is a directory, not a run store file")
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(busyTimeout)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            connection = pool
            try RunStore.checkIsStore(pool, path: path)
            let migrator = RunStore.migrator
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
                let applied = try reader.read { db in try migrator.appliedIdentifiers(db) }
                guard applied.contains("v1-cells") else { throw e }
            }
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError.store(path: path, RunStore.explain(error))
        }
    }

    /// Opens the existing store at `path` for reading only (`bench report`, `export`, `compare`,
    /// `plan`, `check`'s baseline side): nothing is written, no file is created, and a store in a
    /// read-only file or directory opens. While another process has the store open (its `-wal`
    /// file exists) the store is read through SQLite's locks like any reader; otherwise a snapshot
    /// is copied into memory with the file opened as immutable, and taken again if a writer
    /// touched the file meanwhile. A missing or empty file, a directory, a file that is not an
    /// SQLite database and an SQLite database that is not a run store are refused.
    public init(readingFrom path: String, busyTimeout: Double = 30) throws {
        self.path = path
        self.readOnly = true
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HarnessError.store(path: path, "no such file")
        }
        if isDirectory.boolValue { throw HarnessError.store(path: path, "is a directory, not a run store file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw HarnessError.store(path: path, "cannot be read (permission denied)")
        }
        if (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0 {
            throw HarnessError.store(path: path, "is empty (0 bytes), not a run store")
        }
        var chosen: (any DatabaseWriter)?
        do {
            var attempt = 0
            while chosen == nil {
                let (opened, inMemory) = try RunStore.openReadOnly(path, busyTimeout: busyTimeout)
                try RunStore.checkIsStore(opened, path: path)
                let applied = try opened.read { db in
                    try db.tableExists("grdb_migrations") ? try RunStore.migrator.appliedIdentifiers(db) : []
                }
                let missing = RunStore.knownMigrations.subtracting(applied)
                if missing.isEmpty {
                    chosen = opened
                } else if inMemory {
                    // A snapshot in memory of an older store (or of one with no table yet):
                    // upgrade the copy, never the file.
                    try RunStore.migrator.migrate(opened)
                    chosen = opened
                } else if attempt < 40 {
                    // A writer is creating or upgrading the store right now: look again shortly.
                    attempt += 1
                    usleep(50_000)
                } else {
                    throw HarnessError.store(path: path, "written by an older bench (missing " + missing.sorted().joined(separator: ", ")
                        + ") and open in another process; read it again once that process has closed it")
                }
            }
        } catch let error as HarnessError {
            throw error
        } catch {
            throw HarnessError.store(path: path, RunStore.explain(error))
        }
        connection = chosen!
    }

    /// A read-only connection to `path`: SQLite's own when a `-wal` file exists (a writer has the
    /// store open, or died with it open), else an in-memory snapshot (``snapshot(_:)``).
    private static func openReadOnly(_ path: String, busyTimeout: Double) throws -> (any DatabaseWriter, inMemory: Bool) {
        for _ in 0..<10 {
            if FileManager.default.fileExists(atPath: path + "-wal") || !uriFilenames {
                var configuration = Configuration()
                configuration.readonly = true
                configuration.busyMode = .timeout(busyTimeout)
                return (try DatabaseQueue(path: path, configuration: configuration), false)
            }
            if let copy = try snapshot(path) { return (copy, true) }
        }
        throw HarnessError.store(path: path, "changed while being read ten times in a row; try again")
    }

    /// The database at `path` copied into memory through SQLite's backup, with the file opened
    /// `immutable` (no lock, no `-wal`/`-shm` created); nil when the file changed or a `-wal`
    /// file appeared meanwhile (a writer opened it: the copy may be torn).
    private static func snapshot(_ path: String) throws -> DatabaseQueue? {
        let before = FileIdentity(path)
        var configuration = Configuration()
        configuration.readonly = true
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let uri = "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute) + "?immutable=1"
        let memory = try DatabaseQueue()
        do {
            let file = try DatabaseQueue(path: uri, configuration: configuration)
            try file.backup(to: memory)
            try file.close()
        }
        guard before != nil, FileIdentity(path) == before, !FileManager.default.fileExists(atPath: path + "-wal") else { return nil }
        return memory
    }

    /// Whether this SQLite library reads `file:` URIs in file names (Debian's and Apple's do).
    private static let uriFilenames: Bool = {
        guard let queue = try? DatabaseQueue() else { return false }
        return (try? queue.read { db in try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('USE_URI')") }) == true
    }()

    /// Refuses an SQLite database that holds tables but neither of the run store's, or one
    /// written by a newer schema. An empty database (a new store) passes, and so does one whose
    /// migrations another process is applying.
    private static func checkIsStore(_ database: any DatabaseReader, path: String) throws {
        let (tables, applied) = try database.read { db -> (Set<String>, Set<String>) in
            let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
            let applied = tables.contains("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
            return (tables, applied)
        }
        // A store another process is creating right now holds `grdb_migrations` before `cell`.
        if !tables.isEmpty && !tables.contains("cell") && !tables.contains("grdb_migrations") {
            throw HarnessError.store(path: path, "an SQLite database but not a run store (no table 'cell'; tables: "
                + tables.sorted().prefix(5).joined(separator: ", ") + ")")
        }
        let unknown = applied.subtracting(knownMigrations)
        guard unknown.isEmpty else {
            throw HarnessError.store(path: path, "written by a newer schema (unknown migrations: "
                + unknown.sorted().joined(separator: ", ") + "); refusing to open it — use a newer bench or another --store")
        }
    }

    /// The migrations this build knows, in order.
    static let knownMigrations: Set<String> = ["v1-cells", "v2-claims", "v3-environment"]

    /// A readable explanation of an SQLite error.
    static func explain(_ error: Error) -> String {
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return "locked by another process (\(e.message ?? "database is locked")); is another run writing to it?"
            case .SQLITE_READONLY:
                return "read-only (\(e.message ?? "attempt to write a readonly database")); check the file's and directory's permissions"
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return "not an SQLite database, or a corrupt one (\(e.message ?? ""))"
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
            try database.writeWithoutTransaction { db in
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
        try wrap { try database.write { db in try RunStore.upsert(record, db) } }
    }

    /// Marks the given cells with `status` and `error` (e.g. interrupted), when they exist and are not done.
    public func mark(_ keys: [String], status: CellStatus, error: String?) throws {
        guard !keys.isEmpty else { return }
        try wrap {
            try database.write { db in
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
            try reader.read { db in
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
            try reader.read { db in
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
            try reader.read { db in
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
            let store = try RunStore(readingFrom: source)
            let rows = try keys.map { try store.records(Array($0).sorted()).values.sorted { $0.key < $1.key } } ?? store.allRecords()
            incoming += rows.filter { !onlyDone || $0.status == .done }
        }
        return try wrap {
            try database.write { db in
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
    ///
    /// A reader in the middle of a transaction keeps the log from being emptied (SQLite answers
    /// SQLITE_BUSY at once, whatever the busy timeout): the truncating checkpoint is tried again
    /// for up to `patience` seconds, then what can be folded in without waiting is (a passive
    /// checkpoint). Returns whether the log was emptied.
    @discardableResult
    public func checkpoint(patience: Double = 2) throws -> Bool {
        let deadline = Date().addingTimeInterval(patience)
        return try wrap {
            while true {
                do {
                    try database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
                    return true
                } catch let e as DatabaseError where e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED {
                    if Date() >= deadline {
                        try database.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
                        return false
                    }
                    usleep(50_000)
                }
            }
        }
    }

    /// Writes a consistent copy of the store to `target` (SQLite's online backup: every committed
    /// row, whatever is still in the write-ahead log; readers and writers of other processes are
    /// not disturbed, unlike copying the file, which also drops this process's locks on it).
    public func backup(to target: String) throws {
        let copy = try RunStore(path: target)
        try wrap { try reader.backup(to: copy.database) }
    }

    /// The connection to write through (for the claim operations in Claims.swift); a store opened
    /// read-only refuses every write here, before SQLite (or an in-memory snapshot) sees it.
    var database: any DatabaseWriter {
        get throws {
            if readOnly { throw HarnessError.store(path: path, "opened read-only; this command cannot write to it") }
            return connection
        }
    }

    /// The connection to read through.
    var reader: any DatabaseReader { connection }
}

/// A file's inode, size and modification time: equal before and after a read when no process
/// wrote to the file meanwhile.
private struct FileIdentity: Equatable {
    let inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if os(Linux)
        (seconds, nanoseconds) = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
        #else
        (seconds, nanoseconds) = (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
        #endif
    }
}
