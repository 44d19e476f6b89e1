import COpenSSLCrypto
import Foundation

/// The numerical source of the package: every file a stored cell's numbers depend on, and its
/// SHA-256. A build plugin compiles the digest into the Harness module, which puts it into every
/// cell key (docs/HARNESS.md, "Cells keyed by the code that computes them"): editing any of these
/// files makes the cells computed before the edit stale; editing anything else (reports, the
/// command line, docs, tests, grids) keeps them.
public enum NumericsSource {
    /// Folders hashed whole, relative to the package root: the C kernels and the BLAS/LAPACK
    /// declarations they call, tensors and autodiff, data loading and generators (with the
    /// bundled data files), objectives and training, and the PID estimators.
    public static let folders = [
        "Sources/CKernels", "Sources/CBLAS", "Sources/CLAPACK", "Sources/Tensors", "Sources/Datasets",
        "Sources/Objectives", "Sources/Information",
    ]

    /// Single files hashed, relative to the package root: the harness code that runs a cell and
    /// encodes what is stored (training, evaluation, PID cards, prediction blobs), and the package
    /// manifest, which sets the numeric targets' compiler flags.
    public static let files = [
        "Sources/Harness/CellExecutor.swift", "Sources/Harness/BlobCodec.swift", "Package.swift",
    ]

    /// The hashed files under `root`, as sorted relative paths (hidden files are skipped; a
    /// missing folder or file is an error, so a renamed folder cannot silently drop out).
    public static func paths(root: URL) throws -> [String] {
        var paths: [String] = []
        let manager = FileManager.default
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: base.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw SourceDigestError(path: base.path, reason: "numerical source folder not found")
            }
            guard let walk = manager.enumerator(atPath: base.path) else {
                throw SourceDigestError(path: base.path, reason: "cannot list the folder")
            }
            for case let relative as String in walk {
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                var isDir: ObjCBool = false
                let full = base.appendingPathComponent(relative).path
                if manager.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
                    paths.append(folder + "/" + relative)
                }
            }
        }
        for file in files {
            guard manager.fileExists(atPath: root.appendingPathComponent(file).path) else {
                throw SourceDigestError(path: root.appendingPathComponent(file).path, reason: "numerical source file not found")
            }
            paths.append(file)
        }
        return paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Lowercase hex SHA-256 over the hashed files in sorted order, each fed as its relative
    /// path, a zero byte, its length (8 bytes, little-endian) and its bytes: a renamed, added or
    /// removed file changes the digest as an edit does.
    public static func digest(root: URL) throws -> String {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            throw SourceDigestError(path: root.path, reason: "OpenSSL cannot initialise a SHA-256 context")
        }
        defer { EVP_MD_CTX_free(context) }
        func feed(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { raw in if let base = raw.baseAddress { _ = EVP_DigestUpdate(context, base, raw.count) } }
        }
        for path in try paths(root: root) {
            let url = root.appendingPathComponent(path)
            let content: Data
            do { content = try Data(contentsOf: url) } catch {
                throw SourceDigestError(path: url.path, reason: "cannot read (\(error.localizedDescription))")
            }
            feed(Array(path.utf8) + [0])
            feed(withUnsafeBytes(of: UInt64(content.count).littleEndian) { Array($0) })
            feed(Array(content))
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else {
            throw SourceDigestError(path: root.path, reason: "OpenSSL cannot finish the SHA-256")
        }
        return digest.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
    }
}

/// A file of the numerical source that could not be hashed: its path and why.
public struct SourceDigestError: Error, CustomStringConvertible {
    /// The file or folder.
    public let path: String
    /// What went wrong.
    public let reason: String
    /// "PATH: REASON".
    public var description: String { "\(path): \(reason)" }
}
