import Foundation
import Testing

/// `bench pid` as users run it (child processes, default k = 20, factor analysis ≤ 16, test split).
@Suite struct PIDCommandTests {
    static func card(_ arguments: [String], in dir: URL) throws -> [String: Any] {
        let r = try BenchProcess.run(["pid"] + arguments + ["--format", "json", "--cache", BenchProcess.cache.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let cards = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(cards.count == 1)
        return try #require(cards.first)
    }

    /// PID-XOR's synergy grows with its synergy fraction (0.05 → 0.5), and the atoms add up.
    @Test func pidXORSynergyGrowsWithTheSynergyFraction() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let low = try Self.card(["--dataset", "pid-xor", "--synergy-fraction", "0.05"], in: dir)
        let high = try Self.card(["--dataset", "pid-xor", "--synergy-fraction", "0.5"], in: dir)
        for c in [low, high] {
            let atoms = ["redundancy", "unique_0", "unique_1", "synergy"].map { c[$0] as! Double }
            #expect(abs(atoms.reduce(0, +) - (c["mutual_information"] as! Double)) < 1e-9)
            #expect(atoms.allSatisfy { $0 >= 0 })
            #expect(c["clusters"] as? Int == 20)
            #expect(c["examples"] as? Int == 4000)
        }
        let sLow = low["synergy"] as! Double, sHigh = high["synergy"] as! Double
        #expect(sHigh > sLow + 0.08, "synergy \(sLow) at 0.05, \(sHigh) at 0.5")
        // Fewer examples come from the redundant source at 0.5: redundancy falls.
        #expect((high["redundancy"] as! Double) < (low["redundancy"] as! Double))
        // Same seed, same bytes.
        let again = try BenchProcess.run(["pid", "--dataset", "pid-xor", "--synergy-fraction", "0.5", "--format", "json",
                                          "--cache", BenchProcess.cache.path], in: dir)
        let first = try BenchProcess.run(["pid", "--dataset", "pid-xor", "--synergy-fraction", "0.5", "--format", "json",
                                          "--cache", BenchProcess.cache.path], in: dir)
        #expect(again.stdout == first.stdout)
    }

    /// Pure PID-XOR (synergy fraction 1) carries one bit, all of it synergy: the default
    /// discretisation keeps it and says so; the PCA discretisation loses most of it and warns.
    @Test func pureXORKeepsItsBitAndPCAWarnsThatItDoesNot() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let card = try Self.card(["--dataset", "pid-xor", "--synergy-fraction", "1.0"], in: dir)
        #expect((card["synergy"] as! Double) >= 0.8, "\(card)")
        #expect(card["reduction"] as? String == "factor-analysis")
        let reference = try #require(card["reference"] as? [String: Any])
        #expect(reference["source"] as? String == "generator")
        #expect(abs((reference["bits"] as! Double) - 1) < 0.01)
        #expect((card["kept"] as! Double) >= 0.8)
        let pca = try BenchProcess.run(["pid", "--dataset", "pid-xor", "--synergy-fraction", "1.0", "--reduction", "pca",
                                        "--cache", BenchProcess.cache.path], in: dir)
        #expect(pca.status == 0)
        #expect(pca.stdout.contains("PCA ≤ 16") && pca.stdout.contains("(generator reference)"), "\(pca.stdout)")
        #expect(pca.stderr.contains("warning: the discretisation keeps ") && pca.stderr.contains("of I(x0,x1; Y)"), "\(pca.stderr)")
        // "  kept 35 % of I(X1,X2;Y) = 0.9999 bits (generator reference)": H(Y) of the 4000 test labels.
        let kept = try #require(pca.stdout.split(separator: "\n").first { $0.hasPrefix("  kept ") })
        let percent = try #require(Int(kept.dropFirst("  kept ".count).prefix { $0.isNumber }))
        #expect(percent < 50 && kept.contains(" % of I(X1,X2;Y) = 0.99") && kept.hasSuffix(" bits (generator reference)"), "\(kept)")
        // The default says nothing on stderr.
        let quiet = try BenchProcess.run(["pid", "--dataset", "pid-xor", "--synergy-fraction", "1.0", "--cache", BenchProcess.cache.path], in: dir)
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    /// A feature folder, as train, --grid and list take it: one card per modality pair, each
    /// against the nearest-neighbour classifier's reference.
    @Test func acceptsAFeatureFolder() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let r = try BenchProcess.run(["pid", "--dataset", xor3Folder.path, "--format", "json", "--cache", BenchProcess.cache.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let cards = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(cards.map { $0["modalities"] as? [String] ?? [] } == [["audio", "video"], ["audio", "text"], ["video", "text"]])
        #expect(cards.allSatisfy { ($0["reference"] as? [String: Any])?["source"] as? String == "classifier" })
        // audio and video carry the two bits whose XOR is the label: mostly synergy.
        #expect((cards[0]["synergy"] as! Double) > 0.5, "\(cards[0])")
        let missing = try BenchProcess.run(["pid", "--dataset", dir.appendingPathComponent("nope/").path], in: dir)
        #expect(missing.status == 64 && missing.stderr.contains("no such folder"), "\(missing.stderr)")
    }

    @Test func usageErrorsExit64() throws {
        let dir = try BenchProcess.temporaryDirectory()
        for arguments in [["--dataset", "nope"], ["--dataset", "mosi", "--synergy-fraction", "0.3"],
                          ["--dataset", "pid-xor", "--clusters", "1"], ["--dataset", "pid-xor", "--synergy-fraction", "2"]] {
            let r = try BenchProcess.run(["pid"] + arguments + ["--cache", BenchProcess.cache.path], in: dir)
            #expect(r.status == 64, "\(arguments): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains("--"), "\(arguments): \(r.stderr)")
        }
    }
}
