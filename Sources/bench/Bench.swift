import ArgumentParser

/// The `bench` command-line tool: runs, reports and inspects synib-bench experiments.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Reproduce and extend the SynIB experiments.",
        subcommands: [Train.self, Speed.self])
}
