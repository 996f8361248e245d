package org.rnntk.core.data;

import java.util.Locale;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.Checks;
import org.rnntk.core.SequenceDataset;

/**
 * A nonlinear exponential filter with a dialled memory ρ:
 * <pre>
 *   s_t = ρ s_{t−1} + ⟨v, x_t⟩,  s_0 = 0,    y_t = A tanh(s_t) = A tanh( Σ_{k=0}^{t−1} ρ^k ⟨v, x_{t−k}⟩ )
 * </pre>
 * for t = 1..T, with a unit vector v and amplitude A, so |y_t| &lt; A. The influence of x_1 on y_T
 * scales like ρ^{T−1}: ρ = 0 keeps only the current input, ρ → 1 remembers everything. ρ ≥ 1 is
 * allowed; the filter then accumulates without forgetting (s_t grows like t or ρ^t when the inputs
 * are aligned with v) and the tanh saturates, so the targets become sign-like but stay bounded by A.
 *
 * <p>v = g/‖g‖₂ with g the first d Gaussians of a {@link Well19937c} seeded with {@code seed}.
 * tanh is {@link StrictMath#tanh}, so targets are reproducible across JDKs.
 *
 * @param inputDim  d ≥ 1
 * @param memory    ρ ≥ 0, finite
 * @param amplitude A &gt; 0, finite
 * @param seed      the seed of v
 */
public record FilterTeacher(int inputDim, double memory, double amplitude, long seed) implements Teacher {

    public FilterTeacher {
        Checks.positive("input dimension d", inputDim);
        Checks.nonNegative("memory rho", memory);
        Checks.positive("amplitude A", amplitude);
    }

    /** A copy of the unit vector v. */
    public double[] direction() {
        return Draws.unitVector(new Well19937c(seed), inputDim);
    }

    @Override
    public double[] targets(SequenceDataset data) {
        data.requireInputDim(inputDim, "the teacher " + describe());
        int n = data.size();
        int steps = data.timeSteps();
        int d = inputDim;
        double[] v = direction();
        double[] x = data.inputs();
        double[] y = new double[n * steps];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int t = 0; t < steps; t++) {
                int row = j * steps + t;
                s = memory * s + Draws.dot(v, 0, x, row * d, d);
                y[row] = amplitude * StrictMath.tanh(s);
            }
        }
        return y;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "filter teacher y_t = %s tanh(sum_k %s^k <v, x_{t-k}>), d=%d seed=%d",
                amplitude, memory, inputDim, seed);
    }
}
