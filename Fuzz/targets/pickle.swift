// libFuzzer target: arbitrary bytes as a pickle (the restricted PickleReader), and the
// structure bench inspect would print.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPickle(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let value = try? PickleReader().parse(bytes, name: "<fuzz>") {
        _ = DataInspector.node(value).textLines()
    }
    return 0
}
