/// Datasets: file formats (.npy, .npz, gzip, a restricted pickle reader), the multimodal
/// dataset model, generators (PID-XOR, spurious-XOR, digits-irony), real-format loaders with
/// labelled surrogates, and the gzip feature cache. See DESIGN.md §4 and §5.
public enum DatasetsModule {}
