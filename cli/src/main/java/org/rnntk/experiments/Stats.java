package org.rnntk.experiments;

import java.util.Arrays;

import org.apache.commons.math3.distribution.TDistribution;

/** Small statistics for the experiments' summaries. Arrays are not modified. */
final class Stats {

    private Stats() {
    }

    /** The median of the finite values, NaN when there are none. */
    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : 0.5 * (v[h - 1] + v[h]);
    }

    /**
     * Ordinary least squares y ≈ intercept + slope·x over the pairs where both are finite.
     *
     * @return {slope, intercept, r²}; NaNs when fewer than two points remain or x is constant
     */
    static Line fit(double[] x, double[] y) {
        int n = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                n++;
                sx += x[i];
                sy += y[i];
            }
        }
        if (n < 2) {
            return new Line(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                sxx += (x[i] - mx) * (x[i] - mx);
                sxy += (x[i] - mx) * (y[i] - my);
                syy += (y[i] - my) * (y[i] - my);
            }
        }
        if (sxx == 0) {
            return new Line(Double.NaN, Double.NaN, Double.NaN, n);
        }
        double slope = sxy / sxx;
        double r2 = syy == 0 ? 1.0 : sxy * sxy / (sxx * syy);
        return new Line(slope, my - slope * mx, r2, n);
    }

    /** A fitted line y ≈ intercept + slope·x over {@code points} points. */
    record Line(double slope, double intercept, double rSquared, int points) {
        double at(double x) {
            return intercept + slope * x;
        }
    }

    /** log of each value (NaN for non-positive). */
    static double[] log(double[] v) {
        return Arrays.stream(v).map(x -> x > 0 ? Math.log(x) : Double.NaN).toArray();
    }

    /**
     * A mean with a two-sided confidence interval.
     *
     * @param count the number of finite values used; low and high are NaN when it is below 2
     */
    record Interval(double mean, double low, double high, int count) {
    }

    /** The mean of the finite values and its two-sided Student-t interval at {@code level} (e.g. 0.95). */
    static Interval meanInterval(double[] values, double level) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
        int k = v.length;
        if (k == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = Arrays.stream(v).average().orElseThrow();
        if (k < 2) {
            return new Interval(mean, Double.NaN, Double.NaN, k);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double se = Math.sqrt(ss / (k - 1) / k);
        double q = new TDistribution(k - 1).inverseCumulativeProbability(0.5 + level / 2);
        return new Interval(mean, mean - q * se, mean + q * se, k);
    }
}
