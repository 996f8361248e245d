package org.rnntk.bounds.internal;

/**
 * Log-space arithmetic on non-negative quantities. A value x &ge; 0 is carried as ln x, with
 * ln 0 = −∞, so that products of astronomically large bound constants never overflow and
 * 0·∞ never turns into NaN. Not API.
 */
public final class LogMath {

    /** ln 2. */
    public static final double LN2 = Math.log(2.0);
    /** ln 10. */
    public static final double LN10 = Math.log(10.0);

    private LogMath() {
    }

    /** ln(e^x + e^y), exact for infinite arguments (ln(0 + 0) = −∞) and never NaN for non-NaN input. */
    public static double logAdd(double x, double y) {
        double hi = Math.max(x, y);
        double lo = Math.min(x, y);
        if (hi == Double.NEGATIVE_INFINITY || hi == Double.POSITIVE_INFINITY) {
            return hi;
        }
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    /** ln(e^x1 + ... + e^xk). */
    public static double logSum(double... xs) {
        double acc = Double.NEGATIVE_INFINITY;
        for (double x : xs) {
            acc = logAdd(acc, x);
        }
        return acc;
    }

    /** ln x for x &ge; 0 (ln 0 = −∞). */
    public static double log(double x) {
        return Math.log(x);
    }

    /** e^x, which is +∞ exactly where the double overflows. */
    public static double exp(double x) {
        return Math.exp(x);
    }

    /** log10 of e^x. */
    public static double toLog10(double lnValue) {
        return lnValue / LN10;
    }
}
