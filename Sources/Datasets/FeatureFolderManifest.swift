import Foundation

/// The `dataset.json` of a feature folder (see ``FeatureFolder`` and docs/EXTENDING.md):
///
///     {"name": "my-data", "modalities": ["audio", "video"],
///      "description": "…", "class_names": ["no", "yes"], "tags_subset": "sarcastic"}
///
/// `name` and `modalities` are required; the rest is optional. Unknown fields and values of
/// the wrong type are refused with an error naming the file and the field.
public struct FeatureFolderManifest: Codable, Hashable, Sendable {
    /// The file name of the manifest inside the folder.
    public static let fileName = "dataset.json"
    /// The fields a manifest may have.
    public static let knownFields = ["name", "modalities", "description", "class_names", "tags_subset"]

    /// The dataset's name in tables ("my-data"): letters, digits, `.`, `_`, `-`.
    public var name: String
    /// The modality names, in model order; each names the array files `<modality>.npy` (or
    /// `.npy.gz`, `.npz`) of every split. At least two.
    public var modalities: [String]
    /// One line shown by `bench list datasets --dataset DIR`.
    public var description: String?
    /// Class names, label k ↦ `class_names[k]`; when absent the classes are "0" … "C−1" with C
    /// inferred from the labels.
    public var classNames: [String]?
    /// What the examples marked by `tags.npy` are (e.g. "sarcastic"); shown by `bench list datasets --dataset DIR`.
    public var tagsSubset: String?

    /// A manifest.
    public init(name: String, modalities: [String], description: String? = nil, classNames: [String]? = nil,
                tagsSubset: String? = nil) {
        self.name = name
        self.modalities = modalities
        self.description = description
        self.classNames = classNames
        self.tagsSubset = tagsSubset
    }

    private enum CodingKeys: String, CodingKey {
        case name, modalities, description, classNames = "class_names", tagsSubset = "tags_subset"
    }

    /// File names a modality may not take (they are the labels and tags arrays).
    static let reservedNames: Set<String> = ["labels", "tags"]

    /// Parses and validates manifest bytes; `file` is named in every error.
    public static func parse(_ data: Data, file: String) throws -> FeatureFolderManifest {
        let object: Any
        do {
            object = try JSONSyntax.parse(data)
        } catch {
            throw DataError(file: file, field: "json", "not valid JSON: \(error)")
        }
        guard let fields = object as? [String: Any] else {
            throw DataError(file: file, field: "json", "expected a JSON object {\"name\": …, \"modalities\": […]}")
        }
        if let unknown = fields.keys.sorted().first(where: { !knownFields.contains($0) }) {
            throw DataError(file: file, field: unknown, "unknown field; expected only \(knownFields.joined(separator: ", "))")
        }
        func string(_ key: String) throws -> String? {
            guard let value = fields[key] else { return nil }
            guard let s = value as? String, !(value is NSNumber) else {
                throw DataError(file: file, field: key, "expected a string, found \(jsonKind(value))")
            }
            return s
        }
        func strings(_ key: String) throws -> [String]? {
            guard let value = fields[key] else { return nil }
            guard let list = value as? [Any] else {
                throw DataError(file: file, field: key, "expected an array of strings, found \(jsonKind(value))")
            }
            return try list.enumerated().map { i, element in
                guard let s = element as? String, !(element is NSNumber) else {
                    throw DataError(file: file, field: "\(key)[\(i)]", "expected a string, found \(jsonKind(element))")
                }
                return s
            }
        }
        guard let name = try string("name") else {
            throw DataError(file: file, field: "name", "missing (the dataset's name in tables, e.g. \"my-data\")")
        }
        guard let modalities = try strings("modalities") else {
            throw DataError(file: file, field: "modalities", "missing (the modality names, e.g. [\"audio\", \"video\"])")
        }
        let manifest = FeatureFolderManifest(name: name, modalities: modalities, description: try string("description"),
                                             classNames: try strings("class_names"), tagsSubset: try string("tags_subset"))
        try manifest.validate(file: file)
        return manifest
    }

    /// Checks the values: a usable name, at least two distinct, file-safe modality names,
    /// at least two distinct class names when given.
    public func validate(file: String) throws {
        guard FeatureFolderManifest.isPlainName(name) else {
            throw DataError(file: file, field: "name", "'\(name)' must be non-empty and use only letters, digits, '.', '_' and '-'")
        }
        guard modalities.count >= 2 else {
            throw DataError(file: file, field: "modalities", "expected at least two modalities, found \(modalities.count)")
        }
        for (i, m) in modalities.enumerated() {
            guard FeatureFolderManifest.isPlainName(m), !m.hasPrefix(".") else {
                throw DataError(file: file, field: "modalities[\(i)]", "'\(m)' must be non-empty and use only letters, digits, '.', '_' and '-'")
            }
            guard !FeatureFolderManifest.reservedNames.contains(m) else {
                throw DataError(file: file, field: "modalities[\(i)]", "'\(m)' is reserved for the \(m) array")
            }
            guard modalities.firstIndex(of: m) == i else {
                throw DataError(file: file, field: "modalities[\(i)]", "'\(m)' is listed twice")
            }
        }
        if let classNames {
            guard classNames.count >= 2 else {
                throw DataError(file: file, field: "class_names", "expected at least two classes, found \(classNames.count)")
            }
            if let dup = classNames.indices.first(where: { classNames.firstIndex(of: classNames[$0]) != $0 }) {
                throw DataError(file: file, field: "class_names[\(dup)]", "'\(classNames[dup])' is listed twice")
            }
        }
    }

    /// Letters, digits, `.`, `_`, `-`; non-empty.
    static func isPlainName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || "._-".unicodeScalars.contains($0) }
    }

    private static func jsonKind(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if value is NSNumber { return "a number or boolean" }
        if value is String { return "a string" }
        if value is [Any] { return "an array" }
        if value is [String: Any] { return "an object" }
        return "\(type(of: value))"
    }
}
