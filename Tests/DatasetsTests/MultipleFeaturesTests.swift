import Foundation
import Testing
@testable import Datasets
import Tensors

@Suite("mfeat (UCI Multiple Features)")
struct MultipleFeaturesTests {
    static let table = try! MultipleFeatures.loadTable()

    /// Per view, the sum of every feature value as float32, computed once with NumPy
    /// (`np.loadtxt(gzip.open(f), delimiter=",", skiprows=1)[:, :-1].astype(np.float32)
    /// .astype(np.float64).sum()`), an independent parser of the same files.
    static let numpySums: [String: Double] = [
        "fou": 20068.876447618488, "fac": 137492808.0, "kar": 6794.852888103493,
        "pix": 1452834.0, "zer": 8331825.073161973, "mor": 12632390.632603288,
    ]

    @Test func bundledViewsMatchNumPy() throws {
        let t = Self.table
        #expect(t.labels.count == 2000)
        #expect((0..<10).allSatisfy { c in t.labels.filter { $0 == c }.count == 200 })
        #expect(t.hashes.count == 6 && t.hashes.values.allSatisfy { $0.count == 64 })
        for (view, values) in zip(MultipleFeatures.views, t.values) {
            #expect(values.count == 2000 * view.columns, "\(view.name)")
            let sum = values.reduce(0.0) { $0 + Double($1) }
            let want = try #require(Self.numpySums[view.name])
            #expect(abs(sum - want) <= 1e-9 * abs(want), "\(view.name): \(sum) vs NumPy \(want)")
        }
        // First and last row of mor, as written in the file: "1,0,0,133.15,1.3117,1620.2,0" / "…,3808,9".
        let mor = t.values[5]
        #expect(Array(mor[0..<6]) == [1, 0, 0, 133.15, 1.3117, 1620.2])
        #expect(Array(mor[(1999 * 6)...]) == [1, 1, 1, 133.92, 1.5646, 3808])
        #expect(t.labels.first == 0 && t.labels.last == 9)
    }

    @Test func sixViewsStratifiedSplitStandardisedWithTrainingStatistics() throws {
        let d = try MultipleFeatures.dataset(seed: 4, table: Self.table)
        #expect(d.modalityNames == ["fou", "fac", "kar", "pix", "zer", "mor"])
        #expect(d.train.modalities.map { $0.shape } == MultipleFeatures.views.map { [1200, $0.columns] })
        #expect(d.classNames.count == 10 && d.provenance.label == "real")
        #expect(DatasetSpec.mfeat.modalityCount == 6 && DatasetSpec.named("mfeat-irony")?.modalityCount == 6)
        try d.validate(file: "mfeat")
        for (s, per) in [(d.train, 120), (d.valid, 40), (d.test, 40)] {
            #expect((0..<10).allSatisfy { c in s.labels.filter { $0 == c }.count == per })
        }
        // The splits partition the 2000 digits.
        let ids = (d.train.ids ?? []) + (d.valid.ids ?? []) + (d.test.ids ?? [])
        #expect(Set(ids).count == 2000)
        // Standardisation, recomputed in Double from the raw table: train statistics applied to every split.
        for (k, view) in MultipleFeatures.views.enumerated() {
            let f = view.columns, raw = Self.table.values[k]
            let trainRows = d.train.ids!.map { Int($0.dropFirst(5))! }
            for j in [0, f / 2, f - 1] {
                let xs = trainRows.map { Double(raw[$0 * f + j]) }
                let mu = xs.reduce(0, +) / Double(xs.count)
                let sd = max((xs.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(xs.count)).squareRoot(), 1e-6)
                for (split, rowIDs) in [(d.train, trainRows), (d.test, d.test.ids!.map { Int($0.dropFirst(5))! })] {
                    for (i, r) in rowIDs.enumerated().prefix(50) {
                        let want = (Double(raw[r * f + j]) - mu) / sd
                        let got = Double(split.modalities[k].values[i * f + j])
                        #expect(abs(got - want) <= 1e-3 * max(1, abs(want)), "\(view.name)[\(j)] row \(r)")
                    }
                }
            }
        }
        // Same seed → same data; another seed → another split.
        let again = try MultipleFeatures.dataset(seed: 4, table: Self.table)
        #expect(again.test == d.test)
        #expect(try MultipleFeatures.dataset(seed: 5, table: Self.table).test.ids != d.test.ids)
    }

    @Test("mfeat-irony: k irony examples per split, 3 of 6 views from one digit of another class", arguments: [0.5, 1.0])
    func irony(alpha: Double) throws {
        let d = try MultipleFeatures.irony(alpha: alpha, seed: 2, table: Self.table)
        let base = try MultipleFeatures.dataset(seed: 2, table: Self.table)
        #expect(d.name == "mfeat-irony" && d.classNames.count == 11 && d.classNames[10] == "irony")
        var subsets: Set<String> = [], replacedPerView = [Int](repeating: 0, count: 6)
        for ((name, s), (_, b)) in zip(d.splits, base.splits) {
            let k = Int((alpha * Double(s.count) / 10).rounded())
            let irony = (0..<s.count).filter { s.tags["irony"]?[$0] == "1" }
            #expect(irony.count == k && k > 0, "\(name): \(irony.count) irony examples, expected \(k)")
            #expect(s.labels.filter { $0 == 10 }.count == k && irony.allSatisfy { s.labels[$0] == 10 })
            #expect(s.tags["synergy"] == s.tags["irony"])
            for i in 0..<s.count where s.tags["irony"]![i] == "0" {
                #expect(s.labels[i] == b.labels[i] && s.tags["replaced_views"]![i] == "")
            }
            for i in irony {
                let views = s.tags["replaced_views"]![i].split(separator: "+").map { Int($0)! }
                #expect(views.count == 3 && Set(views).count == 3 && views == views.sorted())
                subsets.insert(s.tags["replaced_views"]![i])
                for m in views { replacedPerView[m] += 1 }
                let own = s.tags["base_label"]![i], donorLabel = s.tags["donor_label"]![i]
                #expect(own == String(b.labels[i]) && own != donorLabel)
                // Kept views unchanged; the replaced ones all come from one donor of class donor_label.
                for m in 0..<6 where !views.contains(m) {
                    #expect(s.modalities[m].selecting([i]) == b.modalities[m].selecting([i]))
                }
                let donors = (0..<b.count).filter { j in
                    String(b.labels[j]) == donorLabel
                        && views.allSatisfy { s.modalities[$0].selecting([i]).values == b.modalities[$0].selecting([j]).values }
                }
                #expect(!donors.isEmpty, "\(name) irony example \(i): no single donor of class \(donorLabel)")
            }
        }
        // The subsets are drawn per example: many different ones, every view replaced sometimes.
        #expect(subsets.count > 5)
        #expect(replacedPerView.allSatisfy { $0 > 0 })
    }

    @Test func specsRoundTripAndLoadThroughTheLoader() throws {
        for spec in [DatasetSpec.mfeat, .mfeatIrony(alpha: 0.7)] {
            let decoded = try JSONDecoder().decode(DatasetSpec.self, from: Data(spec.canonicalJSON.utf8))
            #expect(decoded == spec)
        }
        #expect(DatasetSpec.named("mfeat-irony") == .mfeatIrony(alpha: 0.5) && DatasetRegistry.standard.names.suffix(2) == ["mfeat", "mfeat-irony"])
        let loader = DatasetLoader(dataDirectory: URL(fileURLWithPath: "/nonexistent"), cache: nil, log: { _ in })
        let d = try loader.load(.mfeatIrony(alpha: 0.5), seed: 1)
        #expect(d.name == "mfeat-irony" && d.train.modalities.count == 6 && d.test.labels.filter { $0 == 10 }.count == 20)
        #expect(d.test == (try MultipleFeatures.irony(alpha: 0.5, seed: 1, table: Self.table)).test)
    }

    @Test func randomSubsetMustLeaveAViewUnreplaced() throws {
        let d = try MultipleFeatures.dataset(seed: 0, table: Self.table)
        for r in [0, 6] {
            let t = IronyTransform(alpha: 0.5, replaced: .randomSubset(count: r), contradicts: IronyTransform.differentClass)
            #expect(throws: DataError.self) { try t.apply(to: d, rng: RandomStream(seed: 0)) }
        }
    }

    // MARK: bad input

    /// A directory with the six bundled views, view `name` replaced by `text` (gzip-compressed).
    static func viewFiles(replacing name: String, with text: String) throws -> [String: URL] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mfeat-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var urls: [String: URL] = [:]
        for view in MultipleFeatures.views {
            urls[view.name] = view.name == name ? dir.appendingPathComponent(view.fileName) : MultipleFeatures.resourceURL(of: view)!
        }
        try Data(try Gzip.compress(Array(text.utf8))).write(to: urls[name]!)
        return urls
    }

    /// The bundled mor file's text with `edit` applied to its lines (line 0 is the header).
    static func morText(_ edit: (inout [String]) -> Void) throws -> String {
        let url = MultipleFeatures.resourceURL(of: MultipleFeatures.views[5])!
        // The files end their lines with CR LF (one Character in Swift, so split the text on "\r\n").
        var lines = String(decoding: try Gzip.decompress(Array(try Data(contentsOf: url))), as: UTF8.self)
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 2001)
        edit(&lines)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func loadError(_ text: String) throws -> DataError {
        let urls = try viewFiles(replacing: "mor", with: text)
        do {
            _ = try MultipleFeatures.loadTable(urls: urls)
        } catch let e as DataError {
            return e
        }
        Issue.record("no error")
        return DataError(file: "", field: "", "")
    }

    @Test func differentRowCountNamesFileAndRow() throws {
        let e = try Self.loadError(try Self.morText { $0.removeLast() })
        #expect(e.file.hasSuffix("mfeat-mor.csv.gz") && e.field == "row 2000")
        #expect(e.message.contains("1999 rows") && e.message.contains("mfeat-fou.csv.gz has 2000"))
    }

    @Test func labelOutsideRangeNamesFileRowAndField() throws {
        let e = try Self.loadError(try Self.morText { $0[7] = "1,0,0,133.15,1.3117,1620.2,10" })
        #expect(e.file.hasSuffix("mfeat-mor.csv.gz") && e.field == "row 7, label" && e.message.contains("outside 0–9"))
        let other = try Self.loadError(try Self.morText { $0[3] = "1,0,0,133.15,1.3117,1620.2,5" })
        #expect(other.field == "row 3, label" && other.message.contains("differs from mfeat-fou.csv.gz's 0"))
    }

    @Test(arguments: [("abc", "is not a number"), ("", "is not a number"), ("1.5x", "is not a number"),
                      ("nan", "is not finite"), ("inf", "is not finite"), ("-Infinity", "is not finite")])
    func badEntryNamesFileRowAndColumn(entry: String, message: String) throws {
        let e = try Self.loadError(try Self.morText { $0[12] = "1,0,0,\(entry),1.3117,1620.2,0" })
        #expect(e.file.hasSuffix("mfeat-mor.csv.gz"))
        #expect(e.field == "row 12, column 3", "\(e)")
        #expect(e.message.contains(message), "\(e)")
    }

    @Test func wrongColumnCountNamesRow() throws {
        let e = try Self.loadError(try Self.morText { $0[4] = "1,0,0,133.15,1.3117,0" })
        #expect(e.field == "row 4" && e.message.contains("expected 7"))
    }
}
