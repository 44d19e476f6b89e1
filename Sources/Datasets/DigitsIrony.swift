import Foundation
import Tensors

/// Digits-irony (DESIGN §4.6): the UCI optical handwritten digits (1797 images of 8×8 pixels,
/// values 0–16) as two views — modality "top" = image rows 0–3 (32 values), "bottom" = rows
/// 4–7 — with a stratified 60/20/20 split per seed and the irony construction with
/// "contradicts" = "a different digit" (the bottom half comes from another digit; label 10).
///
/// Data: UCI Machine Learning Repository, "Optical Recognition of Handwritten Digits"
/// (Alpaydin & Kaynak, 1998), CC BY 4.0, https://doi.org/10.24432/C50P49 — shipped as
/// `Resources/digits.csv.gz` (64 pixel values then the label per row).
public enum DigitsIrony {
    /// The bundled copy of the digits table.
    public static var resourceURL: URL? { Bundle.module.url(forResource: "digits.csv", withExtension: "gz") }

    /// Reads the digits table: pixels (N × 64, 0–16) and labels (0–9).
    public static func loadTable(url: URL? = nil) throws -> (pixels: [Float], labels: [Int]) {
        guard let url = url ?? resourceURL else {
            throw DataError(file: "digits.csv.gz", field: "resource", "the bundled digits table is missing from the Datasets resources")
        }
        let bytes = try Gzip.decompress(try readWholeFile(url), name: url.path)
        var pixels: [Float] = [], labels: [Int] = []
        pixels.reserveCapacity(1797 * 64)
        var row = 0
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            row += 1
            let fields = line.split(separator: UInt8(ascii: ","))
            guard fields.count == 65 else {
                throw DataError(file: url.path, field: "row \(row)", "expected 65 comma-separated values, found \(fields.count)")
            }
            for (k, f) in fields.enumerated() {
                guard let v = Int(String(decoding: f, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
                    throw DataError(file: url.path, field: "row \(row)", "column \(k) is not an integer")
                }
                if k < 64 {
                    guard (0...16).contains(v) else { throw DataError(file: url.path, field: "row \(row)", "pixel \(v) outside 0–16") }
                    pixels.append(Float(v))
                } else {
                    guard (0...9).contains(v) else { throw DataError(file: url.path, field: "row \(row)", "label \(v) outside 0–9") }
                    labels.append(v)
                }
            }
        }
        return (pixels, labels)
    }

    /// The two-view digits dataset (10 classes, no irony yet) with the stratified split for `seed`.
    public static func twoView(seed: UInt64, table: (pixels: [Float], labels: [Int])? = nil) throws -> MultimodalDataset {
        let (pixels, labels) = try table ?? loadTable()
        let n = labels.count
        var top = [Float](), bottom = [Float]()
        top.reserveCapacity(n * 32); bottom.reserveCapacity(n * 32)
        for i in 0..<n {
            top.append(contentsOf: pixels[(i * 64)..<(i * 64 + 32)].map { $0 / 16 })
            bottom.append(contentsOf: pixels[(i * 64 + 32)..<(i * 64 + 64)].map { $0 / 16 })
        }
        let all = Split(modalities: [Modality(name: "top", shape: [n, 32], values: top),
                                     Modality(name: "bottom", shape: [n, 32], values: bottom)],
                        labels: labels, ids: (0..<n).map { "digit\($0)" })
        var rng = RandomStream(seed: seed).split("digits-split")
        let splits = StratifiedSplit.indices(labels: labels, classCount: 10, rng: &rng).map { all.selecting($0) }
        return MultimodalDataset(name: "digits", classNames: (0..<10).map(String.init),
                                 train: splits[0], valid: splits[1], test: splits[2],
                                 provenance: .real(files: [:]), modalityNames: ["top", "bottom"])
    }

    /// Digits-irony for `seed` and `alpha`.
    public static func generate(alpha: Double, seed: UInt64) throws -> MultimodalDataset {
        let url = resourceURL
        var base = try twoView(seed: seed)
        if let url { base.provenance = .real(files: ["digits.csv.gz": try FileHashing.sha256Hex(of: url)]) }
        let transform = IronyTransform(alpha: alpha, replacedModality: 1, contradicts: IronyTransform.differentClass)
        var d = try transform.apply(to: base, rng: RandomStream(seed: seed).split("digits-irony"))
        d.name = "digits-irony"
        return d
    }
}
