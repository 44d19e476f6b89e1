import Datasets
import Foundation
import Testing

/// SHA-256 through OpenSSL against the FIPS 180-2 test vectors and against `sha256sum`'s value
/// for a streamed file larger than one read chunk.
@Suite("SHA-256")
struct SHA256Tests {
    @Test func fipsVectors() {
        #expect(FileHashing.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(FileHashing.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(FileHashing.sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// One million 'a' (FIPS 180-2, appendix B.3), streamed from a file in 1 MiB chunks.
    @Test func streamedFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(repeating: UInt8(ascii: "a"), count: 1_000_000).write(to: url)
        #expect(try FileHashing.sha256Hex(of: url) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let twoChunks = [UInt8](repeating: 7, count: (1 << 20) + 5)
        try Data(twoChunks).write(to: url)
        #expect(try FileHashing.sha256Hex(of: url) == FileHashing.sha256Hex(twoChunks))
    }
}
