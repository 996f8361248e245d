package org.rnntk.spark.gram;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.NtkImplementation;

/**
 * What a block Gram computes, in a form Spark can ship to executors (Java serialization): the
 * model's parameters, the inputs of the row data set and, for a cross-Gram, of the column data set,
 * the mode, and the tile size. The arrays are copied in and never exposed.
 *
 * @param activation     {@code tanh} or {@code sigmoid} (a custom activation cannot be shipped)
 * @param d              input dimension
 * @param w              recurrent weights (m)
 * @param u              input weights (m·d, row-major)
 * @param c              output signs (m)
 * @param rowSequences   n of the row data set
 * @param rowSteps       T of the row data set
 * @param rowInputs      the row data set's inputs (n·T·d)
 * @param colSequences   n' of the column data set (equal to n for a Gram)
 * @param colSteps       T' of the column data set
 * @param colInputs      the column data set's inputs, or null for the Gram of the row data set with
 *                       itself (symmetric: only tiles on or above the diagonal are computed)
 * @param mode           last-step or all-steps Gram
 * @param tileSequences  sequences per tile side, ≥ 1 (a tile holds at most tileSequences·T rows in
 *                       the all-steps mode)
 * @param implementation the per-tile NTK implementation
 * @param blockBudgetBytes the per-tile Jacobian budget of the NTK ({@code NtkOptions})
 */
public record GramProblem(String activation, int d, double[] w, double[] u, double[] c,
                          int rowSequences, int rowSteps, double[] rowInputs,
                          int colSequences, int colSteps, double[] colInputs,
                          Loss mode, int tileSequences, NtkImplementation implementation,
                          long blockBudgetBytes) implements Serializable {

    private static final long serialVersionUID = 1L;

    public GramProblem {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(implementation, "implementation");
        Activations.byName(activation);
        Checks.positive("d", d);
        Checks.positive("tileSequences", tileSequences);
        Checks.positive("blockBudgetBytes", blockBudgetBytes);
        int m = w.length;
        Checks.length("u", u, (long) m * d, "m·d with m = " + m + ", d = " + d);
        Checks.length("c", c, m, "m = " + m);
        Checks.length("rowInputs", rowInputs, (long) rowSequences * rowSteps * d, "n·T·d");
        if (colInputs == null) {
            if (colSequences != rowSequences || colSteps != rowSteps) {
                throw new IllegalArgumentException("a Gram of one data set has colSequences = rowSequences and colSteps"
                        + " = rowSteps; got " + colSequences + " x " + colSteps + " for " + rowSequences + " x " + rowSteps);
            }
        } else {
            Checks.length("colInputs", colInputs, (long) colSequences * colSteps * d, "n'·T'·d");
            colInputs = colInputs.clone();
        }
        w = w.clone();
        u = u.clone();
        c = c.clone();
        rowInputs = rowInputs.clone();
    }

    /**
     * The Gram (cols null) or cross-Gram of {@code model} on the inputs of {@code rows} and
     * {@code cols}; targets are not used.
     */
    public static GramProblem of(DiagonalRnn model, SequenceDataset rows, SequenceDataset cols, Loss mode,
                                 int tileSequences, NtkImplementation implementation, long blockBudgetBytes) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rows, "rows");
        String act = model.activation().name();
        rows.requireInputDim(model.inputDim(), "the model " + model);
        if (cols != null) {
            cols.requireInputDim(model.inputDim(), "the model " + model);
        }
        try {
            Activations.byName(act);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a block Gram ships the activation by name; '" + act
                    + "' is not tanh or sigmoid", e);
        }
        return new GramProblem(act, model.inputDim(), model.w(), model.u(), model.c(),
                rows.size(), rows.timeSteps(), rows.inputs(),
                cols == null ? rows.size() : cols.size(), cols == null ? rows.timeSteps() : cols.timeSteps(),
                cols == null ? null : cols.inputs(), mode, tileSequences, implementation, blockBudgetBytes);
    }

    @Override
    public double[] w() {
        return w.clone();
    }

    @Override
    public double[] u() {
        return u.clone();
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    @Override
    public double[] rowInputs() {
        return rowInputs.clone();
    }

    @Override
    public double[] colInputs() {
        return colInputs == null ? null : colInputs.clone();
    }

    /** True for the Gram of one data set (tiles on or above the diagonal only). */
    public boolean symmetric() {
        return colInputs == null;
    }

    /** The model. */
    public DiagonalRnn model() {
        return new DiagonalRnn(Activations.byName(activation), d, w, u, c);
    }

    /** Number of row tiles. */
    public int rowTiles() {
        return (rowSequences + tileSequences - 1) / tileSequences;
    }

    /** Number of column tiles. */
    public int colTiles() {
        return (colSequences + tileSequences - 1) / tileSequences;
    }

    /** Rows of the whole Gram. */
    public long rows() {
        return mode.outputCount(rowSequences, rowSteps);
    }

    /** Columns of the whole Gram. */
    public long cols() {
        return mode.outputCount(colSequences, colSteps);
    }

    /** Sequences [i·tile, min(n, (i+1)·tile)) of the row data set (rows = true) or the column one. */
    SequenceDataset slice(boolean rows, int tile) {
        int n = rows ? rowSequences : colSequences;
        int steps = rows ? rowSteps : colSteps;
        double[] x = rows || colInputs == null ? rowInputs : colInputs;
        int j0 = tile * tileSequences;
        int j1 = Math.min(n, j0 + tileSequences);
        int len = (j1 - j0) * steps * d;
        double[] part = Arrays.copyOfRange(x, j0 * steps * d, j0 * steps * d + len);
        return new SequenceDataset(j1 - j0, steps, d, part, new double[(j1 - j0) * steps]);
    }

    // Arrays are compared by content: two problems are equal when they compute the same Gram.
    @Override
    public boolean equals(Object o) {
        return o instanceof GramProblem g && activation.equals(g.activation) && d == g.d && Arrays.equals(w, g.w)
                && Arrays.equals(u, g.u) && Arrays.equals(c, g.c) && rowSequences == g.rowSequences
                && rowSteps == g.rowSteps && Arrays.equals(rowInputs, g.rowInputs) && colSequences == g.colSequences
                && colSteps == g.colSteps && Arrays.equals(colInputs, g.colInputs) && mode == g.mode
                && tileSequences == g.tileSequences && implementation == g.implementation
                && blockBudgetBytes == g.blockBudgetBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(activation, d, Arrays.hashCode(w), rowSequences, rowSteps, colSequences, colSteps, mode,
                tileSequences);
    }

    @Override
    public String toString() {
        return "GramProblem[" + mode + ", " + rows() + " x " + cols() + (symmetric() ? " symmetric" : "")
                + ", m = " + w.length + ", d = " + d + ", tiles of " + tileSequences + " sequences]";
    }
}
