import Datasets
import Foundation
import Harness
import Objectives
import Tensors
import Reports
import Testing

@Suite("docs/EXTENDING.md examples")
struct ExtendingExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every Swift block of docs/EXTENDING.md is in ExtendingExamples.swift, NoisyXOR.swift or UnimodalAuxiliary.swift verbatim (what the tests below build)")
    func documentShowsTheTestedCode() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/EXTENDING.md"), encoding: .utf8)
        let source = try ["ExtendingExamples", "NoisyXOR", "UnimodalAuxiliary"].map {
            try String(contentsOf: Self.root.appendingPathComponent("Tests/HarnessTests/\($0).swift"), encoding: .utf8)
        }.joined(separator: "\n")
        let blocks = doc.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count == 7)
        for block in blocks { #expect(source.contains(block), "not in the example files:\n\(block)") }
    }

    @Test("Add a dataset: the folder grid plans under the manifest's name, one unimodal cell per modality")
    func ownDataGridPlans() throws {
        let plan = try Planner.plan(ownDataGrid, in: .noRealData)
        #expect(plan.datasets.map(\.label) == ["xor3"])
        #expect(plan.datasets[0].rows.map(\.objective) == ["unimodal-0", "unimodal-1", "unimodal-2", "vanilla", "synib-random"])
        #expect(plan.cells.count == 2 * 5 && plan.cells.allSatisfy { $0.spec.training.epochs == 20 })
    }

    @Test("Add an objective: the loss is fusion CE + weight × Σ unimodal CE (checked against the parts); weight 0 is the fusion loss alone")
    func objectiveLoss() throws {
        let data = PreparedDataset(try FeatureFolderLoader.load(path: xor3Folder.path, seed: 0))
        let settings = ProtocolSettings.forDataset(try DatasetSpec.folder(xor3Folder.path).resolved())
        var rng = RandomStream(seed: 1)
        let model = FusionModel(inputWidths: data.inputWidths, sequenceModalities: data.sequenceModalities,
                                classes: data.classCount, configuration: settings.model, rng: &rng)
        let batch = data.train.batch(Array(0..<32))
        func context() -> StepContext {
            StepContext(pass: .evaluation, maskRNG: RandomStream(seed: 2), classPrior: data.classPrior, classCount: data.classCount,
                        synergyBlocks: [:], latentMoments: [])
        }
        var step = context()
        let total = UnimodalAuxiliary(weight: 0.5).loss(model, batch, &step).item
        var pass = ForwardPass.evaluation
        let z = model.encode(batch, &pass)
        let fused = Loss.crossEntropy(model.fuse(z, &pass), targets: batch.labels).item
        let parts = z.indices.map { Loss.crossEntropy(model.unimodal(z[$0], modality: $0, &pass), targets: batch.labels).item }
        #expect(abs(total - (fused + 0.5 * parts.reduce(0, +))) < 1e-4)
        #expect(parts.count == 3 && parts.allSatisfy { $0 > 0.1 })
        var zero = context()
        #expect(abs(UnimodalAuxiliary(weight: 0).loss(model, batch, &zero).item - fused) < 1e-5)
    }

    @Test("Add a grid: the auxiliary grid runs in process on the feature folder, every cell done, the new objective reported")
    func auxiliaryGridRuns() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let plan = try Planner.plan(auxiliaryGrid, in: .noRealData)
        #expect(plan.datasets[0].rows.map(\.objective) == ["unimodal-0", "unimodal-1", "unimodal-2", "vanilla", "synib-random", "unimodal-auxiliary"])
        let store = try RunStore(path: dir.appendingPathComponent("s.sqlite").path)
        let loader = DatasetLoader(dataDirectory: dir, cache: nil, log: { _ in })
        let summary = try Runner(plan: plan, store: store, loader: loader, options: RunOptions(jobs: 2)).run(progressInteractive: false)
        #expect(summary.failures.isEmpty)
        let rows = try Report(plan: plan, store: store).rows
        let accuracy = Dictionary(uniqueKeysWithValues: rows.map { ($0.objective, $0.overallMean ?? -1) })
        #expect(rows.allSatisfy { $0.provenance == "real (folder)" })
        #expect(accuracy["vanilla"]! > 0.75 && accuracy["unimodal-auxiliary"]! > 0.6,
                "fusion learns the XOR: \(accuracy.sorted { $0.key < $1.key })")
        #expect(accuracy["unimodal-0"]! < 0.65 && accuracy["unimodal-1"]! < 0.65, "\(accuracy)")
    }

    @Test("Add a dataset: one registry line makes the test-only dataset known by name, its key is its name plus its parameters")
    func registeredDataset() throws {
        registerExtendingExamples()
        #expect(DatasetSpec.named("noisy-xor") == DatasetSpec(NoisyXOR()))
        #expect(DatasetSpec.allNames.contains("noisy-xor") && DatasetSummaries.summary(of: "noisy-xor") == NoisyXOR.summary)
        let spec = DatasetSpec(NoisyXOR(noise: 0.5))
        #expect(spec.canonicalJSON == #"{"dimensions":8,"name":"noisy-xor","noise":0.5}"#)
        #expect(try JSONDecoder().decode(DatasetSpec.self, from: Data(spec.canonicalJSON.utf8)) == spec)
        #expect(spec.modalityCount == 2 && spec.synergyConstruction == .synthetic && !spec.isRealBenchmark)
        #expect(ProtocolSettings.forDataset("noisy-xor").training.epochs == 15)
        #expect(DatasetLoader(dataDirectory: FileManager.default.temporaryDirectory, cache: nil).source(for: spec).isGenerated)
    }

    @Test("Add an objective: one registry line makes the test-only objective known by name")
    func registeredObjective() throws {
        registerExtendingExamples()
        #expect(ProtocolSettings.objectiveNames.contains("unimodal-auxiliary"))
        #expect(ObjectiveSummaries.summary(of: "unimodal-auxiliary") == UnimodalAuxiliary.definition.summary)
        let objective = try ProtocolSettings.forDataset("noisy-xor").objective(named: "unimodal-auxiliary")
        #expect((objective as? UnimodalAuxiliary) == UnimodalAuxiliary(weight: 0.5))
    }

    @Test("The registered dataset and objective plan and run in a grid: fusion learns the XOR, no single modality can")
    func registeredGridRuns() throws {
        registerExtendingExamples()
        let dir = try BenchProcess.temporaryDirectory()
        let plan = try Planner.plan(registeredGrid, in: .noRealData)
        #expect(plan.datasets.map(\.label) == ["noisy-xor"])
        #expect(plan.datasets[0].rows.map(\.objective) == ["unimodal-0", "unimodal-1", "vanilla", "unimodal-auxiliary"])
        #expect(plan.cells.allSatisfy { $0.specJSON.contains(#""dataset":{"dimensions":8,"name":"noisy-xor","noise":0.3}"#) })
        let store = try RunStore(path: dir.appendingPathComponent("s.sqlite").path)
        let loader = DatasetLoader(dataDirectory: dir, cache: nil, log: { _ in })
        let summary = try Runner(plan: plan, store: store, loader: loader, options: RunOptions(jobs: 2)).run(progressInteractive: false)
        #expect(summary.failures.isEmpty)
        let report = try Report(plan: plan, store: store)
        #expect(report.datasets.first?.synthetic == true && report.rows.allSatisfy { $0.provenance == "surrogate" })
        let accuracy = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.objective, $0.overallMean ?? -1) })
        #expect(accuracy["vanilla"]! > 0.8 && accuracy["unimodal-auxiliary"]! > 0.8, "\(accuracy.sorted { $0.key < $1.key })")
        #expect(accuracy["unimodal-0"]! < 0.65 && accuracy["unimodal-1"]! < 0.65, "\(accuracy)")
    }
}

extension DatasetLoader.Source {
    var isGenerated: Bool { if case .generated = self { true } else { false } }
}
