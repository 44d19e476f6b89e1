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
        subcommands: [GridCommand.self, RunCommand.self, PlanCommand.self, ReportCommand.self, CheckCommand.self, CompareCommand.self,
                      ExportCommand.self, ListCommand.self, MergeCommand.self, SlurmCommand.self, CellCommand.self,
                      Train.self, Speed.self, Inspect.self, PIDCommand.self])

    /// `bench [options] --grid NAME [options]` (no subcommand) is `bench grid --grid NAME …`;
    /// anything else parses normally.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // Before anything trains: the BLAS kernel (may re-execute this process).
        KernelPin.apply(arguments: arguments)
        let rootHelp: Set<String> = ["-h", "--help", "help", "--version", "--experimental-dump-help"]
        if let first = arguments.first, first.hasPrefix("-"), !rootHelp.contains(first),
           arguments.contains(where: { $0 == "--grid" || $0.hasPrefix("--grid=") }) {
            GridCommand.main(arguments)
        } else {
            Bench.main(arguments)
        }
    }
}
