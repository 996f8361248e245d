package org.rnntk.kernels.ntk;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Loss;
import org.rnntk.core.Checks;

/**
 * Gradient descent on the squared loss of the network linearized at Θ0, in closed form — the
 * discrete-time counterpart of neural-tangents' {@code nt.predict.gradient_descent_mse}.
 *
 * <p>With the loss normalization of docs/theory.md §3, R̂ = (1/(2N)) Σ_q r_q² over the N training
 * outputs (N = n for the last step, nT for all steps: the size of the train Gram), the linearized
 * model F_lin(Θ) = F(Θ0) + J(Θ − Θ0) and GD Θ(k+1) = Θ(k) − (η/N) Jᵀ r(k) give, with K = J Jᵀ =
 * V diag(λ) Vᵀ and r(0) = F(Θ0) − y:
 * <pre>
 *   train:  f(k) = y + (I − ηK/N)^k r(0)                      = y + V diag((1 − ηλ/N)^k) Vᵀ r(0)
 *   test:   f'(k) = F'(Θ0) − K_{train,test}ᵀ V diag(φ_k(λ)) Vᵀ r(0),
 *           φ_k(λ) = (η/N) Σ_{s&lt;k} (1 − ηλ/N)^s = (1 − (1 − ηλ/N)^k)/λ   (= ηk/N at λ = 0)
 * </pre>
 * where K_{train,test} = J J'ᵀ is the N×N' cross-Gram (rows: training outputs). As k → ∞, for
 * 0 &lt; η &lt; 2N/λ_max, the modes with λ above the rank tolerance N·eps·λ_max are fitted exactly
 * (φ_∞ = 1/λ) and the others keep their initial residual and add nothing on test sequences (in
 * exact arithmetic K_{train,test}ᵀ v = 0 for v in the null space of K): the minimum-norm
 * interpolant; from F(Θ0) = 0 and a positive-definite K, kernel regression without ridge.
 *
 * <p>Powers are evaluated as exp(k·log1p(−ηλ/N)) and 1 − (·)^k by expm1, so small ηλ/N and large k
 * lose no accuracy. The eigendecomposition (LAPACK {@code dsyev}, O(N³)) is done once in
 * {@link #of}. Immutable and thread-safe once built.
 */
public final class LinearizedGradientDescent {

    private final Loss mode;
    private final int size;
    private final double stepSize;
    private final SymmetricEigen eigen;
    private final double[] targets;

    private LinearizedGradientDescent(Loss mode, int size, double stepSize, SymmetricEigen eigen,
                                      double[] targets) {
        this.mode = mode;
        this.size = size;
        this.stepSize = stepSize;
        this.eigen = eigen;
        this.targets = targets;
    }

    /**
     * @param train    K, the N×N Gram of the training outputs at Θ0 (symmetric)
     * @param targets  y, length N, in the Gram's row order (not modified)
     * @param stepSize η &gt; 0, the step of GD on R̂ = (1/(2N)) Σ r²
     */
    public static LinearizedGradientDescent of(GramMatrix train, double[] targets, double stepSize) {
        Objects.requireNonNull(train, "train");
        Checks.positive("step size eta", stepSize);
        Checks.finite("step size eta", stepSize);
        int n = train.rows();
        Checks.length("targets", targets, n, "one per row of the train Gram " + train);
        Checks.allFinite("targets", targets);
        return of(train, SymmetricEigen.of(train, "the train Gram"), targets, stepSize);
    }

    /** As {@link #of(GramMatrix, double[], double)} with the Gram's eigendecomposition already done. */
    static LinearizedGradientDescent of(GramMatrix train, SymmetricEigen eigen, double[] targets, double stepSize) {
        Checks.positive("step size eta", stepSize);
        Checks.finite("step size eta", stepSize);
        int n = train.rows();
        Checks.length("targets", targets, n, "one per row of the train Gram " + train);
        Checks.allFinite("targets", targets);
        return new LinearizedGradientDescent(train.mode(), n, stepSize, eigen, targets.clone());
    }

    /** N, the number of training outputs (the loss's normalization). */
    public int size() {
        return size;
    }

    /** η. */
    public double stepSize() {
        return stepSize;
    }

    /** λ_min of the train Gram, as computed. */
    public double lambdaMin() {
        return eigen.lambdaMin();
    }

    /** λ_max of the train Gram. */
    public double lambdaMax() {
        return eigen.lambdaMax();
    }

    /** 2N/λ_max: GD on the linearized model converges for η below it and diverges above. */
    public double stableStepLimit() {
        return 2.0 * size / eigen.lambdaMax();
    }

    /**
     * The linearized network's outputs on the training outputs after k steps.
     *
     * @param k       the number of GD steps, ≥ 0
     * @param f0Train F(Θ0) on the training outputs, length N (zero at the symmetric initialization;
     *                not modified)
     * @return f(k), length N
     */
    public double[] trainOutputs(long k, double[] f0Train) {
        requireSteps(k);
        double[] r = initialResidual(f0Train);
        for (int j = 0; j < size; j++) {
            r[j] *= decay(eigen.values[j], k);
        }
        double[] out = eigen.fromEigenbasis(r);
        for (int q = 0; q < size; q++) {
            out[q] += targets[q];
        }
        return out;
    }

    /**
     * The linearized network's outputs on test outputs after k steps.
     *
     * @param k       the number of GD steps, ≥ 0
     * @param cross   K_{train,test}, the N×N' cross-Gram at Θ0 (rows: training outputs)
     * @param f0Train F(Θ0) on the training outputs, length N (not modified)
     * @param f0Test  F(Θ0) on the test outputs, length N' (not modified)
     * @return f'(k), length N'
     */
    public double[] testOutputs(long k, GramMatrix cross, double[] f0Train, double[] f0Test) {
        requireSteps(k);
        return test(cross, f0Train, f0Test, lambda -> accumulated(lambda, k));
    }

    /**
     * lim_{k→∞} f(k) on the training outputs: modes with λ above the rank tolerance are fitted, the
     * others keep their initial residual.
     *
     * @throws IllegalArgumentException when η ≥ 2N/λ_max (GD diverges)
     */
    public double[] trainLimit(double[] f0Train) {
        requireConvergent();
        double tolerance = eigen.tolerance();
        double[] r = initialResidual(f0Train);
        for (int j = 0; j < size; j++) {
            if (eigen.values[j] > tolerance) {
                r[j] = 0;
            }
        }
        double[] out = eigen.fromEigenbasis(r);
        for (int q = 0; q < size; q++) {
            out[q] += targets[q];
        }
        return out;
    }

    /**
     * lim_{k→∞} f'(k) on test outputs: F'(Θ0) − K_{train,test}ᵀ K⁺ r(0), with K⁺ the pseudo-inverse
     * at the rank tolerance.
     *
     * @throws IllegalArgumentException when η ≥ 2N/λ_max (GD diverges)
     */
    public double[] testLimit(GramMatrix cross, double[] f0Train, double[] f0Test) {
        requireConvergent();
        double tolerance = eigen.tolerance();
        return test(cross, f0Train, f0Test, lambda -> lambda > tolerance ? 1.0 / lambda : 0.0);
    }

    private double[] test(GramMatrix cross, double[] f0Train, double[] f0Test,
                          java.util.function.DoubleUnaryOperator weight) {
        Objects.requireNonNull(cross, "cross");
        if (cross.mode() != mode || cross.rows() != size) {
            throw new IllegalArgumentException("cross-Gram " + cross + " must be a " + mode + " Gram with " + size
                    + " rows (the training outputs), as gram(model, train, test, mode) returns it");
        }
        Checks.length("f0Test", f0Test, cross.cols(), "one per column of the cross-Gram " + cross);
        Checks.allFinite("f0Test", f0Test);
        double[] r = initialResidual(f0Train);
        for (int j = 0; j < size; j++) {
            r[j] *= weight.applyAsDouble(eigen.values[j]);
        }
        double[] move = KernelRegression.transposeTimes(cross, eigen.fromEigenbasis(r));
        double[] out = new double[move.length];
        for (int q = 0; q < out.length; q++) {
            out[q] = f0Test[q] - move[q];
        }
        return out;
    }

    /** Vᵀ (F(Θ0) − y). */
    private double[] initialResidual(double[] f0Train) {
        Checks.length("f0Train", f0Train, size, "one per training output (N = " + size + ")");
        Checks.allFinite("f0Train", f0Train);
        double[] r = new double[size];
        for (int q = 0; q < size; q++) {
            r[q] = f0Train[q] - targets[q];
        }
        return eigen.toEigenbasis(r);
    }

    /** (1 − ηλ/N)^k. */
    private double decay(double lambda, long k) {
        double a = stepSize * lambda / size;
        if (k == 0) {
            return 1.0;
        }
        return a < 1 ? Math.exp(k * Math.log1p(-a)) : Math.pow(1 - a, k);
    }

    /** φ_k(λ) = (η/N) Σ_{s<k} (1 − ηλ/N)^s. */
    private double accumulated(double lambda, long k) {
        double a = stepSize * lambda / size;
        if (k == 0) {
            return 0.0;
        }
        if (a == 0) {
            return stepSize * k / size;
        }
        double oneMinusPower = a < 1 ? -Math.expm1(k * Math.log1p(-a)) : 1 - Math.pow(1 - a, k);
        return oneMinusPower / lambda;
    }

    private static void requireSteps(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("number of steps k (" + k + ") must be >= 0");
        }
    }

    private void requireConvergent() {
        if (!(stepSize < stableStepLimit())) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the infinite-time limit needs eta < 2N/lambda_max = %.6g, but eta = %.6g: GD on the linearized"
                            + " model diverges (N = %d, lambda_max = %.6g)",
                    stableStepLimit(), stepSize, size, eigen.lambdaMax()));
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LinearizedGradientDescent[%s, N=%d, eta=%.4g, lambda in [%.4g, %.4g]]",
                mode, size, stepSize, eigen.lambdaMin(), eigen.lambdaMax());
    }
}
