import Foundation
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
        (["list", "nope"], "Usage: bench list "),
    ])
    func unknownNamesExit64WithTheirUsageLine(_ arguments: [String], _ usage: String) throws {
        let r = try BenchProcess.run(arguments, in: try BenchProcess.temporaryDirectory())
        #expect(r.status == 64, "\(arguments): exit \(r.status)")
        #expect(r.stderr.contains("'nope'"), "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains(usage), "\(arguments): \(r.stderr)")
    }

    @Test func htmlReportWritesThePageAndTheFilesItLinksAndSaysSo() throws {
        let reference = try EndToEndTests.reference.get()
        let dir = try BenchProcess.temporaryDirectory()
        let page = dir.appendingPathComponent("out/index.html")
        let args = ["report", "--grid", "smoke", "--format", "html", "--store", reference.path, "--out", page.path]
        let r = try BenchProcess.run(args, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let out = dir.appendingPathComponent("out").path
        let written = ["index.html", "smoke.md", "smoke.tex", "smoke.csv", "smoke.json", "smoke-comparisons.tex", "smoke-pid-xor.tex"]
            .map { "\(out)/\($0)" }
        #expect(r.stderr == "wrote " + written.joined(separator: ", ") + "\n")
        for path in written { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        let html = try String(contentsOf: page, encoding: .utf8)
        // Smoke: one dataset (pid-xor) and the comparison table, every objective a row.
        #expect(html.components(separatedBy: "<table").count - 1 == 2)
        #expect(html.contains("<th scope=\"row\">synib-oracle</th>"))
        for ext in ["md", "tex", "csv", "json"] { #expect(html.contains("<a href=\"smoke.\(ext)\">")) }
        // Byte-stable; linked files already there are left as they are.
        let again = try BenchProcess.run(args, in: dir)
        #expect(again.status == 0 && again.stderr == "wrote \(page.path)\n", "\(again.stderr)")
        #expect(try String(contentsOf: page, encoding: .utf8) == html)
        // Several grids: only as HTML.
        let md = try BenchProcess.run(["report", "--grid", "smoke", "--grid", "xor", "--store", reference.path], in: dir)
        #expect(md.status == 64 && md.stderr.contains("several grids need --format html"))
    }

    @Test func gridRunEndsBySayingWhichFilesItWrote() throws {
        let dir = try BenchProcess.temporaryDirectory()
        let store = dir.appendingPathComponent("store.sqlite")
        try BenchProcess.copyReference(to: store)
        let markdown = dir.appendingPathComponent("results/smoke.md").path
        let r = try BenchProcess.run(["--grid", "smoke", "--store", store.path, "--cache", BenchProcess.cache.path,
                                      "--out", markdown], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let base = String(markdown.dropLast(3))
        let written = ["md", "tex", "csv", "json", "html"].map { "\(base).\($0)" } + ["comparisons", "pid-xor"].map { "\(base)-\($0).tex" }
        let last = try #require(r.stderr.split(separator: "\n").last)
        #expect(last == "wrote " + written.joined(separator: ", "))
        for path in written { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        #expect(r.stdout.hasPrefix("# Grid `smoke`"))
    }
}
