package org.rnntk.kernels.pl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.Bounds;
import org.rnntk.bounds.Certification;
import org.rnntk.bounds.LemmaConstants;
import org.rnntk.bounds.LocalPl;
import org.rnntk.bounds.RnnPl;
import org.rnntk.bounds.RnnPlProblem;
import org.rnntk.bounds.RnnPlVerdict;
import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializer;
import org.rnntk.core.Loss;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.pl.objective.RnnObjective;

/**
 * The certified local-PL verdict for the diagonal RNN at its symmetric initialization
 * (docs/theory.md §9): λ_min and λ_max of the empirical NTK Gram J0 J0ᵀ ({@link Ntk#gram}) with
 * allowances for computing J, forming G and the eigensolver (bounds
 * {@code LocalPl.gramSpectrum(gram, p, jacobianError)}) — or, above {@link GramRoute#AUTO_THRESHOLD}
 * fitted outputs or on request ({@link GramRoute}), certified Cholesky bounds with the same
 * allowances, without the full spectrum — then bounds
 * {@code RnnPl.certify(problem, eta, activation, ...)}, which bounds α and β on the ball, picks r by a
 * 1-D search and verifies the activation's constants on the ball's pre-activation range:
 * <pre>
 *   α(Θ0, r) ≥ (2/N)(σ_min(J0) − D(r))₊²,   β ≤ Jmax²/N + Rbar M_T/√m,   f0 = (1/(2N)) Σ y_q²
 * </pre>
 * Hypotheses, each checked (a violation throws): ‖x_t‖ ≤ 1, F(Θ0) = 0 (the symmetric
 * initialization), m even. Failures of the criterion itself are not errors: the verdict says why
 * (N &gt; p, Gram singular, width too small — with the width at which it would pass —, inconsistent
 * bounds, activation constants violated or not checkable).
 *
 * <p>Threads: keeps no state; callable from any thread, also with one backend shared by several
 * threads (the backend serializes its calls, docs/architecture.md "Threads"). Each certification
 * opens and closes its own {@link org.rnntk.kernels.ntk.EmpiricalNtk}. A closed backend makes it
 * throw {@link IllegalStateException}.
 */
public final class RnnCertificates {

    /** |F(Θ0)| above this is not the symmetric initialization. */
    static final double ZERO_OUTPUT_TOLERANCE = 1e-12;
    /** Safety factor of {@link #jacobianRoundingBound}. */
    static final double JACOBIAN_ROUNDING_FACTOR = 4.0;
    /** Flops per step of the sensitivity recursions beyond the length-d dot product (see {@link #jacobianRoundingBound}). */
    static final int FLOPS_PER_STEP = 8;

    private RnnCertificates() {
    }

    /** The verdict for {@code model} (at its initialization) on {@code data}, with the step η_max/2. */
    public static RnnCertificate certify(RnnBackend backend, DiagonalRnn model, SequenceDataset data, Loss loss) {
        return certify(backend, model, data, loss, Double.NaN);
    }

    /**
     * The verdict for {@code model} (at its initialization) on {@code data} for GD with step η.
     *
     * @param eta the GD step η &gt; 0, or NaN for the default η_max/2
     */
    public static RnnCertificate certify(RnnBackend backend, DiagonalRnn model, SequenceDataset data, Loss loss,
                                         double eta) {
        return certify(backend, model, data, loss, eta, GramRoute.AUTO);
    }

    /**
     * The verdict for {@code model} (at its initialization) on {@code data} for GD with step η, with
     * the Gram's certified spectrum obtained by {@code route} ({@link GramRoute#AUTO}: the full
     * spectrum up to {@link GramRoute#AUTO_THRESHOLD} fitted outputs, Cholesky bounds above).
     *
     * @param eta   the GD step η &gt; 0, or NaN for the default η_max/2
     * @param route how to certify λ_min and λ_max of the Gram
     */
    public static RnnCertificate certify(RnnBackend backend, DiagonalRnn model, SequenceDataset data, Loss loss,
                                         double eta, GramRoute route) {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        return certifyFrom(backend, model, data, loss, eta,
                (p, jacobianError) -> new GramSpectrumSource.Sourced(route.spectrum(Ntk.gram(model, data, loss), p,
                        jacobianError), Certification.CERTIFIED));
    }

    /**
     * The verdict for {@code model} (at its initialization) on {@code data} for GD with step η, with
     * the Gram's spectrum ends from {@code source}: a Gram computed elsewhere (e.g. from a distributed
     * Gram's tiles) — which must be the Gram of this model, data and loss —, or estimates, with which
     * the verdict is an {@link Certification#ESTIMATE} and never certifies convergence.
     *
     * @param eta    the GD step η &gt; 0, or NaN for the default η_max/2
     * @param source the spectrum ends, asked after the hypotheses are checked
     */
    public static RnnCertificate certifyFrom(RnnBackend backend, DiagonalRnn model, SequenceDataset data, Loss loss,
                                             double eta, GramSpectrumSource source) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        data.requireInputDim(model.inputDim(), "the RNN");
        double maxNorm = data.maxInputNorm();
        if (maxNorm > 1.0 + 1e-12) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "hypothesis |x_t| <= 1 fails: the largest"
                    + " input norm is %.6g (docs/theory.md section 1); rescale the inputs", maxNorm));
        }
        double[] f = backend.outputs(model, data);
        double maxF = 0;
        for (double v : f) {
            maxF = Math.max(maxF, Math.abs(v));
        }
        if (maxF > ZERO_OUTPUT_TOLERANCE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the RNN verdict is about the symmetric"
                    + " initialization, where F(Theta0) = 0, but max |F| = %.6g; use Initializers.symmetric", maxF));
        }
        double[] targets = fittedTargets(data, loss);
        double maxU = maxRowNorm(model.u(), model.inputDim());
        ActivationConstants declared = model.activation().constants();
        double alpha = model.maxAbsRecurrentWeight();
        int outputs = targets.length;
        double p = model.width() * (model.inputDim() + 1.0);
        double jacobianError = jacobianRoundingBound(declared, alpha, data.timeSteps(), model.inputDim(), outputs,
                maxU, maxNorm);
        GramSpectrumSource.Sourced sourced = Objects.requireNonNull(source.spectrum(p, jacobianError),
                "the source's spectrum");
        LocalPl.GramSpectrum spec = sourced.spectrum();
        boolean certified = sourced.certification() == Certification.CERTIFIED;
        double yMax = 0;
        for (double y : targets) {
            yMax = Math.max(yMax, Math.abs(y));
        }
        RnnPlProblem problem = RnnPlProblem.of(declared, alpha, data.timeSteps(), model.inputDim(), model.width(),
                loss, targets, certified ? spec.certifiedLambdaMin() : spec.lambdaMin(),
                certified ? Math.max(spec.certifiedLambdaMax(), spec.certifiedLambdaMin()) : spec.lambdaMax(),
                sourced.certification(), yMax);
        RnnPlVerdict verdict = RnnPl.certify(problem, eta, model.activation(), maxU, maxNorm);
        return new RnnCertificate(verdict, spec, RnnObjective.parameters(model));
    }

    /**
     * An allowance for ‖J̃ − J‖_F, the rounding of the forward-mode sensitivities (docs/theory.md §4)
     * that form the Jacobian:
     * <pre>
     *   E_J = 4 · √N · T · (d + 8) · u · G1(α) · S_T(ασ1) · (1 + σ2 Z0),   Z0 = ασ0 + U0·X
     * </pre>
     * Each step of a_t = σ'(z_t)(h_{t−1} + w a_{t−1}), b_t = σ'(z_t)(x_t + w b_{t−1}) evaluates z_t by a
     * dot product of length d + 1 and then a handful of products and sums, each with relative error
     * ≤ u on operands bounded by the §7 lemma bounds (whose row norm is G1(α)); an error in z_t moves
     * σ'(z_t) by at most σ2|δz| with |δz| ≲ (d + 2)u·Z0; the errors of step k are carried to step t by
     * the factor |wσ'| ≤ ασ1 per step, so they add up to at most S_T(ασ1) times the per-step error.
     * This is a first-order (in u) allowance with a safety factor 4, not a machine-checked proof; it
     * is many orders of magnitude below λ_min in every configuration the library tests.
     *
     * @param maxInputWeightNorm U0 = max_i ‖u_i(0)‖
     * @param maxInputNorm       X = max ‖x_t‖
     */
    public static double jacobianRoundingBound(ActivationConstants c, double alpha, int timeSteps, int inputDim,
                                               long outputs, double maxInputWeightNorm, double maxInputNorm) {
        LemmaConstants l = Bounds.lemmas(c, alpha, timeSteps);
        double z0 = alpha * c.sigma0() + maxInputWeightNorm * maxInputNorm;
        return JACOBIAN_ROUNDING_FACTOR * Math.sqrt(outputs) * timeSteps * (inputDim + FLOPS_PER_STEP)
                * 0x1p-53 * l.gradientBound() * l.sT() * (1 + c.sigma2() * z0);
    }

    /** The targets of the fitted outputs, in the order of the Gram's rows. */
    public static double[] fittedTargets(SequenceDataset data, Loss loss) {
        double[] y = data.targets();
        int t0 = loss == Loss.LAST_STEP ? data.timeSteps() - 1 : 0;
        int per = data.timeSteps() - t0;
        double[] out = new double[data.size() * per];
        for (int j = 0; j < data.size(); j++) {
            for (int t = t0; t < data.timeSteps(); t++) {
                out[j * per + t - t0] = y[j * data.timeSteps() + t];
            }
        }
        return out;
    }

    private static double maxRowNorm(double[] u, int d) {
        double max = 0;
        for (int i = 0; i < u.length; i += d) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += u[i + k] * u[i + k];
            }
            max = Math.max(max, Math.sqrt(s));
        }
        return max;
    }

    /**
     * The verdicts at several widths, each network drawn by {@code initializer}.
     *
     * @param widths even widths; not modified
     */
    public static List<RnnCertificate> scan(RnnBackend backend, Initializer initializer, Activation activation,
                                            int[] widths, SequenceDataset data, Loss loss) {
        Objects.requireNonNull(initializer, "initializer");
        List<RnnCertificate> out = new ArrayList<>();
        for (int m : widths) {
            out.add(certify(backend, initializer.initialize(m, data.inputDim(), activation), data, loss));
        }
        return out;
    }
}
