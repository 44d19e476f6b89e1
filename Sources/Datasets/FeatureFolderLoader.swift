import Foundation
import Tensors

/// Reads a feature folder (``FeatureFolder``) into a ``MultimodalDataset``: every array is
/// checked (dtype, rank, row counts, finite values, labels in range, tags 0/1) with an error
/// naming the file and the field; without `valid/`, 10 % of train (at least one example) is
/// held out with the run seed; every modality is standardised per coordinate with the training
/// split's mean and standard deviation. Provenance: ``Provenance/folder(files:)`` with the
/// SHA-256 of every file.
public enum FeatureFolderLoader {
    /// Loads the folder at `path` for run seed `seed` (which only picks the held-out validation
    /// examples when there is no `valid/`). This is the one call other commands need
    /// (`bench train --dataset DIR`, `bench pid --dataset DIR`).
    public static func load(path: String, seed: UInt64,
                            hash: (URL) throws -> String = FileHashing.sha256Hex(of:)) throws -> MultimodalDataset {
        try load(layout: try FeatureFolderLayout(folder: FeatureFolder(path: path).url), seed: seed, hash: hash)
    }

    /// Loads a folder whose files were already found.
    public static func load(layout: FeatureFolderLayout, seed: UInt64,
                            hash: (URL) throws -> String = FileHashing.sha256Hex(of:)) throws -> MultimodalDataset {
        let manifest = layout.manifest
        var splits: [String: Split] = [:]
        var maxLabel = -1
        var labelFiles: [String: URL] = [:]
        for files in layout.splits {
            var modalities: [Modality] = []
            for (name, url) in zip(manifest.modalities, files.modalities) {
                modalities.append(try readModality(name, url: url))
            }
            let labels = try readLabels(url: files.labels)
            labelFiles[files.name] = files.labels
            for (m, url) in zip(modalities, files.modalities) where m.count != labels.count {
                throw DataError(file: url.path, field: m.name, "has \(m.count) rows but \(files.labels.lastPathComponent) has \(labels.count) (every modality needs one row per label)")
            }
            var tags: [String: [String]] = [:]
            if let tagsURL = files.tags {
                let t = try readTags(url: tagsURL)
                guard t.count == labels.count else {
                    throw DataError(file: tagsURL.path, field: "tags", "has \(t.count) entries but \(files.labels.lastPathComponent) has \(labels.count)")
                }
                tags["synergy"] = t.map { $0 ? "1" : "0" }
            }
            if let trainShapes = splits["train"]?.modalities.map({ Array($0.shape.dropFirst()) }) {
                for (k, m) in modalities.enumerated() where Array(m.shape.dropFirst()) != trainShapes[k] {
                    throw DataError(file: files.modalities[k].path, field: m.name,
                                    "per-example shape \(Array(m.shape.dropFirst())) differs from train's \(trainShapes[k])")
                }
            }
            if files.name == "train" { maxLabel = labels.max() ?? -1 }
            splits[files.name] = Split(modalities: modalities, labels: labels, tags: tags)
        }
        let classNames: [String]
        if let names = manifest.classNames {
            classNames = names
            for (split, url) in labelFiles.sorted(by: { $0.key < $1.key }) {
                if let bad = splits[split]!.labels.firstIndex(where: { $0 >= names.count }) {
                    throw DataError(file: url.path, field: "labels", "label \(splits[split]!.labels[bad]) at row \(bad) is outside 0…\(names.count - 1) (dataset.json lists \(names.count) class_names)")
                }
            }
        } else {
            guard maxLabel >= 1 else {
                throw DataError(file: labelFiles["train"]!.path, field: "labels", "found a single class (labels must be 0 … C−1 with C ≥ 2)")
            }
            // Without class_names, C is inferred from train: a class train lacks (labels {0, 3}) would
            // silently become an empty class averaged into the macro-F1.
            let present = Set(splits["train"]!.labels)
            let absent = (0...maxLabel).filter { !present.contains($0) }
            guard absent.isEmpty else {
                throw DataError(file: labelFiles["train"]!.path, field: "labels",
                    "classes \(absent.map(String.init).joined(separator: ", ")) of 0…\(maxLabel) never occur (found "
                    + "\(present.sorted().map(String.init).joined(separator: ", "))); expected labels 0 … C−1 with every class in "
                    + "train, or list every class in dataset.json's class_names")
            }
            classNames = (0...maxLabel).map(String.init)
            for (split, url) in labelFiles.sorted(by: { $0.key < $1.key }) {
                if let bad = splits[split]!.labels.firstIndex(where: { $0 > maxLabel }) {
                    throw DataError(file: url.path, field: "labels", "label \(splits[split]!.labels[bad]) at row \(bad) is outside 0…\(maxLabel), the classes of train/labels (C is inferred from train)")
                }
            }
        }
        var train = splits["train"]!
        var valid: Split
        if let given = splits["valid"] {
            valid = given
        } else {
            guard train.count >= 2 else {
                throw DataError(file: labelFiles["train"]!.path, field: "labels", "train has \(train.count) example(s); without valid/ at least 2 are needed to hold out validation examples")
            }
            let held = min(train.count - 1, max(1, Int((Double(train.count) * FeatureFolder.validationFraction).rounded())))
            var rng = RandomStream(seed: seed).split("feature-folder-validation")
            let order = rng.permutation(train.count)
            valid = train.selecting(order[..<held].sorted())
            train = train.selecting(order[held...].sorted())
        }
        var others = [valid, splits["test"]!]
        Standardizer.standardize(train: &train, others: &others)
        valid = others[0]
        var files: [String: String] = [:]
        for (relative, url) in layout.files { files[relative] = try hash(url) }
        let dataset = MultimodalDataset(name: manifest.name, classNames: classNames, train: train, valid: valid,
                                        test: others[1], provenance: .folder(files: files), modalityNames: manifest.modalities)
        try dataset.validate(file: layout.folder.path)
        return dataset
    }

    /// Reads one array file: `.npy`, `.npy.gz`, or `.npz` holding an array named `key` or a single array.
    static func readArray(url: URL, key: String) throws -> NpyArray {
        guard url.lastPathComponent.hasSuffix(".npz") else { return try NpyFormat.read(url: url) }
        let names = try NpzArchive.keys(url: url)
        if names.contains(key) { return try NpzArchive.read(url: url, keys: [key])[key]! }
        guard names.count == 1 else {
            throw DataError(file: url.path, field: key, "expected an array named '\(key)' or a single array, found \(names.isEmpty ? "none" : names.joined(separator: ", "))")
        }
        return try NpzArchive.read(url: url, keys: names)[names[0]]!
    }

    static func readModality(_ name: String, url: URL) throws -> Modality {
        let array = try readArray(url: url, key: name)
        guard array.dtype.kind == .float else {
            throw DataError(file: url.path, field: name, "expected float32 or float64 values, found dtype \(array.dtype)")
        }
        guard array.shape.count == 2 || array.shape.count == 3 else {
            throw DataError(file: url.path, field: name, "expected rank 2 (N × d) or 3 (N × T × d), found shape \(array.shape)")
        }
        guard array.shape[0] > 0, array.shape.dropFirst().allSatisfy({ $0 > 0 }) else {
            throw DataError(file: url.path, field: name, "empty array of shape \(array.shape)")
        }
        if case .float64(let raw) = array.storage,
           let bad = raw.firstIndex(where: { $0.isFinite && abs($0) > Double(Float.greatestFiniteMagnitude) }) {
            // Finite in the file, infinite once converted to the float32 the models compute in.
            let per = array.shape.dropFirst().reduce(1, *)
            throw DataError(file: url.path, field: name, "value \(raw[bad]) at row \(bad / per) (flat index \(bad)) is outside the "
                + "float32 range (±3.4e38) the models compute in; rescale the features")
        }
        let values = try array.floats(file: url.path, field: name)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            let per = array.shape.dropFirst().reduce(1, *)
            throw DataError(file: url.path, field: name, "contains \(values[bad].isNaN ? "NaN" : "an infinite value") at row \(bad / per) (flat index \(bad)); values must be finite")
        }
        return Modality(name: name, shape: array.shape, values: values)
    }

    static func readLabels(url: URL) throws -> [Int] {
        let array = try readArray(url: url, key: "labels")
        guard array.shape.count == 1 else {
            throw DataError(file: url.path, field: "labels", "expected rank 1 (N), found shape \(array.shape)")
        }
        switch array.dtype.kind {
        case .signed, .unsigned, .bool: break
        default: throw DataError(file: url.path, field: "labels", "expected integer labels 0 … C−1, found dtype \(array.dtype)")
        }
        let labels = try array.ints(file: url.path, field: "labels")
        if let bad = labels.firstIndex(where: { $0 < 0 }) {
            throw DataError(file: url.path, field: "labels", "label \(labels[bad]) at row \(bad) is negative (labels must be 0 … C−1)")
        }
        return labels
    }

    static func readTags(url: URL) throws -> [Bool] {
        let array = try readArray(url: url, key: "tags")
        guard array.shape.count == 1 else {
            throw DataError(file: url.path, field: "tags", "expected rank 1 (N), found shape \(array.shape)")
        }
        let values: [Double]
        switch array.storage {
        case .bool(let v): return v
        case .int(let v): values = v.map(Double.init)
        case .uint8(let v): values = v.map(Double.init)
        case .float32(let v): values = v.map(Double.init)
        case .float64(let v): values = v
        case .strings: throw DataError(file: url.path, field: "tags", "expected booleans or 0/1, found strings (\(array.dtype))")
        }
        if let bad = values.firstIndex(where: { $0 != 0 && $0 != 1 }) {
            throw DataError(file: url.path, field: "tags", "value \(values[bad]) at row \(bad) is not 0 or 1")
        }
        return values.map { $0 == 1 }
    }
}
