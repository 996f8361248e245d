package org.rnntk.kernels.ntk;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnntk.kernels.internal.NdBuffers;

/**
 * The full eigendecomposition K = V diag(λ) Vᵀ of a symmetric Gram by LAPACK {@code dsyev} (through
 * ND4J's OpenBLAS), for the predictions of this package. O(N³) time, 2N² doubles. Immutable.
 */
final class SymmetricEigen {

    /** N. */
    final int size;
    /** Eigenvalues in ascending order. */
    final double[] values;
    /** Eigenvectors: column j (eigenvalue j) is {@code vectors[j*N .. j*N + N)}, orthonormal. */
    final double[] vectors;

    private SymmetricEigen(int size, double[] values, double[] vectors) {
        this.size = size;
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * @param gram a square Gram, symmetric within {@link Spectrum#SYMMETRY_TOLERANCE} (checked)
     * @param what the Gram's role, for error messages
     */
    static SymmetricEigen of(GramMatrix gram, String what) {
        int n = gram.rows();
        if (gram.cols() != n) {
            throw new IllegalArgumentException(what + " must be a square Gram; got " + gram);
        }
        double[] k = gram.raw();
        double scale = gram.maxAbs();
        double asym = 0;
        double[] s = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double a = k[r * n + c];
                double b = k[c * n + r];
                asym = Math.max(asym, Math.abs(a - b));
                s[r * n + c] = 0.5 * (a + b);
            }
        }
        if (asym > Spectrum.SYMMETRY_TOLERANCE * scale) {
            throw new IllegalArgumentException(what + " must be symmetric; " + gram + " has max|K - K^T| = " + asym
                    + " > " + Spectrum.SYMMETRY_TOLERANCE + " * max|K| = " + scale);
        }
        INDArray a = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
        INDArray ev = Nd4j.create(DataType.DOUBLE, n);
        try {
            // Symmetric, so the C-order entries are also the Fortran-order entries.
            BlockedNtk.upload(s, a, (long) n * n);
            int info = Nd4j.getBlasWrapper().lapack().syev('V', 'U', a, ev);
            if (info != 0) {
                throw new IllegalStateException("LAPACK dsyev failed with info = " + info + " on " + what + " ("
                        + n + "x" + n + ")");
            }
            double[] values = new double[n];
            BlockedNtk.download(ev, values, n);
            double[] vectors = new double[n * n];
            BlockedNtk.download(a, vectors, (long) n * n);
            return new SymmetricEigen(n, values, vectors);
        } finally {
            NdBuffers.release(a);
            NdBuffers.release(ev);
        }
    }

    double lambdaMin() {
        return values[0];
    }

    double lambdaMax() {
        return values[size - 1];
    }

    /** The rank tolerance N·eps·max(λ_max, 0) of {@link Spectrum}. */
    double tolerance() {
        return size * Math.ulp(1.0) * Math.max(lambdaMax(), 0.0);
    }

    /** Vᵀ v (v not modified). */
    double[] toEigenbasis(double[] v) {
        double[] out = new double[size];
        for (int j = 0; j < size; j++) {
            int base = j * size;
            double s = 0;
            for (int i = 0; i < size; i++) {
                s += vectors[base + i] * v[i];
            }
            out[j] = s;
        }
        return out;
    }

    /** V c (c not modified). */
    double[] fromEigenbasis(double[] c) {
        double[] out = new double[size];
        for (int j = 0; j < size; j++) {
            double cj = c[j];
            if (cj == 0) {
                continue;
            }
            int base = j * size;
            for (int i = 0; i < size; i++) {
                out[i] += vectors[base + i] * cj;
            }
        }
        return out;
    }
}
