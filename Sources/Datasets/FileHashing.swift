import Foundation

/// SHA-256 of files and bytes (OpenSSL's libcrypto, see `SHA256Hasher`), hex-encoded.
public enum FileHashing {
    /// SHA-256 of the file at `url`, streamed in 1 MiB chunks.
    public static func sha256Hex(of url: URL) throws -> String {
        let reader = try FileByteReader(url: url)
        let hasher = SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = try reader.read(into: buffer)
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return hex(hasher.finalize())
    }

    /// SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String { hex(SHA256Hasher.hash(bytes)) }

    /// SHA-256 of a UTF-8 string.
    public static func sha256Hex(_ string: String) -> String { hex(SHA256Hasher.hash(Array(string.utf8))) }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
