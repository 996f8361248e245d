package org.rnntk.core.data;

import java.util.Locale;
import java.util.Objects;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.Checks;
import org.rnntk.core.SequenceDataset;

/**
 * n input sequences of T vectors in R^d, each with ‖x_t‖₂ ≤ r ≤ 1 (the hypothesis of every bound,
 * docs/theory.md §1), drawn independently by {@link InputLaw}.
 *
 * <p>Draw order (fixed, so a seed pins the inputs bit for bit on every JDK): for j = 0..n−1, for
 * t = 0..T−1, the d Gaussian coordinates of g, then (BALL only) one uniform U; all from one
 * commons-math3 {@link Well19937c} seeded with {@code seed}. A vector whose computed norm rounds
 * above r is shrunk by an ulp, so {@link SequenceDataset#maxInputNorm()} ≤ r holds exactly.
 *
 * @param n         number of sequences, ≥ 1
 * @param timeSteps T ≥ 1
 * @param inputDim  d ≥ 1
 * @param law       sphere or ball
 * @param radius    r ∈ (0, 1]
 * @param seed      the seed
 */
public record InputSpec(int n, int timeSteps, int inputDim, InputLaw law, double radius, long seed) {

    public InputSpec {
        Checks.positive("number of sequences n", n);
        Checks.positive("sequence length T", timeSteps);
        Checks.positive("input dimension d", inputDim);
        Objects.requireNonNull(law, "law");
        if (!(radius > 0 && radius <= 1)) {
            throw new IllegalArgumentException("input norm bound r (" + radius
                    + ") must lie in (0, 1]: every bound assumes ||x_t|| <= 1 (docs/theory.md §1)");
        }
        if ((long) n * timeSteps * inputDim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("inputs of shape " + Checks.shape(n, timeSteps, inputDim)
                    + " exceed the 2^31 elements a Java array can hold");
        }
    }

    /** Unit-radius inputs on the sphere (‖x_t‖₂ = 1). */
    public static InputSpec unitSphere(int n, int timeSteps, int inputDim, long seed) {
        return new InputSpec(n, timeSteps, inputDim, InputLaw.SPHERE, 1.0, seed);
    }

    /** The same law and seed with another number of sequences (a prefix of a larger draw). */
    public InputSpec withSize(int newN) {
        return new InputSpec(newN, timeSteps, inputDim, law, radius, seed);
    }

    /** The same law and shape with another seed (e.g. a test set). */
    public InputSpec withSeed(long newSeed) {
        return new InputSpec(n, timeSteps, inputDim, law, radius, newSeed);
    }

    /**
     * Draws the inputs, layout {@code x[(j*T + t)*d + k]}.
     *
     * @return a new array of length n·T·d
     */
    public double[] sampleInputs() {
        double[] x = new double[n * timeSteps * inputDim];
        Well19937c rng = new Well19937c(seed);
        int d = inputDim;
        for (int row = 0; row < n * timeSteps; row++) {
            int from = row * d;
            double norm;
            do {
                for (int k = 0; k < d; k++) {
                    x[from + k] = rng.nextGaussian();
                }
                norm = Draws.norm(x, from, d);
            } while (norm == 0);
            double target = law == InputLaw.SPHERE ? radius : radius * StrictMath.pow(rng.nextDouble(), 1.0 / d);
            double scale = target / norm;
            for (int k = 0; k < d; k++) {
                x[from + k] *= scale;
            }
            Draws.clampNormInPlace(x, from, d, radius);
        }
        return x;
    }

    /** The inputs as a data set whose targets are all 0; label it with a {@link Teacher}. */
    public SequenceDataset sample() {
        return new SequenceDataset(n, timeSteps, inputDim, sampleInputs(), new double[n * timeSteps]);
    }

    /** A one-line summary, e.g. {@code inputs n=100 T=10 d=4 sphere r=1 seed=7}. */
    public String describe() {
        return String.format(Locale.ROOT, "inputs n=%d T=%d d=%d %s r=%s seed=%d", n, timeSteps, inputDim,
                law.name().toLowerCase(Locale.ROOT), radius, seed);
    }
}
