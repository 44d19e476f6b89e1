import Datasets
import Harness
import Objectives
import Testing
@testable import bench

/// `bench train`'s setting flags are the `--set` keys under another spelling: each sets its own
/// quantity only, and is range-checked by the same rule in the same words.
@Suite("bench train flags are --set keys")
struct TrainFlagsTests {
    /// The configuration `bench train ARGS` trains on digits-irony (harness protocol).
    private func configuration(_ arguments: [String]) throws -> ProtocolSettings {
        let train = try Train.parse(["--dataset", "digits-irony", "--objective", "synib-learned"] + arguments)
        return try train.configuration(try #require(DatasetSpec.named("digits-irony")))
    }

    /// `--lambda` is the KL weight of the random and oracle masks only, `--learned-lambda` the learned
    /// mask's only; each equals its `--set` key, and neither leaves the configuration unchanged.
    @Test func eachLambdaFlagSetsItsOwnQuantity() throws {
        let protocolDefault = try configuration([])
        let lambda = try configuration(["--lambda", "3.5"])
        #expect(lambda.lambda == 3.5 && protocolDefault.lambda != 3.5)
        #expect(lambda.learnedLambda == protocolDefault.learnedLambda)
        #expect(lambda == (try configuration(["--set", "synib.lambda=3.5"])))

        let learned = try configuration(["--learned-lambda", "7"])
        #expect(learned.learnedLambda == 7 && protocolDefault.learnedLambda != 7)
        #expect(learned.lambda == protocolDefault.lambda)
        #expect(learned == (try configuration(["--set", "synib.learned_lambda=7"])))
    }

    /// Every flag that is a key gives the configuration its `--set` twin gives.
    @Test(arguments: [
        (["--mask-p", "0.25"], "synib.mask_p=0.25"), (["--epochs", "3"], "training.epochs=3"),
        (["--batch", "16"], "training.batch_size=16"), (["--lr", "0.002"], "training.learning_rate=0.002"),
        (["--hidden", "48"], "model.hidden=48"), (["--warmup-steps", "5"], "training.warmup_steps=5"),
        (["--restart-period", "7"], "training.restart_period=7"), (["--restart-multiplier", "3"], "training.restart_multiplier=3"),
        (["--patience", "4"], "training.patience=4"),
    ])
    func flagEqualsItsKey(flag: [String], setting: String) throws {
        let viaFlag = try configuration(flag)
        #expect(viaFlag == (try configuration(["--set", setting])), "\(flag)")
        #expect(viaFlag != (try configuration([])), "\(flag) changes something")
    }

    /// The range rule is one: a flag and its key refuse the same value with the same message.
    @Test(arguments: [
        (GridSetting.Key.lambda, -1.0, "--lambda"), (.learnedLambda, -0.5, "--learned-lambda"), (.maskP, 1.5, "--mask-p"),
        (.epochs, 0, "--epochs"), (.learningRate, 0, "--lr"), (.patience, -1, "--patience"),
    ])
    func flagAndKeyShareTheMessage(key: GridSetting.Key, value: Double, flag: String) throws {
        let written = key == .epochs || key == .patience ? "\(Int(value))" : "\(value)"
        let viaSet = #expect(throws: GridSettingError.self) { _ = try GridSetting(parsing: "\(key.rawValue)=\(written)") }
        let viaFlag = #expect(throws: GridSettingError.self) { _ = try GridSetting(key, value, option: flag) }
        #expect(viaSet?.message == viaFlag?.message && viaSet?.key == key.rawValue && viaFlag?.key == key.rawValue)
        #expect(viaFlag?.description == "\(flag) (\(key.rawValue)): \(viaSet?.message ?? "")")
    }

    /// `synib.learned_steps` changes the inner loop's length and nothing else: on the harness
    /// protocol's short mask (10 steps) and on the authors' gates (20 steps), where it gives the
    /// settings of the `entangled` grid's 100-step arm.
    @Test func learnedStepsSetsOnlyTheInnerLoopLength() throws {
        let harness = try configuration([]), longer = try configuration(["--set", "synib.learned_steps=40"])
        var expected = try #require(harness.learnedMask.learnedGates)
        #expect(expected.steps == 10)
        expected.steps = 40
        #expect(longer.learnedMask.learnedGates == expected)
        #expect(longer.lambda == harness.lambda && longer.learnedLambda == harness.learnedLambda && longer.model == harness.model)

        let spec = try #require(DatasetSpec.named("pid-xor"))
        let authors = try Train.parse(["--dataset", "pid-xor", "--objective", "synib-learned", "--protocol", "authors",
                                       "--set", "synib.learned_steps=100", "--set", "synib.learned_sparsity=0"]).configuration(spec)
        var grid = try ProtocolSettings.forDataset(spec, protocol: .authors)
        #expect(grid.learnedGates?.steps == 20)
        grid.learnedGates?.steps = 100
        grid.learnedSparsity = 0
        #expect(authors == grid)
    }
}
