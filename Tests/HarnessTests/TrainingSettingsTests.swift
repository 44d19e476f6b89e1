import Experiments
import Foundation
import Harness
import Objectives
import Testing

@Suite("--set keys of the learning-rate schedule, early stopping and the KL reference")
struct TrainingSettingsTests {
    private func configuration(_ settings: [String]) throws -> ProtocolSettings {
        var reference = ProtocolSettings.forDataset("pid-xor")
        for s in try settings.map(GridSetting.init(parsing:)) { s.apply(to: &reference) }
        return reference
    }

    @Test func keysSetTheConfiguration() throws {
        let base = ProtocolSettings.forDataset("pid-xor")
        #expect(base.training.learningRateSchedule == nil && base.training.patience == nil && base.reference == nil)
        let c = try configuration(["training.warmup_steps=100", "training.restart_period=8", "training.restart_multiplier=3",
                                   "training.min_learning_rate=1e-6", "training.patience=20", "synib.reference=gaussian"])
        #expect(c.training.learningRateSchedule == LearningRateSchedule(warmupSteps: 100, restartPeriod: 8, restartMultiplier: 3,
                                                                         minimumLearningRate: 1e-6))
        #expect(c.training.patience == 20 && c.reference == .gaussian)
        let synib = try #require(try c.objective(named: "synib-random") as? SynIB)
        #expect(synib.reference == .gaussian)
        // One key turns the schedule on from the authors' values; `constant` and patience 0 turn things off.
        #expect(try configuration(["training.restart_period=6"]).training.learningRateSchedule == LearningRateSchedule(restartPeriod: 6))
        #expect(try configuration(["training.lr_schedule=warm-restarts"]).training.learningRateSchedule == LearningRateSchedule())
        #expect(try configuration(["training.warmup_steps=5", "training.lr_schedule=constant"]).training.learningRateSchedule == nil)
        #expect(try configuration(["training.patience=20", "training.patience=0"]).training.patience == nil)
        #expect(try configuration(["synib.reference=masked-anchor"]).reference == .maskedAnchor)
    }

    @Test func settingsChangeTheKeysAndRoundTrip() throws {
        let smoke = try registry.grid(named: "smoke")
        let base = try Planner.plan(smoke, in: .noRealData)
        for setting in ["training.patience=5", "training.warmup_steps=10", "synib.reference=masked-anchor"] {
            let overrides = try GridOverrides(settings: [setting])
            #expect(overrides.arguments == ["--set", setting])
            let changed = try Planner.plan(overrides.apply(to: smoke), in: .noRealData)
            #expect(changed.cells.count == base.cells.count)
            #expect(Set(changed.cells.map(\.key)) != Set(base.cells.map(\.key)), "\(setting)")
        }
    }

    @Test func badValuesNameTheKeyAndTheRule() {
        for (text, key, phrase) in [("training.patience=-1", "training.patience", "≥ 0"),
                                    ("training.patience=2.5", "training.patience", "expected an integer"),
                                    ("training.warmup_steps=-3", "training.warmup_steps", "≥ 0"),
                                    ("training.restart_period=0", "training.restart_period", "≥ 1"),
                                    ("training.restart_multiplier=0", "training.restart_multiplier", "≥ 1"),
                                    ("training.min_learning_rate=-1", "training.min_learning_rate", "≥ 0"),
                                    ("synib.learned_steps=0", "synib.learned_steps", "≥ 1"),
                                    ("synib.learned_steps=2.5", "synib.learned_steps", "expected an integer"),
                                    ("training.lr_schedule=cosine", "training.lr_schedule", "constant, warm-restarts"),
                                    ("synib.reference=normal", "synib.reference", "uniform, prior, anchor, masked-anchor, gaussian")] {
            do {
                _ = try GridSetting(parsing: text)
                Issue.record("\(text) was accepted")
            } catch let e as GridSettingError {
                #expect(e.key == key && e.message.contains(phrase), "\(text): \(e)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    @Test func everyKeyIsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let doc = try String(contentsOf: root.appendingPathComponent("docs/EXTENDING.md"), encoding: .utf8)
        for key in GridSetting.Key.allCases { #expect(doc.contains("| `\(key.rawValue)` |"), "\(key.rawValue)") }
    }
}
