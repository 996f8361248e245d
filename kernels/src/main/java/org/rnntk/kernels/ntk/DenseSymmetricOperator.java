package org.rnntk.kernels.ntk;

/**
 * A square row-major matrix as a {@link SymmetricOperator} (O(N²) per product). Reads the array
 * without copying, so the array must not change while the operator is used; then it is
 * thread-safe.
 */
final class DenseSymmetricOperator implements SymmetricOperator {

    private final double[] k;
    private final int n;
    private final String label;

    /**
     * @param k     N·N entries, row-major; not modified, kept by reference
     * @param n     N
     * @param label what the matrix is, for messages
     */
    DenseSymmetricOperator(double[] k, int n, String label) {
        this.k = k;
        this.n = n;
        this.label = label;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public void applyInto(double[] v, double[] out) {
        if (v.length != n || out.length != n) {
            throw new IllegalArgumentException("v (length " + v.length + ") and out (length " + out.length
                    + ") must have length N = " + n);
        }
        for (int r = 0; r < n; r++) {
            int base = r * n;
            double s = 0;
            for (int c = 0; c < n; c++) {
                s += k[base + c] * v[c];
            }
            out[r] = s;
        }
    }

    @Override
    public String toString() {
        return "SymmetricOperator[" + label + "]";
    }
}
