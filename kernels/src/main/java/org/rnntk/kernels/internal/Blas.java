package org.rnntk.kernels.internal;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;

/**
 * Row-major GEMMs on off-heap pointers at element offsets, straight into the OpenBLAS that
 * nd4j-native is built on. The tiles of forward+BPTT are small (≈ 64×512×32 at the headline size): ND4J's 10–35 µs
 * per-op overhead and its view objects would cost as much as the arithmetic, a direct cblas call
 * costs about a microsecond (docs/design/openblas.md). The pointers are caller-owned views whose position
 * this class sets, so each thread must use its own views. Every call checks its operands' offsets
 * and extents against the pointers' capacities first. The OpenBLAS thread count is
 * {@link BlasThreads}'s business. Not API.
 */
public final class Blas {

    private Blas() {
    }

    /**
     * C = op(A) op(B) + beta C, row-major; C is M×N, op(A) M×K, op(B) K×N.
     *
     * @param a view on A, positioned at {@code aOff} (modified position)
     * @param c receives the product (modified)
     * @throws IllegalStateException    when a pointer is null (a freed buffer)
     * @throws IllegalArgumentException when a matrix does not fit its buffer from its offset
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             DoublePointer a, long aOff, int lda, DoublePointer b, long bOff, int ldb,
                             double beta, DoublePointer c, long cOff, int ldc) {
        checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        openblas.cblas_dgemm(openblas.CblasRowMajor, op(transA), op(transB), m, n, k, 1.0,
                a.position(aOff), lda, b.position(bOff), ldb, beta, c.position(cOff), ldc);
    }

    /**
     * y[i] += x[i] for i in [0, n): OpenBLAS's daxpy with α = 1, whose result is the plain sum's
     * (1·x is exact, so x + y is rounded once either way, fused or not).
     *
     * @throws IllegalStateException    when a pointer is null (a freed buffer)
     * @throws IllegalArgumentException when a range does not fit its buffer
     */
    public static void addInto(int n, DoublePointer x, long xOff, DoublePointer y, long yOff) {
        if (n > 0) {
            checkSpan("x", x, xOff, 1, 1, n);
            checkSpan("y", y, yOff, 1, 1, n);
        }
        openblas.cblas_daxpy(n, 1.0, x.position(xOff), 1, y.position(yOff), 1);
    }

    /** The float32 counterpart of {@link #dgemm}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             FloatPointer a, long aOff, int lda, FloatPointer b, long bOff, int ldb,
                             float beta, FloatPointer c, long cOff, int ldc) {
        checkGemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        openblas.cblas_sgemm(openblas.CblasRowMajor, op(transA), op(transB), m, n, k, 1.0f,
                a.position(aOff), lda, b.position(bOff), ldb, beta, c.position(cOff), ldc);
    }

    /**
     * Checks that op(A) (M×K), op(B) (K×N) and C (M×N), row-major with their leading dimensions,
     * lie inside their buffers from their offsets: a wrong offset or a freed buffer becomes an
     * exception here instead of a SIGSEGV in OpenBLAS. A few comparisons per GEMM, none per element.
     */
    static void checkGemm(boolean transA, boolean transB, int m, int n, int k, Pointer a, long aOff, int lda,
                          Pointer b, long bOff, int ldb, Pointer c, long cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM dimensions M, N, K (" + m + ", " + n + ", " + k
                    + ") must be >= 0");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k > 0) {
            checkSpan("A", a, aOff, lda, transA ? k : m, transA ? m : k);
            checkSpan("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        }
        checkSpan("C", c, cOff, ldc, m, n);
    }

    /**
     * Checks that a rows×cols row-major matrix with leading dimension ld (rows ≥ 1, cols ≥ 1) starting
     * at element {@code off} of {@code p} lies inside p's capacity (elements from p's address).
     */
    private static void checkSpan(String name, Pointer p, long off, int ld, int rows, int cols) {
        if (p == null || p.isNull()) {
            throw new IllegalStateException("BLAS operand " + name + " is a null pointer (a freed buffer?)");
        }
        if (rows > 1 && ld < cols) {
            throw new IllegalArgumentException("BLAS operand " + name + ": leading dimension " + ld
                    + " must be >= its " + cols + " columns");
        }
        long last = off + (long) (rows - 1) * ld + cols;
        long capacity = p.capacity();
        if (off < 0 || last > capacity) {
            throw new IllegalArgumentException("BLAS operand " + name + " of " + rows + "x" + cols + " (leading"
                    + " dimension " + ld + ") at offset " + off + " needs elements [" + off + ", " + last
                    + ") but its buffer holds " + capacity);
        }
    }

    /**
     * Checks that elements [off, off + len) lie inside {@code p}'s buffer, before a bulk copy
     * through the pointer (JavaCPP's bulk get/put do not check).
     */
    public static void checkRange(String name, Pointer p, long off, int len) {
        if (len > 0) {
            checkSpan(name, p, off, 1, 1, len);
        }
    }

    private static int op(boolean trans) {
        return trans ? openblas.CblasTrans : openblas.CblasNoTrans;
    }
}
