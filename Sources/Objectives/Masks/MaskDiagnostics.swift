import Tensors

/// What a SynIB run's masks actually withheld, accumulated over every corruption of training:
/// the masked fraction per modality and, where the corruption acts on inputs with a known
/// synergy block (the XOR tasks), how the withheld coordinates overlap that block — the
/// paper's learned-vs-oracle diagnostic.
public struct MaskDiagnostics: Codable, Equatable, Sendable {
    /// Coordinates withheld, per modality.
    public private(set) var masked: [Int]
    /// Coordinates seen, per modality (rows × width of every corrupted tensor).
    public private(set) var total: [Int]
    /// Withheld coordinates inside the synergy block (input level, known block only).
    public private(set) var insideBlock: Int = 0
    /// Withheld coordinates outside the synergy block.
    public private(set) var outsideBlock: Int = 0
    /// Kept coordinates inside the synergy block.
    public private(set) var keptInsideBlock: Int = 0
    /// Fraction of the input coordinates the synergy blocks cover (the precision of a mask that
    /// withholds coordinates at random).
    public private(set) var blockShare: Double?
    /// The authors' mask–oracle diagnostic after every epoch (learned input-level masks on data
    /// with a known unimodal support; nil otherwise).
    public var oracleOverlap: [MaskOracleOverlap]? = nil

    /// Nothing recorded yet, for `modalities` modalities.
    public init(modalities: Int) {
        masked = [Int](repeating: 0, count: modalities)
        total = [Int](repeating: 0, count: modalities)
    }

    /// Records the mask ([N, d], 1 = withheld) of one corruption of modality `m`; `block` is the
    /// modality's synergy block when the mask acts on inputs whose block is known.
    public mutating func record(_ mask: Tensor, modality m: Int, block: Range<Int>?) {
        let d = mask.shape[1]
        let values = mask.data
        var count = 0
        for v in values where v != 0 { count += 1 }
        masked[m] += count
        total[m] += values.count
        guard let block, !block.isEmpty else { return }
        var inside = 0
        for i in 0..<mask.shape[0] { for j in block where values[i * d + j] != 0 { inside += 1 } }
        insideBlock += inside
        outsideBlock += count - inside
        keptInsideBlock += mask.shape[0] * block.count - inside
        blockShare = Double(block.count) / Double(d)
    }

    /// Mean withheld fraction per modality (0 where nothing was corrupted).
    public var maskedFraction: [Double] {
        zip(masked, total).map { $1 == 0 ? 0 : Double($0) / Double($1) }
    }

    /// Overlap of the withheld coordinates with the synergy block, when a block was known.
    public var synergyOverlap: Overlap? {
        guard let blockShare else { return nil }
        let tp = Double(insideBlock), fp = Double(outsideBlock), fn = Double(keptInsideBlock)
        return Overlap(precision: tp + fp == 0 ? 0 : tp / (tp + fp), recall: tp + fn == 0 ? 0 : tp / (tp + fn),
                       jaccard: tp + fp + fn == 0 ? 0 : tp / (tp + fp + fn), chancePrecision: blockShare)
    }

    /// Precision, recall and Jaccard index of the withheld set against the synergy block.
    public struct Overlap: Codable, Equatable, Sendable {
        /// Withheld coordinates that are in the block / all withheld coordinates.
        public let precision: Double
        /// Block coordinates withheld / all block coordinates.
        public let recall: Double
        /// |withheld ∩ block| / |withheld ∪ block|.
        public let jaccard: Double
        /// The precision of a mask drawn at random: the block's share of the coordinates.
        public let chancePrecision: Double

        /// An overlap from its four numbers.
        public init(precision: Double, recall: Double, jaccard: Double, chancePrecision: Double) {
            self.precision = precision; self.recall = recall; self.jaccard = jaccard; self.chancePrecision = chancePrecision
        }
    }
}
