// libFuzzer target: arbitrary bytes as a .npy file (NpyFormat.read(bytes:)).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNpy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? NpyFormat.read(bytes: bytes, name: "<fuzz>")
    return 0
}
