package org.rnntk.kernels.dense;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.rnntk.kernels.internal.Blas;

/**
 * An off-heap, zero-filled array of float64 or float32 numbers for OpenBLAS, with bulk transfers
 * to and from heap {@code double[]} rows (float32 buffers convert on the way: narrowed on put,
 * widened on get). Owned by one workspace and used under its backend's lock. Not API.
 */
final class DenseBuffer implements AutoCloseable {

    private final DoublePointer p64;
    private final FloatPointer p32;
    /**
     * Further pointers on the same memory, one per GEMM role (A, B, C), whose positions {@link Blas}
     * moves: one buffer may be two operands of one product (D Dᵀ).
     */
    private final DoublePointer[] v64;
    private final FloatPointer[] v32;
    /** Heap staging for float32 transfers. */
    private float[] stage;
    final long length;

    DenseBuffer(boolean float64, long length) {
        this.length = length;
        if (float64) {
            p64 = new DoublePointer(Math.max(1, length));
            p64.zero();
            v64 = new DoublePointer[] {new DoublePointer(p64), new DoublePointer(p64), new DoublePointer(p64)};
            p32 = null;
            v32 = null;
        } else {
            p32 = new FloatPointer(Math.max(1, length));
            p32.zero();
            v32 = new FloatPointer[] {new FloatPointer(p32), new FloatPointer(p32), new FloatPointer(p32)};
            p64 = null;
            v64 = null;
        }
    }

    boolean float64() {
        return p64 != null;
    }

    /** Copies src[srcOff, srcOff+len) to [off, off+len) (src not modified). */
    void put(long off, double[] src, int srcOff, int len) {
        if (p64 != null) {
            p64.position(off).put(src, srcOff, len);
            return;
        }
        float[] s = stage(len);
        for (int k = 0; k < len; k++) {
            s[k] = (float) src[srcOff + k];
        }
        p32.position(off).put(s, 0, len);
    }

    /** Copies [off, off+len) to dst[dstOff, dstOff+len) (dst modified). */
    void get(long off, double[] dst, int dstOff, int len) {
        if (p64 != null) {
            p64.position(off).get(dst, dstOff, len);
            return;
        }
        float[] s = stage(len);
        p32.position(off).get(s, 0, len);
        for (int k = 0; k < len; k++) {
            dst[dstOff + k] = s[k];
        }
    }

    private float[] stage(int len) {
        if (stage == null || stage.length < len) {
            stage = new float[len];
        }
        return stage;
    }

    /**
     * C = op(A) op(B) + beta C, row-major, all three in buffers of the same precision; C is M×N.
     *
     * @param c receives the product (modified)
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, DenseBuffer a, long aOff, int lda,
                     DenseBuffer b, long bOff, int ldb, double beta, DenseBuffer c, long cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (c.p64 != null) {
            Blas.dgemm(transA, transB, m, n, k, a.v64[0], aOff, lda, b.v64[1], bOff, ldb, beta, c.v64[2], cOff, ldc);
        } else {
            Blas.sgemm(transA, transB, m, n, k, a.v32[0], aOff, lda, b.v32[1], bOff, ldb, (float) beta, c.v32[2],
                    cOff, ldc);
        }
    }

    @Override
    public void close() {
        if (p64 != null) {
            p64.close();
        }
        if (p32 != null) {
            p32.close();
        }
    }
}
