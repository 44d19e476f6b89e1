// zlib comes from the clang module `CZlib`. On Linux that is ZIPFoundation's module of the same
// name (two modules called CZlib cannot coexist in one build), elsewhere the project's shim; the
// macros inflateInit2/deflateInit2 are therefore called through their real functions
// inflateInit2_/deflateInit2_, which both modules expose.
import CZlibShim
import Foundation

/// Streaming gzip decompression (RFC 1952) through zlib, with the CRC-32 and length trailer
/// of every member checked. Concatenated members are read as one stream, as `gzip -d` does.
public final class GzipReader: ByteReader {
    public let name: String
    private let source: ByteReader
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputEnd = false
    private var finished = false
    private var initialised = false

    /// Decompresses the bytes of `source`.
    public init(source: ByteReader, inputBufferSize: Int = 1 << 22) throws {
        self.source = source
        self.name = source.name
        input = .allocate(byteCount: inputBufferSize, alignment: 16)
        let rc = synib_inflateInit2(&stream, 15 + 16)  // +16: gzip wrapper, CRC-32 and length checked
        // On failure deinit still runs (every property is initialised) and frees `input`.
        guard rc == Z_OK else { throw DataError(file: name, field: "gzip", "inflateInit2 failed (\(rc))") }
        initialised = true
    }

    /// Opens the gzip file at `url`.
    public convenience init(url: URL) throws {
        try self.init(source: FileByteReader(url: url))
    }

    deinit {
        if initialised { inflateEnd(&stream) }
        input.deallocate()
    }

    private func refill() throws {
        let n = try source.read(into: input)
        stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = uInt(n)
        if n == 0 { inputEnd = true }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0, !finished else { return 0 }
        var produced = 0
        while produced < buffer.count {
            if stream.avail_in == 0 && !inputEnd { try refill() }
            let want = min(buffer.count - produced, Int(UInt32.max))
            stream.next_out = (base + produced).assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(want)
            let rc = inflate(&stream, Z_NO_FLUSH)
            produced += want - Int(stream.avail_out)
            switch rc {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // Another member may follow (concatenated gzip); anything else is trailing junk.
                if stream.avail_in == 0 && !inputEnd { try refill() }
                if stream.avail_in == 0 { finished = true; return produced }
                let next = stream.next_in!.pointee
                if next != 0x1f {
                    throw DataError(file: name, field: "gzip", "unexpected bytes after the end of the gzip stream")
                }
                inflateReset(&stream)
            case Z_BUF_ERROR:
                if stream.avail_in == 0 && inputEnd {
                    throw DataError(file: name, field: "gzip", "truncated: the compressed stream ends before its trailer")
                }
                if stream.avail_out == 0 { continue }
            case Z_DATA_ERROR:
                let msg = stream.msg.map { String(cString: $0) } ?? "invalid data"
                let what = msg.contains("header") ? "not gzip data (\(msg))"
                    : msg.contains("check") ? "bad CRC-32: \(msg)" : (msg.contains("length") ? "bad length trailer: \(msg)" : msg)
                throw DataError(file: name, field: "gzip", what)
            case Z_MEM_ERROR:
                throw DataError(file: name, field: "gzip", "out of memory")
            default:
                throw DataError(file: name, field: "gzip", "inflate failed (\(rc))")
            }
        }
        return produced
    }
}

/// Gzip compression through zlib, streamed to a file or into memory.
public final class GzipWriter {
    private var stream = z_stream()
    private var output: UnsafeMutableRawBufferPointer
    private let sink: (UnsafeRawBufferPointer) throws -> Void
    private var closed = false
    private var initialised = false

    /// Compresses into `sink`, which receives compressed chunks in order. Level 1 (fast) to 9 (small).
    public init(level: Int32 = 6, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        self.sink = sink
        self.level = level
        self.currentLevel = level
        output = .allocate(byteCount: 1 << 18, alignment: 16)
        let rc = synib_deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        // On failure deinit still runs (every property is initialised) and frees `output`.
        guard rc == Z_OK else { throw DataError(file: "<gzip>", field: "gzip", "deflateInit2 failed (\(rc))") }
        initialised = true
    }

    deinit {
        if initialised { deflateEnd(&stream) }
        output.deallocate()
    }

    /// When true, the input is cut into runs of all-zero 4 KiB blocks (padding; compressed at
    /// the writer's level, ~1000:1) and data segments; a data segment whose byte entropy exceeds
    /// ``storeAboveEntropy`` bits (float features) is written as stored deflate blocks, which
    /// lose a few percent of size but decompress at memory speed. The output is an ordinary
    /// gzip stream that any reader accepts.
    public var adaptive = false
    /// Entropy threshold (bits per byte) of ``adaptive``.
    public var storeAboveEntropy = 7.0
    private let level: Int32
    private var currentLevel: Int32

    /// Compresses `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if !adaptive { return try feed(base, bytes.count) }
        let block = 4096
        var segmentStart = 0, segmentZero = GzipWriter.isZero(base, min(block, bytes.count))
        var offset = 0
        while offset < bytes.count {
            let n = min(block, bytes.count - offset)
            let zero = GzipWriter.isZero(base + offset, n)
            let segmentFull = offset - segmentStart >= 1 << 20
            if zero != segmentZero || segmentFull {
                try emitSegment(base + segmentStart, offset - segmentStart, zero: segmentZero)
                segmentStart = offset
                segmentZero = zero
            }
            offset += n
        }
        try emitSegment(base + segmentStart, bytes.count - segmentStart, zero: segmentZero)
    }

    private func emitSegment(_ p: UnsafeRawPointer, _ n: Int, zero: Bool) throws {
        guard n > 0 else { return }
        let store = !zero && GzipWriter.entropy(UnsafeRawBufferPointer(start: p, count: n)) > storeAboveEntropy
        try setLevel(store ? 0 : level)
        try feed(p, n)
    }

    private func feed(_ base: UnsafeRawPointer, _ count: Int) throws {
        var offset = 0
        while offset < count {
            let chunk = min(count - offset, 1 << 30)
            stream.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(chunk)
            try pump(flush: Z_NO_FLUSH)
            offset += chunk
        }
    }

    static func isZero(_ p: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if p.loadUnaligned(fromByteOffset: i, as: UInt64.self) != 0 { return false }
            i += 8
        }
        while i < n {
            if p.load(fromByteOffset: i, as: UInt8.self) != 0 { return false }
            i += 1
        }
        return true
    }

    /// Order-0 entropy of `bytes` in bits per byte.
    static func entropy(_ bytes: UnsafeRawBufferPointer) -> Double {
        var hist = [Int](repeating: 0, count: 256)
        for b in bytes { hist[Int(b)] += 1 }
        let n = Double(bytes.count)
        var h = 0.0
        for c in hist where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h
    }

    private func setLevel(_ newLevel: Int32) throws {
        guard newLevel != currentLevel else { return }
        stream.avail_in = 0
        while true {
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let rc = deflateParams(&stream, newLevel, Z_DEFAULT_STRATEGY)
            let have = output.count - Int(stream.avail_out)
            if have > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<have])) }
            if rc == Z_BUF_ERROR && stream.avail_out == 0 { continue }
            guard rc == Z_OK || rc == Z_BUF_ERROR else { throw DataError(file: "<gzip>", field: "gzip", "deflateParams failed (\(rc))") }
            break
        }
        currentLevel = newLevel
    }

    /// Finishes the stream (writes the CRC-32 and length trailer).
    public func finish() throws {
        guard !closed else { return }
        closed = true
        try pump(flush: Z_FINISH)
    }

    private func pump(flush: Int32) throws {
        while true {
            stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(output.count)
            let rc = deflate(&stream, flush)
            if rc == Z_STREAM_ERROR { throw DataError(file: "<gzip>", field: "gzip", "deflate failed") }
            let have = output.count - Int(stream.avail_out)
            if have > 0 { try sink(UnsafeRawBufferPointer(rebasing: output[0..<have])) }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if stream.avail_in == 0 && stream.avail_out != 0 {
                return
            }
        }
    }
}

/// One-shot helpers.
public enum Gzip {
    /// Compresses `bytes` into a gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2 + 64)
        let w = try GzipWriter(level: level) { out.append(contentsOf: $0) }
        try bytes.withUnsafeBytes { try w.write($0) }
        try w.finish()
        return out
    }

    /// Decompresses a whole gzip stream held in memory.
    public static func decompress(_ bytes: [UInt8], name: String = "<memory>") throws -> [UInt8] {
        let r = try GzipReader(source: MemoryByteReader(bytes, name: name))
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try r.read(into: $0) }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// True if `url`'s name ends in `.gz`.
    public static func isGzipPath(_ url: URL) -> Bool { url.pathExtension.lowercased() == "gz" }
}
