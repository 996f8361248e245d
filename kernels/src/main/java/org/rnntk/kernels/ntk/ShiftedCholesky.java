package org.rnntk.kernels.ntk;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnntk.kernels.internal.NdBuffers;

/**
 * v ↦ (K + τI)⁻¹ v for a symmetric Gram K through its Cholesky factor L (LAPACK {@code dpotrf} via
 * ND4J, then two OpenBLAS {@code dtrsv} per product), for shift-invert Lanczos
 * ({@link ExtremeEigenvalues#ofGram}). Holds the N×N factor in native memory: close it. One thread
 * at a time (the methods synchronize).
 */
final class ShiftedCholesky implements SymmetricOperator, AutoCloseable {

    private final int n;
    private final INDArray factor;
    private final DoublePointer l;
    private final DoublePointer x;
    private boolean closed;

    private ShiftedCholesky(int n, INDArray factor) {
        this.n = n;
        this.factor = factor;
        this.l = new DoublePointer(factor.data().addressPointer());
        this.x = new DoublePointer(n);
    }

    /**
     * The factorization of K + τI, or null when it is not positive definite (then λ_min(K) &lt; −τ,
     * in the arithmetic of the factorization).
     *
     * @param k N·N entries of K, row-major; not modified
     */
    static ShiftedCholesky factor(double[] k, int n, double tau) {
        double[] s = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                s[r * n + c] = 0.5 * (k[r * n + c] + k[c * n + r]);
            }
            s[r * n + r] += tau;
        }
        INDArray a = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
        BlockedNtk.upload(s, a, (long) n * n);
        try {
            Nd4j.getBlasWrapper().lapack().potrf(a, true);
        } catch (RuntimeException | Error notDefinite) {
            // ND4J reports dpotrf's INFO > 0 (a non-positive pivot) by throwing.
            NdBuffers.release(a);
            return null;
        }
        DoublePointer view = new DoublePointer(a.data().addressPointer());
        for (int i = 0; i < n; i++) {
            double d = view.get((long) i * n + i);
            if (!(d > 0) || !Double.isFinite(d)) {
                NdBuffers.release(a);
                return null;
            }
        }
        return new ShiftedCholesky(n, a);
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public synchronized void applyInto(double[] v, double[] out) {
        if (closed) {
            throw new IllegalStateException("ShiftedCholesky is closed");
        }
        if (v.length != n || out.length != n) {
            throw new IllegalArgumentException("v (length " + v.length + ") and out (length " + out.length
                    + ") must have length N = " + n);
        }
        x.position(0).put(v, 0, n);
        // L y = v, then Lᵀ x = y; column-major lower factor with leading dimension N.
        openblas.cblas_dtrsv(openblas.CblasColMajor, openblas.CblasLower, openblas.CblasNoTrans,
                openblas.CblasNonUnit, n, l.position(0), n, x.position(0), 1);
        openblas.cblas_dtrsv(openblas.CblasColMajor, openblas.CblasLower, openblas.CblasTrans,
                openblas.CblasNonUnit, n, l.position(0), n, x.position(0), 1);
        x.position(0).get(out, 0, n);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            x.close();
            NdBuffers.release(factor);
        }
    }

    @Override
    public String toString() {
        return "(K + tau I)^-1 [N=" + n + "]";
    }
}
