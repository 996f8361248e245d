package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rnntk.bounds.LemmaConstants;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;

/**
 * Every lemma of docs/theory.md §7 against an independent measurement, with its tightness.
 *
 * <p>For each activation, r = aσ1 ∈ {0.5, 1, 1.5} and t ∈ {2, 4, 8}, a seeded search (random starts,
 * then hill climbing) looks for the neuron (w with |w| ≤ a, any u) and inputs (‖x_s‖ ≤ 1) that
 * maximize each bounded quantity, measured by finite differences of a plain scalar neuron
 * ({@link NeuronProbe}). Every evaluated point must stay below its bound; the largest value found,
 * divided by the bound, is the tightness reported in docs/theory.md (the table is written to
 * {@code target/tightness/lemmas.md}).
 *
 * <p>On a real network of the kernels (m = 8, the worst Hessian neuron found among random ones),
 * the Hessian of F_t in Θ, by finite differences of the kernels' exact gradient, must be block
 * diagonal over neurons with norm max_i ‖∇²h^i‖/√m ≤ M_t/√m, and ‖∇_Θ F_t‖ ≤ G1.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class LemmaTightnessTest {

    private static final int D = 3;
    private static final double[] RATES = {0.5, 1.0, 1.5};
    private static final int[] STEPS = {2, 4, 8};
    private static final int STARTS = 400;
    private static final int CLIMBERS = 4;
    private static final int CLIMB_STEPS = 500;
    /** Relative allowance for the finite-difference error of a measured value (~1e-8 relative). */
    private static final double FD_SLACK = 1e-5;
    /** A lemma whose worst case found is below this fraction of it signals a broken measurement. */
    private static final double MIN_TIGHTNESS = 1e-4;
    /** Finite-difference step on the kernels' gradient for the network Hessian. */
    private static final double NET_STEP = 1e-5;
    /** Off-block Hessian entries must vanish up to this (finite-difference noise ~1e-10). */
    private static final double OFF_BLOCK_TOL = 1e-6;
    private static final int NET_WIDTH = 8;

    private static final String[] NAMES = {"|h_t|", "|a_t|", "||b_t||", "||grad h_t||", "|d2h/dw2|",
        "||d_u d_w h||", "||hess_u h||", "||hess h||"};

    private static Nd4jBackend backend;
    private static final TightnessReport REPORT = new TightnessReport("lemmas", "activation", "a*sigma1", "t",
            "abs h <= sigma0", "abs a_t", "norm b_t", "grad h (G1)", "A = d2h/dw2", "C = d_u d_w h",
            "B = hess_u h", "hess h / (max(A,B)+C)", "hess h / 2x2 form", "net: sqrt(m) hess F / library M_t");

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create(Precision.FLOAT64, 1);
    }

    @AfterAll
    static void close() {
        backend.close();
        REPORT.flush();
    }

    @Test
    void tanhLemmasHoldWithTheirTightness() {
        check(Activations.tanh());
    }

    @Test
    void sigmoidLemmasHoldWithTheirTightness() {
        check(Activations.sigmoid());
    }

    /** A point of the search: θ = (w, u) and the inputs x_1..x_t. */
    private record Point(double[] theta, double[][] x) {
        Point copy() {
            double[][] xc = new double[x.length][];
            for (int s = 0; s < x.length; s++) {
                xc[s] = x[s].clone();
            }
            return new Point(theta.clone(), xc);
        }
    }

    private void check(Activation act) {
        NeuronProbe probe = new NeuronProbe(act);
        double sigma1 = act.constants().sigma1();
        for (double r : RATES) {
            for (int t : STEPS) {
                double a = r / sigma1;
                LemmaConstants c = LemmaConstants.of(act.constants(), a, t);
                double[] bounds = {c.hiddenBound(), c.sensitivityWBound(), c.sensitivityUBound(), c.gradientBound(),
                    c.hessianWW(), c.hessianUW(), c.hessianUU(), c.hessianBound()};
                double twoByTwo = spectralBound(c.hessianWW(), c.hessianUU(), c.hessianUW());
                assertTrue(twoByTwo <= c.hessianBound() * (1 + 1e-12), "the 2x2 form exceeds max(A,B)+C");
                double[] ratio = new double[NAMES.length];
                Point worstHessian = null;
                for (int q = 0; q < NAMES.length; q++) {
                    Random rng = new Random(31L * q + 1000L * t + (long) (100 * r) + act.name().hashCode());
                    Point best = search(probe, q, a, t, rng, bounds, twoByTwo);
                    ratio[q] = measure(probe, q, best, t) / bounds[q];
                    if (q == NAMES.length - 1) {
                        worstHessian = best;
                    }
                    assertTrue(ratio[q] >= MIN_TIGHTNESS, NAMES[q] + ": worst found " + ratio[q]
                            + " of its bound at r = " + r + ", t = " + t + " (measurement broken?)");
                }
                double hessWorst = ratio[NAMES.length - 1] * c.hessianBound();
                double former = Math.max(c.hessianWW(), c.hessianUU()) + c.hessianUW();
                double net = networkHessianRatio(act, worstHessian, a, t, c, probe);
                REPORT.row(act.name(), r, t, ratio[0], ratio[1], ratio[2], ratio[3], ratio[4], ratio[5], ratio[6],
                        hessWorst / former, hessWorst / twoByTwo, net);
            }
        }
    }

    /** (A+B)/2 + √(((A−B)/2)² + C²): the norm of [[A, C], [C, B]]. */
    static double spectralBound(double a, double b, double c) {
        return 0.5 * (a + b) + Math.hypot(0.5 * (a - b), c);
    }

    /** The measured quantity q at a point; asserts it below its bound (and the Hessian below the 2×2 form). */
    private static double checked(NeuronProbe probe, int q, Point p, int t, double[] bounds, double twoByTwo) {
        double v = measure(probe, q, p, t);
        assertTrue(v <= bounds[q] * (1 + FD_SLACK) + 1e-9, NAMES[q] + " = " + v + " exceeds its bound "
                + bounds[q] + " at w = " + p.theta[0] + ", t = " + t);
        if (q == NAMES.length - 1) {
            assertTrue(v <= twoByTwo * (1 + FD_SLACK) + 1e-9, "per-neuron Hessian norm " + v
                    + " exceeds the 2x2 spectral bound " + twoByTwo + " at t = " + t);
        }
        return v;
    }

    private static double measure(NeuronProbe probe, int q, Point p, int t) {
        switch (q) {
            case 0:
                return Math.abs(probe.h(p.theta, p.x, t));
            case 1:
            case 2:
            case 3: {
                double[] g = probe.gradient(p.theta, p.x, t);
                return q == 1 ? Math.abs(g[0]) : q == 2 ? NeuronProbe.norm(g, 1, g.length) : NeuronProbe.norm(g, 0, g.length);
            }
            default: {
                double[][] h = probe.hessian(p.theta, p.x, t);
                if (q == 4) {
                    return Math.abs(h[0][0]);
                }
                if (q == 5) {
                    double s = 0;
                    for (int k = 1; k <= D; k++) {
                        s += h[k][0] * h[k][0];
                    }
                    return Math.sqrt(s);
                }
                if (q == 6) {
                    double[][] uu = new double[D][D];
                    for (int k = 0; k < D; k++) {
                        for (int l = 0; l < D; l++) {
                            uu[k][l] = h[k + 1][l + 1];
                        }
                    }
                    return NeuronProbe.spectralNorm(uu);
                }
                return NeuronProbe.spectralNorm(h);
            }
        }
    }

    /** Random starts, then hill climbing from the best few; returns the best point found. */
    private static Point search(NeuronProbe probe, int q, double a, int t, Random rng, double[] bounds,
                                double twoByTwo) {
        Point[] top = new Point[CLIMBERS];
        double[] topValue = new double[CLIMBERS];
        java.util.Arrays.fill(topValue, -1);
        for (int s = 0; s < STARTS; s++) {
            Point p = randomPoint(rng, a, t);
            double v = checked(probe, q, p, t, bounds, twoByTwo);
            int worst = 0;
            for (int i = 1; i < CLIMBERS; i++) {
                if (topValue[i] < topValue[worst]) {
                    worst = i;
                }
            }
            if (v > topValue[worst]) {
                top[worst] = p;
                topValue[worst] = v;
            }
        }
        Point best = top[0];
        double bestValue = topValue[0];
        for (int i = 0; i < CLIMBERS; i++) {
            Point cur = top[i];
            double curValue = topValue[i];
            double step = 0.3;
            for (int k = 0; k < CLIMB_STEPS; k++) {
                Point next = perturb(cur, rng, a, step);
                double v = checked(probe, q, next, t, bounds, twoByTwo);
                if (v > curValue) {
                    cur = next;
                    curValue = v;
                    step = Math.min(1.0, step * 1.3);
                } else {
                    step = Math.max(1e-4, step * 0.93);
                }
            }
            if (curValue > bestValue) {
                best = cur;
                bestValue = curValue;
            }
        }
        return best;
    }

    private static Point randomPoint(Random rng, double a, int t) {
        double[] theta = new double[D + 1];
        theta[0] = rng.nextBoolean() ? (rng.nextBoolean() ? a : -a) : a * (2 * rng.nextDouble() - 1);
        double[][] x = new double[t][];
        int kind = rng.nextInt(3);
        double[] first = unit(rng);
        for (int s = 0; s < t; s++) {
            x[s] = kind == 0 ? unit(rng) : first.clone();
        }
        // kind 2: u along the constant input, so z_t = w h_{t-1} + s can be centred where σ' peaks.
        double scale = kind == 2 ? 10 * (2 * rng.nextDouble() - 1) : Math.pow(10, -3 + 4 * rng.nextDouble());
        double[] dir = kind == 2 ? first : unit(rng);
        for (int k = 0; k < D; k++) {
            theta[k + 1] = scale * dir[k];
        }
        return new Point(theta, x);
    }

    private static Point perturb(Point p, Random rng, double a, double step) {
        Point n = p.copy();
        n.theta[0] = Math.max(-a, Math.min(a, n.theta[0] + step * a * rng.nextGaussian()));
        for (int k = 1; k <= D; k++) {
            n.theta[k] += step * (0.05 + Math.abs(n.theta[k])) * rng.nextGaussian();
        }
        for (double[] xs : n.x) {
            double norm = 0;
            for (int k = 0; k < D; k++) {
                xs[k] += step * rng.nextGaussian();
                norm += xs[k] * xs[k];
            }
            norm = Math.sqrt(norm);
            if (norm > 1) {
                for (int k = 0; k < D; k++) {
                    xs[k] /= norm;
                }
            }
        }
        return n;
    }

    private static double[] unit(Random rng) {
        double[] v = new double[D];
        double norm = 0;
        for (int k = 0; k < D; k++) {
            v[k] = rng.nextGaussian();
            norm += v[k] * v[k];
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < D; k++) {
            v[k] /= norm;
        }
        return v;
    }

    /**
     * The Hessian of F_t in Θ on a kernels network of width m whose neuron 0 is the worst one found
     * (the others random with |w| ≤ a), by central differences of the exact gradient
     * ∇_Θ F_t = (c_i a_t^i, c_i b_t^i)/√m from the kernels' sensitivities. Asserts: the off-block entries
     * vanish, the norm is max_i ‖∇²h^i‖/√m with the probe's per-neuron value, it is ≤ M_t/√m, and
     * ‖∇_Θ F_t‖ ≤ G1. Returns √m ‖∇²F_t‖ / M_t.
     */
    private static double networkHessianRatio(Activation act, Point worst, double a, int t, LemmaConstants c,
                                              NeuronProbe probe) {
        Random rng = new Random(t * 7919L + act.name().hashCode());
        int m = NET_WIDTH;
        double[] w = new double[m];
        double[] u = new double[m * D];
        double[] sign = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = i == 0 ? worst.theta[0] : a * (2 * rng.nextDouble() - 1);
            sign[i] = rng.nextBoolean() ? 1 : -1;
            for (int k = 0; k < D; k++) {
                u[i * D + k] = i == 0 ? worst.theta[k + 1] : rng.nextGaussian();
            }
        }
        double[] x = new double[t * D];
        for (int s = 0; s < t; s++) {
            System.arraycopy(worst.x[s], 0, x, s * D, D);
        }
        SequenceDataset data = new SequenceDataset(1, t, D, x, new double[t]);
        DiagonalRnn net = new DiagonalRnn(act, D, w, u, sign);
        int p = m * (D + 1);
        double[] g0 = gradientF(net, data, t);
        double gradNorm = NeuronProbe.norm(g0, 0, p);
        assertTrue(gradNorm <= c.gradientBound() * (1 + 1e-12), "||grad F_t|| = " + gradNorm + " > G1 = "
                + c.gradientBound());
        double[][] hess = new double[p][p];
        for (int col = 0; col < p; col++) {
            double[] gp = gradientF(shift(net, col, NET_STEP), data, t);
            double[] gm = gradientF(shift(net, col, -NET_STEP), data, t);
            for (int row = 0; row < p; row++) {
                hess[row][col] = (gp[row] - gm[row]) / (2 * NET_STEP);
            }
        }
        double maxBlock = 0;
        for (int i = 0; i < m; i++) {
            double[][] block = new double[D + 1][D + 1];
            for (int row = 0; row < p; row++) {
                for (int col = 0; col < p; col++) {
                    int ni = neuron(row, m);
                    int nj = neuron(col, m);
                    if (ni != nj) {
                        assertTrue(Math.abs(hess[row][col]) <= OFF_BLOCK_TOL, "Hessian of F not block diagonal: entry ("
                                + row + ", " + col + ") = " + hess[row][col]);
                    } else if (ni == i) {
                        block[local(row, m)][local(col, m)] = 0.5 * (hess[row][col] + hess[col][row]);
                    }
                }
            }
            maxBlock = Math.max(maxBlock, NeuronProbe.spectralNorm(block));
        }
        double full = NeuronProbe.spectralNorm(symmetrize(hess));
        assertTrue(Math.abs(full - maxBlock) <= 1e-9 + 1e-6 * full, "||hess F|| " + full + " != max block " + maxBlock);
        double neuron0 = NeuronProbe.spectralNorm(probe.hessian(worst.theta, worst.x, t)) / Math.sqrt(m);
        assertTrue(full >= neuron0 * (1 - 1e-4), "||hess F|| " + full + " below neuron 0's " + neuron0);
        assertTrue(full <= c.hessianBound() / Math.sqrt(m) * (1 + FD_SLACK), "||hess F_t|| = " + full
                + " exceeds M_t/sqrt(m) = " + c.hessianBound() / Math.sqrt(m));
        return full * Math.sqrt(m) / c.hessianBound();
    }

    /** Parameter index → neuron: w_i at index i, u_{i,k} at m + i·d + k. */
    private static int neuron(int idx, int m) {
        return idx < m ? idx : (idx - m) / D;
    }

    private static int local(int idx, int m) {
        return idx < m ? 0 : 1 + (idx - m) % D;
    }

    private static double[] gradientF(DiagonalRnn net, SequenceDataset data, int t) {
        Sensitivities s = backend.sensitivities(net, data);
        int m = net.width();
        double scale = 1 / Math.sqrt(m);
        double[] g = new double[m * (D + 1)];
        for (int i = 0; i < m; i++) {
            g[i] = net.c(i) * s.a(0, t - 1, i) * scale;
            for (int k = 0; k < D; k++) {
                g[m + i * D + k] = net.c(i) * s.b(0, t - 1, i, k) * scale;
            }
        }
        return g;
    }

    private static DiagonalRnn shift(DiagonalRnn net, int idx, double h) {
        int m = net.width();
        double[] w = net.w();
        double[] u = net.u();
        if (idx < m) {
            w[idx] += h;
        } else {
            u[idx - m] += h;
        }
        return net.withParameters(w, u);
    }

    private static double[][] symmetrize(double[][] a) {
        int p = a.length;
        double[][] s = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                s[i][j] = 0.5 * (a[i][j] + a[j][i]);
            }
        }
        return s;
    }
}
