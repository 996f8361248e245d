package org.rnntk.bounds;

import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Checks;
import org.rnntk.bounds.internal.LogMath;

/**
 * The geometric sums behind every bound of the module (docs/theory.md §6); users reach µ_T through
 * {@link Bounds#muT} and {@link Bounds#logMuT}:
 * <pre>
 *   S_k(r) = Σ_{i=0}^{k−1} r^i = (1 − r^k)/(1 − r),   S_k(1) = k,   S_0(r) = 0,
 *   µ_T(α, σ1) = S_T(ασ1).
 * </pre>
 * The evaluation has no cancellation anywhere: with d = r − 1 (exact in floating point for
 * r ∈ [1/2, 2^53]) and y = k·ln r computed as k·log1p(d), S_k(r) = expm1(y)/d when |y| &lt; 1,
 * which is accurate to a few ulps even for |d| = 10^{−15} and equals k exactly at r = 1, and
 * (r^k − 1)/(r − 1) through {@link Math#pow} otherwise (no cancellation once |y| ≥ 1). Where the value overflows a double, {@link #logGeometricSum(long, double)}
 * still returns its logarithm, and {@link #geometricSum(long, double)} returns +∞ (never NaN).
 *
 * <p>Note that the problem itself is ill-conditioned in r for long sequences:
 * d ln S_k / d ln r ≈ k for r &gt; 1, so the rounding of the product ασ1 alone moves µ_T by a
 * relative k·10^{−16}. The functions here are accurate for the double r they are given.
 */
final class MuT {

    private MuT() {
    }

    /**
     * S_k(r) = Σ_{i&lt;k} r^i for r ≥ 0 and k ≥ 0 (S_0 = 0, S_k(0) = 1 for k ≥ 1).
     *
     * @return the sum, +∞ exactly when it exceeds {@link Double#MAX_VALUE}
     * @throws IllegalArgumentException if r is negative, NaN or infinite, or k &lt; 0
     */
    static double geometricSum(long k, double r) {
        checkArgs(k, r);
        if (k == 0) {
            return 0.0;
        }
        if (k == 1) {
            return 1.0;  // r^0, exactly (the expm1 path below would round it to 1 + ulp for some r)
        }
        if (r == 1.0) {
            return k;
        }
        double y = k * logOf(r);
        if (Math.abs(y) < 1.0) {
            // r^k near 1: expm1 keeps the digits that 1 − r^k would cancel; r − 1 is exact near 1.
            return r < 1.0 ? -Math.expm1(y) / (1.0 - r) : Math.expm1(y) / (r - 1.0);
        }
        // |y| ≥ 1: no cancellation in 1 − r^k, and pow (≤ 1 ulp) avoids the y·u error of exp(y).
        if (r < 1.0) {
            return (1.0 - Math.pow(r, k)) / (1.0 - r);
        }
        double p = Math.pow(r, k);
        if (p < Double.POSITIVE_INFINITY) {
            return (p - 1.0) / (r - 1.0);
        }
        // S_k ≥ r^{k−1}, so it overflows when r^{k−1} does; otherwise S_k = r^{k−1}·r/(r − 1) up to 1/(r − 1).
        double q = Math.pow(r, k - 1);
        return q < Double.POSITIVE_INFINITY ? q * (r / (r - 1.0)) : Double.POSITIVE_INFINITY;
    }

    /**
     * ln S_k(r), finite for every k ≥ 1 and every finite r ≥ 0 (−∞ for k = 0).
     *
     * @throws IllegalArgumentException if r is negative, NaN or infinite, or k &lt; 0
     */
    static double logGeometricSum(long k, double r) {
        checkArgs(k, r);
        if (k == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (k == 1) {
            return 0.0;
        }
        if (r == 1.0) {
            return Math.log(k);
        }
        double y = k * logOf(r);
        if (r < 1.0) {
            return Math.log(-Math.expm1(y)) - Math.log1p(-r);
        }
        // r^k − 1 = e^y (1 − e^{−y}) = −e^y expm1(−y)
        return y + Math.log(-Math.expm1(-y)) - Math.log(r - 1.0);
    }

    /** µ_T = S_T(ασ1) (docs/theory.md §6); +∞ only where the double overflows. */
    static double muT(double alpha, double sigma1, long timeSteps) {
        return geometricSum(checkT(timeSteps), rate(alpha, sigma1));
    }

    /** µ_T for an activation's σ1. */
    static double muT(ActivationConstants activation, double alpha, long timeSteps) {
        return muT(alpha, activation.sigma1(), timeSteps);
    }

    /** ln µ_T, finite for every admissible input (µ_T ≥ 1 so the value is ≥ 0). */
    static double logMuT(double alpha, double sigma1, long timeSteps) {
        return logGeometricSum(checkT(timeSteps), rate(alpha, sigma1));
    }

    /** ln µ_T for an activation's σ1. */
    static double logMuT(ActivationConstants activation, double alpha, long timeSteps) {
        return logMuT(alpha, activation.sigma1(), timeSteps);
    }

    private static double rate(double alpha, double sigma1) {
        Checks.nonNegative("alpha", alpha);
        Checks.positive("sigma1", sigma1);
        return alpha * sigma1;
    }

    private static long checkT(long timeSteps) {
        if (timeSteps < 1) {
            throw new IllegalArgumentException("time steps T (" + timeSteps + ") must be >= 1");
        }
        return timeSteps;
    }

    private static void checkArgs(long k, double r) {
        if (k < 0) {
            throw new IllegalArgumentException("number of terms k (" + k + ") must be >= 0");
        }
        Checks.nonNegative("ratio r", r);
    }

    /** ln r, through log1p where r is near 1 so that r − 1 (exact there) keeps all its digits. */
    private static double logOf(double r) {
        return (r > 0.5 && r < 2.0) ? Math.log1p(r - 1.0) : Math.log(r);
    }

    /** log10 µ_T, for reports. */
    static double log10MuT(double alpha, double sigma1, long timeSteps) {
        return LogMath.toLog10(logMuT(alpha, sigma1, timeSteps));
    }
}
