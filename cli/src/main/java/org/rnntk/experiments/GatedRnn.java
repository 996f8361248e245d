package org.rnntk.experiments;

import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/**
 * A diagonal RNN with a learned scalar forget gate per neuron, in plain Java (forward pass and
 * exact BPTT gradient):
 *
 * <pre>
 *   f_t^i = sigmoid(⟨g_i, x_t⟩ + b_i)                 (gate: a linear function of x_t, per neuron)
 *   z_t^i = f_t^i w_i h_{t−1}^i + ⟨u_i, x_t⟩,   h_t^i = σ(z_t^i),   h_0 = 0
 *   F_t   = (1/√m) Σ_i c_i h_t^i                       (c fixed, as in docs/theory.md §1)
 * </pre>
 *
 * Trained: w, U, g, b. With the gate off ({@link #plain}) the model is exactly the diagonal RNN of
 * docs/theory.md §1 (f ≡ 1, no gate parameters), computed by the same code; the tests check that
 * mode against the library's backend and the gated gradient against central differences.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out.
 */
public final class GatedRnn {

    private final Activation activation;
    private final int width;
    private final int inputDim;
    private final boolean gated;
    private final double[] w;
    private final double[] u;
    private final double[] g;
    private final double[] b;
    private final double[] c;

    private GatedRnn(Activation activation, int inputDim, boolean gated, double[] w, double[] u, double[] g,
                     double[] b, double[] c) {
        this.activation = Objects.requireNonNull(activation, "activation");
        this.width = w.length;
        this.inputDim = Checks.positive("input dimension d", inputDim);
        this.gated = gated;
        Checks.length("u", u, (long) width * inputDim, "m*d");
        Checks.length("c", c, width, "m");
        if (gated) {
            Checks.length("g", g, (long) width * inputDim, "m*d");
            Checks.length("b", b, width, "m");
            Checks.allFinite("g", g);
            Checks.allFinite("b", b);
        }
        this.w = w.clone();
        this.u = u.clone();
        this.g = gated ? g.clone() : new double[0];
        this.b = gated ? b.clone() : new double[0];
        this.c = c.clone();
    }

    /** The plain diagonal RNN with the parameters of {@code base} (f ≡ 1). */
    public static GatedRnn plain(DiagonalRnn base) {
        return new GatedRnn(base.activation(), base.inputDim(), false, base.w(), base.u(), null, null, base.c());
    }

    /**
     * The gated network starting from {@code base} with g = 0 and b_i = gateBias: every gate opens at
     * sigmoid(gateBias) whatever the input, so the symmetric pairs of {@code base} stay symmetric and
     * F(Θ0) = 0 as for the plain network.
     */
    public static GatedRnn gated(DiagonalRnn base, double gateBias) {
        Checks.finite("gate bias", gateBias);
        double[] b = new double[base.width()];
        java.util.Arrays.fill(b, gateBias);
        return new GatedRnn(base.activation(), base.inputDim(), true, base.w(), base.u(),
                new double[base.width() * base.inputDim()], b, base.c());
    }

    /** A gated network with every parameter given (arrays not modified). */
    public static GatedRnn of(Activation activation, int inputDim, double[] w, double[] u, double[] g, double[] b,
                              double[] c) {
        return new GatedRnn(activation, inputDim, true, w, u, g, b, c);
    }

    /** Whether the gate is on. */
    public boolean isGated() {
        return gated;
    }

    /** m. */
    public int width() {
        return width;
    }

    /** The trainable parameters (w, U, then g, b when gated) as one vector. */
    public double[] parameters() {
        double[] p = new double[parameterCount()];
        int o = 0;
        System.arraycopy(w, 0, p, o, w.length);
        o += w.length;
        System.arraycopy(u, 0, p, o, u.length);
        o += u.length;
        System.arraycopy(g, 0, p, o, g.length);
        o += g.length;
        System.arraycopy(b, 0, p, o, b.length);
        return p;
    }

    /** Number of trainable parameters: m(1 + d), plus m(d + 1) for the gate. */
    public int parameterCount() {
        return w.length + u.length + g.length + b.length;
    }

    /** The same network with the trainable parameters {@code p} (layout of {@link #parameters()}). */
    public GatedRnn withParameters(double[] p) {
        Checks.length("parameters", p, parameterCount(), "parameterCount()");
        Checks.allFinite("parameters", p);
        int o = 0;
        double[] nw = java.util.Arrays.copyOfRange(p, o, o += w.length);
        double[] nu = java.util.Arrays.copyOfRange(p, o, o += u.length);
        double[] ng = java.util.Arrays.copyOfRange(p, o, o += g.length);
        double[] nb = java.util.Arrays.copyOfRange(p, o, o + b.length);
        return new GatedRnn(activation, inputDim, gated, nw, nu, ng, nb, c);
    }

    /**
     * The loss and its gradient (layout of {@link #parameters()}).
     *
     * @param meanGate the mean of f_t^i over neurons, sequences and steps (1 for the plain network)
     * @param meanEffectiveRatio the mean of f_t^i |w_i| σ'(z_t^i) (the factor of one step back in
     *                           the BPTT product; its size against 1 is the memory regime)
     */
    public record Evaluation(double loss, double[] gradient, double meanGate, double meanEffectiveRatio) {
    }

    /** R̂ and ∇R̂ on {@code data} (docs/theory.md §3 normalizations). */
    public Evaluation evaluate(SequenceDataset data, Loss loss) {
        data.requireInputDim(inputDim, "gated RNN");
        int n = data.size();
        int steps = data.timeSteps();
        int d = inputDim;
        double[] x = data.inputs();
        double[] y = data.targets();
        double scale = 1 / Math.sqrt(width);
        double[] out = new double[n * steps];
        double[][] h = new double[width][n * (steps + 1)];
        double[][] z = new double[width][n * steps];
        double[][] f = new double[width][n * steps];
        double gateSum = 0;
        double ratioSum = 0;
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < n; j++) {
                double prev = 0;
                for (int t = 0; t < steps; t++) {
                    int q = j * steps + t;
                    double ux = 0;
                    double gx = 0;
                    for (int k = 0; k < d; k++) {
                        ux += u[i * d + k] * x[q * d + k];
                        if (gated) {
                            gx += g[i * d + k] * x[q * d + k];
                        }
                    }
                    double ft = gated ? sigmoid(gx + b[i]) : 1.0;
                    double zt = ft * w[i] * prev + ux;
                    double ht = activation.value(zt);
                    f[i][q] = ft;
                    z[i][q] = zt;
                    h[i][j * (steps + 1) + t + 1] = ht;
                    out[q] += scale * c[i] * ht;
                    gateSum += ft;
                    ratioSum += ft * Math.abs(w[i]) * Math.abs(activation.derivative(zt));
                    prev = ht;
                }
            }
        }
        double value = 0;
        double[] e = new double[n * steps];
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < steps; t++) {
                int q = j * steps + t;
                double r = out[q] - y[q];
                if (loss == Loss.ALL_STEPS) {
                    value += 0.5 * r * r / (n * steps);
                    e[q] = r / (n * steps);
                } else if (t == steps - 1) {
                    value += 0.5 * r * r / n;
                    e[q] = r / n;
                }
            }
        }
        double[] grad = new double[parameterCount()];
        int oU = width;
        int oG = oU + u.length;
        int oB = oG + g.length;
        for (int i = 0; i < width; i++) {
            for (int j = 0; j < n; j++) {
                double carry = 0;   // ∂R̂/∂z_{t+1} · ∂z_{t+1}/∂h_t
                for (int t = steps - 1; t >= 0; t--) {
                    int q = j * steps + t;
                    double adjH = e[q] * c[i] * scale + carry;
                    double delta = adjH * activation.derivative(z[i][q]);
                    double hPrev = h[i][j * (steps + 1) + t];
                    grad[i] += delta * f[i][q] * hPrev;
                    for (int k = 0; k < d; k++) {
                        grad[oU + i * d + k] += delta * x[q * d + k];
                    }
                    if (gated) {
                        double adjS = delta * w[i] * hPrev * f[i][q] * (1 - f[i][q]);
                        for (int k = 0; k < d; k++) {
                            grad[oG + i * d + k] += adjS * x[q * d + k];
                        }
                        grad[oB + i] += adjS;
                    }
                    carry = delta * f[i][q] * w[i];
                }
            }
        }
        double cells = (double) width * n * steps;
        return new Evaluation(value, grad, gateSum / cells, ratioSum / cells);
    }

    private static double sigmoid(double s) {
        return s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s));
    }
}
