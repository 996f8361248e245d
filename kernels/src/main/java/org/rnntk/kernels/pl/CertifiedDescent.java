package org.rnntk.kernels.pl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.PlVerdict;
import org.rnntk.core.Checks;

/**
 * Full-batch GD x_{k+1} = x_k − η ∇f(x_k) with the step of a local-PL verdict, checked against
 * its promises at every iteration (docs/theory.md §9): the iterates stay in B(x0, R) and
 * f(x_{k+1}) ≤ (1 − αη(1 − βη/2)) f(x_k). Broken promises are recorded in the
 * {@link DescentTrace}, not thrown: for an estimated verdict they are the evidence that the
 * estimate was wrong.
 */
public final class CertifiedDescent {

    /** Relative slack on the per-step contraction, for rounding in the computed f. */
    public static final double RATE_SLACK = 1e-9;
    /** Relative slack on the radius, for rounding in the computed distance. */
    public static final double RADIUS_SLACK = 1e-12;

    private CertifiedDescent() {
    }

    /**
     * Runs GD from x0 with the verdict's step until f &lt; targetLoss or maxIterations steps.
     *
     * @param f             the objective the verdict is about
     * @param x0            the verdict's centre, length p; not modified
     * @param verdict       a verdict whose GD criterion holds (certified or estimated)
     * @param maxIterations ≥ 1
     * @param targetLoss    ≥ 0 (0: run all iterations unless f reaches exactly 0)
     * @throws IllegalArgumentException when the verdict's GD criterion fails (its reasons are quoted),
     *                                  or f(x0) differs from the verdict's f0 by more than 1e−9 relative
     */
    public static DescentTrace run(Objective f, double[] x0, PlVerdict verdict, int maxIterations,
                                   double targetLoss) {
        Objects.requireNonNull(f, "objective");
        Objects.requireNonNull(verdict, "verdict");
        Checks.length("x0", x0, f.dimension(), "the objective's dimension");
        Checks.allFinite("x0", x0);
        Checks.positive("maxIterations", maxIterations);
        Checks.nonNegative("targetLoss", targetLoss);
        if (!verdict.gdHolds()) {
            throw new IllegalArgumentException("the verdict's GD criterion fails, so it promises nothing to check: "
                    + verdict.reasons());
        }
        double eta = verdict.eta();
        double radius = verdict.gdRadius();
        double q = verdict.gdContraction();
        double[] x = x0.clone();
        double fx = f.value(x);
        PlEstimator.requireNonNegative(fx, x);
        if (Math.abs(fx - verdict.f0()) > 1e-9 * Math.max(verdict.f0(), Double.MIN_NORMAL)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "f(x0) (%.17g) differs from the verdict's"
                    + " f0 (%.17g): the verdict is about another point or objective", fx, verdict.f0()));
        }
        double[] losses = new double[maxIterations + 1];
        double[] distances = new double[maxIterations + 1];
        losses[0] = fx;
        List<String> violations = new ArrayList<>();
        int k = 0;
        while (k < maxIterations && fx >= targetLoss && fx > 0) {
            double[] g = f.gradient(x);
            for (int i = 0; i < x.length; i++) {
                x[i] -= eta * g[i];
            }
            double next = f.value(x);
            PlEstimator.requireNonNegative(next, x);
            k++;
            double dist = distance(x, x0);
            losses[k] = next;
            distances[k] = dist;
            if (dist > radius * (1 + RADIUS_SLACK)) {
                violations.add(String.format(Locale.ROOT, "iteration %d: |x_k - x0| = %.6g > R = %.6g", k, dist,
                        radius));
            }
            if (next > q * fx + RATE_SLACK * fx) {
                violations.add(String.format(Locale.ROOT, "iteration %d: f = %.6g > q f_prev = %.6g (q = %.6g)", k,
                        next, q * fx, q));
            }
            fx = next;
        }
        double[] l = new double[k + 1];
        double[] d = new double[k + 1];
        System.arraycopy(losses, 0, l, 0, k + 1);
        System.arraycopy(distances, 0, d, 0, k + 1);
        return new DescentTrace(eta, radius, q, verdict.certification(), l, d, x, fx < targetLoss || fx == 0,
                violations);
    }

    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return Math.sqrt(s);
    }
}
