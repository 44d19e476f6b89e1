import Foundation
import Testing
@testable import Information

/// The BROJA decomposition on distributions given exactly (no sampling).
@Suite struct BROJATests {
    /// P(x1, x2, y) with x1, x2 uniform independent bits and y = f(x1, x2).
    static func function(_ f: (Int, Int) -> Int, yCount: Int) throws -> JointDistribution {
        var w = [Double](repeating: 0, count: 4 * yCount)
        for a in 0..<2 { for b in 0..<2 { w[(a * 2 + b) * yCount + f(a, b)] += 0.25 } }
        return try JointDistribution(x1Count: 2, x2Count: 2, yCount: yCount, weights: w)
    }

    static func expect(_ pid: PartialInformation, r: Double, u1: Double, u2: Double, s: Double,
                       tolerance: Double = 1e-3, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(pid.redundancy - r) < tolerance, "R = \(pid.redundancy), expected \(r)", sourceLocation: sourceLocation)
        #expect(abs(pid.unique0 - u1) < tolerance, "U1 = \(pid.unique0), expected \(u1)", sourceLocation: sourceLocation)
        #expect(abs(pid.unique1 - u2) < tolerance, "U2 = \(pid.unique1), expected \(u2)", sourceLocation: sourceLocation)
        #expect(abs(pid.synergy - s) < tolerance, "S = \(pid.synergy), expected \(s)", sourceLocation: sourceLocation)
        let sum = pid.redundancy + pid.unique0 + pid.unique1 + pid.synergy
        #expect(abs(sum - pid.mutualInformation) < 1e-9, "atoms sum to \(sum), I = \(pid.mutualInformation)", sourceLocation: sourceLocation)
    }

    @Test func xorIsPureSynergy() throws {
        let pid = PartialInformation(try Self.function({ $0 ^ $1 }, yCount: 2))
        Self.expect(pid, r: 0, u1: 0, u2: 0, s: 1)
        #expect(abs(pid.mutualInformation - 1) < 1e-12)
    }

    @Test func andSplitsIntoRedundancyAndSynergy() throws {
        let p = try Self.function({ $0 & $1 }, yCount: 2)
        let pid = PartialInformation(p)
        // R = I(X1; Y) = 0.311278 bits (U1 = 0), S = 0.5 bits.
        let i1 = 0.8112781244591328 - 0.5
        Self.expect(pid, r: i1, u1: 0, u2: 0, s: 0.5)
        #expect(abs(p.mutualInformation - 0.8112781244591328) < 1e-12)
        #expect(pid.gap <= BROJASolver().tolerance)
    }

    @Test func copyIsTwoUniqueBits() throws {
        let pid = PartialInformation(try Self.function({ 2 * $0 + $1 }, yCount: 4))
        Self.expect(pid, r: 0, u1: 1, u2: 1, s: 0)
    }

    @Test func redundantCopyIsOneRedundantBit() throws {
        // X1 = X2 = Y, a uniform bit.
        let p = try JointDistribution(x1Count: 2, x2Count: 2, yCount: 2, weights: [0.5, 0, 0, 0, 0, 0, 0, 0.5])
        Self.expect(PartialInformation(p), r: 1, u1: 0, u2: 0, s: 0)
    }

    @Test func uniqueOnlyFromOneSide() throws {
        // Y = X1, X2 an independent bit: U1 = 1, the rest 0.
        Self.expect(PartialInformation(try Self.function({ a, _ in a }, yCount: 2)), r: 0, u1: 1, u2: 0, s: 0)
    }

    struct FixtureCase: Decodable {
        var shape: [Int]
        var probabilities: [Double]
        var redundancy: Double
        var unique_0: Double
        var unique_1: Double
        var synergy: Double
        var mutual_information: Double
    }

    /// Random distributions (with structural zeros) solved by CVXPY + Clarabel
    /// (Fixtures/make_broja_fixture.py).
    @Test func matchesConicSolverOnRandomDistributions() throws {
        let url = try #require(Bundle.module.url(forResource: "broja_cvxpy", withExtension: "json", subdirectory: "Fixtures"))
        let cases = try JSONDecoder().decode([FixtureCase].self, from: Data(contentsOf: url))
        #expect(cases.count == 8)
        var synergyCases = 0
        for c in cases {
            let p = try JointDistribution(x1Count: c.shape[0], x2Count: c.shape[1], yCount: c.shape[2], weights: c.probabilities)
            let pid = PartialInformation(p, solver: BROJASolver(tolerance: 1e-7))
            #expect(abs(pid.mutualInformation - c.mutual_information) < 1e-9)
            Self.expect(pid, r: c.redundancy, u1: c.unique_0, u2: c.unique_1, s: c.synergy, tolerance: 1e-4)
            if c.synergy > 0.05 { synergyCases += 1 }
        }
        #expect(synergyCases >= 4)  // the fixture exercises non-trivial optima
    }

    /// The certificate: Q* keeps P's marginals exactly and the reported gap is below tolerance.
    @Test func optimumIsFeasibleAndCertified() throws {
        let p = try Self.function({ $0 & $1 }, yCount: 2)
        let solution = BROJASolver(tolerance: 1e-7).solve(p)
        #expect(solution.converged)
        #expect(solution.gap <= 1e-7)
        for (a, b) in zip(solution.optimum.x1YMarginal, p.x1YMarginal) { #expect(abs(a - b) < 1e-12) }
        for (a, b) in zip(solution.optimum.x2YMarginal, p.x2YMarginal) { #expect(abs(a - b) < 1e-12) }
        // The optimum moved away from P (P itself is not optimal for AND).
        #expect(p.mutualInformation - solution.optimum.mutualInformation > 0.49)
    }

    @Test func badTablesAreRejected() {
        #expect(throws: InformationError.self) { try JointDistribution(x1Count: 2, x2Count: 2, yCount: 2, weights: [1, 2]) }
        #expect(throws: InformationError.self) { try JointDistribution(x1Count: 1, x2Count: 1, yCount: 2, weights: [-1, 2]) }
        #expect(throws: InformationError.self) { try JointDistribution(x1: [0, 3], x2: [0, 0], y: [0, 1], x1Count: 2, x2Count: 1, yCount: 2) }
    }
}
