import Foundation
import Tensors

/// The UCI Multiple Features data (mfeat): 2000 handwritten digits (200 per class 0–9), each
/// described by six feature sets ("views") computed from the same scanned image. Datasets:
///
/// - `mfeat`: the six views as six modalities, in the order fou, fac, kar, pix, zer, mor;
///   10 classes; a stratified 60/20/20 split per seed; each view standardised with the training
///   split's per-coordinate mean and standard deviation.
/// - `mfeat-irony` (α): `mfeat` plus the irony construction for M views — in each split
///   k = round(α · mean class count) examples get 3 of their 6 views, chosen at random per
///   example, from one digit of another class, and the label 10 ("irony"). Every view alone
///   still shows a plausible digit; only the views together reveal the mismatch, so the irony
///   class is the synergy subset by construction.
///
/// Data: UCI Machine Learning Repository, "Multiple Features" (van Breukelen, Duin, Tax & den
/// Hartog, 1998), CC BY 4.0 — shipped as `Resources/mfeat-<view>.csv.gz` (header line, then per
/// row the view's features and the label; row i is the same digit in every file).
public enum MultipleFeatures {
    /// One view: its short name (the modality name) and its number of feature columns.
    public struct View: Sendable, Hashable {
        /// "fou", "fac", "kar", "pix", "zer" or "mor".
        public let name: String
        /// Feature columns (the label column not counted).
        public let columns: Int
        /// The file name, `mfeat-<name>.csv.gz`.
        public var fileName: String { "mfeat-\(name).csv.gz" }
    }

    /// The six views in modality order.
    public static let views: [View] = [
        View(name: "fou", columns: 76), View(name: "fac", columns: 216), View(name: "kar", columns: 64),
        View(name: "pix", columns: 240), View(name: "zer", columns: 47), View(name: "mor", columns: 6),
    ]

    /// Views an irony example takes from its donor.
    public static let ironyReplacedViews = 3

    /// The bundled copy of a view's file.
    public static func resourceURL(of view: View) -> URL? {
        Bundle.module.url(forResource: "mfeat-\(view.name).csv", withExtension: "gz")
    }

    /// The six views' values (row-major, N × columns each) and the labels (0–9).
    public struct Table: Sendable {
        /// Per view (in ``views`` order), N × columns values.
        public var values: [[Float]]
        /// The labels, identical in every file.
        public var labels: [Int]
        /// File name → SHA-256 (hex) of the files read.
        public var hashes: [String: String]
    }

    /// Reads one view file: a header line, then rows of `view.columns` finite numbers and an
    /// integer label in 0–9. Errors name the file, the row (1-based, header not counted) and
    /// the column.
    public static func readView(_ view: View, url: URL) throws -> (values: [Float], labels: [Int]) {
        let bytes = try Gzip.decompress(try readWholeFile(url), name: url.path)
        var values: [Float] = [], labels: [Int] = []
        values.reserveCapacity(2000 * view.columns)
        var row = -1  // the header line is row 0 and skipped
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var line = rawLine[...]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            row += 1
            if row == 0 || line.isEmpty { continue }
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count == view.columns + 1 else {
                throw DataError(file: url.path, field: "row \(row)",
                                "expected \(view.columns + 1) comma-separated values (\(view.columns) features and the label), found \(fields.count)")
            }
            for (k, field) in fields.enumerated() {
                if k < view.columns {
                    guard let v = parseFloat(field) else {
                        throw DataError(file: url.path, field: "row \(row), column \(k)", "'\(String(decoding: field, as: UTF8.self))' is not a number")
                    }
                    guard v.isFinite else {
                        throw DataError(file: url.path, field: "row \(row), column \(k)", "'\(String(decoding: field, as: UTF8.self))' is not finite")
                    }
                    values.append(v)
                } else {
                    let text = String(decoding: field, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    guard let y = Int(text) else {
                        throw DataError(file: url.path, field: "row \(row), label", "'\(text)' is not an integer label")
                    }
                    guard (0...9).contains(y) else {
                        throw DataError(file: url.path, field: "row \(row), label", "label \(y) outside 0–9")
                    }
                    labels.append(y)
                }
            }
        }
        guard !labels.isEmpty else { throw DataError(file: url.path, field: "rows", "no data rows after the header") }
        return (values, labels)
    }

    /// The number in `field` (C `strtof` syntax, surrounding blanks allowed), nil when the field
    /// is empty, too long for a number or has anything else in it.
    static func parseFloat(_ field: ArraySlice<UInt8>) -> Float? {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let start = field.firstIndex(where: { !blank($0) }), let last = field.lastIndex(where: { !blank($0) }),
              last - start < 63 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> Float? in
            var n = 0
            for b in field[start...last] { buffer[n] = CChar(bitPattern: b); n += 1 }
            buffer[n] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtof(buffer.baseAddress!, &end)
            guard let end, end == buffer.baseAddress! + n else { return nil }
            return v
        }
    }

    /// Reads the six views from `urls` (view name → file; default the bundled copies) and checks
    /// that every file has the same number of rows and the same label in every row.
    public static func loadTable(urls: [String: URL]? = nil) throws -> Table {
        var values: [[Float]] = [], hashes: [String: String] = [:]
        var labels: [Int] = [], first = ""
        for view in views {
            guard let url = urls?[view.name] ?? resourceURL(of: view) else {
                throw DataError(file: view.fileName, field: "resource", "the bundled mfeat view is missing from the Datasets resources")
            }
            let (v, y) = try readView(view, url: url)
            if labels.isEmpty {
                labels = y
                first = url.lastPathComponent
            } else {
                guard y.count == labels.count else {
                    throw DataError(file: url.path, field: "row \(min(y.count, labels.count) + 1)",
                                    "has \(y.count) rows but \(first) has \(labels.count) (row i must be the same digit in every view)")
                }
                if let r = y.indices.first(where: { y[$0] != labels[$0] }) {
                    throw DataError(file: url.path, field: "row \(r + 1), label",
                                    "label \(y[r]) differs from \(first)'s \(labels[r]) (row i must be the same digit in every view)")
                }
            }
            values.append(v)
            hashes[view.fileName] = try FileHashing.sha256Hex(of: url)
        }
        return Table(values: values, labels: labels, hashes: hashes)
    }

    /// `mfeat`: the six views with the stratified split for `seed`, standardised with training statistics.
    public static func dataset(seed: UInt64, table: Table? = nil) throws -> MultimodalDataset {
        let t = try table ?? loadTable()
        let n = t.labels.count
        let all = Split(modalities: zip(views, t.values).map { Modality(name: $0.name, shape: [n, $0.columns], values: $1) },
                        labels: t.labels, ids: (0..<n).map { "mfeat\($0)" })
        var rng = RandomStream(seed: seed).split("mfeat-split")
        let parts = StratifiedSplit.indices(labels: t.labels, classCount: 10, rng: &rng).map { all.selecting($0) }
        var train = parts[0], others = [parts[1], parts[2]]
        Standardizer.standardize(train: &train, others: &others)
        return MultimodalDataset(name: "mfeat", classNames: (0..<10).map(String.init),
                                 train: train, valid: others[0], test: others[1],
                                 provenance: .real(files: t.hashes), modalityNames: views.map(\.name))
    }

    /// `mfeat-irony` for `seed` and `alpha` (see the type's documentation).
    public static func irony(alpha: Double, seed: UInt64, table: Table? = nil) throws -> MultimodalDataset {
        let base = try dataset(seed: seed, table: table)
        let transform = IronyTransform(alpha: alpha, replaced: .randomSubset(count: ironyReplacedViews),
                                       contradicts: IronyTransform.differentClass)
        var d = try transform.apply(to: base, rng: RandomStream(seed: seed).split("mfeat-irony"))
        d.name = "mfeat-irony"
        return d
    }
}
