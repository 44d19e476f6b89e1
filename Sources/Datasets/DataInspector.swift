import Foundation

/// The structure of a data file, for `bench inspect`: a tree of containers whose leaves are
/// arrays (dtype and shape) or scalars; values are never printed in full.
public indirect enum DataNode: Sendable, Equatable {
    /// An array with numpy dtype string and shape.
    case array(dtype: String, shape: [Int])
    /// A dict (or npz archive) with its keys in file order.
    case dict([(key: String, value: DataNode)])
    /// A list, tuple or set: kind and items (long lists of scalars are summarised).
    case sequence(kind: String, items: [DataNode], count: Int)
    /// A scalar: Python type name and a short rendering.
    case scalar(type: String, value: String)

    public static func == (a: DataNode, b: DataNode) -> Bool {
        switch (a, b) {
        case let (.array(d1, s1), .array(d2, s2)): d1 == d2 && s1 == s2
        case let (.dict(x), .dict(y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.sequence(k1, i1, c1), .sequence(k2, i2, c2)): k1 == k2 && i1 == i2 && c1 == c2
        case let (.scalar(t1, v1), .scalar(t2, v2)): t1 == t2 && v1 == v2
        default: false
        }
    }

    /// Every array with its key path ("train/vision", "list[0]/x", …).
    public var arrays: [(path: String, dtype: String, shape: [Int])] {
        var out: [(String, String, [Int])] = []
        func walk(_ n: DataNode, _ path: String) {
            switch n {
            case .array(let d, let s): out.append((path, d, s))
            case .dict(let kv): for (k, v) in kv { walk(v, path.isEmpty ? k : path + "/" + k) }
            case .sequence(_, let items, _): for (i, v) in items.enumerated() { walk(v, path + "[\(i)]") }
            case .scalar: break
            }
        }
        walk(self, "")
        return out
    }

    /// A JSON-compatible value (arrays as `{"dtype", "shape"}`).
    public var jsonValue: Any {
        switch self {
        case .array(let d, let s): return ["dtype": d, "shape": s] as [String: Any]
        case .dict(let kv): return Dictionary(kv.map { ($0.key, $0.value.jsonValue) }, uniquingKeysWith: { a, _ in a })
        case .sequence(let kind, let items, let count):
            if items.count == count { return items.map(\.jsonValue) }
            return ["type": kind, "length": count, "first": items.map(\.jsonValue)] as [String: Any]
        case .scalar(let t, let v): return ["type": t, "value": v]
        }
    }

    /// Indented text lines.
    public func textLines(name: String = "", indent: String = "") -> [String] {
        let label = name.isEmpty ? "" : name + ": "
        switch self {
        case .array(let d, let s):
            return [indent + label + "array \(d) (" + s.map(String.init).joined(separator: ", ") + (s.count == 1 ? ",)" : ")")]
        case .dict(let kv):
            return [indent + label + "dict (\(kv.count) keys)"] + kv.flatMap { $0.value.textLines(name: $0.key, indent: indent + "  ") }
        case .sequence(let kind, let items, let count):
            var lines = [indent + label + "\(kind) (\(count) items)"]
            for (i, it) in items.enumerated() { lines += it.textLines(name: "[\(i)]", indent: indent + "  ") }
            if count > items.count { lines.append(indent + "  … \(count - items.count) more") }
            return lines
        case .scalar(let t, let v):
            return [indent + label + "\(t) \(v)"]
        }
    }
}

/// Reads the structure of `.npy`, `.npy.gz`, `.npz` and `.pkl` files.
public enum DataInspector {
    /// The kind of file, from its name.
    public static func format(of url: URL) -> String {
        let name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".npy.gz") { return "npy.gz" }
        if name.hasSuffix(".npy") { return "npy" }
        if name.hasSuffix(".npz") { return "npz" }
        if name.hasSuffix(".pkl") || name.hasSuffix(".pickle") { return "pkl" }
        return url.pathExtension.lowercased()
    }

    /// The structure of the file at `url`.
    public static func inspect(_ url: URL) throws -> DataNode {
        switch format(of: url) {
        case "npy", "npy.gz":
            let a = try NpyFormat.read(url: url)
            return .array(dtype: a.dtype.description, shape: a.shape)
        case "npz":
            let arrays = try NpzArchive.read(url: url)
            let keys = try NpzArchive.keys(url: url)
            return .dict(keys.compactMap { k in arrays[k].map { (k, DataNode.array(dtype: $0.dtype.description, shape: $0.shape)) } })
        case "pkl":
            return node(try PickleReader().read(url: url))
        default:
            throw DataError(file: url.path, field: "file", "unknown file type (expected .npy, .npy.gz, .npz or .pkl)")
        }
    }

    /// The structure of a decoded pickle value.
    public static func node(_ v: PickleValue) -> DataNode {
        func seq(_ kind: String, _ items: [PickleValue]) -> DataNode {
            let allScalars = items.allSatisfy { if case .array = $0 { return false }; if case .dict = $0 { return false }; if case .list = $0 { return false }; return true }
            let shown = allScalars && items.count > 8 ? Array(items.prefix(3)) : items
            return .sequence(kind: kind, items: shown.map(node), count: items.count)
        }
        switch v {
        case .none: return .scalar(type: "None", value: "None")
        case .bool(let b): return .scalar(type: "bool", value: b ? "True" : "False")
        case .int(let i): return .scalar(type: "int", value: String(i))
        case .float(let f): return .scalar(type: "float", value: String(f))
        case .string(let s): return .scalar(type: "str", value: s.count > 40 ? String(s.prefix(40)) + "…" : s)
        case .bytes(let b): return .scalar(type: "bytes", value: "\(b.count) bytes")
        case .list(let l): return seq("list", l)
        case .tuple(let t): return seq("tuple", t)
        case .set(let s): return seq("set", s)
        case .dict(let entries):
            return .dict(entries.map { e in
                let key: String
                switch e.key {
                case .string(let s): key = s
                case .int(let i): key = String(i)
                case .bytes(let b): key = String(decoding: b, as: UTF8.self)
                default: key = "\(e.key)"
                }
                return (key, node(e.value))
            })
        case .array(let a): return .array(dtype: a.dtype.description, shape: a.shape)
        }
    }
}
