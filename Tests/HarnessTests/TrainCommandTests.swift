import Foundation
import Testing

/// `bench train` as users call it: out-of-range numbers are usage errors before any training,
/// and the JSON carries the kept epoch, the curves and, for SynIB, what its masks withheld.
@Suite("bench train")
struct TrainCommandTests {
    /// The flags that are `--set` keys under another name are refused in `--set`'s words, with
    /// the flag, the key, the range and the value.
    @Test(arguments: [
        (["--mask-p", "1.5"], "--mask-p (synib.mask_p): expected a number in [0, 1], got 1.5"),
        (["--mask-p=-0.1"], "--mask-p (synib.mask_p): expected a number in [0, 1], got -0.1"),
        (["--lambda=-1"], "--lambda (synib.lambda): expected a number ≥ 0, got -1.0"),
        (["--learned-lambda=-2"], "--learned-lambda (synib.learned_lambda): expected a number ≥ 0, got -2.0"),
        (["--hidden", "0"], "--hidden (model.hidden): expected an integer ≥ 1, got 0"),
        (["--lr=-1"], "--lr (training.learning_rate): expected a number > 0, got -1.0"),
        (["--lr=0"], "--lr (training.learning_rate): expected a number > 0, got 0.0"),
        (["--epochs", "0"], "--epochs (training.epochs): expected an integer ≥ 1, got 0"),
        (["--epochs=0"], "--epochs (training.epochs): expected an integer ≥ 1, got 0"),
        (["--batch", "0"], "--batch (training.batch_size): expected an integer ≥ 1, got 0"),
        (["--patience=-1"], "--patience (training.patience): expected an integer ≥ 0, got -1"),
        (["--lambda", "-1"], "Missing value for '--lambda <lambda>'"),
        (["--restart-period", "0"], "--restart-period (training.restart_period): expected an integer ≥ 1, got 0"),
        (["--set", "synib.lambda=-1"], "--set synib.lambda: expected a number ≥ 0, got -1"),
        (["--blas-threads", "0"], "--blas-threads: expected an integer ≥ 1, got 0"),
    ])
    func outOfRangeNumbersAreUsageErrors(flag: [String], name: String) throws {
        let dir = try BenchProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BenchProcess.run(["train", "--dataset", "digits-irony", "--objective", "vanilla"] + flag, in: dir)
        #expect(r.status == 64, "\(flag): exit \(r.status)")
        #expect(r.stderr.contains(name), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "nothing trained")
    }

    /// Six-view data: a modality index outside 0…5 and the two-modality OGM-GE are usage errors.
    @Test(arguments: [
        (["--objective", "unimodal", "--modality", "6"], "--modality must be in 0…5"),
        (["--objective", "unimodal", "--modality=-1"], "--modality must be in 0…5"),
        (["--objective", "ogm-ge"], "n/a (two modalities only)"),
    ])
    func sixViewUsageErrors(flags: [String], message: String) throws {
        let dir = try BenchProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BenchProcess.run(["train", "--dataset", "mfeat-irony"] + flags, in: dir)
        #expect(r.status == 64, "\(flags): exit \(r.status)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "nothing trained")
    }

    @Test func jsonCarriesCurvesAndMaskDiagnostics() throws {
        let dir = try BenchProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BenchProcess.run(["train", "--dataset", "pid-xor", "--objective", "synib-learned", "--epochs", "2",
                                      "--format", "json", "--cache", BenchProcess.cache.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((json["best_epoch"] as? Int).map { (0..<2).contains($0) } == true)
        let curves = try #require(json["curves"] as? [String: [Double]])
        for key in ["train_loss", "valid_accuracy", "valid_macro_f1", "valid_synergy_accuracy"] { #expect(curves[key]?.count == 2, "\(key)") }
        let fractions = try #require(json["mask_fraction"] as? [Double])
        #expect(fractions.count == 2 && fractions.allSatisfy { $0 > 0 && $0 < 1 })
        let overlap = try #require(json["mask_synergy_overlap"] as? [String: Double])
        #expect(overlap["chance_precision"] == 6.0 / 32.0 && (overlap["recall"] ?? 0) > 0)
    }
}
