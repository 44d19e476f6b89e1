import Datasets
import Experiments
import Foundation
import Harness
import Objectives
import Testing

/// Protocols as an axis: named on the command line, in grids and in keys; bad names and a mixing
/// where there are no source blocks are usage errors before anything trains.
@Suite("Protocols")
struct ProtocolTests {
    @Test(arguments: [
        (["train", "--dataset", "pid-xor", "--objective", "vanilla", "--protocol", "nope"], "unknown protocol 'nope'"),
        (["train", "--dataset", "pid-xor", "--objective", "vanilla", "--mixing", "swirl"], "unknown mixing 'swirl'"),
        (["train", "--dataset", "digits-irony", "--objective", "vanilla", "--mixing", "rotation"], "no source blocks"),
        (["train", "--dataset", "pid-xor", "--objective", "vanilla", "--matrices", "mine"], "unknown source 'mine'; expected one of authors"),
        (["train", "--dataset", "mfeat", "--objective", "vanilla", "--matrices", "authors"], "only pid-xor has"),
        (["train", "--dataset", "pid-xor", "--objective", "vanilla", "--matrices", "authors", "--projection-seed", "2"], "give one"),
        (["plan", "--grid", "smoke", "--set", "protocol=nope"], "unknown protocol 'nope'"),
        (["plan", "--grid", "smoke", "--protocol", "nope"], "harness, authors"),
    ])
    func badNamesAreUsageErrors(arguments: [String], message: String) throws {
        let dir = try BenchProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BenchProcess.run(arguments, in: dir)
        #expect(r.status == 64, "\(arguments): exit \(r.status) \(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "nothing trained or planned")
    }

    /// The authors' protocol changes every cell's key and is named in the plan; the harness
    /// protocol leaves the keys as they were (the name is absent from its specs).
    @Test func protocolIsPartOfTheKeyAndNamedInThePlan() throws {
        let context = GridContext.noRealData
        let grid = Grid("p") {
            Seeds(0)
            Dataset(.pidXOR(synergy: 0.10))
            Dataset(.pidXOR(synergy: 0.10), label: "pid-xor (authors)").protocol(.authors)
            ObjectiveList { .vanilla; .synibOracle }
        }
        let plan = try Planner.plan(grid, in: context)
        let harness = plan.datasets[0].rows.flatMap(\.keys), authors = plan.datasets[1].rows.flatMap(\.keys)
        #expect(Set(harness).isDisjoint(with: authors))
        #expect(plan.datasets.map(\.protocolName) == [.harness, .authors])
        for cell in plan.cells {
            #expect(cell.specJSON.contains("\"protocol\":\"authors\"") == (cell.datasetLabel == "pid-xor (authors)"))
        }
        let listing = try PlanListing(plan: plan, store: nil)
        let json = try listing.json()
        let compact = json.replacingOccurrences(of: " ", with: "")
        #expect(listing.text.contains("[protocol authors]") && compact.contains("\"protocol\":\"authors\""))
        // The authors' protocol is their study's: 1024-wide encoders, final epoch, the tagged oracle.
        let oracle = try #require(plan.cells.first { $0.datasetLabel == "pid-xor (authors)" && $0.objectiveName == "synib-oracle" })
        #expect(oracle.spec.model.encoderWidths == [1024, 1024] && oracle.spec.training.selection == .lastEpoch)
        #expect(oracle.specJSON.contains("taggedOracle"))
        // --set protocol=authors on the command line wins over the grid's.
        let overridden = try GridOverrides(settings: ["protocol=authors"]).apply(to: grid)
        #expect(try Planner.plan(overridden, in: context).datasets.allSatisfy { $0.protocolName == .authors })
    }

    /// Every shipped dataset has an authors protocol; a dataset that defines none (the test
    /// suite's noisy-xor, registered by docs/EXTENDING.md's example) is refused, naming it.
    @Test func everyShippedDatasetHasAnAuthorsProtocol() throws {
        let shipped = ["pid-xor", "spurious-xor", "digits-irony", "mosi", "ur-funny", "mustard", "hateful-memes",
                       "cremad-irony", "mfeat", "mfeat-irony"]
        for name in shipped {
            let spec = try #require(DatasetSpec.named(name))
            #expect((try? ProtocolSettings.forDataset(spec, protocol: .authors)) != nil, "\(name) has an authors protocol")
        }
        registerExtendingExamples()
        let noisy = try #require(DatasetSpec.named("noisy-xor"))
        #expect { try ProtocolSettings.forDataset(noisy, protocol: .authors) } throws: { error in
            "\(error)".contains("noisy-xor has no authors protocol")
        }
    }

    /// The entangled grid plans the study: 4 mixings, 8 seeds, every cell under the authors'
    /// protocol on the authors' task instance, the published numbers attached, and every
    /// published entry matching a row.
    @Test func entangledGridIsTheAuthorsStudy() throws {
        let plan = try Planner.plan(try registry.grid(named: "entangled"), in: .noRealData)
        #expect(plan.cells.count == 160)
        #expect(plan.cells.allSatisfy { $0.spec.protocolName == .authors })
        #expect(plan.cells.allSatisfy { ($0.spec.dataset.definition as? PIDXORDataset)?.parameters.matrixSource == .authors })
        #expect(Set(plan.cells.compactMap { ($0.spec.dataset.definition as? PIDXORDataset)?.parameters.mixing?.kind }).count == 3)
        let published = try #require(plan.published)
        for entry in published.entries {
            #expect(plan.datasets.contains { d in d.label == entry.dataset && d.rows.contains { $0.objective == entry.objective } },
                    "\(entry.dataset) / \(entry.objective) has no row")
        }
    }

    /// Every published number of the entangled study carries its standard error and seed count
    /// (the authors' 3 seeds, or 8 where their table marks n = 8), so the report can say which
    /// differences are within the seed noise.
    @Test func entangledPublishedValuesCarryStandardErrorsAndSeeds() {
        let entries = EntangledStudy.published.entries
        #expect(entries.count == 20)
        for e in entries {
            #expect(e.overallSE != nil && e.subsetSE != nil, "\(e.dataset) / \(e.objective)")
            #expect(e.seeds == 3 || e.seeds == 8, "\(e.dataset) / \(e.objective)")
        }
        #expect(entries.filter { $0.seeds == 8 }.count == 6)
    }
}
