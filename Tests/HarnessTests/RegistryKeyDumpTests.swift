import Datasets
import Experiments
import Foundation
import Harness
import Objectives
import Testing

/// Writes every planned cell key of every registered grid, with its canonical spec, plus each
/// shipped dataset's spec, reference configuration and data source, to `$SYNIB_KEY_DUMP` when
/// that variable is set (a refactoring check: the file must be the same before and after).
@Suite struct RegistryKeyDumpTests {
    @Test func dumpKeys() throws {
        guard let path = ProcessInfo.processInfo.environment["SYNIB_KEY_DUMP"] else { return }
        var lines: [String] = []
        let context = GridContext.noRealData
        for grid in registry.grids {
            let resolved = grid.resolved(in: context)
            guard !resolved.datasets.isEmpty else { lines.append("grid \(grid.name): no datasets"); continue }
            let plan = try Planner.plan(resolved, in: context)
            for cell in plan.cells { lines.append("\(grid.name)\t\(cell.datasetLabel)\t\(cell.key.hex)\t\(cell.specJSON)") }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for name in DatasetRegistry.standard.names {
            let spec = try #require(DatasetSpec.named(name))
            let reference = String(decoding: try encoder.encode(ReferenceConfiguration.forDataset(spec)), as: UTF8.self)
            let source: String
            switch context.loader.source(for: spec) {
            case .generated: source = "generated"
            case .files(let urls): source = "files \(urls.map(\.lastPathComponent))"
            case .surrogate(let s, _): source = "surrogate " + String(decoding: try encoder.encode(s), as: UTF8.self)
            }
            lines.append("dataset \(name)\t\(spec.canonicalJSON)\t\(spec.modalityCount)\t\(spec.isRealBenchmark)\t\(source)\t\(reference)")
            let decoded = try JSONDecoder().decode(DatasetSpec.self, from: Data(spec.canonicalJSON.utf8))
            lines.append("decoded \(name)\t\(decoded.canonicalJSON)\t\(decoded == spec)")
        }
        for name in ObjectiveRegistry.standard.names {
            let reference = ReferenceConfiguration.forDataset("mosi")
            lines.append("objective \(name)\t\(String(decoding: try encoder.encode(reference.objective(named: name, modality: 1)), as: UTF8.self))")
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
