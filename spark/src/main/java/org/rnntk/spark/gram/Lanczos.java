package org.rnntk.spark.gram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.rnntk.core.Checks;

/**
 * The extreme eigenvalues of a symmetric Gram from its products K·v: the Lanczos iteration with full
 * reorthogonalization (twice, classical Gram–Schmidt), from a seeded Gaussian start. After step k the
 * tridiagonal T_k's extreme eigenpairs (θ, s) are Ritz pairs with residual ‖K y − θ y‖ = β_k |s_k|;
 * the iteration stops when both extremes' residuals are at most {@code tolerance · |θ_max|} (see
 * {@link ExtremeEigenvalues} for what the bound guarantees), when the Krylov space becomes invariant
 * (β_k ≤ N · 2⁻⁵² · |θ_max|: the Ritz values are eigenvalues), or after {@code maxIterations} products.
 * Memory: the Lanczos vectors, k·N doubles on the caller's side.
 */
public final class Lanczos {

    /** The default relative tolerance: residuals ≤ 1e-10 · λ_max. */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    /** The default cap on products. */
    public static final int DEFAULT_MAX_ITERATIONS = 300;

    private Lanczos() {
    }

    /** {@link #extremes(GramOperator, double, int, long)} with the defaults and seed 1. */
    public static ExtremeEigenvalues extremes(GramOperator k) {
        return extremes(k, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS, 1);
    }

    /**
     * @param tolerance     relative residual bound, in (0, 1)
     * @param maxIterations cap on products (at most N are used), ≥ 1
     * @param seed          seed of the start vector
     */
    public static ExtremeEigenvalues extremes(GramOperator k, double tolerance, int maxIterations, long seed) {
        Objects.requireNonNull(k, "k");
        Checks.openInterval("tolerance", tolerance, 0, 1);
        Checks.positive("maxIterations", maxIterations);
        int n = k.size();
        Checks.positive("size", n);
        int steps = Math.min(n, maxIterations);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = gaussian(rng);
        }
        scale(q, 1 / norm(q));
        List<double[]> basis = new ArrayList<>();
        double[] alpha = new double[steps];
        double[] beta = new double[steps];
        double thetaMin = Double.NaN;
        double thetaMax = Double.NaN;
        double resMin = Double.POSITIVE_INFINITY;
        double resMax = Double.POSITIVE_INFINITY;
        boolean converged = false;
        int done = 0;
        for (int j = 0; j < steps; j++) {
            basis.add(q);
            double[] w = k.multiply(q);
            if (w.length != n) {
                throw new IllegalStateException("the operator returned K v of length " + w.length + "; expected N = " + n);
            }
            Checks.allFinite("K v", w);
            alpha[j] = dot(q, w);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) {
                    axpy(-dot(b, w), b, w);
                }
            }
            double b = norm(w);
            done = j + 1;
            double[][] ritz = ritz(alpha, beta, done);
            thetaMin = ritz[0][0];
            thetaMax = ritz[0][1];
            double scaleK = Math.max(Math.abs(thetaMax), Math.abs(thetaMin));
            resMin = b * Math.abs(ritz[1][0]);
            resMax = b * Math.abs(ritz[1][1]);
            if (b <= n * 0x1p-52 * scaleK) {
                converged = true;
                break;
            }
            if (resMin <= tolerance * scaleK && resMax <= tolerance * scaleK) {
                converged = true;
                break;
            }
            if (j + 1 < steps) {
                beta[j] = b;
                q = w;
                scale(q, 1 / b);
            }
        }
        return new ExtremeEigenvalues(n, thetaMin, thetaMax, resMin, resMax, tolerance, done, converged);
    }

    /** {{θ_min, θ_max}, {last component of s_min, of s_max}} of the k×k tridiagonal. */
    private static double[][] ritz(double[] alpha, double[] beta, int k) {
        if (k == 1) {
            return new double[][] {{alpha[0], alpha[0]}, {1, 1}};
        }
        double[] main = java.util.Arrays.copyOf(alpha, k);
        double[] off = java.util.Arrays.copyOf(beta, k - 1);
        EigenDecomposition e = new EigenDecomposition(main, off);
        double[] values = e.getRealEigenvalues();
        int iMin = 0;
        int iMax = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[iMin]) {
                iMin = i;
            }
            if (values[i] > values[iMax]) {
                iMax = i;
            }
        }
        RealVector sMin = e.getEigenvector(iMin);
        RealVector sMax = e.getEigenvector(iMax);
        return new double[][] {{values[iMin], values[iMax]},
                {sMin.getEntry(k - 1) / sMin.getNorm(), sMax.getEntry(k - 1) / sMax.getNorm()}};
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void scale(double[] a, double s) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= s;
        }
    }

    private static void axpy(double s, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += s * x[i];
        }
    }
}
