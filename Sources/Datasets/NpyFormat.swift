import Foundation

/// A numpy dtype as written in a `.npy` header (`descr`), restricted to what this module reads.
public struct NpyDType: Sendable, Hashable, CustomStringConvertible {
    /// The kind of element.
    public enum Kind: Character, Sendable {
        case float = "f", signed = "i", unsigned = "u", bool = "b", unicode = "U", bytes = "S"
    }
    /// Element kind.
    public var kind: Kind
    /// Bytes per element (for `U`, 4 × the number of characters).
    public var itemSize: Int
    /// True for big-endian (`>`) multi-byte data.
    public var bigEndian: Bool

    /// Creates a dtype.
    public init(kind: Kind, itemSize: Int, bigEndian: Bool = false) {
        self.kind = kind
        self.itemSize = itemSize
        self.bigEndian = bigEndian
    }

    /// `<f4`.
    public static let float32 = NpyDType(kind: .float, itemSize: 4)
    /// `<f8`.
    public static let float64 = NpyDType(kind: .float, itemSize: 8)
    /// `<i4`.
    public static let int32 = NpyDType(kind: .signed, itemSize: 4)
    /// `<i8`.
    public static let int64 = NpyDType(kind: .signed, itemSize: 8)
    /// `|u1`.
    public static let uint8 = NpyDType(kind: .unsigned, itemSize: 1)
    /// `|b1`.
    public static let bool = NpyDType(kind: .bool, itemSize: 1)

    /// The numpy `descr` string, e.g. `<f4`, `>i8`, `|u1`, `<U7`.
    public var description: String {
        let count = kind == .unicode ? itemSize / 4 : itemSize
        let order: Character = (itemSize == 1 && kind != .unicode) || kind == .bytes ? "|" : (bigEndian ? ">" : "<")
        return "\(order)\(kind.rawValue)\(count)"
    }

    /// Parses a `descr` string; `file`/`field` name the source in errors.
    public static func parse(_ descr: String, file: String, field: String) throws -> NpyDType {
        var chars = Array(descr)
        guard !chars.isEmpty else { throw DataError(file: file, field: field, "empty dtype") }
        var big = false
        if "<>|=".contains(chars[0]) {
            big = chars[0] == ">"
            chars.removeFirst()
        }
        guard let first = chars.first else { throw DataError(file: file, field: field, "empty dtype '\(descr)'") }
        if first == "O" {
            throw DataError(file: file, field: field,
                            "object dtype '\(descr)' is refused: its data is a pickle and is never loaded")
        }
        guard let kind = Kind(rawValue: first), let n = Int(String(chars.dropFirst())), n > 0 else {
            throw DataError(file: file, field: field, "unsupported dtype '\(descr)' (supported: f4 f8 i1-i8 u1-u8 b1 U S)")
        }
        let size = kind == .unicode ? n * 4 : n
        switch kind {
        case .float:
            guard n == 4 || n == 8 else {
                throw DataError(file: file, field: field, "dtype '\(descr)' (float\(8 * n)) is not read; expected float32 ('<f4') or "
                    + "float64 ('<f8'): convert with numpy, e.g. np.save(FILE, np.load(FILE).astype(np.float32))")
            }
        case .signed, .unsigned: guard [1, 2, 4, 8].contains(n) else { throw DataError(file: file, field: field, "unsupported integer size in '\(descr)'") }
        case .bool: guard n == 1 else { throw DataError(file: file, field: field, "unsupported bool size in '\(descr)'") }
        case .unicode, .bytes: guard n <= 1 << 20 else { throw DataError(file: file, field: field, "string dtype too wide '\(descr)'") }
        }
        return NpyDType(kind: kind, itemSize: size, bigEndian: big && size > 1)
    }
}

/// The element storage of an ``NpyArray``: native byte order, C (row-major) order.
public enum NpyStorage: Sendable, Equatable {
    case float32([Float])
    case float64([Double])
    /// Any integer dtype (i1–i8, u1–u8), widened to `Int`.
    case int([Int])
    /// `|u1`, kept as bytes.
    case uint8([UInt8])
    case bool([Bool])
    /// `U`/`S` string arrays (trailing NULs removed).
    case strings([String])

    /// Number of elements.
    public var count: Int {
        switch self {
        case .float32(let v): v.count
        case .float64(let v): v.count
        case .int(let v): v.count
        case .uint8(let v): v.count
        case .bool(let v): v.count
        case .strings(let v): v.count
        }
    }
}

/// An n-dimensional array as stored in a `.npy` file: dtype, shape and elements in C order.
public struct NpyArray: Sendable, Equatable {
    /// The dtype the file declared (byte order as in the file).
    public var dtype: NpyDType
    /// The shape (empty for a scalar).
    public var shape: [Int]
    /// The elements, converted to native byte order and C order.
    public var storage: NpyStorage

    /// Creates an array; `storage.count` must equal the product of `shape`.
    public init(dtype: NpyDType, shape: [Int], storage: NpyStorage) {
        self.dtype = dtype
        self.shape = shape
        self.storage = storage
    }

    /// A `<f4` array.
    public init(_ values: [Float], shape: [Int]) {
        self.init(dtype: .float32, shape: shape, storage: .float32(values))
    }

    /// A `<f8` array.
    public init(_ values: [Double], shape: [Int]) {
        self.init(dtype: .float64, shape: shape, storage: .float64(values))
    }

    /// An integer array (`<i8` by default).
    public init(_ values: [Int], shape: [Int], dtype: NpyDType = .int64) {
        self.init(dtype: dtype, shape: shape, storage: .int(values))
    }

    /// A `<U…` string array.
    public init(strings: [String], shape: [Int]) {
        let width = max(1, strings.map { $0.unicodeScalars.count }.max() ?? 1)
        self.init(dtype: NpyDType(kind: .unicode, itemSize: 4 * width), shape: shape, storage: .strings(strings))
    }

    /// Number of elements.
    public var count: Int { storage.count }

    /// The elements as `Float` (integers and booleans converted; strings refused).
    public func floats(file: String = "<memory>", field: String = "") throws -> [Float] {
        switch storage {
        case .float32(let v): return v
        case .float64(let v): return v.map { Float($0) }
        case .int(let v): return v.map { Float($0) }
        case .uint8(let v): return v.map { Float($0) }
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        case .strings: throw DataError(file: file, field: field, "expected a numeric array, found strings (\(dtype))")
        }
    }

    /// The elements as `Int` (floats must be integral).
    public func ints(file: String = "<memory>", field: String = "") throws -> [Int] {
        switch storage {
        case .int(let v): return v
        case .uint8(let v): return v.map { Int($0) }
        case .bool(let v): return v.map { $0 ? 1 : 0 }
        case .float32(let v):
            return try v.enumerated().map { i, x in
                guard x.isFinite, x.rounded() == x, abs(x) < 1e15 else {
                    throw DataError(file: file, field: field, "expected integer values, found \(x) at index \(i)")
                }
                return Int(x)
            }
        case .float64(let v):
            return try v.enumerated().map { i, x in
                guard x.isFinite, x.rounded() == x, abs(x) < 1e15 else {
                    throw DataError(file: file, field: field, "expected integer values, found \(x) at index \(i)")
                }
                return Int(x)
            }
        case .strings: throw DataError(file: file, field: field, "expected an integer array, found strings (\(dtype))")
        }
    }

    /// The elements as strings (numbers formatted).
    public func strings() -> [String] {
        switch storage {
        case .strings(let v): return v
        case .int(let v): return v.map { String($0) }
        case .uint8(let v): return v.map { String($0) }
        case .bool(let v): return v.map { $0 ? "True" : "False" }
        case .float32(let v): return v.map { "\($0)" }
        case .float64(let v): return v.map { "\($0)" }
        }
    }
}

/// Reading and writing numpy `.npy` files (format versions 1.0, 2.0 and 3.0), plain or gzip.
public enum NpyFormat {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
    /// The largest element count accepted (2^36 elements), whatever a header says.
    public static var maxElements: Int { 1 << 36 }

    // MARK: reading

    /// Reads a `.npy` or `.npy.gz` file.
    public static func read(url: URL) throws -> NpyArray {
        let file = try FileByteReader(url: url)
        if Gzip.isGzipPath(url) {
            // Deflate expands at most 1032:1; a header promising more data than that is a lie.
            let bound = file.fileSize.multipliedReportingOverflow(by: 1032)
            return try read(from: GzipReader(source: file), sizeBound: bound.overflow ? nil : bound.partialValue + (1 << 20))
        }
        return try read(from: file, sizeBound: file.fileSize)
    }

    /// Reads an array from in-memory `.npy` bytes.
    public static func read(bytes: [UInt8], name: String = "<memory>") throws -> NpyArray {
        try read(from: MemoryByteReader(bytes, name: name), sizeBound: bytes.count)
    }

    /// Reads an array from `reader`. `sizeBound`, when known, bounds the data size before anything
    /// is allocated (so a header cannot make us allocate more than the file can hold).
    public static func read(from reader: ByteReader, sizeBound: Int?) throws -> NpyArray {
        let file = reader.name
        let pre = try readPrefix(reader)
        guard pre.count == 8 else {
            throw DataError(file: file, field: "magic", "truncated: the file is shorter than the .npy preamble")
        }
        guard Array(pre[0..<6]) == magic else {
            throw DataError(file: file, field: "magic", "not a .npy file (expected \\x93NUMPY, found \(pre[0..<6].map { String(format: "%02x", $0) }.joined(separator: " ")))")
        }
        let major = pre[6], minor = pre[7]
        let headerLength: Int
        switch major {
        case 1:
            let b = try reader.readBytes(2, field: "header length")
            headerLength = Int(b[0]) | Int(b[1]) << 8
        case 2, 3:
            let b = try reader.readBytes(4, field: "header length")
            headerLength = Int(b[0]) | Int(b[1]) << 8 | Int(b[2]) << 16 | Int(b[3]) << 24
        default:
            throw DataError(file: file, field: "version", "unsupported .npy format version \(major).\(minor)")
        }
        guard headerLength <= 1 << 20 else {
            throw DataError(file: file, field: "header length", "header of \(headerLength) bytes is implausibly large")
        }
        if let bound = sizeBound, headerLength > bound {
            throw DataError(file: file, field: "header", "truncated: header length \(headerLength) exceeds the file size")
        }
        let headerBytes = try reader.readBytes(headerLength, field: "header")
        let header = try parseHeader(headerBytes, latin1: major < 3, file: file)
        return try readData(reader, header: header, sizeBound: sizeBound)
    }

    private static func readPrefix(_ reader: ByteReader) throws -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 8)
        let n = try b.withUnsafeMutableBytes { try reader.read(into: $0) }
        return Array(b[0..<n])
    }

    /// The parsed header dictionary.
    struct Header {
        var dtype: NpyDType
        var fortranOrder: Bool
        var shape: [Int]
    }

    static func parseHeader(_ bytes: [UInt8], latin1: Bool, file: String) throws -> Header {
        let text: String
        if latin1 {
            text = String(bytes.map { Character(Unicode.Scalar($0)) })
        } else {
            guard let t = String(bytes: bytes, encoding: .utf8) else {
                throw DataError(file: file, field: "header", "not valid UTF-8")
            }
            text = t
        }
        var parser = PyLiteralParser(text: text, file: file)
        let value = try parser.parseValue()
        guard case .dict(let dict) = value else {
            throw DataError(file: file, field: "header", "expected a dict literal")
        }
        guard case .string(let descr)? = dict["descr"] else {
            if dict["descr"] != nil {
                throw DataError(file: file, field: "descr", "structured dtypes are not supported")
            }
            throw DataError(file: file, field: "descr", "missing")
        }
        guard case .bool(let fortran)? = dict["fortran_order"] else {
            throw DataError(file: file, field: "fortran_order", "missing or not a bool")
        }
        guard case .tuple(let dims)? = dict["shape"] else {
            throw DataError(file: file, field: "shape", "missing or not a tuple")
        }
        var shape: [Int] = []
        for d in dims {
            guard case .int(let n) = d, n >= 0 else {
                throw DataError(file: file, field: "shape", "dimensions must be non-negative integers")
            }
            shape.append(n)
        }
        let dtype = try NpyDType.parse(descr, file: file, field: "descr")
        return Header(dtype: dtype, fortranOrder: fortran, shape: shape)
    }

    /// Product of `shape`, or nil on overflow.
    static func elementCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            let (p, o) = n.multipliedReportingOverflow(by: d)
            if o { return nil }
            n = p
        }
        return n
    }

    static func readData(_ reader: ByteReader, header: Header, sizeBound: Int?) throws -> NpyArray {
        let file = reader.name
        guard let count = elementCount(header.shape), count <= maxElements else {
            throw DataError(file: file, field: "shape", "shape \(header.shape) is too large")
        }
        let (bytes, o) = count.multipliedReportingOverflow(by: header.dtype.itemSize)
        if o { throw DataError(file: file, field: "shape", "shape \(header.shape) is too large") }
        if let bound = sizeBound, bytes > bound {
            throw DataError(file: file, field: "data",
                            "truncated: shape \(header.shape) needs \(bytes) bytes but the file holds at most \(bound)")
        }
        let dtype = header.dtype
        let field = "data"
        var storage: NpyStorage
        switch (dtype.kind, dtype.itemSize) {
        case (.float, 4):
            var v = try readPOD(Float.self, count: count, reader: reader, field: field)
            if dtype.bigEndian { v = v.map { Float(bitPattern: $0.bitPattern.byteSwapped) } }
            storage = .float32(v)
        case (.float, 8):
            var v = try readPOD(Double.self, count: count, reader: reader, field: field)
            if dtype.bigEndian { v = v.map { Double(bitPattern: $0.bitPattern.byteSwapped) } }
            storage = .float64(v)
        case (.unsigned, 1):
            storage = .uint8(try readPOD(UInt8.self, count: count, reader: reader, field: field))
        case (.bool, 1):
            let raw = try readPOD(UInt8.self, count: count, reader: reader, field: field)
            storage = .bool(raw.map { $0 != 0 })
        case (.signed, 1): storage = .int(try readPOD(Int8.self, count: count, reader: reader, field: field).map { Int($0) })
        case (.signed, 2):
            let v = try readPOD(Int16.self, count: count, reader: reader, field: field)
            storage = .int(v.map { Int(dtype.bigEndian ? $0.byteSwapped : $0) })
        case (.signed, 4):
            let v = try readPOD(Int32.self, count: count, reader: reader, field: field)
            storage = .int(v.map { Int(dtype.bigEndian ? $0.byteSwapped : $0) })
        case (.signed, 8):
            var v = try readPOD(Int.self, count: count, reader: reader, field: field)
            if dtype.bigEndian { v = v.map { $0.byteSwapped } }
            storage = .int(v)
        case (.unsigned, 2):
            let v = try readPOD(UInt16.self, count: count, reader: reader, field: field)
            storage = .int(v.map { Int(dtype.bigEndian ? $0.byteSwapped : $0) })
        case (.unsigned, 4):
            let v = try readPOD(UInt32.self, count: count, reader: reader, field: field)
            storage = .int(v.map { Int(dtype.bigEndian ? $0.byteSwapped : $0) })
        case (.unsigned, 8):
            let v = try readPOD(UInt64.self, count: count, reader: reader, field: field)
            storage = .int(try v.map {
                let x = dtype.bigEndian ? $0.byteSwapped : $0
                guard x <= UInt64(Int.max) else { throw DataError(file: file, field: field, "u8 value \(x) does not fit in Int") }
                return Int(x)
            })
        case (.unicode, _), (.bytes, _):
            let raw = try readPOD(UInt8.self, count: bytes, reader: reader, field: field)
            storage = .strings(decodeStrings(raw, dtype: dtype, count: count))
        default:
            throw DataError(file: file, field: "descr", "unsupported dtype \(dtype)")
        }
        if header.fortranOrder && header.shape.count > 1 {
            storage = fortranToC(storage, shape: header.shape)
        }
        return NpyArray(dtype: dtype, shape: header.shape, storage: storage)
    }

    static func decodeStrings(_ raw: [UInt8], dtype: NpyDType, count: Int) -> [String] {
        let w = dtype.itemSize
        var out: [String] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            let slice = raw[(i * w)..<((i + 1) * w)]
            if dtype.kind == .bytes {
                let trimmed = slice.prefix { $0 != 0 }
                out.append(String(decoding: trimmed, as: UTF8.self))
            } else {
                var scalars = String.UnicodeScalarView()
                var j = slice.startIndex
                while j + 3 < slice.endIndex {
                    let b = [raw[j], raw[j + 1], raw[j + 2], raw[j + 3]]
                    let v = dtype.bigEndian
                        ? UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
                        : UInt32(b[3]) << 24 | UInt32(b[2]) << 16 | UInt32(b[1]) << 8 | UInt32(b[0])
                    if v == 0 { break }
                    scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                    j += 4
                }
                out.append(String(scalars))
            }
        }
        return out
    }

    static func readPOD<T>(_ type: T.Type, count: Int, reader: ByteReader, field: String) throws -> [T] {
        let stride = MemoryLayout<T>.stride
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: count * stride)
            let got = try reader.read(into: raw)
            guard got == raw.count else {
                // Zero the rest so the partially filled buffer is a valid value before we throw.
                if let base = raw.baseAddress { (base + got).initializeMemory(as: UInt8.self, repeating: 0, count: raw.count - got) }
                initialized = count
                throw DataError(file: reader.name, field: field,
                                "truncated: expected \(raw.count) bytes of array data, found \(got)")
            }
            initialized = count
        }
    }

    /// Reorders column-major (Fortran) elements into row-major (C) order.
    static func fortranToC(_ storage: NpyStorage, shape: [Int]) -> NpyStorage {
        func permute<T>(_ v: [T]) -> [T] {
            let n = v.count
            guard n > 0 else { return v }
            // Strides of the Fortran layout.
            var fStride = [Int](repeating: 1, count: shape.count)
            for k in 1..<shape.count { fStride[k] = fStride[k - 1] * shape[k - 1] }
            var out = [T]()
            out.reserveCapacity(n)
            var index = [Int](repeating: 0, count: shape.count)
            var offset = 0
            for _ in 0..<n {
                out.append(v[offset])
                var k = shape.count - 1
                while k >= 0 {
                    index[k] += 1
                    offset += fStride[k]
                    if index[k] < shape[k] { break }
                    offset -= fStride[k] * shape[k]
                    index[k] = 0
                    k -= 1
                }
            }
            return out
        }
        switch storage {
        case .float32(let v): return .float32(permute(v))
        case .float64(let v): return .float64(permute(v))
        case .int(let v): return .int(permute(v))
        case .uint8(let v): return .uint8(permute(v))
        case .bool(let v): return .bool(permute(v))
        case .strings(let v): return .strings(permute(v))
        }
    }

    // MARK: writing

    /// The header numpy's `np.save` writes for `dtype`/`shape` (version 1.0 when it fits),
    /// padded to a multiple of 64 bytes, byte for byte.
    public static func header(dtype: NpyDType, shape: [Int]) -> [UInt8] {
        let shapeRepr: String
        switch shape.count {
        case 0: shapeRepr = "()"
        case 1: shapeRepr = "(\(shape[0]),)"
        default: shapeRepr = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dict = "{'descr': '\(dtype)', 'fortran_order': False, 'shape': \(shapeRepr), }"
        if let first = shape.first {
            dict += String(repeating: " ", count: max(0, 21 - String(first).count))
        }
        let body = Array(dict.utf8)
        for (version, lengthBytes) in [(UInt8(1), 2), (UInt8(2), 4)] {
            let hlen = body.count + 1
            let pad = (64 - (6 + 2 + lengthBytes + hlen) % 64) % 64
            let total = hlen + pad
            if lengthBytes == 2 && total > 65535 { continue }
            var out = magic + [version, 0]
            for k in 0..<lengthBytes { out.append(UInt8((total >> (8 * k)) & 0xFF)) }
            out += body
            out += [UInt8](repeating: 0x20, count: pad)
            out.append(0x0A)
            return out
        }
        return []
    }

    /// Serialises `array` as `.npy` bytes (little-endian, C order).
    public static func encode(_ array: NpyArray) throws -> [UInt8] {
        var out: [UInt8] = []
        try write(array) { out.append(contentsOf: $0) }
        return out
    }

    /// Streams the `.npy` encoding of `array` into `sink` (header then data, no full copy).
    public static func write(_ array: NpyArray, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard elementCount(array.shape) == array.count else {
            throw DataError(file: "<writer>", field: "shape", "shape \(array.shape) does not match \(array.count) elements")
        }
        var dtype = array.dtype
        dtype.bigEndian = false
        func pod<T>(_ v: [T]) throws { try v.withUnsafeBytes { try sink($0) } }
        switch array.storage {
        case .float32(let v): dtype = .float32; try emitHeader(dtype, array.shape, sink); try pod(v)
        case .float64(let v): dtype = .float64; try emitHeader(dtype, array.shape, sink); try pod(v)
        case .uint8(let v): dtype = .uint8; try emitHeader(dtype, array.shape, sink); try pod(v)
        case .bool(let v): dtype = .bool; try emitHeader(dtype, array.shape, sink); try pod(v.map { $0 ? UInt8(1) : 0 })
        case .int(let v):
            if dtype.kind != .signed && dtype.kind != .unsigned { dtype = .int64 }
            try emitHeader(dtype, array.shape, sink)
            switch (dtype.kind, dtype.itemSize) {
            case (.signed, 1): try pod(v.map { Int8(truncatingIfNeeded: $0) })
            case (.signed, 2): try pod(v.map { Int16(truncatingIfNeeded: $0) })
            case (.signed, 4): try pod(v.map { Int32(truncatingIfNeeded: $0) })
            case (.unsigned, 1): try pod(v.map { UInt8(truncatingIfNeeded: $0) })
            case (.unsigned, 2): try pod(v.map { UInt16(truncatingIfNeeded: $0) })
            case (.unsigned, 4): try pod(v.map { UInt32(truncatingIfNeeded: $0) })
            case (.unsigned, 8): try pod(v.map { UInt64(truncatingIfNeeded: $0) })
            default: try pod(v)
            }
        case .strings(let v):
            let width = max(1, v.map { $0.unicodeScalars.count }.max() ?? 1)
            dtype = NpyDType(kind: .unicode, itemSize: 4 * width)
            try emitHeader(dtype, array.shape, sink)
            var raw = [UInt32](repeating: 0, count: width * v.count)
            for (i, s) in v.enumerated() {
                for (j, u) in s.unicodeScalars.enumerated() { raw[i * width + j] = u.value.littleEndian }
            }
            try pod(raw)
        }
    }

    private static func emitHeader(_ dtype: NpyDType, _ shape: [Int], _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try header(dtype: dtype, shape: shape).withUnsafeBytes { try sink($0) }
    }

    /// Writes `array` to `url` as `.npy`, or as gzip-compressed `.npy` when the name ends in `.gz`.
    public static func write(_ array: NpyArray, to url: URL, gzipLevel: Int32 = 6) throws {
        guard let f = fopen(url.path, "wb") else {
            throw DataError(file: url.path, field: "file", "cannot create: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        let fileSink: (UnsafeRawBufferPointer) throws -> Void = { chunk in
            guard let base = chunk.baseAddress, chunk.count > 0 else { return }
            if fwrite(base, 1, chunk.count, f) != chunk.count {
                throw DataError(file: url.path, field: "file", "write failed: \(String(cString: strerror(errno)))")
            }
        }
        if Gzip.isGzipPath(url) {
            let gz = try GzipWriter(level: gzipLevel, sink: fileSink)
            try write(array) { try gz.write($0) }
            try gz.finish()
        } else {
            try write(array, to: fileSink)
        }
        if fflush(f) != 0 { throw DataError(file: url.path, field: "file", "write failed") }
    }
}

/// A minimal parser for the Python literals in `.npy` headers: dicts, tuples, lists,
/// strings, integers, True/False/None.
struct PyLiteralParser {
    enum Value: Equatable {
        case dict([String: Value]), tuple([Value]), string(String), int(Int), bool(Bool), none
    }
    let chars: [Character]
    var i = 0
    let file: String
    var depth = 0

    init(text: String, file: String) {
        chars = Array(text)
        self.file = file
    }

    func fail(_ msg: String) -> DataError { DataError(file: file, field: "header", msg) }

    mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

    mutating func parseValue() throws -> Value {
        depth += 1
        defer { depth -= 1 }
        guard depth < 32 else { throw fail("header literal nested too deeply") }
        skipSpace()
        guard i < chars.count else { throw fail("unexpected end of header") }
        let c = chars[i]
        switch c {
        case "{":
            i += 1
            var d: [String: Value] = [:]
            while true {
                skipSpace()
                guard i < chars.count else { throw fail("unterminated dict") }
                if chars[i] == "}" { i += 1; return .dict(d) }
                guard case .string(let key) = try parseValue() else { throw fail("dict keys must be strings") }
                skipSpace()
                guard i < chars.count, chars[i] == ":" else { throw fail("expected ':' after '\(key)'") }
                i += 1
                d[key] = try parseValue()
                skipSpace()
                if i < chars.count, chars[i] == "," { i += 1 }
            }
        case "(", "[":
            let close: Character = c == "(" ? ")" : "]"
            i += 1
            var items: [Value] = []
            while true {
                skipSpace()
                guard i < chars.count else { throw fail("unterminated tuple") }
                if chars[i] == close { i += 1; return .tuple(items) }
                items.append(try parseValue())
                skipSpace()
                if i < chars.count, chars[i] == "," { i += 1 }
            }
        case "'", "\"":
            i += 1
            var s = ""
            while i < chars.count, chars[i] != c {
                if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                s.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw fail("unterminated string") }
            i += 1
            return .string(s)
        default:
            var word = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "-" || chars[i] == "_" {
                word.append(chars[i])
                i += 1
            }
            if word.hasSuffix("L") { word.removeLast() }  // Python 2 longs
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default:
                guard let n = Int(word) else { throw fail("unexpected token '\(word.isEmpty ? String(c) : word)'") }
                return .int(n)
            }
        }
    }
}
