import Datasets
import Foundation
import Objectives

/// Gzip-compressed little-endian encodings of per-example vectors for the run store.
public enum BlobCodec {
    /// Class probabilities: C (Int32), then N × C Float32.
    public static func encode(_ predictions: Predictions) throws -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 + 4 * predictions.probabilities.count)
        append(UInt32(predictions.classCount), to: &bytes)
        for p in predictions.probabilities { append(p.bitPattern, to: &bytes) }
        return Data(try Gzip.compress(bytes))
    }

    /// The inverse of ``encode(_:)-(Predictions)``.
    public static func decodePredictions(_ data: Data, key: String) throws -> Predictions {
        let bytes = try Gzip.decompress([UInt8](data), name: "predictions of cell \(key)")
        guard bytes.count >= 4, (bytes.count - 4) % 4 == 0 else {
            throw HarnessError.store(path: "", "cell \(key): predictions blob has \(bytes.count) bytes")
        }
        let c = Int(word(bytes, 0))
        let n = (bytes.count - 4) / 4
        guard c > 0, n % c == 0 else {
            throw HarnessError.store(path: "", "cell \(key): predictions blob is not N × \(c)")
        }
        let probabilities = (0..<n).map { Float(bitPattern: word(bytes, 4 + 4 * $0)) }
        return Predictions(probabilities: probabilities, classCount: c)
    }

    /// Non-negative integers (labels, indices) as Int32.
    public static func encode(_ values: [Int]) throws -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * values.count)
        for v in values { append(UInt32(truncatingIfNeeded: v), to: &bytes) }
        return Data(try Gzip.compress(bytes))
    }

    /// The inverse of ``encode(_:)-([Int])``.
    public static func decodeIntegers(_ data: Data, what: String) throws -> [Int] {
        let bytes = try Gzip.decompress([UInt8](data), name: what)
        guard bytes.count % 4 == 0 else { throw HarnessError.store(path: "", "\(what): \(bytes.count) bytes is not a multiple of 4") }
        return (0..<(bytes.count / 4)).map { Int(Int32(bitPattern: word(bytes, 4 * $0))) }
    }

    private static func append(_ v: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(v & 0xff)); bytes.append(UInt8((v >> 8) & 0xff))
        bytes.append(UInt8((v >> 16) & 0xff)); bytes.append(UInt8(v >> 24))
    }

    private static func word(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
