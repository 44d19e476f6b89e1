import Foundation

/// Where the cells behind a report ran, read from their stored ``RunEnvironment``s: the
/// distinct code versions, kernels, CPUs and toolchains, and which tables mix code versions or
/// kernels (numbers from different code or kernels are not comparable bit for bit). A function
/// of the stored rows only, so a store always gives the same text.
public struct ReportProvenance: Sendable, Equatable {
    /// One distinct environment and how many of the report's cells ran in it.
    public struct Environment: Sendable, Equatable, Comparable {
        /// Code version (`git:<commit>[-dirty]` or the package version).
        public let code: String
        /// OpenBLAS version, kernel and how the kernel was chosen, e.g. "OpenBLAS 0.3.21, Haswell (pinned)".
        public let blas: String
        /// CPU model.
        public let cpu: String
        /// Swift version and OS.
        public let toolchain: String
        /// Cells that ran in it.
        public let cells: Int

        public static func < (a: Environment, b: Environment) -> Bool {
            (a.code, a.blas, a.cpu, a.toolchain) < (b.code, b.blas, b.cpu, b.toolchain)
        }
    }

    /// The distinct environments, sorted.
    public let environments: [Environment]
    /// Done cells stored without an environment (written before it was recorded).
    public let cellsWithoutEnvironment: Int
    /// Per dataset (table) that mixes code versions or BLAS kernels, one warning line.
    public let warnings: [String: String]

    /// The provenance of `records` (done cells), grouped by `tableOf` (dataset label by key).
    public init(records: [CellRecord], tableOf: [String: String]) {
        self.init(environments: records.map { ($0.key, $0.runEnvironment) }, tableOf: tableOf)
    }

    /// The provenance of done cells given by key with their decoded environments (nil: none stored).
    public init(environments cells: [(key: String, environment: RunEnvironment?)], tableOf: [String: String]) {
        var counts: [String: (Environment, Int)] = [:]
        var missing = 0
        var codes: [String: Set<String>] = [:], kernels: [String: Set<String>] = [:]
        for (key, environment) in cells {
            guard let e = environment else {
                missing += 1
                continue
            }
            let entry = Environment(code: e.code, blas: "OpenBLAS \(e.openblas), \(e.blasKernel) (\(e.blasKernelSource))",
                                    cpu: e.cpu, toolchain: "Swift \(e.swift), \(e.os)", cells: 0)
            let id = "\(entry.code)|\(entry.blas)|\(entry.cpu)|\(entry.toolchain)"
            counts[id] = (entry, (counts[id]?.1 ?? 0) + 1)
            if let table = tableOf[key] {
                codes[table, default: []].insert(e.code)
                kernels[table, default: []].insert(e.blasKernel)
            }
        }
        environments = counts.values.map { Environment(code: $0.0.code, blas: $0.0.blas, cpu: $0.0.cpu,
                                                      toolchain: $0.0.toolchain, cells: $0.1) }.sorted()
        cellsWithoutEnvironment = missing
        var warnings: [String: String] = [:]
        for table in Set(codes.keys).union(kernels.keys) {
            var parts: [String] = []
            if let c = codes[table], c.count > 1 { parts.append("code versions " + c.sorted().joined(separator: ", ")) }
            if let k = kernels[table], k.count > 1 { parts.append("BLAS kernels " + k.sorted().joined(separator: ", ")) }
            if !parts.isEmpty {
                warnings[table] = "⚠ This table mixes cells from different \(parts.joined(separator: " and ")); "
                    + "its numbers are not comparable bit for bit (rerun with --force to make them uniform)."
            }
        }
        self.warnings = warnings
    }

    /// The footer lines (no markup): one line per environment, then the cells without one. Empty
    /// when no cell has an environment (a store written before provenance was recorded).
    public var lines: [String] {
        guard !environments.isEmpty else { return [] }
        var out = environments.map { e in
            "\(e.cells) cell(s): code \(e.code); \(e.blas); CPU \(e.cpu); \(e.toolchain)"
        }
        if cellsWithoutEnvironment > 0 {
            out.append("\(cellsWithoutEnvironment) cell(s) stored without provenance (written by an older bench)")
        }
        return out
    }
}
