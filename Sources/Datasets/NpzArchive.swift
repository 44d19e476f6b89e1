import Foundation
import ZIPFoundation

/// numpy `.npz` archives (what `np.savez` and `np.savez_compressed` write): a zip file of
/// `.npy` members, stored or deflated, with the Zip64 records numpy always writes.
public enum NpzArchive {
    /// The member names of the archive at `url`, without the `.npy` suffix, in archive order.
    public static func keys(url: URL) throws -> [String] {
        let archive = try open(url)
        return archive.map { entry in
            entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
        }
    }

    /// Reads every array of the archive, keyed by member name without `.npy`.
    public static func read(url: URL) throws -> [String: NpyArray] {
        let archive = try open(url)
        var out: [String: NpyArray] = [:]
        for entry in archive where entry.type == .file {
            let key = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            out[key] = try readMember(archive, entry, url: url, key: key)
        }
        return out
    }

    /// Reads the arrays named `keys` (member names without `.npy`); a missing key is an error
    /// naming the file and the key.
    public static func read(url: URL, keys wanted: [String]) throws -> [String: NpyArray] {
        let archive = try open(url)
        var out: [String: NpyArray] = [:]
        for key in wanted {
            guard let entry = archive[key + ".npy"] ?? archive[key] else {
                let present = (try? keys(url: url))?.joined(separator: ", ") ?? "?"
                throw DataError(file: url.path, field: key, "missing array (the archive holds: \(present))")
            }
            out[key] = try readMember(archive, entry, url: url, key: key)
        }
        return out
    }

    /// Writes `arrays` as an `.npz` archive (deflated members when `compressed`), replacing `url`.
    public static func write(_ arrays: [(String, NpyArray)], to url: URL, compressed: Bool = false) throws {
        try? FileManager.default.removeItem(at: url)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw DataError(file: url.path, field: "zip", "cannot create archive: \(error)")
        }
        for (key, array) in arrays {
            let bytes = try NpyFormat.encode(array)
            let data = Data(bytes)
            do {
                try archive.addEntry(with: key + ".npy", type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: Date(timeIntervalSince1970: 315_532_800),
                                     compressionMethod: compressed ? .deflate : .none) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            } catch {
                throw DataError(file: url.path, field: key, "cannot write member: \(error)")
            }
        }
    }

    static func open(_ url: URL) throws -> Archive {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw DataError(file: url.path, field: "file", "no such file")
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw DataError(file: url.path, field: "zip", "not a readable zip/npz archive (\(error))")
        }
        // Members are only ever read into memory, never extracted to disk; a name that would
        // escape a directory is still refused, since no numpy writer produces one.
        var count = 0
        for entry in archive {
            count += 1
            let name = entry.path
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if name.hasPrefix("/") || name.hasPrefix("\\") || name.contains("\\") || parts.contains("..") || name.contains("\0") {
                throw DataError(file: url.path, field: key, "unsafe member name '\(name)' (absolute path or '..'); refused")
            }
        }
        guard count > 0 || (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0 <= 22 else {
            throw DataError(file: url.path, field: "zip", "not a readable zip/npz archive (no members found)")
        }
        return archive
    }

    static func readMember(_ archive: Archive, _ entry: Entry, url: URL, key: String) throws -> NpyArray {
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        let declared = entry.uncompressedSize
        // A member cannot expand beyond deflate's 1032:1 ratio of the whole file.
        guard declared <= UInt64(max(fileSize, 1)) &* 1032 &+ (1 << 20) else {
            throw DataError(file: url.path, field: key, "declared size \(declared) is impossible for a \(fileSize)-byte archive")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(declared))
        do {
            let crc = try archive.extract(entry, bufferSize: 1 << 20, skipCRC32: false) { chunk in
                if bytes.count + chunk.count > Int(declared) + (1 << 20) {
                    throw DataError(file: url.path, field: key, "member is larger than its declared size")
                }
                bytes.append(contentsOf: chunk)
            }
            if crc != entry.checksum {
                throw DataError(file: url.path, field: key, "bad CRC-32 (stored \(entry.checksum), computed \(crc))")
            }
        } catch let e as DataError {
            throw e
        } catch {
            throw DataError(file: url.path, field: key, "cannot extract member: \(error)")
        }
        do {
            return try NpyFormat.read(bytes: bytes, name: url.path)
        } catch let e as DataError {
            throw e.relocated(file: url.path, fieldPrefix: key)
        }
    }
}
