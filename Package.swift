// swift-tools-version: 6.1
// synib-bench: reproduce and extend the SynIB experiments (see README.md and docs/METHOD.md).
import PackageDescription

/// The numeric targets are optimised in the debug configuration too, so that the documented
/// `swift run bench …` trains at release speed (docs/HARNESS.md, "Speed of `swift run`"); the
/// other targets keep -Onone for debugging. Unsafe flags are allowed in a root package.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
let optimisedInDebugC: [CSetting] = [.unsafeFlags(["-O3"], .when(configuration: .debug))]

let package = Package(
    name: "synib-bench",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Objectives", targets: ["Objectives"]),
        .library(name: "Harness", targets: ["Harness"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Information", targets: ["Information"]),
        .executable(name: "bench", targets: ["bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // System libraries (Debian: libopenblas-dev, zlib1g-dev). The zlib shim is not called
        // `CZlib` because ZIPFoundation ships a module `CZLib` and Clang module names clash.
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CZlibShim", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMalloc"),
        // LAPACK's symmetric eigensolver from the same OpenBLAS library (PCA in Information).
        .systemLibrary(name: "CLAPACK", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        // SHA-256 from OpenSSL's libcrypto (Debian: libssl-dev): a fresh clone compiles no TLS library.
        .systemLibrary(
            name: "COpenSSLCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),

        // Element-wise kernels in C (vector extensions): the optimiser updates.
        .target(name: "CKernels", cSettings: optimisedInDebugC),

        // Tensors, kernels, autodiff, layers, optimisers, losses, RNG.
        .target(name: "Tensors", dependencies: ["CBLAS", "CKernels"], swiftSettings: optimisedInDebug),

        // File formats, the dataset model, generators, loaders and the feature cache.
        .target(
            name: "Datasets",
            dependencies: [
                "Tensors", "CZlibShim",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                "COpenSSLCrypto",
            ],
            exclude: ["Resources/README.md"],
            resources: [.copy("Resources/digits.csv.gz"),
                        .copy("Resources/mfeat-fou.csv.gz"), .copy("Resources/mfeat-fac.csv.gz"),
                        .copy("Resources/mfeat-kar.csv.gz"), .copy("Resources/mfeat-pix.csv.gz"),
                        .copy("Resources/mfeat-zer.csv.gz"), .copy("Resources/mfeat-mor.csv.gz"),
                        .copy("Resources/pid-xor-authors-matrices.csv")],
            swiftSettings: optimisedInDebug),

        // Models, trainer, objectives (vanilla, unimodal, ensemble, SynIB), masks, subsets.
        .target(name: "Objectives", dependencies: ["Tensors", "Datasets"], swiftSettings: optimisedInDebug),

        // Partial information decomposition: discretisation (PCA, k-means), BROJA solver, PID cards.
        .target(name: "Information", dependencies: ["Tensors", "Datasets", "CBLAS", "CLAPACK"]),

        // The list of numerical source files and their SHA-256 (what cell keys hold, see
        // docs/HARNESS.md), the tool that writes it into a Swift file and the build plugin that
        // runs the tool when Harness builds.
        .target(name: "NumericsDigest", dependencies: ["COpenSSLCrypto"]),
        .executableTarget(name: "numerics-digest", dependencies: ["NumericsDigest"]),
        .plugin(name: "NumericsDigestPlugin", capability: .buildTool(), dependencies: ["numerics-digest"]),

        // Running grids: grid DSL, planner, runner, `GridRun` (plan and run a grid from Swift), cell
        // claims, SQLite run store (GRDB), run environment (provenance), the process's heap tuning.
        .target(
            name: "Harness",
            dependencies: [
                "Tensors", "Datasets", "Objectives", "Information", "CMalloc",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            plugins: ["NumericsDigestPlugin"]),

        // Reporting: report rows aggregated from the store, Markdown / LaTeX / CSV / JSON tables, the
        // HTML page, SVG figures, `GridReport` (a grid's results folder from Swift), `bench check` /
        // `compare` / `export`; Statistics/: paired bootstrap, McNemar, sign-flip, Holm, emphasis.
        .target(name: "Reports", dependencies: ["Tensors", "Harness", "Information", "Objectives"]),

        // The grid definitions (one file per grid plus the registry).
        // Published numbers shown beside a grid's own are JSON files in experiments/published/.
        .target(name: "Experiments", dependencies: ["Harness", "Datasets", "Objectives"], path: "experiments",
                resources: [.copy("published")]),

        // The command-line tool.
        .executableTarget(
            name: "bench",
            dependencies: [
                "Tensors", "Datasets", "Objectives", "Harness", "Experiments", "Reports", "Information",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "CKernels"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "ObjectivesTests", dependencies: ["Objectives", "Datasets", "Tensors"]),
        .testTarget(name: "InformationTests", dependencies: ["Information", "Datasets", "Tensors"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Harness", "Datasets", "Objectives", "Information"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "Reports", "Experiments", "Datasets", "Objectives", "bench", "NumericsDigest"],
                    exclude: ["Golden"]),  // read from the source tree by SlurmTests
    ]
)
