package org.rnntk.kernels.ntk;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Loss;
import org.rnntk.core.Checks;

/**
 * Kernel (ridge) regression with a Gram of the empirical NTK, the GP-posterior mean of
 * neural-tangents' {@code nt.predict.gp_inference} with {@code diag_reg}:
 * <pre>
 *   α = (K + ρ I)^{-1} y,    f(train) = K α,    f(test) = K_{train,test}ᵀ α
 * </pre>
 * with K the N×N Gram of the training outputs, ρ ≥ 0 the ridge, and K_{train,test} the N×N'
 * cross-Gram as {@link EmpiricalNtk#gram(org.rnntk.core.DiagonalRnn, org.rnntk.core.SequenceDataset,
 * org.rnntk.core.SequenceDataset, Loss)} returns it (rows: training outputs). With ρ = 0 this is
 * the infinite-time limit of linearized gradient descent from F(Θ0) = 0 (docs/theory.md §3, §5;
 * {@link LinearizedGradientDescent}).
 *
 * <p>Solved through the eigendecomposition K = V diag(λ) Vᵀ (LAPACK {@code dsyev}, O(N³)), which
 * also decides solvability: it refuses, naming λ_min, when λ_min + ρ is not above the rank
 * tolerance N·eps·λ_max of {@link Spectrum} — a singular or indefinite Gram (N &gt; p, repeated
 * inputs, rounding) is never inverted silently. Immutable and thread-safe once built.
 */
public final class KernelRegression {

    private final Loss mode;
    private final int size;
    private final double ridge;
    private final double lambdaMin;
    private final double lambdaMax;
    private final double[] coefficients;
    private final double[] trainPredictions;

    private KernelRegression(Loss mode, int size, double ridge, double lambdaMin, double lambdaMax,
                             double[] coefficients, double[] trainPredictions) {
        this.mode = mode;
        this.size = size;
        this.ridge = ridge;
        this.lambdaMin = lambdaMin;
        this.lambdaMax = lambdaMax;
        this.coefficients = coefficients;
        this.trainPredictions = trainPredictions;
    }

    /**
     * Fits α = (K + ρI)^{-1} y.
     *
     * @param train   the N×N Gram of the training outputs (symmetric)
     * @param targets y, length N, in the Gram's row order (not modified)
     * @param ridge   ρ ≥ 0, added to the diagonal
     * @throws IllegalArgumentException when K + ρI is singular or indefinite within the tolerance
     *                                  N·eps·λ_max (the message names λ_min, the tolerance and the
     *                                  smallest ridge that would do), on a shape mismatch or
     *                                  non-finite targets
     */
    public static KernelRegression fit(GramMatrix train, double[] targets, double ridge) {
        Objects.requireNonNull(train, "train");
        Checks.nonNegative("ridge", ridge);
        Checks.finite("ridge", ridge);
        int n = train.rows();
        Checks.length("targets", targets, n, "one per row of the train Gram " + train);
        Checks.allFinite("targets", targets);
        return fit(train, SymmetricEigen.of(train, "the train Gram"), targets, ridge);
    }

    /** As {@link #fit(GramMatrix, double[], double)} with the Gram's eigendecomposition already done. */
    static KernelRegression fit(GramMatrix train, SymmetricEigen eigen, double[] targets, double ridge) {
        Checks.nonNegative("ridge", ridge);
        Checks.finite("ridge", ridge);
        int n = train.rows();
        Checks.length("targets", targets, n, "one per row of the train Gram " + train);
        Checks.allFinite("targets", targets);
        requireSolvable(eigen, ridge, train);
        double[] c = eigen.toEigenbasis(targets);
        double[] fitted = new double[n];
        for (int j = 0; j < n; j++) {
            double lambda = eigen.values[j];
            fitted[j] = c[j] * lambda / (lambda + ridge);
            c[j] /= lambda + ridge;
        }
        return new KernelRegression(train.mode(), n, ridge, eigen.lambdaMin(), eigen.lambdaMax(),
                eigen.fromEigenbasis(c), eigen.fromEigenbasis(fitted));
    }

    static void requireSolvable(SymmetricEigen eigen, double ridge, GramMatrix train) {
        double tolerance = eigen.tolerance();
        double lambdaMin = eigen.lambdaMin();
        if (!(lambdaMin + ridge > tolerance)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "kernel regression needs K + ridge*I positive definite, but the train Gram %s has lambda_min ="
                            + " %.6g (lambda_max %.6g), so lambda_min + ridge = %.6g is not above the rank tolerance"
                            + " N*eps*lambda_max = %.3g: the Gram is %s; pass a ridge > %.3g",
                    train, lambdaMin, eigen.lambdaMax(), lambdaMin + ridge, tolerance,
                    lambdaMin < 0 ? "indefinite (negative through rounding or a bad input)" : "numerically singular",
                    tolerance - lambdaMin));
        }
    }

    /** α = (K + ρI)^{-1} y, length N (a copy). */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** K α on the training outputs, length N (a copy); equals y when ρ = 0, up to rounding. */
    public double[] trainPredictions() {
        return trainPredictions.clone();
    }

    /**
     * K_{train,test}ᵀ α.
     *
     * @param cross the N×N' cross-Gram, rows the training outputs, in this fit's mode
     * @return the N' test predictions in the cross-Gram's column order
     */
    public double[] predict(GramMatrix cross) {
        Objects.requireNonNull(cross, "cross");
        if (cross.mode() != mode || cross.rows() != size) {
            throw new IllegalArgumentException("cross-Gram " + cross + " must be a " + mode + " Gram with " + size
                    + " rows (the training outputs), as gram(model, train, test, mode) returns it");
        }
        return transposeTimes(cross, coefficients);
    }

    /** Kᵀ v for an N×N' Gram (v not modified). */
    static double[] transposeTimes(GramMatrix cross, double[] v) {
        int rows = cross.rows();
        int cols = cross.cols();
        double[] k = cross.raw();
        double[] out = new double[cols];
        for (int r = 0; r < rows; r++) {
            double vr = v[r];
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                out[c] += k[base + c] * vr;
            }
        }
        return out;
    }

    /** ρ. */
    public double ridge() {
        return ridge;
    }

    /** λ_min of the train Gram (without the ridge). */
    public double lambdaMin() {
        return lambdaMin;
    }

    /** λ_max of the train Gram. */
    public double lambdaMax() {
        return lambdaMax;
    }

    /** The Gram mode of the fit. */
    public Loss mode() {
        return mode;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "KernelRegression[%s, N=%d, ridge=%.3g, lambda in [%.4g, %.4g]]", mode,
                size, ridge, lambdaMin, lambdaMax);
    }
}
