import ArgumentParser
import Foundation
import Tensors

/// `--blas-kernel`, shared by the commands that train (train, run, grid, cell, speed).
struct BLASKernelOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "OpenBLAS kernel family: pinned (default: Haswell on every x86-64 CPU with AVX2, the same bits everywhere), "
            + "fastest (SkylakeX/Cooperlake with AVX-512, Zen/Haswell with AVX2), native (OpenBLAS's own detection) "
            + "or a core type such as SkylakeX. An OPENBLAS_CORETYPE set in the environment wins.",
        valueName: "pinned|fastest|native|NAME"))
    var blasKernel: BLASKernelRequest = .pinned

    /// The arguments that pass this choice on to a child `bench` process.
    var childArguments: [String] { ["--blas-kernel", blasKernel.description] }
}

extension BLASKernelRequest: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
    public static var defaultCompletionKind: CompletionKind { .list(["pinned", "fastest", "native"] + BLASKernel.coreTypes) }
}

/// Applies `--blas-kernel` before anything trains: OpenBLAS reads `OPENBLAS_CORETYPE` when the
/// library is loaded, before `main`, so the process sets the variable and re-executes itself
/// (same executable, same arguments). Then it reads back the kernel that runs and warns loudly
/// on standard error when it is a generic fallback on a CPU with AVX2/AVX-512.
enum KernelPin {
    /// Subcommands that train (`bench check` trains a grid too).
    static let trainingCommands: Set<String> = ["train", "run", "grid", "cell", "speed", "check"]

    /// Whether `arguments` (without the program name) run a command that trains.
    static func trains(_ arguments: [String]) -> Bool {
        guard let first = arguments.first else { return false }
        if trainingCommands.contains(first) { return true }
        // `bench [options] --grid NAME`: the root shortcut for `bench grid`.
        return first.hasPrefix("-") && arguments.contains { $0 == "--grid" || $0.hasPrefix("--grid=") }
    }

    /// The `--blas-kernel` value in `arguments` (pinned when absent; nil when it does not parse,
    /// which the command's own parsing then reports).
    static func request(in arguments: [String]) -> BLASKernelRequest? {
        var value: String?
        for (i, a) in arguments.enumerated() {
            if a == "--blas-kernel", i + 1 < arguments.count { value = arguments[i + 1] }
            if a.hasPrefix("--blas-kernel=") { value = String(a.dropFirst("--blas-kernel=".count)) }
        }
        guard let value else { return .pinned }
        return try? BLASKernelRequest(parsing: value)
    }

    /// Re-executes the process with the requested kernel when needed, else warns about the kernel that runs.
    static func apply(arguments: [String]) {
        guard trains(arguments), let request = request(in: arguments) else { return }
        let environment = ProcessInfo.processInfo.environment
        switch BLASKernel.decide(request, environment: environment, features: CPUFeatures.current) {
        case .reexecute(let coreType):
            setenv(BLASKernel.coreTypeVariable, coreType, 1)
            setenv(BLASKernel.requestVariable, request.description, 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            // Only reached when exec failed: say so and train with what is loaded.
            let reason = String(cString: strerror(errno))
            warn("could not re-execute with OPENBLAS_CORETYPE=\(coreType) (\(reason)); OpenBLAS runs \(BLASKernel.coreName)")
        case .keep(_, let note):
            if let note { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        }
        let requested = environment[BLASKernel.coreTypeVariable].flatMap { $0.isEmpty ? nil : $0 }
        for line in BLASKernel.warnings(coreName: BLASKernel.coreName, requested: requested, features: CPUFeatures.current) {
            warn(line)
        }
    }

    private static func warn(_ line: String) {
        FileHandle.standardError.write(Data("WARNING: \(line)\n".utf8))
    }
}
