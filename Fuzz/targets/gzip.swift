// libFuzzer target: arbitrary bytes as a gzip stream, then as a .npy.gz (the bound the file
// reader uses: 1032 × compressed size + 1 MiB).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let reader = try? GzipReader(source: MemoryByteReader(bytes, name: "<fuzz>"), inputBufferSize: 1 << 16) {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var total = 0
        while total < (size * 1032 + (1 << 20)), let n = try? chunk.withUnsafeMutableBytes({ try reader.read(into: $0) }), n > 0 { total += n }
    }
    if let reader = try? GzipReader(source: MemoryByteReader(bytes, name: "<fuzz>"), inputBufferSize: 1 << 16) {
        _ = try? NpyFormat.read(from: reader, sizeBound: size * 1032 + (1 << 20))
    }
    return 0
}
