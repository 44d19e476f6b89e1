import Foundation

/// A cell list file: the keys of the cells a run is restricted to (`bench run --cells FILE`),
/// one 64-hex-digit key per line; blank lines and lines starting with `#` are ignored.
/// `bench slurm` writes the grid's cells that are not yet done in the main store, so that every
/// array task shards the same remaining cells, however long after submission it starts.
public enum CellList {
    /// The file's text: a comment line per entry of `comments`, then `keys`, one per line, sorted.
    public static func render(_ keys: [CellKey], comments: [String] = []) -> String {
        (comments.map { "# \($0)" } + keys.sorted().map(\.hex)).map { $0 + "\n" }.joined()
    }

    /// Parses the text of the file at `path` (named in errors) into keys, in file order.
    public static func parse(_ text: String, path: String) throws -> [CellKey] {
        var keys: [CellKey] = []
        var seen: Set<CellKey> = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard line.count == 64, line.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw HarnessError.cellList(path: path, "line \(number + 1): expected a cell key (64 lowercase hex digits), got '\(line.prefix(80))'")
            }
            let key = CellKey(hex: line)
            if seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }

    /// Reads the file at `path` and checks that every key is a cell of `plan`; the keys in file order.
    public static func read(_ path: String, plan: Plan) throws -> [CellKey] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw HarnessError.cellList(path: path, "cannot read (\(error.localizedDescription))")
        }
        let keys = try parse(text, path: path)
        let unknown = keys.filter { plan.cell($0) == nil }
        guard unknown.isEmpty else {
            throw HarnessError.cellList(path: path, "\(unknown.count) key(s) are not cells of grid \(plan.grid) "
                + "(was the grid changed since the list was written?): " + unknown.prefix(3).map(\.short).joined(separator: ", ")
                + (unknown.count > 3 ? ", …" : ""))
        }
        return keys
    }
}
