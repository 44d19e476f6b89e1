import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sequential source of bytes (a file, a gzip stream, a buffer in memory).
public protocol ByteReader: AnyObject {
    /// The name used in error messages (usually the file path).
    var name: String { get }
    /// Reads up to `buffer.count` bytes; returns fewer only at the end of the data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteReader {
    /// Fills `buffer` completely or throws a truncation error naming `field`.
    func readExactly(into buffer: UnsafeMutableRawBufferPointer, field: String) throws {
        let got = try read(into: buffer)
        if got != buffer.count {
            throw DataError(file: name, field: field,
                            "truncated: expected \(buffer.count) bytes, found \(got)")
        }
    }

    /// Reads exactly `count` bytes into a new array.
    func readBytes(_ count: Int, field: String) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        try bytes.withUnsafeMutableBytes { try readExactly(into: $0, field: field) }
        return bytes
    }

    /// True when no byte is left (consumes at most one byte).
    func atEnd() throws -> Bool {
        var byte: UInt8 = 0
        return try withUnsafeMutableBytes(of: &byte) { try read(into: $0) } == 0
    }
}

/// Reads a file sequentially through a C `FILE*` (large buffered reads, no per-call allocation).
public final class FileByteReader: ByteReader {
    public let name: String
    private var handle: UnsafeMutablePointer<FILE>?
    /// Size of the file in bytes when it was opened.
    public let fileSize: Int
    /// Called with every chunk read (e.g. to hash the file while it is being decoded).
    var observer: ((UnsafeRawBufferPointer) -> Void)?

    /// Opens `url` for reading.
    public init(url: URL) throws {
        name = url.path
        guard let h = fopen(url.path, "rb") else {
            throw DataError(file: url.path, field: "file", "cannot open: \(String(cString: strerror(errno)))")
        }
        handle = h
        var st = stat()
        fileSize = fstat(fileno(h), &st) == 0 ? Int(st.st_size) : 0
    }

    deinit { if let h = handle { fclose(h) } }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let h = handle, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var total = 0
        while total < buffer.count {
            let n = fread(base + total, 1, buffer.count - total, h)
            if n == 0 {
                if ferror(h) != 0 { throw DataError(file: name, field: "file", "read error") }
                break
            }
            total += n
        }
        if let observer, total > 0 { observer(UnsafeRawBufferPointer(rebasing: buffer[0..<total])) }
        return total
    }
}

/// Reads from bytes held in memory.
public final class MemoryByteReader: ByteReader {
    public let name: String
    private let bytes: [UInt8]
    private var position = 0

    /// Wraps `bytes`; `name` is used in error messages.
    public init(_ bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - position)
        guard n > 0, let dst = buffer.baseAddress else { return 0 }
        bytes.withUnsafeBytes { src in
            dst.copyMemory(from: src.baseAddress! + position, byteCount: n)
        }
        position += n
        return n
    }
}

/// Reads a whole file into memory, with a clear error.
func readWholeFile(_ url: URL) throws -> [UInt8] {
    let reader = try FileByteReader(url: url)
    var out = [UInt8](repeating: 0, count: reader.fileSize)
    let got = try out.withUnsafeMutableBytes { try reader.read(into: $0) }
    if got < out.count { out.removeLast(out.count - got) }
    // A file that grew while we read it: read the rest too.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = try chunk.withUnsafeMutableBytes { try reader.read(into: $0) }
        if n == 0 { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}

/// Writes `data` to `url` atomically enough for our purposes: a temporary file in the same
/// directory, then rename(2).
func writeFileAtomically(_ bytes: [UInt8], to url: URL) throws {
    let tmp = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UUID().uuidString)")
    do {
        try Data(bytes).write(to: tmp)
        if rename(tmp.path, url.path) != 0 {
            throw DataError(file: url.path, field: "file", "rename failed: \(String(cString: strerror(errno)))")
        }
    } catch {
        try? FileManager.default.removeItem(at: tmp)
        throw error
    }
}

