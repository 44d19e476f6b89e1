import Foundation

/// Where PID-XOR's fixed matrices — the six projections from sources to coordinates and the
/// mixings' rotations — come from when they are not drawn from ``PIDXORParameters/projectionSeed``
/// and ``PIDXORMixing/seed``.
public enum PIDXORMatrixSource: String, Codable, Hashable, Sendable, CaseIterable {
    /// The SynIB authors' draws, the task instance of their study: the projections of
    /// `torch.manual_seed(999)` (their `PID4BlockDataset`) and the rotations of their entangled
    /// study (rot_seed 0), written once from PyTorch by scripts/pid_xor_authors_matrices.py into
    /// Resources/pid-xor-authors-matrices.csv. Needs the authors' shapes: 32 dimensions in blocks
    /// of 6, latent size 4, projection scale 0.5; a tanh mixing uses their rotation with scale 1.
    case authors

    /// The file's name in the Datasets bundle.
    static let fileName = "pid-xor-authors-matrices.csv"

    /// The matrices of the file, in its order, with their shapes.
    static let layout: [(name: String, rows: Int, columns: Int)] =
        ["P_u0", "P_u1", "P_r0", "P_r1", "P_s0", "P_s1"].map { ($0, 32, 4) }
        + ["Q_rotation0", "Q_rotation1", "Q_partial0", "Q_partial1"].map { ($0, 32, 32) }

    /// Every matrix of the file by name (row-major) and the file's SHA-256, after checking that
    /// `p` has the authors' shapes; a ``DataError`` names the file, the line or the parameter and
    /// what was expected.
    public func matrices(for p: PIDXORParameters) throws -> (byName: [String: [Float]], sha256: String) {
        guard p.dimensions == 32, p.uniqueSize == 6, p.redundantSize == 6, p.synergySize == 6, p.latentSize == 4,
              p.projectionScale == 0.5, p.mixing.map({ $0.kind != .tanh || $0.scale == 1 }) ?? true else {
            throw DataError(file: "pid-xor parameters", field: "matrices",
                            "the authors' matrices need 32 dimensions in blocks of 6, latent size 4, projection scale 0.5 and tanh scale 1; found dimensions \(p.dimensions), blocks \(p.uniqueSize)/\(p.redundantSize)/\(p.synergySize), latent size \(p.latentSize), scale \(p.projectionScale)\(p.mixing.map { ", tanh scale \($0.scale)" } ?? "")")
        }
        guard let url = Bundle.module.url(forResource: "pid-xor-authors-matrices", withExtension: "csv") else {
            throw DataError(file: Self.fileName, field: "bundle", "missing from the Datasets bundle")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataError(file: Self.fileName, field: "read", "cannot read (\(error.localizedDescription))")
        }
        return (try Self.parse(String(decoding: data, as: UTF8.self), file: Self.fileName), FileHashing.sha256Hex(Array(data)))
    }

    /// The six projections (P_u0, P_u1, P_r0, P_r1, P_s0, P_s1) for `p`.
    public func projections(for p: PIDXORParameters) throws -> [[Float]] {
        let all = try matrices(for: p).byName
        return Self.layout.prefix(6).map { all[$0.name]! }
    }

    /// Q_m of `mixing` for modality `m` (nil for identity), in double precision as the mixing applies it.
    public func rotation(_ mixing: PIDXORMixing, modality m: Int, for p: PIDXORParameters) throws -> [Double]? {
        let name: String
        switch mixing.kind {
        case .identity: return nil
        case .rotation, .tanh: name = "Q_rotation\(m)"
        case .partialRotation: name = "Q_partial\(m)"
        }
        return try matrices(for: p).byName[name]!.map(Double.init)
    }

    /// Reads `matrix,row,column,value` lines (after `#` comments and the header): every matrix of
    /// ``layout`` in order, each entry once, row-major.
    static func parse(_ text: String, file: String) throws -> [String: [Float]] {
        let expectedEntries = layout.map { $0.rows * $0.columns }
        var result: [String: [Float]] = [:]
        var matrix = 0, entry = 0, sawHeader = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard sawHeader else {
                guard line == "matrix,row,column,value" else {
                    throw DataError(file: file, field: "line \(index + 1)", "expected the header 'matrix,row,column,value', found '\(line)'")
                }
                sawHeader = true
                continue
            }
            guard matrix < layout.count else {
                throw DataError(file: file, field: "line \(index + 1)", "more entries than the \(layout.count) matrices hold")
            }
            let (name, _, columns) = layout[matrix]
            let (i, j) = (entry / columns, entry % columns)
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0] == name, Int(fields[1]) == i, Int(fields[2]) == j,
                  let value = Float(fields[3]), value.isFinite else {
                throw DataError(file: file, field: "line \(index + 1)", "expected '\(name),\(i),\(j),<finite number>', found '\(line)'")
            }
            result[name, default: []].append(value)
            entry += 1
            if entry == expectedEntries[matrix] { matrix += 1; entry = 0 }
        }
        guard matrix == layout.count else {
            throw DataError(file: file, field: "entries", "expected \(layout.map { "\($0.name) (\($0.rows) × \($0.columns))" }.joined(separator: ", ")); \(layout[matrix].name) is incomplete or missing")
        }
        return result
    }
}
