/// The BROJA partial information decomposition of I(X1, X2; Y) into redundancy, two unique
/// informations and synergy (Bertschinger et al., 2014), in bits:
///
/// - synergy S = I_P(X1, X2; Y) − min_{Q ∈ Δ_P} I_Q(X1, X2; Y)
/// - unique U1 = I_Q*(X1; Y | X2), U2 = I_Q*(X2; Y | X1)
/// - redundancy R = I(X1; Y) − U1
///
/// so that R + U1 + U2 + S = I(X1, X2; Y), R + U1 = I(X1; Y) and R + U2 = I(X2; Y).
public struct PartialInformation: Sendable, Equatable, Codable {
    /// R: information about Y that both modalities carry.
    public var redundancy: Double
    /// U1: information only the first modality carries.
    public var unique0: Double
    /// U2: information only the second modality carries.
    public var unique1: Double
    /// S: information only the two modalities together carry.
    public var synergy: Double
    /// I(X1, X2; Y) of the distribution decomposed.
    public var mutualInformation: Double
    /// The solver's certified optimality gap (bits): S may be under-estimated by at most this.
    public var gap: Double

    /// JSON keys: `redundancy`, `unique_0`, `unique_1`, `synergy`, `mutual_information`, `gap`.
    enum CodingKeys: String, CodingKey {
        case redundancy, unique0 = "unique_0", unique1 = "unique_1", synergy
        case mutualInformation = "mutual_information", gap
    }

    /// Creates a decomposition from its parts.
    public init(redundancy: Double, unique0: Double, unique1: Double, synergy: Double, mutualInformation: Double, gap: Double) {
        self.redundancy = redundancy
        self.unique0 = unique0
        self.unique1 = unique1
        self.synergy = synergy
        self.mutualInformation = mutualInformation
        self.gap = gap
    }

    /// Decomposes `p` with `solver`. Round-off below the solver's tolerance is cleared to 0
    /// (every atom is non-negative at the optimum).
    public init(_ p: JointDistribution, solver: BROJASolver = BROJASolver()) {
        let solution = solver.solve(p)
        let q = solution.optimum
        let total = p.mutualInformation
        let slack = max(solver.tolerance, solution.gap) + 1e-12
        func clean(_ v: Double) -> Double { v < 0 && v > -slack ? 0 : v }
        let u1 = clean(q.x1InformationGivenX2)
        let u2 = clean(q.x2InformationGivenX1)
        self.init(redundancy: clean(p.x1Information - u1), unique0: u1, unique1: u2,
                  synergy: clean(total - q.mutualInformation), mutualInformation: total, gap: solution.gap)
    }
}
