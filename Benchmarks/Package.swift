// swift-tools-version: 6.1
// Benchmarks for synib-bench, kept in their own package so that the main build and CI do not
// compile package-benchmark. `Sources/Tensors`, `Sources/CKernels` and `Sources/CBLAS` are symlinks to the main
// package's targets. Run from this directory: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "synib-bench-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .target(name: "CKernels", path: "Sources/CKernels"),
        .target(name: "Tensors", dependencies: ["CBLAS", "CKernels"], path: "Sources/Tensors"),
        .executableTarget(
            name: "TensorBenchmarks",
            dependencies: ["Tensors", "CBLAS", .product(name: "Benchmark", package: "benchmark")],
            path: "TensorBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    ]
)
