package org.rnntk.kernels.internal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.presets.openblas_nolapack;

/**
 * Row-major GEMMs on off-heap pointers at element offsets, straight into the OpenBLAS that
 * nd4j-native is built on. The tiles of forward+BPTT are small (≈ 64×512×32 at the headline size): ND4J's 10–35 µs
 * per-op overhead and its view objects would cost as much as the arithmetic, a direct cblas call
 * costs about a microsecond (docs/design/openblas.md). The pointers are caller-owned views whose position
 * this class sets, so each thread must use its own views. Not API.
 */
public final class Blas {

    private Blas() {
    }

    /**
     * C = op(A) op(B) + beta C, row-major; C is M×N, op(A) M×K, op(B) K×N.
     *
     * @param a view on A, positioned at {@code aOff} (modified position)
     * @param c receives the product (modified)
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             DoublePointer a, long aOff, int lda, DoublePointer b, long bOff, int ldb,
                             double beta, DoublePointer c, long cOff, int ldc) {
        openblas.cblas_dgemm(openblas.CblasRowMajor, op(transA), op(transB), m, n, k, 1.0,
                a.position(aOff), lda, b.position(bOff), ldb, beta, c.position(cOff), ldc);
    }

    /**
     * y[i] += x[i] for i in [0, n): OpenBLAS's daxpy with α = 1, whose result is the plain sum's
     * (1·x is exact, so x + y is rounded once either way, fused or not).
     */
    public static void addInto(int n, DoublePointer x, long xOff, DoublePointer y, long yOff) {
        openblas.cblas_daxpy(n, 1.0, x.position(xOff), 1, y.position(yOff), 1);
    }

    /** The float32 counterpart of {@link #dgemm}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             FloatPointer a, long aOff, int lda, FloatPointer b, long bOff, int ldb,
                             float beta, FloatPointer c, long cOff, int ldc) {
        openblas.cblas_sgemm(openblas.CblasRowMajor, op(transA), op(transB), m, n, k, 1.0f,
                a.position(aOff), lda, b.position(bOff), ldb, beta, c.position(cOff), ldc);
    }

    /**
     * Sets OpenBLAS to one thread for the tile GEMMs and returns the previous count, for
     * {@link #restoreThreads}. The tiles are small (≈ 1 MFLOP): split over OpenBLAS's threads while
     * the Java threads run their own tiles, forward+BPTT took several times longer
     * (docs/design/threads.md). The setting is process-wide, as OpenBLAS keeps it.
     */
    public static int singleThreaded() {
        int previous = openblas_nolapack.blas_get_num_threads();
        if (previous != 1) {
            openblas_nolapack.blas_set_num_threads(1);
        }
        return previous;
    }

    /** Restores the OpenBLAS thread count saved by {@link #singleThreaded}. */
    public static void restoreThreads(int previous) {
        if (previous > 1) {
            openblas_nolapack.blas_set_num_threads(previous);
        }
    }

    private static int op(boolean trans) {
        return trans ? openblas.CblasTrans : openblas.CblasNoTrans;
    }
}
