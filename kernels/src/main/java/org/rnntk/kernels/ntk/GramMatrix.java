package org.rnntk.kernels.ntk;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.Loss;

/**
 * A (cross-)Gram matrix of the NTK, row-major, immutable. Row index: j ({@link Loss#LAST_STEP})
 * or j·T + t ({@link Loss#ALL_STEPS}, t = 0..T−1) over the row data set; columns likewise over
 * the column data set. The array is copied in and out ({@link #get(int, int)} reads without copying).
 *
 * @param mode          which outputs index rows and columns
 * @param rowSequences  n of the row data set
 * @param rowSteps      T of the row data set
 * @param colSequences  n' of the column data set
 * @param colSteps      T' of the column data set
 * @param symmetric     true when rows and columns are the same data set and the matrix is exactly
 *                      symmetric (the Gram of one data set)
 * @param values        rows()·cols() finite entries, row-major
 */
public record GramMatrix(Loss mode, int rowSequences, int rowSteps, int colSequences, int colSteps,
                         boolean symmetric, double[] values) {

    public GramMatrix {
        Objects.requireNonNull(mode, "mode");
        Checks.positive("rowSequences", rowSequences);
        Checks.positive("rowSteps", rowSteps);
        Checks.positive("colSequences", colSequences);
        Checks.positive("colSteps", colSteps);
        long rows = mode.outputCount(rowSequences, rowSteps);
        long cols = mode.outputCount(colSequences, colSteps);
        Checks.length("Gram values", values, rows * cols,
                "a " + mode + " Gram of shape " + Checks.shape(rows, cols));
        Checks.allFinite("Gram values", values);
        if (symmetric && rows != cols) {
            throw new IllegalArgumentException("a Gram of shape " + Checks.shape(rows, cols)
                    + " cannot be flagged symmetric");
        }
        values = values.clone();
    }

    /** Number of rows (outputs of the row data set). */
    public int rows() {
        return (int) mode.outputCount(rowSequences, rowSteps);
    }

    /** Number of columns. */
    public int cols() {
        return (int) mode.outputCount(colSequences, colSteps);
    }

    /** K[row][col]. */
    public double get(int row, int col) {
        return values[row * cols() + col];
    }

    /** A copy of the row-major entries. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** A copy as a two-dimensional array. */
    public double[][] toArray() {
        int r = rows();
        int c = cols();
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(values, i * c, out[i], 0, c);
        }
        return out;
    }

    /** ‖K‖_F. */
    public double frobeniusNorm() {
        double s = 0;
        for (double v : values) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** max |K_ab|. */
    public double maxAbs() {
        double s = 0;
        for (double v : values) {
            s = Math.max(s, Math.abs(v));
        }
        return s;
    }

    /**
     * ‖K − other‖_F / ‖other‖_F, e.g. the relative kernel change ‖K(Θ(k)) − K(Θ(0))‖_F/‖K(Θ(0))‖_F.
     *
     * @throws IllegalArgumentException when the shapes differ or ‖other‖_F = 0
     */
    public double relativeDistanceTo(GramMatrix other) {
        requireSameShape(other);
        double norm = other.frobeniusNorm();
        if (!(norm > 0)) {
            throw new IllegalArgumentException("relative distance to a zero Gram is undefined");
        }
        double s = 0;
        for (int i = 0; i < values.length; i++) {
            double dv = values[i] - other.values[i];
            s += dv * dv;
        }
        return Math.sqrt(s) / norm;
    }

    /** Requires {@code other} to have this shape and mode. */
    void requireSameShape(GramMatrix other) {
        Objects.requireNonNull(other, "other");
        if (other.mode != mode || other.rows() != rows() || other.cols() != cols()) {
            throw new IllegalArgumentException("Gram " + other + " does not have the shape of " + this);
        }
    }

    /** The entries without copying, for this package. Do not modify. */
    double[] raw() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GramMatrix)) {
            return false;
        }
        GramMatrix g = (GramMatrix) o;
        return mode == g.mode && rowSequences == g.rowSequences && rowSteps == g.rowSteps
                && colSequences == g.colSequences && colSteps == g.colSteps && symmetric == g.symmetric
                && java.util.Arrays.equals(values, g.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, rowSequences, rowSteps, colSequences, colSteps, symmetric,
                java.util.Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GramMatrix[%s, %d x %d, symmetric=%b]", mode, rows(), cols(), symmetric);
    }
}
