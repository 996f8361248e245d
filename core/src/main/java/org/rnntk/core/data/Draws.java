package org.rnntk.core.data;

import org.apache.commons.math3.random.RandomGenerator;

/** Small random-vector helpers shared by the generators. Not API. */
final class Draws {

    private Draws() {
    }

    /**
     * A uniformly random unit vector: d Gaussians divided by their norm, redrawn in the
     * (probability-zero) case of a zero vector.
     */
    static double[] unitVector(RandomGenerator rng, int d) {
        double[] v = new double[d];
        while (true) {
            for (int k = 0; k < d; k++) {
                v[k] = rng.nextGaussian();
            }
            double norm = norm(v, 0, d);
            if (norm > 0) {
                for (int k = 0; k < d; k++) {
                    v[k] /= norm;
                }
                return v;
            }
        }
    }

    /**
     * ‖x[from..from+d)‖₂, summing squares in index order then taking the square root, exactly as
     * {@code SequenceDataset.maxInputNorm()} does, so a bound checked here holds there bit for bit.
     */
    static double norm(double[] x, int from, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double v = x[from + k];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /**
     * Shrinks x[from..from+d) until its computed norm is ≤ radius; rounding in r·g/‖g‖ can leave it
     * one ulp above. A no-op when it is already within.
     *
     * @param x modified in place
     */
    static void clampNormInPlace(double[] x, int from, int d, double radius) {
        double norm = norm(x, from, d);
        while (norm > radius) {
            double factor = Math.nextDown(radius / norm);
            for (int k = 0; k < d; k++) {
                x[from + k] *= factor;
            }
            norm = norm(x, from, d);
        }
    }

    /** ⟨a[aFrom..), b[bFrom..)⟩ over d coordinates. */
    static double dot(double[] a, int aFrom, double[] b, int bFrom, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += a[aFrom + k] * b[bFrom + k];
        }
        return s;
    }

    /** S_T(r) = Σ_{i&lt;T} r^i (docs/theory.md §6); T for r = 1, +∞ only when the double overflows. */
    static double geometricSum(double r, int terms) {
        double sum = 0;
        double power = 1;
        for (int i = 0; i < terms; i++) {
            sum += power;
            power *= r;
        }
        return sum;
    }
}
