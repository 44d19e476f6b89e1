import CBLAS
import Foundation

/// Thin, typed access to the OpenBLAS routines the kernels use.
///
/// Every call goes through one process-wide lock. OpenBLAS has a long record of races when
/// several application threads call it at once (OpenMathLib/OpenBLAS#602, #1755, #2126). The
/// lock was added while chasing a heap corruption that turned out to be elsewhere (see
/// docs/ROBUSTNESS.md) and is kept as a precaution. The harness runs each cell
/// in its own process, where the lock is never contended; threads in one process (tests,
/// `--in-process`) take turns inside BLAS and run everything else concurrently.
public enum BLAS {
    private static let lock = NSLock()

    /// Sets the number of threads OpenBLAS uses (the harness runs one per cell).
    public static func setThreads(_ n: Int) {
        lock.lock()
        defer { lock.unlock() }
        if Int(openblas_get_num_threads()) != n { openblas_set_num_threads(Int32(n)) }
    }

    /// The number of threads OpenBLAS uses.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// C = alpha · op(A) · op(B) + beta · C for row-major matrices, op(A) being m×k and
    /// op(B) k×n. `lda`/`ldb` are the row strides of A and B as stored.
    @inline(__always)
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        if k == 0 {  // BLAS would read nothing: C = beta · C (C is not read when beta = 0, as in BLAS)
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
