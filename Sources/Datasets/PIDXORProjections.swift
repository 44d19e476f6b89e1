import Foundation

/// Where PID-XOR's six projection matrices come from when not drawn from
/// ``PIDXORParameters/projectionSeed``.
public enum PIDXORProjectionSource: String, Codable, Hashable, Sendable, CaseIterable {
    /// The SynIB authors' draw: `torch.manual_seed(999)`, then `torch.randn(32, 4) * 0.5` for
    /// P_u0, P_u1, P_r0, P_r1, P_s0, P_s1 (their `PID4BlockDataset`), written once by
    /// scripts/pid_xor_authors_projections.py into Resources/pid-xor-authors-projections.csv.
    /// Needs the authors' shapes: 32 dimensions, latent size 4, projection scale 0.5.
    case authors

    /// The bundled file of the authors' matrices.
    public static var authorsFile: URL? {
        Bundle.module.url(forResource: "pid-xor-authors-projections", withExtension: "csv")
    }

    /// The six matrices (`dimensions × latentSize` row-major each) for parameters `p`, and the
    /// SHA-256 of the file they were read from; a ``DataError`` names the file, the line and
    /// what was expected when the file is missing or malformed or `p` has other shapes.
    public func matrices(for p: PIDXORParameters) throws -> (matrices: [[Float]], sha256: String) {
        let (dimensions, latent, scale) = (32, 4, 0.5)
        let name = "pid-xor-authors-projections.csv"
        guard p.dimensions == dimensions, p.latentSize == latent, p.projectionScale == scale else {
            throw DataError(file: "pid-xor parameters", field: "projections",
                            "the authors' projections are \(dimensions) × \(latent) at scale \(scale); found dimensions \(p.dimensions), latent size \(p.latentSize), scale \(p.projectionScale)")
        }
        guard let url = Self.authorsFile else {
            throw DataError(file: name, field: "bundle", "missing from the Datasets bundle")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataError(file: name, field: "read", "cannot read (\(error.localizedDescription))")
        }
        return (try Self.parse(String(decoding: data, as: UTF8.self), file: name, dimensions: dimensions, latent: latent),
                FileHashing.sha256Hex(Array(data)))
    }

    /// Reads `matrix,row,column,value` lines (after `#` comments and the header), which must list
    /// the 6 matrices' entries in row-major order, each once.
    static func parse(_ text: String, file: String, dimensions: Int, latent: Int) throws -> [[Float]] {
        var matrices = [[Float]](repeating: [Float](repeating: 0, count: dimensions * latent), count: 6)
        var expected = 0, sawHeader = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader {
                guard line == "matrix,row,column,value" else {
                    throw DataError(file: file, field: "line \(index + 1)", "expected the header 'matrix,row,column,value', found '\(line)'")
                }
                sawHeader = true
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let m = expected / (dimensions * latent), i = expected % (dimensions * latent) / latent, j = expected % latent
            guard expected < 6 * dimensions * latent else {
                throw DataError(file: file, field: "line \(index + 1)", "more than \(6 * dimensions * latent) entries")
            }
            guard fields.count == 4, Int(fields[0]) == m, Int(fields[1]) == i, Int(fields[2]) == j,
                  let value = Float(fields[3]), value.isFinite else {
                throw DataError(file: file, field: "line \(index + 1)", "expected '\(m),\(i),\(j),<finite number>', found '\(line)'")
            }
            matrices[m][i * latent + j] = value
            expected += 1
        }
        guard expected == 6 * dimensions * latent else {
            throw DataError(file: file, field: "entries", "expected \(6 * dimensions * latent) entries (6 matrices of \(dimensions) × \(latent)), found \(expected)")
        }
        return matrices
    }
}
