import Foundation
import Tensors

/// Generated stand-ins for the real benchmarks when their files are absent (docs/METHOD.md, "When real data is absent").
///
/// A stand-in has the benchmark's modalities, per-example shapes, class count and split sizes,
/// and is built like PID-XOR: each example draws a source from (u1, u2, red, syn) with
/// probabilities ``StandInSpec/sourceProbabilities`` (default 0.3 / 0.3 / 0.2 / 0.2, so the
/// synergy fraction is 0.2). The label's class prototype (entries ±amplitude) is written into
/// a block of `blockSize` coordinates: u1 into modality 0's unique block, u2 into modality 1's,
/// red into both redundant blocks; syn writes class c₀ into modality 0's synergy block and
/// c₁ = (y − c₀) mod C into modality 1's (XOR for C = 2), so neither modality alone says
/// anything about y. Background is N(0, 1). Sequences are `N × T × D`, front-padded, with
/// valid lengths uniform in [T/5, T]; the signal is written into `signalSteps` random valid
/// time steps. A stand-in does not depend on the run seed (like the real files).
public struct StandInSpec: Codable, Hashable, Sendable {
    /// One modality: name, feature size and, for sequences, the number of time steps.
    public struct ModalitySpec: Codable, Hashable, Sendable {
        public var name: String
        public var dimensions: Int
        public var timeSteps: Int?
    }
    /// The benchmark name.
    public var name: String
    /// The two modalities.
    public var modalities: [ModalitySpec]
    /// Class names.
    public var classNames: [String]
    /// Train / valid / test sizes.
    public var splitSizes: [Int]
    /// (u1, u2, red, syn).
    public var sourceProbabilities: [Double] = [0.3, 0.3, 0.2, 0.2]
    /// Coordinates per signal block (at most a quarter of the modality's dimensions).
    public var blockSize: Int = 8
    /// Prototype amplitude.
    public var amplitude: Double = 1.5
    /// Time steps carrying the signal in a sequence.
    public var signalSteps: Int = 5
    /// The generator's fixed seed.
    public var seed: UInt64 = 4_711

    /// The stand-in's synergy fraction.
    public var synergyFraction: Double { sourceProbabilities.count == 4 ? sourceProbabilities[3] : 0 }

    /// MOSI as in `mosi_raw.pkl`: vision 50×35, text 50×300; 1284 / 229 / 686; 2 classes.
    public static let mosi = StandInSpec(name: "mosi", modalities: [.init(name: "vision", dimensions: 35, timeSteps: 50), .init(name: "text", dimensions: 300, timeSteps: 50)],
                                           classNames: MultiBenchLoader.mosi.classNames, splitSizes: [1284, 229, 686])
    /// UR-FUNNY as in `humor.pkl`: vision 50×371, text 50×300; 8074 / 1034 / 1058; 2 classes.
    public static let urFunny = StandInSpec(name: "ur-funny", modalities: [.init(name: "vision", dimensions: 371, timeSteps: 50), .init(name: "text", dimensions: 300, timeSteps: 50)],
                                              classNames: MultiBenchLoader.urFunny.classNames, splitSizes: [8074, 1034, 1058])
    /// MUStARD as in `sarcasm.pkl`: vision 50×371, text 50×300; 414 / 138 / 138; 2 classes.
    public static let mustard = StandInSpec(name: "mustard", modalities: [.init(name: "vision", dimensions: 371, timeSteps: 50), .init(name: "text", dimensions: 300, timeSteps: 50)],
                                              classNames: MultiBenchLoader.mustard.classNames, splitSizes: [414, 138, 138])
    /// Hateful Memes with pooled features: image 768, text 768; 8500 / 540 / 1000; 2 classes.
    public static let hatefulMemes = StandInSpec(name: "hateful-memes", modalities: [.init(name: "image", dimensions: 768), .init(name: "text", dimensions: 768)],
                                                   classNames: HatefulMemesLoader.classNames, splitSizes: [8500, 540, 1000])
    /// CREMA-D per-clip features: audio 512, video 512; 5954 / 744 / 744 (7442 clips); 6 emotions.
    public static let cremad = StandInSpec(name: "cremad", modalities: [.init(name: "audio", dimensions: 512), .init(name: "video", dimensions: 512)],
                                             classNames: CremaDLoader.emotions, splitSizes: [5954, 744, 744])

    /// Parameters as strings, for provenance records.
    public var parameterStrings: [String: String] {
        ["modalities": modalities.map { m in m.timeSteps.map { "\(m.name):\($0)x\(m.dimensions)" } ?? "\(m.name):\(m.dimensions)" }.joined(separator: ","),
         "classes": "\(classNames.count)", "sizes": splitSizes.map(String.init).joined(separator: "/"),
         "sources": sourceProbabilities.map { "\($0)" }.joined(separator: "/"), "synergy_fraction": "\(synergyFraction)",
         "block": "\(blockSize)", "amplitude": "\(amplitude)", "signal_steps": "\(signalSteps)", "seed": "\(seed)"]
    }
}

/// Generation of ``StandInSpec`` datasets.
public enum StandInGenerator {
    /// A table of 65 536 N(0, 1) draws indexed by 16 random bits: four normals per 64-bit draw,
    /// which keeps a 10⁸-value stand-in well under a second.
    static let normalTable: [Float] = {
        var r = RandomStream(seed: 0x5EED_7AB1E)
        return (0..<65_536).map { _ in r.normal() }
    }()

    /// Generates the stand-in; `reason` goes into the provenance.
    public static func generate(_ spec: StandInSpec, reason: String) throws -> MultimodalDataset {
        guard spec.modalities.count == 2, spec.classNames.count >= 2, spec.splitSizes.count == 3,
              spec.sourceProbabilities.count == 4, abs(spec.sourceProbabilities.reduce(0, +) - 1) < 1e-6 else {
            throw DataError(file: "stand-in \(spec.name)", field: "parameters", "need 2 modalities, ≥ 2 classes, 3 split sizes and 4 source probabilities summing to 1")
        }
        // Three signal blocks (unique, redundant, synergy) must fit side by side in every example.
        if let m = spec.modalities.first(where: { $0.dimensions < 4 || ($0.timeSteps ?? 1) < 1 || spec.blockSize < 1 }) {
            throw DataError(file: "stand-in \(spec.name)", field: "modalities.\(m.name)",
                            "need ≥ 4 dimensions, ≥ 1 time step and block size ≥ 1, got \(m.dimensions) dimensions, \(m.timeSteps ?? 1) steps, block \(spec.blockSize)")
        }
        let root = RandomStream(seed: spec.seed).split(spec.name)
        var protoRNG = root.split("prototypes")
        let c = spec.classNames.count
        // prototypes[m][block][class] : blockSize values of ±amplitude
        let blocks = spec.modalities.map { min(spec.blockSize, max(1, $0.dimensions / 4)) }
        let prototypes: [[[[Float]]]] = spec.modalities.indices.map { m in
            (0..<3).map { _ in (0..<c).map { _ in (0..<blocks[m]).map { _ in protoRNG.bernoulli(0.5) ? Float(spec.amplitude) : -Float(spec.amplitude) } } }
        }
        var splits: [Split] = []
        for (s, name) in ["train", "valid", "test"].enumerated() {
            splits.append(sampleSplit(spec, n: spec.splitSizes[s], blocks: blocks, prototypes: prototypes, rng: root.split(name)))
        }
        return MultimodalDataset(name: spec.name, classNames: spec.classNames, train: splits[0], valid: splits[1], test: splits[2],
                                 provenance: .standIn(generator: "surrogate-\(spec.name)",  // the stored generator name
                                                  parameters: spec.parameterStrings, reason: reason),
                                 modalityNames: spec.modalities.map(\.name))
    }

    static func sampleSplit(_ spec: StandInSpec, n: Int, blocks: [Int], prototypes: [[[[Float]]]], rng root: RandomStream) -> Split {
        let c = spec.classNames.count
        var meta = root.split("labels")
        var labels = [Int](repeating: 0, count: n), sources = [Int](repeating: 0, count: n), classFor = [[Int]](repeating: [0, 0], count: n)
        let cumulative = spec.sourceProbabilities.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        for i in 0..<n {
            let y = meta.int(below: c)
            labels[i] = y
            let u = meta.uniformDouble()
            sources[i] = cumulative.firstIndex { u < $0 } ?? 3
            if sources[i] == 3 {
                let c0 = meta.int(below: c)
                classFor[i] = [c0, ((y - c0) % c + c) % c]
            } else {
                classFor[i] = [y, y]
            }
        }
        var modalities: [Modality] = []
        for (m, ms) in spec.modalities.enumerated() {
            let d = ms.dimensions, t = ms.timeSteps ?? 1
            let per = t * d
            var lengths = [Int](repeating: t, count: n)
            var lenRNG = root.split("lengths-\(m)")
            if ms.timeSteps != nil {
                let lo = max(1, t / 5)
                for i in 0..<n { lengths[i] = lo + lenRNG.int(below: t - lo + 1) }
            }
            // Which block this modality's signal goes to, per source: u1 → unique (m == 0 only),
            // u2 → unique (m == 1 only), red → redundant, syn → synergy.
            let b = blocks[m]
            let chunk = 256
            let chunks = (n + chunk - 1) / chunk
            let lengthsCopy = lengths, sourcesCopy = sources, classCopy = classFor
            // Every element is written below (padding zeroed explicitly), so no initial fill pass.
            let values = [Float](unsafeUninitializedCapacity: n * per) { out, initialized in
                initialized = n * per
                guard let outBase = out.baseAddress, n > 0 else { return }
                let shared = UncheckedPointer(base: outBase)
                DispatchQueue.concurrentPerform(iterations: chunks) { k in
                    let base = shared.base  // chunks write disjoint example ranges
                    var r = root.split("values-\(m)-\(k)")
                    let table = normalTable
                    table.withUnsafeBufferPointer { tab in
                        for i in (k * chunk)..<min(n, (k + 1) * chunk) {
                            let valid = lengthsCopy[i]
                            (base + i * per).initialize(repeating: 0, count: (t - valid) * d)
                            let start = base + i * per + (t - valid) * d
                            var j = 0
                            let count = valid * d
                            while j + 4 <= count {
                                let bits = r.next()
                                start[j] = tab[Int(bits & 0xFFFF)]
                                start[j + 1] = tab[Int((bits >> 16) & 0xFFFF)]
                                start[j + 2] = tab[Int((bits >> 32) & 0xFFFF)]
                                start[j + 3] = tab[Int(bits >> 48)]
                                j += 4
                            }
                            while j < count { start[j] = tab[Int(r.next() & 0xFFFF)]; j += 1 }
                            let source = sourcesCopy[i]
                            let block: Int
                            switch source {
                            case 0: if m != 0 { continue }; block = 0
                            case 1: if m != 1 { continue }; block = 0
                            case 2: block = 1
                            default: block = 2
                            }
                            let proto = prototypes[m][block][classCopy[i][m]]
                            let offset = block * b
                            let steps = min(spec.signalSteps, valid)
                            for _ in 0..<steps {
                                let step = (t - valid) + r.int(below: valid)
                                let row = base + i * per + step * d + offset
                                for q in 0..<b { row[q] = proto[q] + 0.5 * tab[Int(r.next() & 0xFFFF)] }
                            }
                        }
                    }
                }
            }
            modalities.append(Modality(name: ms.name, shape: ms.timeSteps == nil ? [n, d] : [n, t, d], values: values,
                                       lengths: ms.timeSteps == nil ? nil : lengths))
        }
        return Split(modalities: modalities, labels: labels, tags: ["source": sources.map { PIDXORGenerator.sourceNames[$0] }])
    }
}

/// A pointer handed to parallel workers that write disjoint ranges.
struct UncheckedPointer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Float>
}
