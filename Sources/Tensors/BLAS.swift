import CBLAS
import Foundation

/// Thin, typed access to the OpenBLAS routines the kernels use.
///
/// Calls take no lock: OpenBLAS 0.3 is safe to call from several application threads at once
/// (threads of one process, as in the tests and `--in-process`), which `BLASConcurrencyTests`
/// checks bit for bit against serial calls.
public enum BLAS {
    /// Sets the number of threads OpenBLAS uses (the harness runs one per cell).
    public static func setThreads(_ n: Int) {
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
