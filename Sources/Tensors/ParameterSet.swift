import Foundation

/// An ordered collection of named parameter tensors (`encoder0.0.weight`, …).
///
/// Saving writes the safetensors format (an 8-byte little-endian header length, a JSON header
/// of `{name: {dtype: "F32", shape, data_offsets}}`, then the raw little-endian floats), so a
/// PyTorch user can open our weights with `safetensors.torch.load_file`.
public struct ParameterSet: Sendable {
    /// The (name, tensor) pairs, in registration order.
    public private(set) var entries: [(name: String, tensor: Tensor)]

    /// A collection of the given pairs; names must be unique.
    public init(_ entries: [(String, Tensor)] = []) {
        self.entries = entries.map { (name: $0.0, tensor: $0.1) }
        precondition(Set(self.entries.map(\.name)).count == self.entries.count,
                     "ParameterSet: duplicate names in \(self.entries.map(\.name))")
    }

    /// The same tensors with `prefix.` in front of every name.
    public func prefixed(_ prefix: String) -> ParameterSet {
        ParameterSet(entries.map { ("\(prefix).\($0.name)", $0.tensor) })
    }

    /// Both collections, left first.
    public static func + (lhs: ParameterSet, rhs: ParameterSet) -> ParameterSet {
        ParameterSet(lhs.entries.map { ($0.name, $0.tensor) } + rhs.entries.map { ($0.name, $0.tensor) })
    }

    /// The tensors, in order.
    public var tensors: [Tensor] { entries.map(\.tensor) }

    /// The tensor called `name`, if any.
    public subscript(name: String) -> Tensor? { entries.first { $0.name == name }?.tensor }

    /// Zeroes every gradient.
    public func zeroGrad() { for e in entries { e.tensor.zeroGrad() } }

    /// A copy of all values (e.g. the best epoch's weights).
    public func snapshot() -> [[Float]] { entries.map { $0.tensor.data } }

    /// Restores values taken by ``snapshot()`` from the same collection.
    public func restore(_ values: [[Float]]) {
        precondition(values.count == entries.count, "restore: \(values.count) arrays for \(entries.count) parameters")
        for (e, v) in zip(entries, values) {
            precondition(v.count == e.tensor.count, "restore: \(e.name) expects \(e.tensor.count) values, got \(v.count)")
            e.tensor.data = v
        }
    }

    /// Writes the parameters as a safetensors file.
    public func save(to url: URL) throws {
        var header: [String: Any] = [:]
        var offset = 0
        for e in entries {
            let bytes = e.tensor.count * 4
            header[e.name] = ["dtype": "F32", "shape": e.tensor.shape, "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while json.count % 8 != 0 { json.append(0x20) }  // pad with spaces, as the format allows
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        for e in entries {
            e.tensor.data.withUnsafeBufferPointer { file.append(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count)) }
        }
        try file.write(to: url, options: .atomic)
    }

    /// Reads values saved by ``save(to:)`` into these tensors: every name must be present with
    /// the same shape and dtype F32; extra names in the file are an error too.
    public func load(from url: URL) throws {
        let file = try Data(contentsOf: url)
        func fail(_ field: String, _ message: String) -> ParameterFileError {
            ParameterFileError(file: url.path, field: field, message: message)
        }
        guard file.count >= 8 else { throw fail("header length", "file is \(file.count) bytes, need at least 8") }
        let headerLength = file.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(file.count - 8) else {
            throw fail("header length", "declares \(headerLength) bytes but the file has \(file.count - 8) after it")
        }
        let body = file.index(file.startIndex, offsetBy: 8 + Int(headerLength))
        guard let header = try? JSONSerialization.jsonObject(with: file[8..<body]) as? [String: Any] else {
            throw fail("header", "not a JSON object")
        }
        let names = Set(header.keys.filter { $0 != "__metadata__" })
        let expected = Set(entries.map(\.name))
        if names != expected {
            throw fail("tensor names", "expected \(expected.sorted()), found \(names.sorted())")
        }
        for e in entries {
            guard let info = header[e.name] as? [String: Any], info["dtype"] as? String == "F32",
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2
            else { throw fail(e.name, "expected {dtype: F32, shape, data_offsets}") }
            guard shape == e.tensor.shape else { throw fail(e.name, "shape \(shape), expected \(e.tensor.shape)") }
            guard offsets[0] >= 0, offsets[1] - offsets[0] == e.tensor.count * 4,
                  body + offsets[1] <= file.endIndex else {
                throw fail(e.name, "data_offsets \(offsets) do not hold \(e.tensor.count) floats inside the file")
            }
            var values = [Float](repeating: 0, count: e.tensor.count)
            values.withUnsafeMutableBytes { dst in
                _ = file.copyBytes(to: dst, from: (body + offsets[0])..<(body + offsets[1]))
            }
            e.tensor.data = values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        }
    }
}

/// A parameter file that does not match the model it is loaded into.
public struct ParameterFileError: Error, CustomStringConvertible {
    /// The file.
    public let file: String
    /// The entry or header field at fault.
    public let field: String
    /// What was expected and what was found.
    public let message: String
    /// "file: field: message".
    public var description: String { "\(file): \(field): \(message)" }
}
