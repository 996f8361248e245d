package org.rnntk.core.data;

import java.util.Locale;
import java.util.Objects;
import java.util.stream.IntStream;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.init.SymmetricInitializer;

/**
 * A teacher from the reference class of docs/theory.md §8, so that the theory's hypotheses hold
 * for it by construction:
 * <pre>
 *   f_t(X) = E_{(w,u)~init}[ v_w(w,u) a_t(X; w,u) + ⟨v_u(w,u), b_t(X; w,u)⟩ ]
 * </pre>
 * where (w, u) is one neuron's initial law (w = α, or w ~ Uniform[−α, α]; u ~ N(0, s² I_d), the
 * law of {@link SymmetricInitializer}), a_t, b_t are that neuron's forward sensitivities
 * (docs/theory.md §4)
 * <pre>
 *   z_t = w h_{t−1} + ⟨u, x_t⟩,  h_t = σ(z_t),
 *   a_t = σ'(z_t)(h_{t−1} + w a_{t−1}),   b_t = σ'(z_t)(x_t + w b_{t−1}),   h_0 = a_0 = 0, b_0 = 0,
 * </pre>
 * and v_w, v_u are the bounded {@link TransportMaps} with sup|v_w| ≤ ν̄_w, sup‖v_u‖ ≤ ν̄_u.
 * When ‖x_t‖ ≤ 1 every summand, hence f_t, is bounded by
 * B0 = σ1 S_T(ασ1)(σ0 ν̄_w + ν̄_u) ({@link #b0(int)}; |a_t| ≤ σ0σ1S_{t−1}, ‖b_t‖ ≤ σ1S_t, §7).
 *
 * <p>The expectation has no closed form; the targets are its Monte-Carlo estimate over D =
 * {@code draws} independent neurons ({@link #estimate(SequenceDataset)} also returns the standard
 * errors). The estimate is the same function for every data set (the draws depend on the seed
 * only), so training and test sets are labelled consistently. Because v_u = c e for a fixed unit
 * vector e, only ⟨e, b_t⟩ is needed and it obeys the same scalar recursion with x_t replaced by
 * ⟨e, x_t⟩; the cost is O(D·n·T·d). Sequences are processed in parallel; each value is summed in
 * a fixed order, so the result does not depend on the thread count.
 *
 * <p>Draw order, from one {@link Well19937c} seeded with {@code seed}: first the maps
 * ({@link TransportMaps#draw}), then for each of the D draws the d Gaussians of u (times s) and,
 * for UNIFORM only, one uniform giving w = α(2U − 1) — the per-neuron order of
 * {@link SymmetricInitializer} without its sign.
 *
 * @param inputDim   d ≥ 1
 * @param activation σ
 * @param alpha      α ≥ 0, the scale of the initial recurrent weights
 * @param law        the law of w(0)
 * @param inputScale s &gt; 0, the standard deviation of the entries of u(0)
 * @param nuBarW     ν̄_w ≥ 0, the sup-norm of v_w
 * @param nuBarU     ν̄_u ≥ 0, the sup-norm of v_u
 * @param draws      D ≥ 2 Monte-Carlo draws
 * @param seed       the seed of the maps and the draws
 */
public record ReferenceClassTeacher(int inputDim, Activation activation, double alpha, RecurrentLaw law,
                                    double inputScale, double nuBarW, double nuBarU, int draws, long seed)
        implements Teacher {

    /** The default number of Monte-Carlo draws D: standard errors of order B0/64. */
    public static final int DEFAULT_DRAWS = 4096;

    public ReferenceClassTeacher {
        Checks.positive("input dimension d", inputDim);
        Objects.requireNonNull(activation, "activation");
        Checks.nonNegative("alpha", alpha);
        Objects.requireNonNull(law, "law");
        Checks.positive("input weight scale s", inputScale);
        Checks.nonNegative("nuBarW", nuBarW);
        Checks.nonNegative("nuBarU", nuBarU);
        if (draws < 2) {
            throw new IllegalArgumentException("draws D (" + draws
                    + ") must be >= 2 to estimate the expectation with a standard error");
        }
    }

    /** The transport maps v_w, v_u (drawn from the seed; the same on every call). */
    public TransportMaps transportMaps() {
        return TransportMaps.draw(new Well19937c(seed), inputDim, inputScale, nuBarW, nuBarU);
    }

    /** The constants (σ0, σ1, σ2) of the activation. */
    public ActivationConstants constants() {
        return activation.constants();
    }

    /**
     * B0 = σ1 S_T(ασ1)(σ0 ν̄_w + ν̄_u), with S_T(r) = Σ_{i&lt;T} r^i (docs/theory.md §8): a bound on
     * |f_t| and on every Monte-Carlo summand, t ≤ T, valid when ‖x_t‖₂ ≤ 1.
     *
     * @param timeSteps T ≥ 1
     */
    public double b0(int timeSteps) {
        Checks.positive("sequence length T", timeSteps);
        ActivationConstants k = activation.constants();
        return k.sigma1() * Draws.geometricSum(alpha * k.sigma1(), timeSteps) * (k.sigma0() * nuBarW + nuBarU);
    }

    /**
     * The Monte-Carlo estimate of f_t(X_j) for every sequence and step, with standard errors.
     *
     * @param data the inputs (not modified; its targets are ignored)
     * @throws IllegalArgumentException when the data's d differs from {@link #inputDim()}
     */
    public ClassEstimate estimate(SequenceDataset data) {
        data.requireInputDim(inputDim, "the teacher " + describe());
        int n = data.size();
        int steps = data.timeSteps();
        int d = inputDim;
        Well19937c rng = new Well19937c(seed);
        TransportMaps maps = TransportMaps.draw(rng, d, inputScale, nuBarW, nuBarU);
        double[] w = new double[draws];
        double[] u = new double[draws * d];
        double[] vw = new double[draws];
        double[] vu = new double[draws];
        for (int s = 0; s < draws; s++) {
            for (int k = 0; k < d; k++) {
                u[s * d + k] = inputScale * rng.nextGaussian();
            }
            w[s] = law == RecurrentLaw.CONSTANT ? alpha : alpha * (2.0 * rng.nextDouble() - 1.0);
            vw[s] = maps.valueW(w[s], u, s * d);
            vu[s] = maps.coefficientU(w[s], u, s * d);
        }
        double[] x = data.inputs();
        double[] values = new double[n * steps];
        double[] errors = new double[n * steps];
        double[] maxAbs = new double[n];
        IntStream.range(0, n).parallel().forEach(j ->
                estimateSequence(j, steps, d, x, maps, w, u, vw, vu, values, errors, maxAbs));
        double best = 0;
        for (double v : maxAbs) {
            best = Math.max(best, v);
        }
        return new ClassEstimate(n, steps, draws, values, errors, best);
    }

    /** Fills values, errors for sequence j and maxAbs[j]; writes only its own slots. */
    private void estimateSequence(int j, int steps, int d, double[] x, TransportMaps maps, double[] w, double[] u,
                                  double[] vw, double[] vu, double[] values, double[] errors, double[] maxAbs) {
        double[] ex = new double[steps];
        for (int t = 0; t < steps; t++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += maps.e(k) * x[(j * steps + t) * d + k];
            }
            ex[t] = s;
        }
        double[] sum = new double[steps];
        double[] sumSq = new double[steps];
        double largest = 0;
        for (int s = 0; s < draws; s++) {
            double ws = w[s];
            double h = 0;
            double a = 0;
            double be = 0;
            for (int t = 0; t < steps; t++) {
                double z = ws * h + Draws.dot(u, s * d, x, (j * steps + t) * d, d);
                double deriv = activation.derivative(z);
                a = deriv * (h + ws * a);
                be = deriv * (ex[t] + ws * be);
                h = activation.value(z);
                double summand = vw[s] * a + vu[s] * be;
                sum[t] += summand;
                sumSq[t] += summand * summand;
                largest = Math.max(largest, Math.abs(summand));
            }
        }
        for (int t = 0; t < steps; t++) {
            double mean = sum[t] / draws;
            double variance = Math.max(0.0, (sumSq[t] - draws * mean * mean) / (draws - 1));
            values[j * steps + t] = mean;
            errors[j * steps + t] = Math.sqrt(variance / draws);
        }
        maxAbs[j] = largest;
    }

    @Override
    public double[] targets(SequenceDataset data) {
        return estimate(data).values();
    }

    /**
     * Draws Θ(0) with {@code init} and returns it with its finite-width image Θ̄ (docs/theory.md §8).
     *
     * @param init  a symmetric initializer with this teacher's α, law and input scale s
     * @param width m, even
     * @throws IllegalArgumentException for odd m, or when α, the law or s differ from the teacher's
     *                                  (Θ̄ then is not the image of this class function)
     */
    public FiniteWidthImage image(SymmetricInitializer init, int width) {
        Objects.requireNonNull(init, "init");
        Checks.evenWidth("width m", width);
        if (Double.compare(init.alpha(), alpha) != 0) {
            throw new IllegalArgumentException("initializer alpha (" + init.alpha() + ") differs from the teacher's alpha ("
                    + alpha + "): Theta-bar is the image of f only for Theta(0) drawn from the teacher's law");
        }
        if (init.law() != law) {
            throw new IllegalArgumentException("initializer law (" + init.law() + ") differs from the teacher's law ("
                    + law + "): Theta-bar is the image of f only for Theta(0) drawn from the teacher's law");
        }
        if (Double.compare(init.inputScale(), inputScale) != 0) {
            throw new IllegalArgumentException("initializer input weight scale (" + init.inputScale()
                    + ") differs from the teacher's s (" + inputScale
                    + "): Theta-bar is the image of f only for Theta(0) drawn from the teacher's law");
        }
        return image(init.initialize(width, inputDim, activation));
    }

    /**
     * The finite-width image Θ̄ of a given symmetric initialization (docs/theory.md §8):
     * <pre>
     *   w̄_i = w_i(0) + c_i v_w(w_i(0), u_i(0))/√m,   ū_i = u_i(0) + c_i v_u(w_i(0), u_i(0))/√m.
     * </pre>
     * Checked: σ, d, even m, the mirror structure of §2 (so F(Θ0) = 0) and that w(0) lies in the
     * support of the teacher's law (all α for CONSTANT, within [−α, α] for UNIFORM). That u(0) was
     * drawn from N(0, s² I_d) cannot be checked; use {@link #image(SymmetricInitializer, int)}.
     *
     * @param initial Θ(0) (immutable, not modified)
     * @throws IllegalArgumentException when a check fails, naming the neuron
     */
    public FiniteWidthImage image(DiagonalRnn initial) {
        Objects.requireNonNull(initial, "initial");
        if (!initial.activation().equals(activation)) {
            throw new IllegalArgumentException("initial network activation (" + initial.activation().name()
                    + ") differs from the teacher's (" + activation.name() + ")");
        }
        if (initial.inputDim() != inputDim) {
            throw new IllegalArgumentException("initial network has d = " + initial.inputDim()
                    + " but the teacher expects d = " + inputDim);
        }
        int m = Checks.evenWidth("width m", initial.width());
        int half = m / 2;
        int d = inputDim;
        double[] w0 = initial.w();
        double[] u0 = initial.u();
        double[] c = initial.c();
        for (int i = 0; i < m; i++) {
            boolean inSupport = law == RecurrentLaw.CONSTANT ? w0[i] == alpha : Math.abs(w0[i]) <= alpha;
            if (!inSupport) {
                throw new IllegalArgumentException("initial w[" + i + "] (" + w0[i] + ") is not in the support of the teacher's law ("
                        + law + ", alpha = " + alpha + ")");
            }
        }
        for (int i = 0; i < half; i++) {
            boolean mirrored = c[i + half] == -c[i] && w0[i + half] == w0[i];
            for (int k = 0; k < d && mirrored; k++) {
                mirrored = u0[(i + half) * d + k] == u0[i * d + k];
            }
            if (!mirrored) {
                throw new IllegalArgumentException("initial network is not symmetric: neuron " + (i + half)
                        + " does not mirror neuron " + i + " (docs/theory.md §2)");
            }
        }
        TransportMaps maps = transportMaps();
        double invSqrtM = 1.0 / Math.sqrt(m);
        double[] w = w0.clone();
        double[] u = u0.clone();
        for (int i = 0; i < m; i++) {
            double step = c[i] * invSqrtM;
            w[i] += step * maps.valueW(w0[i], u0, i * d);
            double coefficient = step * maps.coefficientU(w0[i], u0, i * d);
            for (int k = 0; k < d; k++) {
                u[i * d + k] += coefficient * maps.e(k);
            }
        }
        return new FiniteWidthImage(initial, initial.withParameters(w, u));
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT,
                "reference-class teacher d=%d %s alpha=%s %s s=%s nuBarW=%s nuBarU=%s draws=%d seed=%d", inputDim,
                activation.name(), alpha, law.name().toLowerCase(Locale.ROOT), inputScale, nuBarW, nuBarU, draws,
                seed);
    }
}
