package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/**
 * The direct GEMMs against a naive product, and their checks: an operand that does not fit its
 * buffer from its offset, or a freed buffer, is an exception before OpenBLAS is called.
 */
class BlasTest {

    /** Row-major C = op(A) op(B) by the definition. */
    private static double[] naive(boolean ta, boolean tb, int m, int n, int k, double[] a, int lda, double[] b,
                                  int ldb) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Test
    void gemmsMatchTheNaiveProductAtOffsets() {
        Random rng = new Random(2);
        int m = 5;
        int n = 4;
        int k = 3;
        for (boolean ta : new boolean[]{false, true}) {
            for (boolean tb : new boolean[]{false, true}) {
                double[] a = new double[m * k];
                double[] b = new double[k * n];
                for (int i = 0; i < a.length; i++) {
                    a[i] = rng.nextGaussian();
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = rng.nextGaussian();
                }
                int lda = ta ? m : k;
                int ldb = tb ? k : n;
                try (DoublePointer pa = new DoublePointer(7 + a.length); DoublePointer pb = new DoublePointer(b.length);
                     DoublePointer pc = new DoublePointer(2 + m * n)) {
                    pa.position(7).put(a);
                    pb.position(0).put(b);
                    Blas.dgemm(ta, tb, m, n, k, pa, 7, lda, pb, 0, ldb, 0.0, pc, 2, n);
                    double[] c = new double[m * n];
                    pc.position(2).get(c);
                    double[] expected = naive(ta, tb, m, n, k, a, lda, b, ldb);
                    for (int i = 0; i < c.length; i++) {
                        assertTrue(Math.abs(c[i] - expected[i]) <= 1e-14 * (1 + Math.abs(expected[i])),
                                "transA " + ta + " transB " + tb + " entry " + i);
                    }
                }
            }
        }
    }

    @Test
    void operandsOutsideTheirBuffersAreRefused() {
        try (DoublePointer a = new DoublePointer(12); DoublePointer b = new DoublePointer(12);
             DoublePointer c = new DoublePointer(16)) {
            // A is 4x3 from offset 0: 12 elements fit; from offset 1 they do not.
            Blas.dgemm(false, false, 4, 4, 3, a, 0, 3, b, 0, 4, 0.0, c, 0, 4);
            assertThrows(IllegalArgumentException.class, () -> Blas.dgemm(false, false, 4, 4, 3, a, 1, 3, b, 0, 4, 0.0,
                    c, 0, 4));
            assertThrows(IllegalArgumentException.class, () -> Blas.dgemm(false, false, 4, 4, 3, a, 0, 3, b, 0, 4, 0.0,
                    c, 1, 4));
            assertThrows(IllegalArgumentException.class, () -> Blas.dgemm(false, false, 4, 4, 3, a, 0, 3, b, 0, 4, 0.0,
                    c, 0, 5));
            assertThrows(IllegalArgumentException.class, () -> Blas.dgemm(true, false, 4, 4, 3, a, 0, 2, b, 0, 4, 0.0,
                    c, 0, 4));
            assertThrows(IllegalArgumentException.class, () -> Blas.dgemm(false, false, 4, 4, 3, a, -1, 3, b, 0, 4, 0.0,
                    c, 0, 4));
            assertThrows(IllegalArgumentException.class, () -> Blas.addInto(12, a, 1, b, 0));
            assertThrows(IllegalArgumentException.class, () -> Blas.checkRange("x", a, 10, 3));
            Blas.addInto(12, a, 0, b, 0);
        }
        try (FloatPointer a = new FloatPointer(6); FloatPointer b = new FloatPointer(6); FloatPointer c = new FloatPointer(4)) {
            Blas.sgemm(false, true, 2, 2, 3, a, 0, 3, b, 0, 3, 0f, c, 0, 2);
            assertThrows(IllegalArgumentException.class, () -> Blas.sgemm(false, true, 2, 2, 3, a, 0, 3, b, 1, 3, 0f,
                    c, 0, 2));
        }
    }

    @Test
    void aFreedBufferIsRefused() {
        DoublePointer a = new DoublePointer(4);
        DoublePointer view = new DoublePointer(a);
        DoublePointer c = new DoublePointer(4);
        a.close();
        assertThrows(IllegalStateException.class, () -> Blas.dgemm(false, false, 2, 2, 2, a, 0, 2, c, 0, 2, 0.0, c, 0,
                2));
        // A view is nulled by its owner (Workspace.close does so for all of its views).
        view.setNull();
        assertThrows(IllegalStateException.class, () -> Blas.addInto(4, view, 0, c, 0));
        c.close();
    }

    @Test
    void zeroSizedProductsAreNoOps() {
        try (DoublePointer a = new DoublePointer(1); DoublePointer c = new DoublePointer(1)) {
            c.put(0, 5.0);
            Blas.dgemm(false, false, 0, 1, 1, a, 0, 1, a, 0, 1, 0.0, c, 0, 1);
            assertArrayEquals(new double[]{5.0}, new double[]{c.get(0)});
        }
    }
}
