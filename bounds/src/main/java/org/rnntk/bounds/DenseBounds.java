package org.rnntk.bounds;

import java.util.Objects;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.rnntk.core.Checks;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;

/**
 * What the bounds module offers for the dense network ({@link DenseRnn}, docs/theory.md §11): a
 * refusal and a labelled diagnostic. The width, iteration and step-size bounds of §8, the lemma
 * constants of §7, µ_T of §6 and the certificates of §9 are derived for <b>diagonal</b> W — they
 * use that W acts neuron by neuron (|w_i| ≤ a, a block-diagonal Hessian over neurons) — and do not
 * apply to a dense W. {@link #requireDiagonal} turns a dense network whose W happens to be diagonal
 * into the diagonal network the bounds are about, and refuses any other with that reason;
 * {@link #memoryDiagnostic} reports µ_T's analogue with ‖W‖₂σ1 and with the spectral radius, as a
 * diagnostic.
 */
public final class DenseBounds {

    /** Why the bounds do not apply to a dense W. */
    public static final String NOT_DERIVED_FOR_DENSE_W = "the bounds of docs/theory.md §6-§9 (muT, the lemma "
            + "constants, the PGD/GD width, iteration and step-size bounds and the PL certificates) are derived for a "
            + "diagonal recurrent matrix W and do not apply to a dense W; DenseBounds.memoryDiagnostic reports muT's "
            + "analogue as a diagnostic, not a bound";

    private DenseBounds() {
    }

    /**
     * The diagonal network with w = diag(W), to which the bounds apply, when W is diagonal.
     *
     * @throws IllegalArgumentException when W has a non-zero off-diagonal entry, naming the largest
     *                                  and {@link #NOT_DERIVED_FOR_DENSE_W}
     */
    public static DiagonalRnn requireDiagonal(DenseRnn model) {
        Objects.requireNonNull(model, "model");
        if (model.isDiagonal()) {
            return model.toDiagonal();
        }
        int m = model.width();
        double worst = 0;
        int wi = 0;
        int wk = 0;
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                if (i != k && Math.abs(model.w(i, k)) > worst) {
                    worst = Math.abs(model.w(i, k));
                    wi = i;
                    wk = k;
                }
            }
        }
        throw new IllegalArgumentException("model " + model + " has a non-diagonal W (|W[" + wi + "][" + wk + "]| = "
                + worst + ", expected 0): " + NOT_DERIVED_FOR_DENSE_W);
    }

    /**
     * µ_T's analogue for the dense W of {@code model} with the activation's σ1, a diagnostic
     * (see {@link DenseMemoryDiagnostic}). Cost: an SVD and an eigendecomposition of W, O(m³)
     * (about a second at m = 512).
     *
     * @param timeSteps T ≥ 0
     * @throws IllegalArgumentException when T &lt; 0 or the eigenvalue iteration does not converge
     */
    public static DenseMemoryDiagnostic memoryDiagnostic(DenseRnn model, long timeSteps) {
        Objects.requireNonNull(model, "model");
        if (timeSteps < 0) {
            throw new IllegalArgumentException("sequence length T (" + timeSteps + ") must be >= 0");
        }
        int m = model.width();
        double[][] w = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < m; k++) {
                w[i][k] = model.w(i, k);
            }
        }
        RealMatrix matrix = new Array2DRowRealMatrix(w, false);
        double norm = new SingularValueDecomposition(matrix).getNorm();
        double radius = 0;
        try {
            EigenDecomposition eig = new EigenDecomposition(matrix);
            double[] re = eig.getRealEigenvalues();
            double[] im = eig.getImagEigenvalues();
            for (int i = 0; i < re.length; i++) {
                radius = Math.max(radius, Math.hypot(re[i], im[i]));
            }
        } catch (MathIllegalStateException e) {
            throw new IllegalArgumentException("the eigenvalues of W of " + model + " did not converge: " + e.getMessage(),
                    e);
        }
        double sigma1 = Checks.positive("sigma1", model.activation().constants().sigma1());
        return new DenseMemoryDiagnostic(norm, radius, sigma1, timeSteps,
                MuT.logGeometricSum(timeSteps, norm * sigma1), MuT.logGeometricSum(timeSteps, radius * sigma1),
                MemoryRegime.of(norm, sigma1), MemoryRegime.of(radius, sigma1));
    }
}
