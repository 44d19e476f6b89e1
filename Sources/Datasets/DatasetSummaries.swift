/// One-line descriptions of the registered datasets (each definition's ``DatasetDefinition/summary``), for `bench list datasets`.
public enum DatasetSummaries {
    /// The description of dataset `name` (see ``DatasetSpec/allNames``), "" for an unknown name.
    public static func summary(of name: String) -> String {
        DatasetRegistry.current.definition(named: name)?.summary ?? ""
    }

    /// Where `spec`'s data comes from under `loader`'s data directory: "generated", "found: PATHS"
    /// or "not found (looked for …): a stand-in is used".
    public static func availability(of spec: DatasetSpec, loader: DatasetLoader) -> String {
        switch loader.source(for: spec) {
        case .generated: spec.definition?.bundledData ?? "generated"
        case .files(let urls): "found: " + urls.map(\.path).joined(separator: ", ")
        case .standIn(_, let reason): "stand-in — " + reason
        }
    }
}
