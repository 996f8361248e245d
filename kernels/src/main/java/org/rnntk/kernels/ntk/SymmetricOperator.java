package org.rnntk.kernels.ntk;

import java.util.Objects;

/**
 * A symmetric linear map v ↦ K v on R^N, given by its products only — the NTK as
 * {@link NtkOperator} (never forming J or K) or a formed {@link GramMatrix} — for Krylov methods
 * such as {@link ExtremeEigenvalues#lanczos}.
 */
public interface SymmetricOperator {

    /** N. */
    int size();

    /**
     * out = K v.
     *
     * @param v   length N (not modified)
     * @param out length N (modified: overwritten)
     */
    void applyInto(double[] v, double[] out);

    /** K v as a new array (v not modified). */
    default double[] apply(double[] v) {
        double[] out = new double[size()];
        applyInto(v, out);
        return out;
    }

    /**
     * A formed square Gram as an operator (row-major product, O(N²) per call); the Gram is
     * immutable, so the operator is thread-safe.
     */
    static SymmetricOperator of(GramMatrix gram) {
        Objects.requireNonNull(gram, "gram");
        int n = gram.rows();
        if (gram.cols() != n) {
            throw new IllegalArgumentException("a symmetric operator needs a square Gram; got " + gram);
        }
        return new DenseSymmetricOperator(gram.raw(), n, gram.toString());
    }
}
