import Foundation
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer target: arbitrary bytes as an .npz archive (written to a per-process temporary file,
// since ZIPFoundation reads files), through every reader: keys, read all, read by key.
private let path: String = {
    let dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
    return "\(dir)/synib-fuzz-npz-\(getpid()).npz"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNpz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let f = fopen(path, "wb") else { return 0 }
    if size > 0 { fwrite(data, 1, size, f) }
    fclose(f)
    let url = URL(fileURLWithPath: path)
    _ = try? NpzArchive.keys(url: url)
    _ = try? NpzArchive.read(url: url)
    _ = try? NpzArchive.read(url: url, keys: ["x", "label"])
    return 0
}
