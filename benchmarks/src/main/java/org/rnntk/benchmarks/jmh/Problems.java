package org.rnntk.benchmarks.jmh;

import java.util.Locale;
import java.util.Random;

import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/**
 * Seeded benchmark problems, the same for JMH and the peer-comparison harness: inputs with
 * ‖x_t‖ ≤ 1, targets in [−1, 1], a symmetric tanh initialization perturbed off Θ(0) so that outputs
 * and gradients are not trivially zero.
 */
public final class Problems {

    /** The sizes every report uses, "nxTxdxm" (JMH splits -p values on commas; {@link Size#parse} takes both). */
    public static final String HEADLINE = "256x64x32x1024";
    public static final String OVERHEAD = "1x1000x16x256";
    public static final String MID = "64x64x32x256";

    private Problems() {
    }

    /** n, T, d, m parsed from "n,T,d,m". */
    public record Size(int n, int steps, int d, int m) {

        public static Size parse(String text) {
            String[] p = text.trim().split("[,x ]+");
            if (p.length != 4) {
                throw new IllegalArgumentException("size '" + text + "' must be n,T,d,m");
            }
            return new Size(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                    Integer.parseInt(p[3]));
        }

        /** n·T·m, the number of cell-steps. */
        public long cells() {
            return (long) n * steps * m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "n=%d T=%d d=%d m=%d", n, steps, d, m);
        }
    }

    public static SequenceDataset data(Size s, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[s.n() * s.steps() * s.d()];
        for (int r = 0; r < s.n() * s.steps(); r++) {
            double norm = 0;
            for (int k = 0; k < s.d(); k++) {
                double v = rng.nextGaussian();
                x[r * s.d() + k] = v;
                norm += v * v;
            }
            double scale = rng.nextDouble() / Math.sqrt(norm);
            for (int k = 0; k < s.d(); k++) {
                x[r * s.d() + k] *= scale;
            }
        }
        double[] y = new double[s.n() * s.steps()];
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 * rng.nextDouble() - 1;
        }
        return new SequenceDataset(s.n(), s.steps(), s.d(), x, y);
    }

    public static DiagonalRnn model(Size s, long seed) {
        DiagonalRnn init = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, seed).initialize(s.m(), s.d(),
                Activations.tanh());
        Random rng = new Random(seed + 1);
        double[] w = init.w();
        double[] u = init.u();
        for (int i = 0; i < w.length; i++) {
            w[i] += 0.01 * rng.nextGaussian();
        }
        for (int i = 0; i < u.length; i++) {
            u[i] += 0.01 * rng.nextGaussian();
        }
        return init.withParameters(w, u);
    }
}
