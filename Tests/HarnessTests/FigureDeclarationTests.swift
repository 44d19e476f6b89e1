import Experiments
import Foundation
import Harness
import Testing

/// The figures declared in the registered grids read rows their grids have.
@Suite struct FigureDeclarationTests {
    @Test func everyDeclaredPointIsARowOfItsGrid() throws {
        var files: [String] = []
        var checkedPoints = 0
        for unresolved in registry.grids {
            // Grids are resolved without real data (the paper grid's stand-ins); a grid without datasets of its own has no figures.
            let grid = unresolved.resolved(in: .noRealData)
            guard !grid.datasets.isEmpty else { #expect(grid.figures.isEmpty); continue }
            let plan = try Planner.plan(grid, in: .noRealData)
            let rows = Dictionary(plan.datasets.map { ($0.label, Set($0.rows.map(\.objective))) }, uniquingKeysWith: { a, _ in a })
            for figure in grid.figures {
                files.append(figure.file)
                let points = figure.series.flatMap(\.points)
                #expect(!points.isEmpty, "\(grid.name)/\(figure.file) has no points")
                // A figure of data the grid leaves out when absent (CREMA-D) has none of its datasets; others all.
                let planned = points.filter { rows[$0.dataset] != nil }
                #expect(planned.isEmpty || planned.count == points.count, "\(grid.name)/\(figure.file): some datasets unplanned")
                for p in planned {
                    #expect(rows[p.dataset]?.contains(p.objective) == true, "\(grid.name)/\(figure.file): no row \(p.dataset) × \(p.objective)")
                    checkedPoints += 1
                }
                // Declared ticks cover every x.
                if let ticks = figure.x.ticks {
                    #expect(Set(points.map(\.x)).isSubset(of: Set(ticks.map(\.value))), "\(figure.file): x without a tick")
                }
                if figure.x.scale == .log { #expect(points.allSatisfy { $0.x > 0 }, "\(figure.file): log axis with x ≤ 0") }
            }
        }
        #expect(Set(files).count == files.count, "figure files written into one results/ directory must differ: \(files)")
        #expect(files.contains("xor-lambda.svg") && files.contains("xor-fraction.svg") && files.contains("irony-f1.svg")
                && files.contains("ablation-lambda.svg"))
        #expect(checkedPoints >= 8 + 9 + 30)
    }
}
