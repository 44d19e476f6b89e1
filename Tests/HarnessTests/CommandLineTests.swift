import Foundation
import Harness
import Testing

/// The `bench` command line as users meet it: help texts, `--version`, usage errors, and what a
/// run says it wrote.
@Suite(.serialized) struct CommandLineTests {
    /// The subcommands shown in `bench --help`, with the start of their first example.
    static let subcommands: [(name: String, example: String)] = [
        ("grid", "bench --grid "), ("run", "bench run "), ("report", "bench report "), ("check", "bench check "),
        ("list", "bench list "), ("merge", "bench merge "), ("slurm", "bench slurm "), ("train", "bench train "),
        ("speed", "bench speed "), ("inspect", "bench inspect "),
    ]

    /// The lines of a help text before its USAGE line (overview and discussion).
    static func prose(_ help: String) -> [Substring] {
        let head = help.components(separatedBy: "\nUSAGE:").first ?? help
        return head.split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func everySubcommandHelpHasExamplesNoExitTableAndNoHardWraps() throws {
        let dir = try BenchProcess.temporaryDirectory()
        for (name, example) in Self.subcommands {
            let help = try BenchProcess.run([name, "--help"], in: dir)
            #expect(help.status == 0, "\(name)")
            #expect(help.stdout.contains("Examples:\n  \(example)"), "\(name): no example starting with '\(example)'")
            #expect(!help.stdout.contains("Exit status"), "\(name) repeats the exit-status table")
            // swift-argument-parser wraps at 80 columns; a short prose line followed by more prose
            // is a line break written into the help string.
            let lines = Self.prose(help.stdout)
            for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !line.hasPrefix(" ") && !line.hasSuffix(":") {
                #expect(line.count >= 50 || next.isEmpty || next.hasPrefix(" "), "\(name): hard-wrapped line '\(line)'")
            }
        }
        let top = try BenchProcess.run(["--help"], in: dir)
        #expect(top.status == 0)
        #expect(top.stdout.components(separatedBy: "Exit status").count == 2)
        for status in ["0 ", "1 ", "2 ", "3 ", "64 ", "130 "] { #expect(top.stdout.contains("\n  \(status)"), "exit status \(status)") }
        #expect(top.stdout.contains("--version"))
    }

    /// Every subcommand name listed under SUBCOMMANDS in `help` (recursively for `bench`).
    static func subcommandNames(_ help: String) -> [String] {
        guard let section = help.components(separatedBy: "\nSUBCOMMANDS:\n").dropFirst().first else { return [] }
        return section.split(separator: "\n").prefix { $0.hasPrefix("  ") }.compactMap { line in
            let name = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
            // Continuation lines of an abstract are indented further; "  See 'bench help …'" ends the list.
            return line.hasPrefix("    ") || name?.first?.isLowercase != true ? nil : name
        }
    }

    @Test func everySubcommandsHelpKeepsItsExamplesIndentedAt80ColumnsAndOnlyBenchHasTheExitTable() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let top = try BenchProcess.run(["--help"], in: dir)
        let names = Self.subcommandNames(top.stdout).filter { $0 != "help" }  // `bench help --help` is bench's own help
        #expect(names.count >= 14, "\(names)")
        var checked = 0
        for name in names {
            let help = try BenchProcess.run([name, "--help"], in: dir, environment: ["COLUMNS": "80", "PATH": "/usr/bin:/bin"])
            #expect(help.status == 0 && help.stdout.contains("USAGE: bench \(name) "), "\(name)")
            #expect(!help.stdout.contains("Exit status (every command)"), "\(name) --help carries the global exit table")
            let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            // In an Examples block every line is an indented command: a line that starts at column 0
            // is an example wrapped by the 80-column help formatter.
            guard let start = lines.firstIndex(of: "Examples:") else { continue }
            for line in lines[(start + 1)...].prefix(while: { !$0.isEmpty }) {
                #expect(line.hasPrefix("  "), "\(name): example wrapped to column 0: '\(line)'")
                checked += 1
            }
        }
        #expect(checked >= 20)
    }

    @Test func negativeJobsSaysTheValueIsBadNotMissing() throws {
        let r = try BenchProcess.run(["run", "--grid", "smoke", "--jobs", "-1"], in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 64)
        #expect(r.stderr.contains("--jobs must be positive, got -1"), "\(r.stderr)")
        #expect(!r.stderr.contains("Missing value"))
    }

    @Test func synibOracleOnAFeatureFolderIsAUsageErrorBeforeTraining() throws {
        let r = try BenchProcess.run(["train", "--dataset", xor3Folder.path, "--objective", "synib-oracle",
                                      "--cache", BenchProcess.cache.path], in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 64, "\(r.status) \(r.stderr)")
        #expect(r.stderr.contains("--objective synib-oracle: \(xor3Folder.path) has no known synergy block"), "\(r.stderr)")
        #expect(r.stderr.contains("Usage: bench train "))
    }

    /// A usage error found while the command runs (after parsing) shows that command's usage
    /// line, not bench's top-level one.
    @Test(arguments: [
        (["report", "--grid", "features"], "Usage: bench report "),
        (["export", "--grid", "features"], "Usage: bench export "),
        (["plan", "--grid", "features"], "Usage: bench plan "),
        (["pid", "--dataset", "no-such-folder/"], "Usage: bench pid "),
    ])
    func runTimeUsageErrorsShowTheSubcommandsUsage(_ arguments: [String], _ usage: String) throws {
        let r = try BenchProcess.run(arguments, in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 64, "\(arguments): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains(usage), "\(arguments): \(r.stderr)")
        #expect(!r.stderr.contains("Usage: bench [--version] <subcommand>"), "\(arguments): \(r.stderr)")
    }

    @Test func readmeStartsWithItsTitleThenTheTwoCommands() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lines = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "# synib-bench")
        #expect(lines.dropFirst().prefix(2).map { $0.trimmingCharacters(in: .whitespaces).prefix(10) } == ["make paper", "make test "])
    }

    @Test func jobsHelpStatesItsDefaultOnce() throws {
        let help = try BenchProcess.run(["run", "--help"], in: try BenchProcess.temporaryDirectory())
        let line = try #require(help.stdout.split(separator: "\n").first { $0.hasPrefix("  --jobs") })
        #expect(line.contains("Cells run at a time (default: the number of cores)."))
        #expect(line.components(separatedBy: "default").count == 2, "\(line)")
    }

    @Test func versionNamesTheCodeVersionAndTheBuildConfiguration() throws {
        let r = try BenchProcess.run(["--version"], in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("synib-bench "))
        // The tests run the release build (`swift test -c release`).
        #expect(r.stdout.hasSuffix(", release build\n"), "\(r.stdout)")
    }

    @Test(arguments: [
        (["run", "--grid", "nope"], "Usage: bench run "),
        (["--grid", "nope"], "Usage: bench grid "),
        (["report", "--grid", "nope"], "Usage: bench report "),
        (["check", "--grid", "nope"], "Usage: bench check "),
        (["merge", "--grid", "nope"], "Usage: bench merge "),
        (["slurm", "--grid", "nope", "--tasks", "2"], "Usage: bench slurm "),
        (["train", "--dataset", "nope", "--objective", "vanilla"], "Usage: bench train "),
        (["train", "--dataset", "pid-xor", "--objective", "nope"], "Usage: bench train "),
        (["speed", "--model", "pid-xor", "--objective", "nope"], "Usage: bench speed "),
        (["speed", "--model", "nope"], "Usage: bench speed "),
        (["list", "nope"], "Usage: bench list "),
    ])
    func unknownNamesExit64WithTheirUsageLine(_ arguments: [String], _ usage: String) throws {
        let r = try BenchProcess.run(arguments, in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 64, "\(arguments): exit \(r.status)")
        #expect(r.stderr.contains("'nope'"), "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(usage), "\(arguments): \(r.stderr)")
    }

    /// `bench train` refuses an objective the dataset's modality count rules out, by the
    /// objective's own restriction (the planner's rule), before loading anything.
    @Test func trainRefusesAnObjectiveTheModalityCountRulesOut() throws {
        let r = try BenchProcess.run(["train", "--dataset", "mfeat", "--objective", "ogm-ge"], in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 64, "exit \(r.status)")
        #expect(r.stderr.contains("--objective ogm-ge: n/a (two modalities only); mfeat has 6 modalities"), "\(r.stderr)")
    }

    /// The results folders `make paper` writes change only when numbers do: written from the same
    /// store by two different code versions (``RunEnvironment/codeVersionVariable``), every file
    /// is byte for byte the same, and only provenance.json names a code version (the cells'); the
    /// index links each grid's folder and leads with its answering figure.
    @Test func resultsFoldersNameTheCodeVersionOnlyInTheirProvenanceFile() throws {
        let reference = try EndToEndTests.reference.get()
        let dir = try BenchProcess.temporaryDirectory()
        var contents: [[String: Data]] = []
        let versions = [String(repeating: "1", count: 40), String(repeating: "2", count: 40)]
        for (i, version) in versions.enumerated() {
            var environment = ProcessInfo.processInfo.environment
            environment[RunEnvironment.codeVersionVariable] = version + ":clean"
            // The same command in two working directories (the command is in every file's header).
            let cwd = dir.appendingPathComponent("r\(i)")
            try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
            let r = try BenchProcess.run(["report", "--grid", "smoke", "--grid", "xor", "--format", "html", "--store", reference.path,
                                          "--out", "results/index.html"], in: cwd, environment: environment)
            #expect(r.status == 0, "\(r.stderr)")
            let root = cwd.appendingPathComponent("results")
            var files: [String: Data] = [:]
            for relative in try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted() {
                var isDirectory: ObjCBool = false
                let url = root.appendingPathComponent(relative)
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[relative] = try Data(contentsOf: url)
                }
            }
            contents.append(files)
        }
        let (a, b) = (contents[0], contents[1])
        #expect(Set(a.keys) == Set(["index.html", "smoke/report.md", "smoke/report.html", "smoke/report.json", "smoke/report.csv",
                                    "smoke/report.tex", "smoke/provenance.json", "xor/report.md", "xor/report.html",
                                    "xor/report.json", "xor/report.csv", "xor/report.tex", "xor/provenance.json"])
                .union(a.keys.filter { $0.hasPrefix("xor/") && $0.hasSuffix(".svg") }), "\(a.keys.sorted())")
        for (file, bytes) in a.sorted(by: { $0.key < $1.key }) {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(b[file] == bytes, "\(file) differs between two code versions of the writer")
            #expect(!text.contains(versions[0]), "\(file) names the writer's code version")
            if !file.hasSuffix("provenance.json") { #expect(!text.contains("git:"), "\(file) names a code version") }
        }
        // The smoke cells' own code version is in the provenance file only.
        let smoke = try JSONSerialization.jsonObject(with: try #require(a["smoke/provenance.json"])) as? [String: Any]
        #expect((smoke?["environments"] as? [Any])?.isEmpty == false)
        let index = String(decoding: try #require(a["index.html"]), as: UTF8.self)
        #expect(index.contains("<a href=\"smoke/report.html\">") && index.contains("<a href=\"xor/provenance.json\">"))
        #expect(!index.contains("<table"), "the index copies tables")
        let figure = try #require(index.range(of: "<figure"))
        #expect(index.range(of: "<section")!.lowerBound < figure.lowerBound)
        #expect(!index[..<figure.lowerBound].contains("<details") && !index[..<figure.lowerBound].contains("<p class=\"note\">"))
    }

    /// `bench` alone prints the help (exit 0); `bench --grid NAME` is the default subcommand.
    @Test func bareBenchPrintsTheHelp() throws {
        let r = try BenchProcess.run([], in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        #expect(r.stdout.contains("SUBCOMMANDS:") && r.stdout.contains("grid (default)"), "\(r.stdout)")
    }

    @Test func htmlReportWritesThePageAndTheFilesItLinksAndSaysSo() throws {
        let reference = try EndToEndTests.reference.get()
        let dir = try BenchProcess.temporaryDirectory()
        let page = dir.appendingPathComponent("out/index.html")
        let args = ["report", "--grid", "smoke", "--format", "html", "--store", reference.path, "--out", page.path]
        let r = try BenchProcess.run(args, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir.appendingPathComponent("out").path
        let written = ["index.html", "index.md", "index.tex", "index.csv", "index.json", "provenance.json"].map { "\(out)/\($0)" }
        #expect(r.stderr == "wrote " + written.joined(separator: ", ") + "\n")
        for path in written { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        let html = try String(contentsOf: page, encoding: .utf8)
        // Smoke: one dataset (pid-xor) and the comparison table, every objective a row.
        #expect(html.components(separatedBy: "<table").count - 1 == 2)
        #expect(html.contains("<th scope=\"row\">synib-oracle</th>"))
        for ext in ["md", "tex", "csv", "json"] { #expect(html.contains("<a href=\"index.\(ext)\">")) }
        // The answer first: the forest plot precedes every table.
        let figure = try #require(html.range(of: "<figure id=\"answer-smoke\" class=\"answer\">"))
        #expect(figure.lowerBound < html.range(of: "<table")!.lowerBound)
        // Byte-stable.
        let again = try BenchProcess.run(args, in: dir)
        #expect(again.status == 0 && again.stderr == r.stderr, "\(again.stderr)")
        #expect(try String(contentsOf: page, encoding: .utf8) == html)
        // Several grids: only as HTML.
        let md = try BenchProcess.run(["report", "--grid", "smoke", "--grid", "xor", "--store", reference.path], in: dir)
        #expect(md.status == 64 && md.stderr.contains("several grids need --format html"))
    }

    @Test func gridRunEndsBySayingWhichFilesItWrote() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("store.sqlite")
        try BenchProcess.copyReference(to: store)
        // The default: the grid's results folder results/smoke/.
        let r = try BenchProcess.run(["--grid", "smoke", "--store", store.path, "--cache", BenchProcess.cache.path], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let written = ["md", "tex", "csv", "json", "html"].map { "results/smoke/report.\($0)" } + ["results/smoke/provenance.json"]
        let last = try #require(r.stderr.split(separator: "\n").last)
        #expect(last == "wrote " + written.joined(separator: ", "))
        for path in written { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(path).path), "\(path)") }
        #expect(r.stdout.hasPrefix("# Grid `smoke`"))
    }
}
