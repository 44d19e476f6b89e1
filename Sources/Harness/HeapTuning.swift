#if canImport(CMalloc)
import CMalloc
#endif

/// Keeps freed training buffers in the heap for reuse.
///
/// A training step allocates and frees the same activation and gradient buffers every step.
/// glibc hands blocks of 128 KiB or more (a 128 × 256 activation already) straight back to the
/// operating system and page-faults fresh ones in on the next step, which cost a quarter of a
/// PID-XOR SynIB step at H = 256 (Benchmarks/README.md). Raising the mmap threshold to 64 MiB
/// and the trim threshold to 256 MiB keeps them in the heap, much as PyTorch's caching
/// allocators do. Values do not change; only where memory comes from.
///
/// The thresholds are process-wide allocator state, so the program that owns the process sets
/// them (bench at start-up, ``GridRun`` before it runs cells), not the training library, which
/// may live in a program with its own allocation policy.
public enum HeapTuning {
    private static let applied: Bool = {
        #if canImport(CMalloc)
        return mallopt(M_MMAP_THRESHOLD, 64 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 256 << 20) == 1
        #else
        return false
        #endif
    }()

    /// Applies the thresholds (once per process; later calls do nothing). Returns whether the
    /// allocator accepted them (false where glibc's `mallopt` is unavailable).
    @discardableResult
    public static func keepFreedBuffers() -> Bool { applied }
}
