/// One-line descriptions of the shipped datasets, for `bench list datasets`.
public enum DatasetSummaries {
    /// The description of dataset `name` (see ``DatasetSpec/allNames``), "" for an unknown name.
    public static func summary(of name: String) -> String {
        switch name {
        case "pid-xor": "synthetic: two 32-d modalities mixing unique, redundant and XOR-synergistic sources (generated per seed)"
        case "spurious-xor": "synthetic: XOR of two modalities' bits with a training-only shortcut in modality 0 (generated per seed)"
        case "digits-irony": "UCI handwritten digits as top/bottom halves, plus ironic pairs whose bottom half comes from another digit (label 10; bundled data, split per seed)"
        case "mosi": "CMU-MOSI sentiment, vision + text sequences, binary labels (MultiBench pickle)"
        case "ur-funny": "UR-FUNNY humour detection, vision + text sequences (MultiBench pickle)"
        case "mustard": "MUStARD sarcasm detection, vision + text sequences (MultiBench pickle)"
        case "hateful-memes": "Hateful Memes, 768-d image and text embeddings per meme (npz per split)"
        case "cremad-irony": "CREMA-D emotion, audio + video features, with contradicting audio for ironic clips (npz per split)"
        case "mfeat": "UCI Multiple Features: 2000 handwritten digits as six feature-set views (six modalities; bundled, split per seed)"
        case "mfeat-irony": "mfeat plus ironic examples whose 3 of 6 views come from a digit of another class (label 10; bundled)"
        default: ""
        }
    }

    /// Where `spec`'s data comes from under `loader`'s data directory: "generated", "found: PATHS"
    /// or "not found (looked for …): a surrogate is used".
    public static func availability(of spec: DatasetSpec, loader: DatasetLoader) -> String {
        switch loader.source(for: spec) {
        case .generated: "generated"
        case .files(let urls): "found: " + urls.map(\.path).joined(separator: ", ")
        case .surrogate(_, let reason): "surrogate — " + reason
        }
    }
}
