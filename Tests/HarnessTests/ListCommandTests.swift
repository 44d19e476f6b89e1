import Datasets
import Foundation
import Objectives
import Testing

@Suite("bench list")
struct ListCommandTests {
    @Test("datasets: one described line each, with the real benchmarks' files found (and where) or the stand-in's reason")
    func datasets() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let data = xor3Folder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data")
        let r = try BenchProcess.run(["list", "datasets", "--data", data.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { $0[0] } == DatasetRegistry.standard.names + ["DIR"])
        #expect(lines.allSatisfy { $0.count >= 2 && $0[1].count > 20 })
        let byName = Dictionary(uniqueKeysWithValues: lines.map { ($0[0], $0.last!) })
        #expect(byName["mosi"] == "[found: \(data.appendingPathComponent("mosi_data.pkl").path)]")
        #expect(byName["ur-funny"]?.hasPrefix("[stand-in — real files not found under \(data.path)/ (looked for humor.pkl)") == true)
        #expect(byName["pid-xor"] == "[generated]")
        // Real data shipped with the package is not "generated".
        #expect(byName["digits-irony"] == "[bundled real data: UCI handwritten digits]")
        #expect(byName["mfeat"] == "[bundled real data: UCI Multiple Features]")
        #expect(byName["mfeat-irony"] == "[bundled real data: UCI Multiple Features]")
        let folder = try BenchProcess.run(["list", "datasets", "--dataset", xor3Folder.path], in: dir)
        #expect(folder.stdout.contains("xor3\tTwo one-bit modalities whose XOR is the label, plus a noise sequence\t[folder \(xor3Folder.path); modalities audio, video, text; tags.npy marks: xor]"))
        let notFolder = try BenchProcess.run(["list", "datasets", "--dataset", dir.path], in: dir)
        #expect(notFolder.status == 64 && notFolder.stderr.contains("no dataset.json"))
    }

    @Test("objectives: every name objective(named:) knows, each with a description")
    func objectives() throws {
        let r = try BenchProcess.run(["list", "objectives"], in: try BenchProcess.temporaryDirectory())
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.map { $0[0] } == ObjectiveRegistry.standard.names)
        #expect(lines.allSatisfy { $0.count == 2 && $0[1] == ObjectiveSummaries.summary(of: $0[0]) && $0[1].count > 20 })
    }
}
