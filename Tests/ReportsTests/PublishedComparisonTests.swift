import Foundation
@testable import Reports
import Testing

/// The published-numbers comparison: points, z and the summary against hand-computed values.
@Suite struct PublishedComparisonTests {
    @Test func differenceInPointsAndStandardErrors() {
        // 0.928 ± 0.007 against 0.862 ± 0.013: 6.6 points, z = 0.066 / √(0.007² + 0.013²) = 4.470.
        let d = PublishedDifference(ours: 0.928, oursSE: 0.007, published: 0.862, publishedSE: 0.013)
        #expect(abs(d.points - 6.6) < 1e-9)
        #expect(abs(d.z! - 0.066 / (0.007 * 0.007 + 0.013 * 0.013).squareRoot()) < 1e-12)
        #expect(abs(d.z! - 4.4700) < 1e-3)
        #expect(!d.withinTolerance && !d.withinSeedNoise)

        // 0.932 ± 0.010 against 0.866 ± 0.057: 6.6 points but z = 1.14, within the seed noise.
        let noisy = PublishedDifference(ours: 0.932, oursSE: 0.010, published: 0.866, publishedSE: 0.057)
        #expect(!noisy.withinTolerance && noisy.withinSeedNoise)

        // Exactly 4 points is within the tolerance; no standard error, no z.
        let edge = PublishedDifference(ours: 0.90, oursSE: nil, published: 0.86, publishedSE: 0.01)
        #expect(edge.withinTolerance && edge.z == nil && !edge.withinSeedNoise)
        #expect(PublishedDifference(ours: 0.5, oursSE: 0, published: 0.4, publishedSE: 0).z == nil)
    }

    @Test func summaryCountsEachKindAndListsTheRest() {
        let summary = ReportRenderer.publishedSummary([
            ("a / vanilla, overall", PublishedDifference(ours: 0.95, oursSE: 0.001, published: 0.948, publishedSE: 0.001)),
            ("b / full, synergy subset", PublishedDifference(ours: 0.932, oursSE: 0.010, published: 0.866, publishedSE: 0.057)),
            ("c / learned, synergy subset", PublishedDifference(ours: 0.928, oursSE: 0.007, published: 0.862, publishedSE: 0.013)),
            ("d / random, overall", PublishedDifference(ours: 0.80, oursSE: nil, published: 0.90, publishedSE: nil)),
        ])
        #expect(summary.contains("Of 4 published numbers, 1 are within ±4 points of ours"))
        #expect(summary.contains("1 more differ by more than that but by less than two standard errors"))
        #expect(summary.contains("2 differ by more than both"))
        #expect(summary.contains("- c / learned, synergy subset: +6.6 points, z +4.5"))
        #expect(summary.contains("- d / random, overall: -10.0 points, no standard error"))
        #expect(!summary.contains("b / full"))
        #expect(ReportRenderer.publishedSummary([]).isEmpty)
    }
}
