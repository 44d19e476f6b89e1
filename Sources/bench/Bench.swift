import ArgumentParser
import Foundation

/// The `bench` command-line tool: runs, reports and inspects synib-bench experiments.
/// `bench --grid NAME [run options]` runs the grid and prints its Markdown report
/// (``GridCommand``); everything else goes to the subcommands.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Reproduce and extend the SynIB experiments.",
        discussion: "bench --grid NAME [run options] = bench run --grid NAME + the Markdown report on stdout "
            + "and in results/NAME.md (see `bench grid --help`).\n" + HarnessExit.help,
        subcommands: [GridCommand.self, RunCommand.self, ReportCommand.self, ListCommand.self, MergeCommand.self,
                      Train.self, Speed.self])

    /// `bench --grid …` (no subcommand, options first) is `bench grid --grid …`; anything else parses normally.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, first == "--grid" || first.hasPrefix("--grid=") {
            GridCommand.main(arguments)
        } else {
            Bench.main(arguments)
        }
    }
}
