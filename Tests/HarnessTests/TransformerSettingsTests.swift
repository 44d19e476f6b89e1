import Datasets
import Experiments
import Foundation
import Harness
import Objectives
import Testing

/// The Transformer shape as settings: `--set model.transformer.*`, the rules a shape must
/// satisfy (refused before training with exit 64), and cell keys that follow the shape.
@Suite("Transformer shape settings")
struct TransformerSettingsTests {
    @Test func rulesNameTheFieldAndTheRule() {
        #expect(TransformerSettings().problem == nil && TransformerSettings.multiBench.problem == nil)
        let shape = TransformerSettings.multiBench
        #expect(shape.layers == 5 && shape.feedForward == 2048 && shape.width == 40 && shape.heads == 5
                && !shape.normFirst && shape.pooling == .last)
        for (settings, field, phrase) in [(TransformerSettings(heads: 6), TransformerSettings.Field.heads, "divisible"),
                                          (TransformerSettings(layers: 0), .layers, "at least 1"),
                                          (TransformerSettings(feedForward: 0), .feedForward, "at least 1"),
                                          (TransformerSettings(width: 0), .width, "at least 1"),
                                          (TransformerSettings(heads: 0), .heads, "at least 1")] {
            let problem = settings.problem
            #expect(problem?.field == field && problem?.rule.contains(phrase) == true, "\(settings): \(String(describing: problem))")
        }
    }

    @Test func setKeysChangeTheShapeOfTransformerDatasetsOnly() throws {
        let ablation = try registry.grid(named: "ablation")
        let base = try Planner.plan(ablation, in: .noRealData)
        let keys = ["model.transformer.layers=5", "model.transformer.feed_forward=2048", "model.transformer.heads=8",
                    "model.transformer.norm_first=true", "model.transformer.pooling=mean"]
        let overrides = try GridOverrides(settings: keys)
        #expect(overrides.arguments == keys.flatMap { ["--set", $0] })
        let changed = try Planner.plan(overrides.apply(to: ablation), in: .noRealData)
        let transformer = { (c: Cell) in c.spec.model.sequenceEncoder != nil }
        #expect(base.cells.contains(where: transformer) && base.cells.contains { !transformer($0) })
        let baseKeys = Set(base.cells.map(\.key))
        for cell in changed.cells {
            if let shape = cell.spec.model.sequenceEncoder {
                #expect(shape == TransformerSettings(width: 40, layers: 5, heads: 8, feedForward: 2048, normFirst: true, pooling: .mean))
                #expect(!baseKeys.contains(cell.key))
            } else {
                #expect(baseKeys.contains(cell.key), "\(cell.label): a dataset without a Transformer kept its key")
            }
        }
    }

    @Test func shapesThatCannotBeBuiltAreRefusedBeforeTraining() throws {
        let ablation = try registry.grid(named: "ablation")
        do {
            _ = try Planner.plan(try GridOverrides(settings: ["model.transformer.heads=6"]).apply(to: ablation), in: .noRealData)
            Issue.record("width 40 with 6 heads was planned")
        } catch let e as TransformerSettingsError {
            #expect(e.key == "model.transformer.heads" && e.rule.contains("divisible"), "\(e)")
        }
        for text in ["model.transformer.layers=0", "model.transformer.feed_forward=0", "model.transformer.pooling=max",
                     "model.transformer.norm_first=maybe"] {
            #expect(throws: GridSettingError.self, "\(text)") { _ = try GridSetting(parsing: text) }
        }
        let dir = try BenchProcess.temporaryDirectory()
        for (arguments, phrase) in [(["plan", "--grid", "ablation", "--set", "model.transformer.width=42"], "model.transformer.heads"),
                                    (["plan", "--grid", "ablation", "--set", "model.transformer.layers=0"], "model.transformer.layers"),
                                    (["train", "--dataset", "mosi", "--objective", "vanilla", "--set", "model.transformer.heads=3"],
                                     "model.transformer.heads"),
                                    (["train", "--dataset", "mosi", "--objective", "vanilla", "--set", "model.transformer.feed_forward=0"],
                                     "model.transformer.feed_forward")] {
            let result = try BenchProcess.run(arguments + ["--store", dir.appendingPathComponent("s.sqlite").path].filter { _ in arguments[0] == "plan" }, in: dir)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(phrase), "\(arguments): \(result.stderr)")
        }
    }
}
