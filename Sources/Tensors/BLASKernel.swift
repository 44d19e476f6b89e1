import CBLAS
import Foundation

/// Which OpenBLAS kernel family (core type) a training command asks for (`--blas-kernel`).
///
/// OpenBLAS built with DYNAMIC_ARCH picks its GEMM kernels per CPU when the library is loaded,
/// and different kernels round differently: the same run on an Intel Xeon with AVX-512 and on an
/// AMD EPYC gives different numbers. ``pinned`` (the default) uses one family every AVX2 machine
/// has, so results are the same bits on every x86-64 CPU with AVX2 (docs/METHOD.md, "Numerical
/// reproducibility").
public enum BLASKernelRequest: Equatable, Sendable, CustomStringConvertible {
    /// The reproducible default: ``BLASKernel/pinnedCoreType`` on x86-64 with AVX2.
    case pinned
    /// The fastest family the CPU supports (SkylakeX/Cooperlake with AVX-512, Zen/Haswell with AVX2).
    case fastest
    /// OpenBLAS's own CPU detection (may fall back to a generic kernel on CPUs it does not know).
    case native
    /// One of OpenBLAS's core type names (``BLASKernel/coreTypes``), canonically spelt.
    case named(String)

    /// Parses `pinned`, `fastest`, `native` or a core type name (case-insensitive).
    public init(parsing text: String) throws {
        switch text.lowercased() {
        case "pinned": self = .pinned
        case "fastest": self = .fastest
        case "native": self = .native
        default:
            guard let name = BLASKernel.coreTypes.first(where: { $0.lowercased() == text.lowercased() }) else {
                throw BLASKernelError("--blas-kernel: '\(text)' is not pinned, fastest, native or an OpenBLAS core type ("
                                      + BLASKernel.coreTypes.joined(separator: ", ") + ")")
            }
            self = .named(name)
        }
    }

    /// The text `init(parsing:)` reads back.
    public var description: String {
        switch self {
        case .pinned: "pinned"
        case .fastest: "fastest"
        case .native: "native"
        case .named(let name): name
        }
    }
}

/// A `--blas-kernel` value that is not understood.
public struct BLASKernelError: Error, CustomStringConvertible {
    /// What was wrong.
    public let description: String
    /// An error with its message.
    public init(_ description: String) { self.description = description }
}

/// The instruction-set features of the CPU that decide which kernels can run.
public struct CPUFeatures: Sendable, Equatable {
    /// "model name" of /proc/cpuinfo (e.g. "AMD EPYC 9B14"), or the architecture elsewhere.
    public var model: String
    /// "vendor_id" of /proc/cpuinfo ("GenuineIntel", "AuthenticAMD"), empty if unknown.
    public var vendor: String
    /// x86-64 (the only architecture with a kernel choice here).
    public var isX86_64: Bool
    /// AVX2 and FMA (what the Haswell kernels use).
    public var avx2: Bool
    /// AVX-512 Foundation (SkylakeX kernels).
    public var avx512: Bool
    /// AVX-512 BF16 (Cooperlake kernels).
    public var avx512bf16: Bool

    /// A feature set.
    public init(model: String, vendor: String, isX86_64: Bool, avx2: Bool, avx512: Bool, avx512bf16: Bool) {
        self.model = model
        self.vendor = vendor
        self.isX86_64 = isX86_64
        self.avx2 = avx2
        self.avx512 = avx512
        self.avx512bf16 = avx512bf16
    }

    /// This machine's features, read from /proc/cpuinfo (first processor).
    public static let current: CPUFeatures = {
        #if arch(x86_64)
        let x86 = true
        #else
        let x86 = false
        #endif
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return parse(cpuinfo: text, isX86_64: x86)
    }()

    /// Features from the text of /proc/cpuinfo (only the first processor's block is read).
    public static func parse(cpuinfo: String, isX86_64: Bool) -> CPUFeatures {
        var fields: [String: String] = [:]
        for line in cpuinfo.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty, !fields.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        let flags = Set((fields["flags"] ?? "").split(separator: " ").map(String.init))
        #if arch(x86_64)
        let fallbackModel = "x86_64"
        #elseif arch(arm64)
        let fallbackModel = "arm64"
        #else
        let fallbackModel = "unknown"
        #endif
        return CPUFeatures(model: fields["model name"] ?? fields["Model"] ?? fallbackModel,
                           vendor: fields["vendor_id"] ?? "", isX86_64: isX86_64,
                           avx2: flags.contains("avx2") && flags.contains("fma"), avx512: flags.contains("avx512f"),
                           avx512bf16: flags.contains("avx512_bf16"))
    }
}

/// Choosing, applying and reading back OpenBLAS's kernel family.
///
/// OpenBLAS reads `OPENBLAS_CORETYPE` in its library constructor, before `main` runs, so a
/// process that wants another kernel sets the variable and re-executes itself (``decide``
/// says when; the `bench` executable does the re-exec). What ran is always read back from the
/// library (``coreName``).
public enum BLASKernel {
    /// The environment variable OpenBLAS reads at load time.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"
    /// Set next to `OPENBLAS_CORETYPE` when `bench` chose it (the `--blas-kernel` value), so the
    /// re-executed process and its children know the variable is not the user's.
    public static let requestVariable = "SYNIB_BLAS_KERNEL"
    /// The family of the reproducible pin: every x86-64 CPU with AVX2 and FMA runs it.
    public static let pinnedCoreType = "Haswell"

    /// OpenBLAS's x86-64 core type names (driver/others/dynamic.c, 0.3.x), as `openblas_get_corename` spells them.
    public static let coreTypes = [
        "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom", "Core2", "Penryn", "Dunnington",
        "Nehalem", "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Sandybridge", "Bobcat",
        "Bulldozer", "Piledriver", "Haswell", "Steamroller", "Excavator", "Zen", "SkylakeX", "Cooperlake",
        "SapphireRapids",
    ]

    /// Core types whose GEMM kernels use AVX2 or AVX-512; any other on a CPU with AVX2 is a fallback.
    public static let vectorCoreTypes: Set<String> = ["haswell", "excavator", "zen", "skylakex", "cooperlake", "sapphirerapids"]

    /// The core type OpenBLAS selected in this process (e.g. "Haswell", "Prescott").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build configuration, e.g. "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
    public static var configuration: String {
        guard let config = openblas_get_config() else { return "unknown" }
        return String(cString: config).trimmingCharacters(in: .whitespaces)
    }

    /// The OpenBLAS version from ``configuration`` ("0.3.21"), "unknown" if it does not say.
    public static var version: String {
        let words = configuration.split(separator: " ")
        guard let i = words.firstIndex(of: "OpenBLAS"), i + 1 < words.count else { return "unknown" }
        return String(words[i + 1])
    }

    /// What to do before training: keep the process as it is, or set `OPENBLAS_CORETYPE` and re-execute.
    public enum Decision: Equatable, Sendable {
        /// Run as is; `source` is recorded ("pinned", "fastest", a core type, "native", "environment").
        case keep(source: String, note: String?)
        /// Set `OPENBLAS_CORETYPE=coreType` (and ``requestVariable``) and re-execute.
        case reexecute(coreType: String)
    }

    /// The decision for `request` in `environment` on a CPU with `features`. An
    /// `OPENBLAS_CORETYPE` that `bench` did not set is the user's and is respected.
    public static func decide(_ request: BLASKernelRequest, environment: [String: String], features: CPUFeatures) -> Decision {
        if let set = environment[coreTypeVariable], !set.isEmpty {
            if let ours = environment[requestVariable], ours == request.description { return .keep(source: ours, note: nil) }
            let note = request == .pinned ? nil
                : "OPENBLAS_CORETYPE=\(set) is set in the environment; it is used instead of --blas-kernel \(request)"
            return .keep(source: "environment", note: note)
        }
        guard features.isX86_64 else {
            return .keep(source: "native", note: request == .native ? nil
                         : "no kernel choice on this architecture; OpenBLAS's own detection runs")
        }
        switch request {
        case .native:
            return .keep(source: "native", note: nil)
        case .pinned:
            guard features.avx2 else {
                return .keep(source: "native", note: "this CPU lacks AVX2/FMA, so the \(pinnedCoreType) pin cannot run here; "
                             + "OpenBLAS's own choice runs and results may differ from AVX2 machines")
            }
            return .reexecute(coreType: pinnedCoreType)
        case .fastest:
            if features.avx512 { return .reexecute(coreType: features.avx512bf16 ? "Cooperlake" : "SkylakeX") }
            if features.avx2 { return .reexecute(coreType: features.vendor == "AuthenticAMD" ? "Zen" : "Haswell") }
            return .keep(source: "native", note: "no AVX2 on this CPU; OpenBLAS's own choice is the fastest available")
        case .named(let name):
            return .reexecute(coreType: name)
        }
    }

    /// How the kernel of this process was chosen, from its environment: the `--blas-kernel`
    /// value when `bench` set `OPENBLAS_CORETYPE`, "environment" when the user did, else "native".
    public static func source(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let set = environment[coreTypeVariable], !set.isEmpty else { return "native" }
        return environment[requestVariable] ?? "environment"
    }

    /// Warnings about the kernel that runs: a generic fallback on a CPU with AVX2/AVX-512, or a
    /// requested core type OpenBLAS did not take. Empty when all is well.
    public static func warnings(coreName: String, requested: String?, features: CPUFeatures) -> [String] {
        var lines: [String] = []
        if let requested, requested.lowercased() != coreName.lowercased() {
            lines.append("OpenBLAS was asked for the \(requested) kernel (OPENBLAS_CORETYPE) but runs \(coreName); "
                         + "this OpenBLAS (\(version)) may not know \(requested)")
        }
        if features.isX86_64, features.avx2 || features.avx512, !vectorCoreTypes.contains(coreName.lowercased()) {
            lines.append("OpenBLAS runs its generic \(coreName) kernel on a CPU with \(features.avx512 ? "AVX-512" : "AVX2") "
                         + "(\(features.model)): training is several times slower than it should be and its numbers "
                         + "differ from other machines; use --blas-kernel pinned (the default) or fastest")
        }
        return lines
    }
}
