package org.rnntk.core.data;

import java.util.Locale;
import java.util.Objects;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;

/**
 * A random wide diagonal RNN as teacher (docs/theory.md §1), with recurrent weights of one
 * magnitude |w_i| = ρ (the memory knob: the influence of x_1 on y_T carries Π_t w σ'(z_t), so
 * ρσ1 &lt; 1 forgets geometrically and ρσ1 ≥ 1 need not):
 * <pre>
 *   y_t = A F_t(X; Θ*) = (A/√M) Σ_i c_i h_t^i,   w_i = ±ρ,  u_i ~ N(0, s² I_d),  c_i = ±1
 * </pre>
 * with independent fair signs. Unlike the symmetric initialization it is not mirrored, so its
 * output is not zero: over the random signs F_t has mean 0 and variance (1/M)Σ_i (h_t^i)² ≤ σ0²,
 * so the targets are O(A) (at most A σ0 √M in the worst case). The scale A is data-independent, so
 * a training set and a test set are labelled by the same function.
 *
 * <p>Draw order from one {@link Well19937c} seeded with {@code seed}: for i = 0..M−1, the sign of
 * c_i, the sign of w_i, then the d Gaussians of u_i.
 *
 * @param width      M ≥ 1, the teacher's width (any parity)
 * @param inputDim   d ≥ 1
 * @param memory     ρ ≥ 0, finite: |w_i| = ρ
 * @param activation σ
 * @param inputScale s &gt; 0, the standard deviation of the entries of U
 * @param amplitude  A &gt; 0
 * @param seed       the seed
 */
public record RnnTeacher(int width, int inputDim, double memory, Activation activation, double inputScale,
                         double amplitude, long seed) implements Teacher {

    public RnnTeacher {
        Checks.positive("teacher width M", width);
        Checks.positive("input dimension d", inputDim);
        Checks.nonNegative("memory rho = |w|", memory);
        Objects.requireNonNull(activation, "activation");
        Checks.positive("input weight scale s", inputScale);
        Checks.positive("amplitude A", amplitude);
    }

    /** The teacher network Θ* (without the amplitude A). */
    public DiagonalRnn network() {
        double[] w = new double[width];
        double[] u = new double[width * inputDim];
        double[] c = new double[width];
        Well19937c rng = new Well19937c(seed);
        for (int i = 0; i < width; i++) {
            c[i] = rng.nextBoolean() ? 1.0 : -1.0;
            w[i] = rng.nextBoolean() ? memory : -memory;
            for (int k = 0; k < inputDim; k++) {
                u[i * inputDim + k] = inputScale * rng.nextGaussian();
            }
        }
        return new DiagonalRnn(activation, inputDim, w, u, c);
    }

    @Override
    public double[] targets(SequenceDataset data) {
        data.requireInputDim(inputDim, "the teacher " + describe());
        DiagonalRnn net = network();
        int n = data.size();
        int steps = data.timeSteps();
        int d = inputDim;
        double[] w = net.w();
        double[] u = net.u();
        double[] c = net.c();
        double[] x = data.inputs();
        double[] y = new double[n * steps];
        double[] h = new double[width];
        double scale = amplitude / Math.sqrt(width);
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(h, 0.0);
            for (int t = 0; t < steps; t++) {
                int row = j * steps + t;
                double out = 0;
                for (int i = 0; i < width; i++) {
                    h[i] = activation.value(w[i] * h[i] + Draws.dot(u, i * d, x, row * d, d));
                    out += c[i] * h[i];
                }
                y[row] = scale * out;
            }
        }
        return y;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "rnn teacher M=%d d=%d |w|=%s %s s=%s A=%s seed=%d", width, inputDim,
                memory, activation.name(), inputScale, amplitude, seed);
    }
}
