package org.rnntk.core.internal;

/**
 * Euclidean norms that neither overflow nor underflow in their intermediate squares, as LAPACK's
 * {@code dnrm2}: the plain sum of squares when it is safely representable (then the result is
 * bit-identical to {@code Math.sqrt(Σ x²)}), otherwise a sum of squares scaled by the largest
 * magnitude. Not API: the layout of this package may change without notice.
 */
public final class Norms {

    private Norms() {
    }

    /**
     * ‖a[off..off+len) − b[off..off+len)‖₂, finite whenever the true value is representable. A
     * difference that overflows (|a − b| &gt; {@link Double#MAX_VALUE} with a and b finite) is
     * handled by halving both sides first. NaN or infinite entries give NaN or +∞.
     *
     * @param a not modified
     * @param b not modified
     */
    public static double distance(double[] a, double[] b, int off, int len) {
        double sq = 0;
        for (int k = off; k < off + len; k++) {
            double x = a[k] - b[k];
            sq += x * x;
        }
        if (sq >= Double.MIN_NORMAL && sq < Double.POSITIVE_INFINITY) {
            return Math.sqrt(sq);
        }
        if (Double.isNaN(sq)) {
            return Double.NaN;
        }
        return 2 * scaledHalfDistance(a, b, off, len);
    }

    /** ‖(a − b)/2‖₂ over the range by the scaled recurrence of dnrm2; the halves never overflow. */
    private static double scaledHalfDistance(double[] a, double[] b, int off, int len) {
        double scale = 0;
        double ssq = 1;
        for (int k = off; k < off + len; k++) {
            double x = 0.5 * a[k] - 0.5 * b[k];
            if (x != 0) {
                double ax = Math.abs(x);
                if (Double.isNaN(ax)) {
                    return Double.NaN;
                }
                if (ax == Double.POSITIVE_INFINITY) {
                    return Double.POSITIVE_INFINITY;
                }
                if (scale < ax) {
                    double r = scale / ax;
                    ssq = 1 + ssq * r * r;
                    scale = ax;
                } else {
                    double r = ax / scale;
                    ssq += r * r;
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }
}
