/// One-line descriptions of the registered objectives (``ObjectiveRegistry/current``), for `bench list objectives`.
public enum ObjectiveSummaries {
    /// The description of objective `name` (see ``ProtocolSettings/objectiveNames``), "" for an unknown name.
    public static func summary(of name: String) -> String {
        ObjectiveRegistry.current.definition(named: name)?.summary ?? ""
    }
}
