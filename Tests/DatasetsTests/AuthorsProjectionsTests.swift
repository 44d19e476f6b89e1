import Foundation
import Testing
@testable import Datasets
import Tensors

/// PID-XOR on the SynIB authors' projection matrices (``PIDXORProjectionSource/authors``): the
/// bundled file is the one scripts/pid_xor_authors_projections.py wrote from PyTorch, it is read
/// exactly, it changes the task instance and nothing else, and a bad file or shape is an error
/// that names the file and the line.
@Suite("PID-XOR on the authors' projections")
struct AuthorsProjectionsTests {
    /// The SHA-256 of Resources/pid-xor-authors-projections.csv as the script wrote it
    /// (torch 2.13, `torch.manual_seed(999)`; its first entry is P_u0[0, 0] = −0.126399368).
    static let fileSHA256 = "82f0c2c71992ec170f917449b44e1f5776e31e6fe5c512c02611c718079403ed"

    var authors: PIDXORParameters {
        var p = PIDXORParameters(synergyFraction: 0.10)
        p.projectionSource = .authors
        return p
    }

    @Test func theBundledFileIsTheScriptsOutputReadExactly() throws {
        let (matrices, sha) = try PIDXORProjectionSource.authors.matrices(for: authors)
        #expect(sha == Self.fileSHA256)
        #expect(matrices.count == 6 && matrices.allSatisfy { $0.count == 32 * 4 })
        #expect(matrices[0][0] == -0.126399368)
        // 768 draws of N(0, 0.5²): the sample moments are those of that distribution.
        let all = matrices.flatMap { $0 }
        let mean = all.reduce(0, +) / Float(all.count)
        let std = (all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(all.count - 1)).squareRoot()
        #expect(abs(mean) < 0.06 && abs(std - 0.5) < 0.05, "mean \(mean), std \(std)")
        #expect(try PIDXORGenerator.projections(authors) == matrices)
        #expect(try PIDXORGenerator.projections(authors) != PIDXORGenerator.projections(PIDXORParameters()))
    }

    /// The task is the same task on another instance: labels, sources and noise are the run
    /// seed's, only the signal coordinates change, and the synergy bits are still an XOR.
    @Test func onlyTheSignalCoordinatesChange() throws {
        var p = authors
        p.sourceProbabilities = [0, 0, 0, 1]
        p.noiseStd = 0
        var rngA = RandomStream(seed: 11), rngB = RandomStream(seed: 11)
        let proj = try PIDXORGenerator.projections(p)
        let a = PIDXORGenerator.sample(p, count: 500, proj: proj, rng: &rngA)
        var drawn = p
        drawn.projectionSource = nil
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

    @Test func theProvenanceNamesTheFileNotASeed() throws {
        let data = try PIDXORGenerator.generate(authors, seed: 0)
        guard case .standIn(_, let parameters, _) = data.provenance else {
            Issue.record("pid-xor is generated: \(data.provenance)")
            return
        }
        #expect(parameters["projections"] == "authors, sha256 \(Self.fileSHA256)")
        #expect(parameters["projection_seed"] == nil)
    }

    /// Default parameters encode without the new field, so no existing cell's spec changes.
    @Test func theDefaultDrawEncodesAsBefore() throws {
        let json = String(decoding: try JSONEncoder().encode(PIDXORParameters()), as: UTF8.self)
        #expect(!json.contains("projectionSource"))
        let withSource = String(decoding: try JSONEncoder().encode(authors), as: UTF8.self)
        #expect(withSource.contains("\"projectionSource\":\"authors\""))
    }

    @Test func badFilesAndShapesNameWhatIsWrong() throws {
        let good = "# comment\nmatrix,row,column,value\n"
        func lines(_ count: Int) -> String {
            (0..<count).map { e in "\(e / 128),\(e % 128 / 4),\(e % 4),0.25" }.joined(separator: "\n")
        }
        #expect(try PIDXORProjectionSource.parse(good + lines(768), file: "f.csv", dimensions: 32, latent: 4)[5][127] == 0.25)
        let cases: [(String, String, String)] = [
            ("matrix,row,col,value\n" + lines(768), "line 1", "expected the header"),
            (good + lines(767), "entries", "found 767"),
            (good + lines(768) + "\n6,0,0,1", "line 771", "more than 768"),
            (good + "0,0,1,0.5\n", "line 3", "expected '0,0,0,<finite number>'"),
            (good + "0,0,0,nan\n", "line 3", "expected '0,0,0,<finite number>'"),
        ]
        for (text, field, phrase) in cases {
            let error = #expect(throws: DataError.self) {
                _ = try PIDXORProjectionSource.parse(text, file: "f.csv", dimensions: 32, latent: 4)
            }
            #expect(error?.file == "f.csv" && error?.field == field && error?.message.contains(phrase) == true, "\(String(describing: error))")
        }
        var wrongShape = authors
        wrongShape.latentSize = 5
        let shapeError = #expect(throws: DataError.self) { _ = try PIDXORGenerator.generate(wrongShape, seed: 0) }
        #expect(shapeError?.field == "projections" && shapeError?.message.contains("latent size 5") == true)
    }
}
