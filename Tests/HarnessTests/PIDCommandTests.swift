import Foundation
import Testing

/// `bench pid` as users run it (child processes, default k = 20, PCA ≤ 16, test split).
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
