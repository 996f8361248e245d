package org.rnntk.kernels.pl.objective;

import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.kernels.pl.Objective;

/** f(x) = ‖Ax − b‖², ∇f = 2Aᵀ(Ax − b), ∇²f = 2AᵀA (docs/theory.md §9). */
public final class LeastSquaresObjective implements Objective {

    private final double[][] a;
    private final double[] b;
    private final int rows;
    private final int cols;

    /**
     * @param a k×p, finite; copied
     * @param b length k, finite; copied
     */
    public LeastSquaresObjective(double[][] a, double[] b) {
        Objects.requireNonNull(a, "A");
        if (a.length == 0) {
            throw new IllegalArgumentException("A must have at least one row");
        }
        rows = a.length;
        cols = a[0].length;
        Checks.positive("columns of A", cols);
        this.a = new double[rows][];
        for (int i = 0; i < rows; i++) {
            Checks.length("A[" + i + "]", a[i], cols, "a rectangular matrix");
            Checks.allFinite("A[" + i + "]", a[i]);
            this.a[i] = a[i].clone();
        }
        Checks.length("b", b, rows, "A with " + rows + " rows");
        Checks.allFinite("b", b);
        this.b = b.clone();
    }

    /** A copy of A. */
    public double[][] matrix() {
        double[][] c = new double[rows][];
        for (int i = 0; i < rows; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    /** A copy of b. */
    public double[] target() {
        return b.clone();
    }

    @Override
    public int dimension() {
        return cols;
    }

    private double[] residual(double[] x) {
        Checks.length("x", x, cols, "A with " + cols + " columns");
        double[] r = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = -b[i];
            for (int j = 0; j < cols; j++) {
                s += a[i][j] * x[j];
            }
            r[i] = s;
        }
        return r;
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (double v : residual(x)) {
            s += v * v;
        }
        return s;
    }

    @Override
    public double[] gradient(double[] x) {
        double[] r = residual(x);
        double[] g = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                g[j] += 2.0 * a[i][j] * r[i];
            }
        }
        return g;
    }
}
