import Datasets
import Experiments
import Foundation
import Harness
import Objectives
import Testing

@Suite struct PlannerTests {
    @Test func smokeGridExpandsToEveryObjectiveAndSeed() throws {
        let plan = try Planner.plan(try registry.grid(named: "smoke"), in: .noRealData)
        // 1 dataset × 2 seeds × (unimodal-0, unimodal-1, ensemble, vanilla, synib-random, synib-learned, synib-oracle,
        // ogm-ge, mmpareto, cml)
        #expect(plan.cells.count == 20)
        #expect(plan.datasets.count == 1)
        #expect(plan.datasets[0].rows.map(\.objective)
                == ["unimodal-0", "unimodal-1", "ensemble", "vanilla", "synib-random", "synib-learned", "synib-oracle",
                   "ogm-ge", "mmpareto", "cml"])
        #expect(Set(plan.cells.map(\.key)).count == 20)
    }

    @Test func ensembleDependsOnTheUnimodalCellsOfItsSeed() throws {
        let plan = try Planner.plan(try registry.grid(named: "smoke"), in: .noRealData)
        let ensembles = plan.cells.filter { $0.objectiveName == "ensemble" }
        #expect(ensembles.count == 2)
        for e in ensembles {
            let deps = e.dependencies.compactMap { plan.cell($0) }
            #expect(deps.count == 2)
            #expect(deps.map(\.objectiveName) == ["unimodal-0", "unimodal-1"])
            #expect(deps.allSatisfy { $0.seed == e.seed })
            // Dependencies come first in the plan.
            let position = plan.cells.firstIndex { $0.key == e.key }!
            for d in e.dependencies { #expect(plan.cells.firstIndex { $0.key == d }! < position) }
        }
        #expect(plan.cells.filter { $0.objectiveName != "ensemble" }.allSatisfy { $0.dependencies.isEmpty })
    }

    @Test func strictSubsetAddsUnimodalCellsForAllSeeds() throws {
        let grid = Grid("t") {
            Seeds(0..<3)
            Dataset(.pidXOR(synergy: 0.1))
            ObjectiveList { .vanilla }
            Subsets(.byConstruction, .strict)
        }
        let plan = try Planner.plan(grid, in: .noRealData)
        #expect(plan.cells.count == 3 * 3)
        #expect(plan.datasets[0].unimodalKeys.count == 3)
        #expect(plan.datasets[0].unimodalKeys.values.allSatisfy { $0.count == 2 })
        #expect(plan.datasets[0].rows.map(\.objective) == ["vanilla"])

        let noUnimodal = Grid("t") {
            Seeds(0..<3)
            Dataset(.pidXOR(synergy: 0.1))
            ObjectiveList { .vanilla }
            Subsets(.byConstruction)
        }
        #expect(try Planner.plan(noUnimodal, in: .noRealData).cells.count == 3)
    }

    @Test func perDatasetObjectivesAndOverrides() throws {
        let grid = Grid("t") {
            Seeds(0)
            Dataset(.pidXOR(synergy: 0.1)) { .synibOracle }
            Dataset(.spuriousXOR).epochs(3)
            Dataset(.digitsIrony(alpha: 0.5), replacing: true) { SynIB(lambda: 2, mask: .random(p: 0.3, fill: .shuffle)) }
            ObjectiveList { .vanilla }
            Subsets(.byConstruction)
        }
        let plan = try Planner.plan(grid, in: .noRealData)
        #expect(plan.datasets.map { $0.rows.map(\.objective) } == [["vanilla", "synib-oracle"], ["vanilla"], ["synib-random"]])
        let spurious = plan.cells.first { $0.datasetLabel == "spurious-xor" }!
        #expect(spurious.spec.training.epochs == 3)
        let pid = plan.cells.first { $0.datasetLabel == "pid-xor" }!
        #expect(pid.spec.training.epochs == ProtocolSettings.forDataset("pid-xor").training.epochs)
        let digits = try #require(plan.cells.first { $0.datasetLabel == "digits-irony" }?.spec.objective as? SynIB)
        #expect(digits.lambda == 2)
    }

    @Test func duplicateLabelsAreRejected() {
        let grid = Grid("t") {
            Dataset(.pidXOR(synergy: 0.1))
            Dataset(.pidXOR(synergy: 0.3))
            ObjectiveList { .vanilla }
        }
        #expect(throws: HarnessError.self) { try Planner.plan(grid, in: .noRealData) }
    }

    @Test func registeredGridsPlan() throws {
        for grid in registry.grids {
            // A grid without datasets of its own (`features`) is planned with a feature folder, as `--dataset` does.
            let resolved = grid.resolved(in: .noRealData)
            let planned = resolved.datasets.isEmpty ? try GridOverrides(datasets: [xor3Folder.path]).apply(to: resolved) : resolved
            #expect(try !Planner.plan(planned, in: .noRealData).cells.isEmpty, "\(grid.name)")
        }
        let paper = try Planner.plan(try registry.grid(named: "paper"), in: .noRealData)
        // 7 two-view datasets × 3 seeds and digits-irony × 10 seeds, each × (2 unimodal + ensemble + vanilla + random
        // + learned + OGM-GE + MMPareto + CML), + oracle on the 2 XOR tasks × 3 seeds, + mfeat and mfeat-irony
        // × 10 seeds × (6 unimodal + ensemble + vanilla + random + learned + MMPareto + CML; OGM-GE is n/a).
        #expect(paper.cells.count == (7 * 3 + 10) * 9 + 2 * 3 + 2 * 10 * 12)
        #expect(paper.datasets.first { $0.spec.name == "digits-irony" }?.seeds == Array(0..<10))
        for label in ["mfeat", "mfeat-irony"] {
            let d = try #require(paper.datasets.first { $0.label == label })
            #expect(d.seeds == Array(0..<10) && d.notApplicable["ogm-ge"] == "n/a (two modalities only)")
        }
        #expect(Set(paper.datasets.map(\.spec.name)) == Set(DatasetRegistry.standard.names))
        #expect(!paper.cells.contains { $0.datasetLabel == "digits-irony" && $0.objectiveName == "synib-oracle" })
    }

    @Test func shardsPartitionTheCells() throws {
        let plan = try Planner.plan(try registry.grid(named: "paper"), in: .noRealData)
        let shards = try (1...3).map { try Shard(index: $0, count: 3) }
        let owned = shards.map { s in Set(plan.cells.filter { s.contains($0.key) }.map(\.key)) }
        #expect(owned.map(\.count).reduce(0, +) == plan.cells.count)
        #expect(owned[0].isDisjoint(with: owned[1]) && owned[1].isDisjoint(with: owned[2]))
        // A shard also runs what its cells depend on.
        for s in shards {
            let restricted = plan.restricted(to: s)
            let keys = Set(restricted.cells.map(\.key))
            #expect(restricted.cells.allSatisfy { $0.dependencies.allSatisfy(keys.contains) })
        }
        #expect(throws: HarnessError.self) { try Shard(parsing: "0/2") }
        #expect(throws: HarnessError.self) { try Shard(parsing: "3/2") }
        #expect(throws: HarnessError.self) { try Shard(parsing: "x") }
    }

    /// `bench slurm` shards the whole grid, or only the cells not yet done (a cell list): for
    /// N = 1…7 the shards' own cells cover every listed cell exactly once, evenly (±1), and each
    /// restricted plan is closed under dependencies (an ensemble brings its unimodal cells).
    @Test(arguments: 1...7)
    func shardsPartitionTheCellsAndTheRemainingCells(_ n: Int) throws {
        for name in ["smoke", "paper"] {
            let plan = try Planner.plan(try registry.grid(named: name), in: .noRealData)
            let all = plan.cells.map(\.key).sorted()
            // The remaining cells: every third cell and the seed-0 ensembles done, the rest listed.
            let remaining = plan.cells.enumerated()
                .filter { $0.offset % 3 != 0 && !($0.element.objectiveName == "ensemble" && $0.element.seed == 0) }
                .map(\.element.key).sorted()
            #expect(remaining.contains { k in plan.cell(k)?.objectiveName == "ensemble" })
            for listed in [all, remaining] {
                let shards = try (1...n).map { try Shard(index: $0, count: n) }
                var owner: [CellKey: Int] = [:]
                var counts: [Int] = []
                for (i, s) in shards.enumerated() {
                    let restricted = plan.restricted(toCells: listed, shard: s)
                    let keys = Set(restricted.cells.map(\.key))
                    #expect(restricted.cells.allSatisfy { $0.dependencies.allSatisfy(keys.contains) }, "\(name) \(s)")
                    // Beyond its share of the list a shard holds only the dependencies of that share.
                    let own = Set(s.share(of: listed))
                    #expect(own.isSubset(of: keys))
                    let needed = Set(restricted.cells.filter { own.contains($0.key) }.flatMap(\.dependencies))
                    #expect(keys.subtracting(own).isSubset(of: needed), "\(name) \(s)")
                    for k in own {
                        #expect(owner[k] == nil, "\(name): \(k.short) in shards \(owner[k] ?? 0) and \(i)")
                        owner[k] = i
                    }
                    counts.append(own.count)
                }
                #expect(Set(owner.keys) == Set(listed), "\(name) N=\(n): not every listed cell is in exactly one shard")
                #expect(counts.max()! - counts.min()! <= 1, "\(name) N=\(n): uneven shares \(counts)")
            }
        }
    }
}
