import Foundation
import Testing
@testable import Datasets
import Tensors

/// PID-XOR on the SynIB authors' task instance (``PIDXORMatrixSource/authors``): the bundled file
/// is the one scripts/pid_xor_authors_matrices.py wrote from PyTorch, it is read exactly, it
/// changes the fixed matrices and nothing else, and a bad file or shape is an error that names
/// the file and the line.
@Suite("PID-XOR on the authors' matrices")
struct AuthorsMatricesTests {
    /// The SHA-256 of Resources/pid-xor-authors-matrices.csv as the script wrote it (torch 2.13;
    /// its first entry is P_u0[0, 0] = −0.126399368, torch.manual_seed(999)'s first normal × 0.5).
    static let fileSHA256 = "a26cc20b7b796af717d93680ef6ca6432fe81ccaf87447a11ccd0fa9aef1ad65"

    func authors(_ mixing: PIDXORMixing.Kind? = nil) -> PIDXORParameters {
        var p = PIDXORParameters(synergyFraction: 0.10)
        p.matrixSource = .authors
        p.mixing = mixing.map { PIDXORMixing($0) }
        return p
    }

    @Test func theBundledFileIsTheScriptsOutputReadExactly() throws {
        let (matrices, sha) = try PIDXORMatrixSource.authors.matrices(for: authors())
        #expect(sha == Self.fileSHA256)
        #expect(matrices.count == 10)
        let projections = try PIDXORGenerator.projections(authors())
        #expect(projections.count == 6 && projections.allSatisfy { $0.count == 32 * 4 })
        #expect(projections[0][0] == -0.126399368)
        // 768 draws of N(0, 0.5²): the sample moments are those of that distribution.
        let all = projections.flatMap { $0 }
        let mean = all.reduce(0, +) / Float(all.count)
        let std = (all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(all.count - 1)).squareRoot()
        #expect(abs(mean) < 0.06 && abs(std - 0.5) < 0.05, "mean \(mean), std \(std)")
        #expect(try projections != PIDXORGenerator.projections(PIDXORParameters()))
    }

    /// The rotations are orthogonal; the full ones are dense, the partial ones rotate the pairs of
    /// blocks the authors' randperm chose (modality 0: unique with noise, redundant with synergy;
    /// modality 1: redundant with noise, unique with synergy) and nothing across pairs.
    @Test func theRotationsAreTheAuthorsShapes() throws {
        let blocks = PIDXORParameters().blocks  // unique, redundant, synergy, noise
        let pairs = [[[0, 3], [1, 2]], [[1, 3], [0, 2]]]
        for m in 0..<2 {
            for kind in [PIDXORMixing.Kind.rotation, .partialRotation, .tanh] {
                let q = try #require(try PIDXORMatrixSource.authors.rotation(PIDXORMixing(kind), modality: m, for: authors(kind)))
                var worst = 0.0
                for i in 0..<32 { for j in 0..<32 {
                    var dot = 0.0
                    for k in 0..<32 { dot += q[i * 32 + k] * q[j * 32 + k] }
                    worst = max(worst, abs(dot - (i == j ? 1 : 0)))
                } }
                #expect(worst < 1e-5, "\(kind) \(m): QQᵀ − I = \(worst)")
                let together: (Int, Int) -> Bool = { i, j in
                    let bi = blocks.firstIndex { $0.contains(i) }!, bj = blocks.firstIndex { $0.contains(j) }!
                    return pairs[m].contains { $0.contains(bi) && $0.contains(bj) }
                }
                let crossing = (0..<1024).filter { q[$0] != 0 && !together($0 / 32, $0 % 32) }.count
                let zeros = q.filter { $0 == 0 }.count
                if kind == .partialRotation {
                    #expect(crossing == 0 && zeros > 0, "modality \(m): \(crossing) entries across pairs")
                } else {
                    #expect(zeros == 0, "\(kind) \(m) is dense")
                }
            }
        }
        #expect(try PIDXORMatrixSource.authors.rotation(PIDXORMixing(.identity), modality: 0, for: authors()) == nil)
    }

    /// The same run seed on the authors' matrices: the same labels, sources and noise, other signal
    /// coordinates, and the synergy bits are still an XOR.
    @Test func onlyTheSignalCoordinatesChange() throws {
        var p = authors()
        p.sourceProbabilities = [0, 0, 0, 1]
        p.noiseStd = 0
        var rngA = RandomStream(seed: 11), rngB = RandomStream(seed: 11)
        let proj = try PIDXORGenerator.projections(p)
        let a = PIDXORGenerator.sample(p, count: 500, proj: proj, rng: &rngA)
        var drawn = p
        drawn.matrixSource = nil
        let b = PIDXORGenerator.sample(drawn, count: 500, proj: try PIDXORGenerator.projections(drawn), rng: &rngB)
        #expect(a.labels == b.labels && a.tags == b.tags)
        #expect(a.modalities[0].values != b.modalities[0].values)
        func bit(_ m: Int, _ i: Int) -> Bool {
            var score: Float = 0
            for j in 12..<18 { for k in 0..<4 { score += a.modalities[m].values[i * 32 + j] * proj[4 + m][j * 4 + k] } }
            return score > 0
        }
        let agree = (0..<500).filter { (bit(0, $0) != bit(1, $0)) == (a.labels[$0] == 1) }.count
        #expect(agree >= 470, "\(agree) of 500")  // a broken XOR agrees on about half
    }

    @Test func theProvenanceNamesTheFileNotTheSeeds() throws {
        let data = try PIDXORGenerator.generate(authors(.rotation), seed: 0)
        guard case .standIn(_, let parameters, _) = data.provenance else {
            Issue.record("pid-xor is generated: \(data.provenance)")
            return
        }
        #expect(parameters["matrices"] == "authors, sha256 \(Self.fileSHA256)")
        #expect(parameters["projection_seed"] == nil && parameters["mixing"] == "rotation")
        // The oracle's way back to the source basis uses the authors' Q.
        let q = try #require(try PIDXORMatrixSource.authors.rotation(PIDXORMixing(.rotation), modality: 1, for: authors(.rotation)))
        #expect(data.sourceBases[1]?.rotation == q.map { Float($0) })
    }

    /// Default parameters encode without the new field, so no existing cell's spec changes.
    @Test func theDefaultDrawEncodesAsBefore() throws {
        let json = String(decoding: try JSONEncoder().encode(PIDXORParameters()), as: UTF8.self)
        #expect(!json.contains("matrixSource"))
        let withSource = String(decoding: try JSONEncoder().encode(authors()), as: UTF8.self)
        #expect(withSource.contains("\"matrixSource\":\"authors\""))
    }

    @Test func badFilesAndShapesNameWhatIsWrong() throws {
        let header = "# comment\nmatrix,row,column,value\n"
        let layout = PIDXORMatrixSource.layout
        let entries = layout.flatMap { m in (0..<(m.rows * m.columns)).map { "\(m.name),\($0 / m.columns),\($0 % m.columns),0.25" } }
        func text(_ lines: [String]) -> String { header + lines.joined(separator: "\n") }
        #expect(try PIDXORMatrixSource.parse(text(entries), file: "f.csv")["Q_partial1"]?.count == 1024)
        let cases: [(String, String, String)] = [
            ("matrix,row,col,value\n" + entries.joined(separator: "\n"), "line 1", "expected the header"),
            (text(Array(entries.dropLast())), "entries", "Q_partial1 is incomplete or missing"),
            (text(entries + ["Q_partial1,0,0,1"]), "line \(entries.count + 3)", "more entries"),
            (text(["P_u0,0,1,0.5"]), "line 3", "expected 'P_u0,0,0,<finite number>'"),
            (text(["P_u0,0,0,nan"]), "line 3", "expected 'P_u0,0,0,<finite number>'"),
            (text(Array(entries.prefix(128)) + ["P_u0,32,0,1"]), "line 131", "expected 'P_u1,0,0,<finite number>'"),
        ]
        for (text, field, phrase) in cases {
            let error = #expect(throws: DataError.self) { _ = try PIDXORMatrixSource.parse(text, file: "f.csv") }
            #expect(error?.file == "f.csv" && error?.field == field && error?.message.contains(phrase) == true, "\(String(describing: error))")
        }
        var wrongShape = authors()
        wrongShape.latentSize = 5
        let shapeError = #expect(throws: DataError.self) { _ = try PIDXORGenerator.generate(wrongShape, seed: 0) }
        #expect(shapeError?.field == "matrices" && shapeError?.message.contains("latent size 5") == true)
    }
}
