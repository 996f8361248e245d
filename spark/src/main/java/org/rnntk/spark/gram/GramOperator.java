package org.rnntk.spark.gram;

/**
 * A symmetric Gram K (N×N) known through its products K·v, for eigenvalues of Grams too large to
 * hold ({@link Lanczos}).
 */
public interface GramOperator {

    /** N. */
    int size();

    /**
     * K·v.
     *
     * @param v the vector, length N; not modified
     * @return a new array of length N
     */
    double[] multiply(double[] v);

    /** A dense K (for sizes that fit) as an operator; products in row order. */
    static GramOperator dense(org.rnntk.kernels.ntk.GramMatrix k) {
        if (k.rows() != k.cols() || !k.symmetric()) {
            throw new IllegalArgumentException("a Gram operator needs the symmetric Gram of one data set; got " + k);
        }
        double[] a = k.values();
        int n = k.rows();
        return new GramOperator() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public double[] multiply(double[] v) {
                if (v.length != n) {
                    throw new IllegalArgumentException("v has length " + v.length + "; expected N = " + n);
                }
                double[] y = new double[n];
                for (int r = 0; r < n; r++) {
                    double s = 0;
                    for (int c = 0; c < n; c++) {
                        s += a[r * n + c] * v[c];
                    }
                    y[r] = s;
                }
                return y;
            }
        };
    }
}
