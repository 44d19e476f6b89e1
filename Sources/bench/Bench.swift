import ArgumentParser
import Foundation
import Harness

/// The `bench` command-line tool: runs, reports and inspects synib-bench experiments.
/// `bench --grid NAME [run options]` runs the grid and prints its Markdown report
/// (``GridCommand``); everything else goes to the subcommands.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Reproduce and extend the SynIB experiments.",
        discussion: """
            bench --grid NAME [run options] = bench run --grid NAME, then the Markdown report on stdout and the results folder results/NAME/ (see `bench grid --help`).

            Examples:
              bench --grid smoke
              bench report --grid paper --format html --out /tmp/paper/report.html
              bench plan --grid paper
            """ + "\n\n" + HarnessExit.help,
        version: versionText(),
        subcommands: [GridCommand.self, RunCommand.self, PlanCommand.self, ReportCommand.self, CheckCommand.self, CompareCommand.self,
                      ExportCommand.self, ListCommand.self, MergeCommand.self, SlurmCommand.self, CellCommand.self,
                      Train.self, Speed.self, Inspect.self, PIDCommand.self],
        defaultSubcommand: GridCommand.self)

    /// Applies the BLAS kernel choice before anything is parsed or trained (it may re-execute this
    /// process) and the heap tuning every training command wants (``HeapTuning``), then parses;
    /// with no arguments at all, the help.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        KernelPin.apply(arguments: arguments)
        HeapTuning.keepFreedBuffers()
        run(arguments.isEmpty ? ["--help"] : arguments)
    }

    /// Parses and runs `arguments`. A usage error found while a subcommand runs (a selector that
    /// matches nothing, say) is printed with that subcommand's usage line, not bench's: once
    /// parsing is over, ArgumentParser no longer knows which subcommand failed.
    static func run(_ arguments: [String]) {
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            let usage = usageString(for: type(of: command))
            FileHandle.standardError.write(Data("Error: \(error.message)\nUsage: \(usage)\n  See 'bench \(commandPath(type(of: command))) --help' for more help.\n".utf8))
            Foundation.exit(64)
        } catch {
            exit(withError: error)
        }
    }

    /// "report" or "list grids": the subcommand names from bench down to `command`.
    static func commandPath(_ command: ParsableCommand.Type) -> String {
        func path(_ node: ParsableCommand.Type, _ trail: [String]) -> [String]? {
            if node == command { return trail }
            for sub in node.configuration.subcommands {
                if let found = path(sub, trail + [sub._commandName]) { return found }
            }
            return nil
        }
        return (path(Bench.self, []) ?? []).joined(separator: " ")
    }
}

/// "synib-bench 0.9.0 (git:<commit>), release build": the package version, the code version
/// (``RunEnvironment/code``) when built from a checkout, and the build configuration.
func versionText() -> String {
    #if DEBUG
    let configuration = "debug build (numeric targets optimised)"
    #else
    let configuration = "release build"
    #endif
    let code = codeVersion()
    return "synib-bench \(RunEnvironment.packageVersion)\(code.hasPrefix("git:") ? " (\(code))" : ""), \(configuration)"
}
