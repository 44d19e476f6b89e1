import Foundation

/// A value decoded from a pickle by ``PickleReader``: plain Python data and numpy arrays only.
public indirect enum PickleValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([PickleValue])
    case tuple([PickleValue])
    /// A `set` or `frozenset`, in pickle order.
    case set([PickleValue])
    /// A `dict`, in insertion order.
    case dict([PickleDictEntry])
    /// A numpy array; a numpy scalar is an array of shape `[]`.
    case array(NpyArray)

    /// The value stored under the string key `key` of a dict, or nil.
    public subscript(key: String) -> PickleValue? {
        guard case .dict(let entries) = self else { return nil }
        return entries.first { $0.key == .string(key) || $0.key == .bytes(Array(key.utf8)) }?.value
    }

    /// A short type name ("dict", "ndarray", …) for messages and `bench inspect`.
    public var typeName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "str"
        case .bytes: "bytes"
        case .list: "list"
        case .tuple: "tuple"
        case .set: "set"
        case .dict: "dict"
        case .array(let a): a.shape.isEmpty ? "numpy scalar" : "ndarray"
        }
    }
}

/// One key/value pair of a pickled dict.
public struct PickleDictEntry: Sendable, Equatable {
    /// The key.
    public var key: PickleValue
    /// The value.
    public var value: PickleValue
}

/// A restricted unpickler for feature dumps (protocols 2–5).
///
/// It interprets the opcodes that build plain data (dict, list, tuple, set, str, bytes, int,
/// float, bool, None, memo operations) and the handful of numpy globals that numpy 1.x and 2.x
/// use to pickle arrays, dtypes and scalars. Nothing from the file is ever executed: every other
/// global is refused with an error naming it, and nesting depth, container count and sizes are
/// bounded. The globals understood (and only interpreted, never called):
/// `numpy[._]core.multiarray._reconstruct`, `numpy.ndarray`, `numpy.dtype`,
/// `numpy[._]core.multiarray.scalar`, `numpy[._]core.numeric._frombuffer` (protocol 5) and
/// `_codecs.encode` (how protocol 2 stores bytes under Python 3) and `builtins.set` /
/// `builtins.frozenset` (how protocols 2–3 store sets).
public struct PickleReader {
    /// Maximum nesting depth of containers in the result.
    public var maxDepth: Int = 64
    /// Maximum number of values in the result (shared references counted each time).
    public var maxNodes: Int = 10_000_000
    /// Maximum size of the interpreter stack.
    public var maxStack: Int = 10_000_000

    /// Creates a reader with the default bounds.
    public init(maxDepth: Int = 64) { self.maxDepth = maxDepth }

    /// The globals this reader understands.
    public static let allowedGlobals: Set<String> = [
        "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
        "numpy.ndarray", "numpy.dtype",
        "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
        "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
        "_codecs.encode",
        "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset",
    ]

    /// Reads the pickle file at `url`.
    public func read(url: URL) throws -> PickleValue {
        let bytes = try readWholeFile(url)
        return try parse(bytes, name: url.path)
    }

    /// Decodes pickle `bytes`; `name` is used in errors.
    public func parse(_ bytes: [UInt8], name: String = "<memory>") throws -> PickleValue {
        var machine = PickleMachine(bytes: bytes, name: name, maxStack: maxStack, maxDepth: maxDepth)
        // Tear the node graph down without recursion (a 100 000-deep chain of lists would overflow
        // the stack in recursive deinit) and break reference cycles (a list appended to itself).
        defer { machine.dismantle() }
        let root = try machine.run()
        // Every value of a real pickle costs at least one byte of the file (a shared reference,
        // BINGET, two); a bound proportional to the size stops a tiny DAG that doubles at each
        // level (`a = [a, a]` forty times) from expanding into 2^40 values.
        var budget = min(maxNodes, bytes.count + 1024)
        return try machine.convert(root, depth: 0, budget: &budget)
    }
}

/// A node of the interpreter: containers are shared by reference, as in Python, so that memo
/// references see later appends.
final class PickleNode {
    enum Kind {
        case leaf(PickleValue)
        case list([PickleNode])
        case tuple([PickleNode])
        case set([PickleNode])
        case dict([(PickleNode, PickleNode)])
        case global(String)
        /// numpy.dtype(...) before/after BUILD: the type code and byte order.
        case dtype(code: String, order: String)
        /// An ndarray created by _reconstruct, waiting for BUILD.
        case pendingArray
        case array(NpyArray)
    }
    var kind: Kind
    init(_ kind: Kind) { self.kind = kind }
}

struct PickleMachine {
    let bytes: [UInt8]
    let name: String
    let maxStack: Int
    let maxDepth: Int
    var pos = 0
    var stack: [PickleNode] = []
    var marks: [Int] = []
    var memo: [Int: PickleNode] = [:]
    /// Every container node pushed (for ``dismantle()``).
    var containers: [PickleNode] = []

    init(bytes: [UInt8], name: String, maxStack: Int, maxDepth: Int) {
        self.bytes = bytes
        self.name = name
        self.maxStack = maxStack
        self.maxDepth = maxDepth
    }

    func error(_ field: String, _ msg: String) -> DataError { DataError(file: name, field: field, msg) }

    mutating func take(_ n: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.count - pos else {
            throw error(what, "truncated: needs \(n) bytes at offset \(pos), \(bytes.count - pos) left")
        }
        defer { pos += n }
        return bytes[pos..<(pos + n)]
    }

    mutating func uint(_ n: Int, _ what: String) throws -> UInt64 {
        let s = try take(n, what)
        var v: UInt64 = 0
        for (k, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
        return v
    }

    mutating func length(_ n: Int, _ what: String) throws -> Int {
        let v = try uint(n, what)
        guard v <= UInt64(bytes.count - pos) else {
            throw error(what, "truncated: declares \(v) bytes at offset \(pos), only \(bytes.count - pos) left")
        }
        return Int(v)
    }

    mutating func line(_ what: String) throws -> String {
        guard let end = bytes[pos...].firstIndex(of: 0x0A) else { throw error(what, "unterminated line") }
        guard end - pos < 4096 else { throw error(what, "line too long") }
        let s = String(decoding: bytes[pos..<end], as: UTF8.self)
        pos = end + 1
        return s
    }

    mutating func push(_ node: PickleNode) throws {
        guard stack.count < maxStack else { throw error("stack", "more than \(maxStack) values on the pickle stack") }
        switch node.kind {
        case .list, .tuple, .set, .dict: containers.append(node)
        default: break
        }
        stack.append(node)
    }

    /// Empties every container node while all of them are still referenced, so that releasing
    /// them never recurses and cycles are broken.
    mutating func dismantle() {
        stack.removeAll()
        memo.removeAll()
        for node in containers { node.kind = .leaf(.none) }
        containers.removeAll()
    }

    mutating func pop(_ op: String) throws -> PickleNode {
        guard stack.count > (marks.last ?? 0), let v = stack.popLast() else {
            throw error(op, "stack underflow")
        }
        return v
    }

    mutating func popMark(_ op: String) throws -> [PickleNode] {
        guard let m = marks.popLast() else { throw error(op, "no MARK on the stack") }
        guard m <= stack.count else { throw error(op, "corrupt MARK") }
        let items = Array(stack[m...])
        stack.removeSubrange(m...)
        return items
    }

    func leaf(_ v: PickleValue) -> PickleNode { PickleNode(.leaf(v)) }

    func signedInt(_ s: ArraySlice<UInt8>, _ what: String) throws -> Int {
        guard s.count <= 8 else { throw error(what, "integer of \(s.count) bytes does not fit in 64 bits") }
        if s.isEmpty { return 0 }
        var v: UInt64 = 0
        for (k, b) in s.enumerated() { v |= UInt64(b) << (8 * UInt64(k)) }
        if s.count < 8, let last = s.last, last & 0x80 != 0 { v |= ~0 << (8 * UInt64(s.count)) }
        return Int(bitPattern: UInt(v))
    }

    mutating func run() throws -> PickleNode {
        while true {
            let opPos = pos
            guard pos < bytes.count else { throw error("STOP", "truncated: the pickle ends without STOP") }
            let op = bytes[pos]
            pos += 1
            switch op {
            case 0x80:  // PROTO
                let p = try uint(1, "PROTO")
                guard p <= 5 else { throw error("PROTO", "unsupported pickle protocol \(p)") }
            case 0x95: _ = try uint(8, "FRAME")  // FRAME: framing only
            case 0x2E:  // STOP
                guard let top = stack.last else { throw error("STOP", "empty stack") }
                return top
            case 0x28: marks.append(stack.count)  // MARK
                guard marks.count <= maxDepth * 4 else { throw error("MARK", "nested deeper than the bound (\(maxDepth))") }
            case 0x4E: try push(leaf(.none))
            case 0x88: try push(leaf(.bool(true)))
            case 0x89: try push(leaf(.bool(false)))
            case 0x4A: try push(leaf(.int(try signedInt(try take(4, "BININT"), "BININT"))))
            case 0x4B: try push(leaf(.int(Int(try uint(1, "BININT1")))))
            case 0x4D: try push(leaf(.int(Int(try uint(2, "BININT2")))))
            case 0x8A:  // LONG1
                let n = try length(1, "LONG1")
                try push(leaf(.int(try signedInt(try take(n, "LONG1"), "LONG1"))))
            case 0x8B:  // LONG4
                let n = try length(4, "LONG4")
                try push(leaf(.int(try signedInt(try take(n, "LONG4"), "LONG4"))))
            case 0x49:  // INT (text)
                let s = try line("INT")
                if s == "01" { try push(leaf(.bool(true))) } else if s == "00" { try push(leaf(.bool(false))) } else {
                    guard let v = Int(s) else { throw error("INT", "bad integer literal '\(s)'") }
                    try push(leaf(.int(v)))
                }
            case 0x4C:  // LONG (text)
                var s = try line("LONG")
                if s.hasSuffix("L") { s.removeLast() }
                guard let v = Int(s) else { throw error("LONG", "integer '\(s)' does not fit in 64 bits") }
                try push(leaf(.int(v)))
            case 0x47:  // BINFLOAT (big-endian)
                let s = try take(8, "BINFLOAT")
                var v: UInt64 = 0
                for b in s { v = v << 8 | UInt64(b) }
                try push(leaf(.float(Double(bitPattern: v))))
            case 0x46:  // FLOAT (text)
                let s = try line("FLOAT")
                guard let v = Double(s) else { throw error("FLOAT", "bad float literal '\(s)'") }
                try push(leaf(.float(v)))
            case 0x8C: try push(leaf(.string(try utf8(try length(1, "SHORT_BINUNICODE"), "SHORT_BINUNICODE"))))
            case 0x58: try push(leaf(.string(try utf8(try length(4, "BINUNICODE"), "BINUNICODE"))))
            case 0x8D: try push(leaf(.string(try utf8(try length(8, "BINUNICODE8"), "BINUNICODE8"))))
            case 0x55: try push(leaf(.string(latin1(try take(try length(1, "SHORT_BINSTRING"), "SHORT_BINSTRING")))))
            case 0x54: try push(leaf(.string(latin1(try take(try length(4, "BINSTRING"), "BINSTRING")))))
            case 0x43: try push(leaf(.bytes(Array(try take(try length(1, "SHORT_BINBYTES"), "SHORT_BINBYTES")))))
            case 0x42: try push(leaf(.bytes(Array(try take(try length(4, "BINBYTES"), "BINBYTES")))))
            case 0x8E: try push(leaf(.bytes(Array(try take(try length(8, "BINBYTES8"), "BINBYTES8")))))
            case 0x96: try push(leaf(.bytes(Array(try take(try length(8, "BYTEARRAY8"), "BYTEARRAY8")))))
            case 0x98: _ = try top("READONLY_BUFFER")  // the buffer stays as it is
            case 0x97: throw error("NEXT_BUFFER", "out-of-band buffers are not supported")
            case 0x7D: try push(PickleNode(.dict([])))  // EMPTY_DICT
            case 0x5D: try push(PickleNode(.list([])))  // EMPTY_LIST
            case 0x29: try push(PickleNode(.tuple([])))  // EMPTY_TUPLE
            case 0x8F: try push(PickleNode(.set([])))  // EMPTY_SET
            case 0x85: let a = try pop("TUPLE1"); try push(PickleNode(.tuple([a])))
            case 0x86:
                let b = try pop("TUPLE2"), a = try pop("TUPLE2")
                try push(PickleNode(.tuple([a, b])))
            case 0x87:
                let c = try pop("TUPLE3"), b = try pop("TUPLE3"), a = try pop("TUPLE3")
                try push(PickleNode(.tuple([a, b, c])))
            case 0x74: try push(PickleNode(.tuple(try popMark("TUPLE"))))
            case 0x6C: try push(PickleNode(.list(try popMark("LIST"))))
            case 0x91: try push(PickleNode(.set(try popMark("FROZENSET"))))
            case 0x64:  // DICT
                let items = try popMark("DICT")
                guard items.count % 2 == 0 else { throw error("DICT", "odd number of items") }
                try push(PickleNode(.dict(stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) })))
            case 0x61:  // APPEND
                let v = try pop("APPEND")
                try appendItems([v], "APPEND")
            case 0x65: try appendItems(try popMark("APPENDS"), "APPENDS")
            case 0x90:  // ADDITEMS
                let items = try popMark("ADDITEMS")
                guard let target = stack.last, case .set(var s) = target.kind else { throw error("ADDITEMS", "target is not a set") }
                s += items
                target.kind = .set(s)
            case 0x73:  // SETITEM
                let v = try pop("SETITEM"), k = try pop("SETITEM")
                try setItems([k, v], "SETITEM")
            case 0x75: try setItems(try popMark("SETITEMS"), "SETITEMS")
            case 0x30: _ = try pop("POP")
            case 0x31: _ = try popMark("POP_MARK")
            case 0x32:
                guard let top = stack.last else { throw error("DUP", "empty stack") }
                try push(top)
            case 0x70: memo[try memoIndex(try line("PUT"), "PUT")] = try top("PUT")
            case 0x71: memo[Int(try uint(1, "BINPUT"))] = try top("BINPUT")
            case 0x72: memo[Int(try uint(4, "LONG_BINPUT"))] = try top("LONG_BINPUT")
            case 0x94: memo[memo.count] = try top("MEMOIZE")
            case 0x67: try push(try memoGet(try memoIndex(try line("GET"), "GET"), "GET"))
            case 0x68: try push(try memoGet(Int(try uint(1, "BINGET")), "BINGET"))
            case 0x6A: try push(try memoGet(Int(try uint(4, "LONG_BINGET")), "LONG_BINGET"))
            case 0x63:  // GLOBAL
                let module = try line("GLOBAL"), attr = try line("GLOBAL")
                try push(try global(module, attr))
            case 0x93:  // STACK_GLOBAL
                let attrNode = try pop("STACK_GLOBAL"), moduleNode = try pop("STACK_GLOBAL")
                guard case .leaf(.string(let attr)) = attrNode.kind, case .leaf(.string(let module)) = moduleNode.kind else {
                    throw error("STACK_GLOBAL", "module and name must be strings")
                }
                try push(try global(module, attr))
            case 0x52:  // REDUCE
                let args = try pop("REDUCE"), callable = try pop("REDUCE")
                try push(try reduce(callable, args))
            case 0x62:  // BUILD
                let state = try pop("BUILD")
                guard let target = stack.last else { throw error("BUILD", "empty stack") }
                try build(target, state)
            case 0x50, 0x51: throw error("PERSID", "persistent ids are refused")
            case 0x69, 0x6F, 0x81, 0x92:
                throw error("object construction", "opcode 0x\(String(op, radix: 16)) at offset \(opPos) builds arbitrary objects and is refused")
            case 0x82, 0x83, 0x84: throw error("EXT", "extension registry opcodes are refused")
            case 0x56: throw error("UNICODE", "protocol-0 unicode strings are not supported")
            default:
                throw error("opcode", "unknown or unsupported opcode 0x\(String(op, radix: 16)) at offset \(opPos)")
            }
        }
    }

    mutating func utf8(_ n: Int, _ what: String) throws -> String {
        let s = try take(n, what)
        guard let str = String(validating: s, as: UTF8.self) else { throw error(what, "invalid UTF-8 at offset \(pos - n)") }
        return str
    }

    func latin1(_ s: ArraySlice<UInt8>) -> String { String(String.UnicodeScalarView(s.map { Unicode.Scalar($0) })) }

    func memoIndex(_ s: String, _ op: String) throws -> Int {
        guard let i = Int(s), i >= 0 else { throw error(op, "bad memo index '\(s)'") }
        return i
    }

    func top(_ op: String) throws -> PickleNode {
        guard let t = stack.last else { throw error(op, "empty stack") }
        return t
    }

    func memoGet(_ i: Int, _ op: String) throws -> PickleNode {
        guard let v = memo[i] else { throw error(op, "memo index \(i) was never stored") }
        return v
    }

    mutating func appendItems(_ items: [PickleNode], _ op: String) throws {
        guard let target = stack.last, case .list(var l) = target.kind else { throw error(op, "target is not a list") }
        target.kind = .list([])  // release the reference before mutating (no copy)
        l += items
        target.kind = .list(l)
    }

    mutating func setItems(_ items: [PickleNode], _ op: String) throws {
        guard items.count % 2 == 0 else { throw error(op, "odd number of items") }
        guard let target = stack.last, case .dict(var d) = target.kind else { throw error(op, "target is not a dict") }
        target.kind = .dict([])
        for k in stride(from: 0, to: items.count, by: 2) { d.append((items[k], items[k + 1])) }
        target.kind = .dict(d)
    }

    func global(_ module: String, _ attr: String) throws -> PickleNode {
        let full = "\(module).\(attr)"
        guard PickleReader.allowedGlobals.contains(full) else {
            throw error("GLOBAL", "refused global '\(full)': only plain data and numpy arrays are read, nothing is executed")
        }
        return PickleNode(.global(full))
    }

    func tupleItems(_ n: PickleNode, _ what: String) throws -> [PickleNode] {
        guard case .tuple(let t) = n.kind else { throw error(what, "expected a tuple") }
        return t
    }

    func shape(_ n: PickleNode, _ what: String) throws -> [Int] {
        guard case .tuple(let t) = n.kind else { throw error(what, "shape must be a tuple") }
        return try t.map {
            guard case .leaf(.int(let d)) = $0.kind, d >= 0 else { throw error(what, "shape entries must be non-negative integers") }
            return d
        }
    }

    func dtype(_ n: PickleNode, _ what: String) throws -> NpyDType? {
        guard case .dtype(let code, let order) = n.kind else { throw error(what, "expected a numpy dtype") }
        if code.hasPrefix("O") || code == "object" { return nil }
        var c = code
        if let f = c.first, "<>|=".contains(f) { c.removeFirst() }
        let o = order == ">" ? ">" : "<"
        return try NpyDType.parse(o + c, file: name, field: what)
    }

    /// Converts raw little/big-endian bytes into an array with the given dtype and shape.
    func makeArray(dtype: NpyDType, shape: [Int], fortran: Bool, data: [UInt8], what: String) throws -> NpyArray {
        guard let count = NpyFormat.elementCount(shape), count <= NpyFormat.maxElements else {
            throw error(what, "shape \(shape) is too large")
        }
        let (need, o) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !o, need == data.count else {
            throw error(what, "shape \(shape) of \(dtype) needs \(o ? -1 : need) bytes, the pickle holds \(data.count)")
        }
        do {
            return try NpyFormat.readData(MemoryByteReader(data, name: name),
                                          header: .init(dtype: dtype, fortranOrder: fortran, shape: shape), sizeBound: data.count)
        } catch let e as DataError {
            throw e.relocated(file: name, fieldPrefix: what)
        }
    }

    func objectArray(_ items: [PickleNode], shape: [Int], what: String) throws -> NpyArray {
        var strings: [String] = [], numbers: [Double] = []
        for it in items {
            switch it.kind {
            case .leaf(.string(let s)): strings.append(s)
            case .leaf(.bytes(let b)): strings.append(String(decoding: b, as: UTF8.self))
            case .leaf(.int(let i)): numbers.append(Double(i))
            case .leaf(.float(let f)): numbers.append(f)
            default: throw error(what, "object arrays may only hold strings or numbers")
            }
        }
        guard NpyFormat.elementCount(shape) == items.count else { throw error(what, "object array shape \(shape) does not match \(items.count) items") }
        if numbers.isEmpty { return NpyArray(strings: strings, shape: shape) }
        guard strings.isEmpty else { throw error(what, "object array mixes strings and numbers") }
        return NpyArray(numbers, shape: shape)
    }

    func reduce(_ callable: PickleNode, _ args: PickleNode) throws -> PickleNode {
        guard case .global(let fn) = callable.kind else { throw error("REDUCE", "callable is not an allowed global") }
        let a = try tupleItems(args, "REDUCE \(fn)")
        switch fn {
        case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct":
            guard a.count == 3, case .global("numpy.ndarray") = a[0].kind else {
                throw error(fn, "only numpy.ndarray can be reconstructed")
            }
            return PickleNode(.pendingArray)
        case "numpy.dtype":
            guard let first = a.first, case .leaf(.string(let code)) = first.kind else { throw error(fn, "dtype code must be a string") }
            return PickleNode(.dtype(code: code, order: "<"))
        case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar":
            guard a.count == 2 else { throw error(fn, "expected (dtype, bytes)") }
            guard let dt = try dtype(a[0], fn) else { throw error(fn, "object scalars are refused") }
            guard case .leaf(.bytes(let data)) = a[1].kind else { throw error(fn, "scalar data must be bytes") }
            return PickleNode(.array(try makeArray(dtype: dt, shape: [], fortran: false, data: data, what: fn)))
        case "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer":
            guard a.count == 4, case .leaf(.bytes(let data)) = a[0].kind else { throw error(fn, "expected (buffer, dtype, shape, order)") }
            guard let dt = try dtype(a[1], fn) else { throw error(fn, "object arrays are refused") }
            let shp = try shape(a[2], fn)
            var fortran = false
            if case .leaf(.string(let order)) = a[3].kind { fortran = order == "F" }
            return PickleNode(.array(try makeArray(dtype: dt, shape: shp, fortran: fortran, data: data, what: fn)))
        case "builtins.set", "builtins.frozenset", "__builtin__.set", "__builtin__.frozenset":
            // Protocols 2–3 pickle sets as set([items]).
            guard a.count <= 1 else { throw error(fn, "expected one iterable") }
            guard let first = a.first else { return PickleNode(.set([])) }
            guard case .list(let items) = first.kind else { throw error(fn, "expected a list of items") }
            return PickleNode(.set(items))
        case "_codecs.encode":
            guard a.count >= 1, case .leaf(.string(let s)) = a[0].kind else { throw error(fn, "expected a string") }
            if a.count > 1, case .leaf(.string(let enc)) = a[1].kind, enc != "latin1" && enc != "latin-1" {
                throw error(fn, "only latin1 encoding is supported, found '\(enc)'")
            }
            var out: [UInt8] = []
            out.reserveCapacity(s.unicodeScalars.count)
            for u in s.unicodeScalars {
                guard u.value < 256 else { throw error(fn, "character outside latin1") }
                out.append(UInt8(u.value))
            }
            return leaf(.bytes(out))
        default:
            throw error("REDUCE", "calling '\(fn)' is not supported")
        }
    }

    func build(_ target: PickleNode, _ state: PickleNode) throws {
        switch target.kind {
        case .dtype(let code, _):
            let s = try tupleItems(state, "numpy.dtype state")
            guard s.count >= 2, case .leaf(.string(let order)) = s[1].kind else { throw error("numpy.dtype", "bad dtype state") }
            if s.count > 3, case .leaf(.none) = s[3].kind {} else if s.count > 3 {
                throw error("numpy.dtype", "structured dtypes are not supported")
            }
            target.kind = .dtype(code: code, order: order)
        case .pendingArray:
            let s = try tupleItems(state, "numpy.ndarray state")
            guard s.count == 5 else { throw error("numpy.ndarray", "bad array state (\(s.count) items)") }
            let shp = try shape(s[1], "numpy.ndarray shape")
            guard case .leaf(.bool(let fortran)) = s[3].kind else { throw error("numpy.ndarray", "fortran flag must be a bool") }
            if let dt = try dtype(s[2], "numpy.ndarray dtype") {
                guard case .leaf(.bytes(let data)) = s[4].kind else { throw error("numpy.ndarray", "array data must be bytes") }
                target.kind = .array(try makeArray(dtype: dt, shape: shp, fortran: fortran, data: data, what: "numpy.ndarray"))
            } else {
                guard case .list(let items) = s[4].kind else { throw error("numpy.ndarray", "object array data must be a list") }
                target.kind = .array(try objectArray(items, shape: shp, what: "numpy.ndarray"))
            }
        default:
            throw error("BUILD", "setting the state of this object is refused")
        }
    }

    func convert(_ node: PickleNode, depth: Int, budget: inout Int) throws -> PickleValue {
        guard depth <= maxDepth else { throw error("nesting", "containers nested deeper than the bound (\(maxDepth))") }
        budget -= 1
        guard budget >= 0 else { throw error("size", "more values than the bound allows") }
        switch node.kind {
        case .leaf(let v): return v
        case .array(let a): return .array(a)
        case .list(let items): return .list(try items.map { try convert($0, depth: depth + 1, budget: &budget) })
        case .tuple(let items): return .tuple(try items.map { try convert($0, depth: depth + 1, budget: &budget) })
        case .set(let items): return .set(try items.map { try convert($0, depth: depth + 1, budget: &budget) })
        case .dict(let pairs):
            return .dict(try pairs.map {
                PickleDictEntry(key: try convert($0.0, depth: depth + 1, budget: &budget),
                                value: try convert($0.1, depth: depth + 1, budget: &budget))
            })
        case .global(let g): throw error("GLOBAL", "a bare reference to '\(g)' is not data")
        case .dtype(let code, _): return .string(code)
        case .pendingArray: throw error("numpy.ndarray", "array without state")
        }
    }
}
