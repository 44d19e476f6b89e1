import Foundation
import PackagePlugin

/// Compiles the SHA-256 of the package's numerical source into the target it is applied to
/// (`numericsSourceDigest`, see Sources/NumericsDigest). Every file under Sources/ and
/// Package.swift is an input, so the digest is recomputed after any edit; the tool decides which
/// of them count, and rewrites its output only when the digest changed.
@main struct NumericsDigestPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("NumericsSourceDigest.swift")
        var inputs = [root.appendingPathComponent("Package.swift")]
        let sources = root.appendingPathComponent("Sources")
        if let walk = FileManager.default.enumerator(atPath: sources.path) {
            for case let relative as String in walk {
                var isDirectory: ObjCBool = false
                let url = sources.appendingPathComponent(relative)
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    inputs.append(url)
                }
            }
        }
        return [.buildCommand(displayName: "Digest of the numerical source",
                              executable: try context.tool(named: "numerics-digest").url,
                              arguments: [root.path, output.path], inputFiles: inputs, outputFiles: [output])]
    }
}
