package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Checks;
import org.rnntk.core.Initializer;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.core.optim.GradientDescent;
import org.rnntk.core.optim.ProjectedGradientDescent;

/**
 * The inputs of the projected-gradient-descent bounds (docs/theory.md §8), immutable.
 *
 * <p>Two ways to make one:
 * <ul>
 *   <li>{@link #from(Initializer, Activation, SequenceDataset, Optimizer, Loss)} reads every number
 *       from the training set-up the bound is about (initializer, activation, data, projected
 *       optimizer, loss), so nothing is typed twice;</li>
 *   <li>{@link #builder()} names each field, for a problem without data at hand (defaults: tanh,
 *       α = 0.5, T = 10, n = 100, all-steps loss, ν̄_w = ν̄_u = ρ_w = ρ_u = 1, Ymax = 1,
 *       input-norm bound 1).</li>
 * </ul>
 * The {@code with...} methods give a variant of an existing problem (a sweep, a narrower reference
 * class):
 * <pre>{@code
 * PgdProblem p = PgdProblem.builder().activation(ActivationConstants.TANH).alpha(0.5).timeSteps(10).samples(100)
 *         .nuBar(1, 1).rho(1, 1).yMax(1).build();
 * PgdProblem q = PgdProblem.from(initializer, activation, data, Optimizers.projected(eta, 1, 1), Loss.LAST_STEP);
 * }</pre>
 * The canonical constructor, which every record has, takes the eleven fields in the order below.
 *
 * <p>The constructor checks only that each field is in its domain; the theorem's hypotheses
 * (ρ ≥ ν̄ componentwise, ‖x_t‖ ≤ 1) are checked by the methods of {@link Bounds} that need them,
 * which throw with a message naming the hypothesis.
 *
 * @param activation     σ0, σ1, σ2 of the activation
 * @param alpha          initialization scale α ≥ 0: |w_i(0)| ≤ α
 * @param timeSteps      sequence length T ≥ 1
 * @param samples        number of training sequences n ≥ 1
 * @param loss           which outputs are fitted; N = {@link Loss#outputCount(long, long)}
 * @param nuBarW         ν̄_w ≥ 0, sup |v_w| of the reference transportation mapping
 * @param nuBarU         ν̄_u ≥ 0, sup ‖v_u‖ of the reference transportation mapping
 * @param rhoW           projection radius ρ_w &gt; 0 of the recurrent weights (units 1/√m)
 * @param rhoU           projection radius ρ_u &gt; 0 of the input weights (units 1/√m)
 * @param yMax           Ymax ≥ 0, a bound on every target |y_q|
 * @param inputNormBound a declared bound on every ‖x_t‖₂ of the data (the theorem needs ≤ 1)
 */
public record PgdProblem(ActivationConstants activation, double alpha, long timeSteps, long samples, Loss loss,
                         double nuBarW, double nuBarU, double rhoW, double rhoU, double yMax,
                         double inputNormBound) {

    public PgdProblem {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(loss, "loss");
        Checks.nonNegative("alpha", alpha);
        if (timeSteps < 1) {
            throw new IllegalArgumentException("time steps T (" + timeSteps + ") must be >= 1");
        }
        if (samples < 1) {
            throw new IllegalArgumentException("samples n (" + samples + ") must be >= 1");
        }
        if (loss == Loss.ALL_STEPS && samples > Long.MAX_VALUE / timeSteps) {
            throw new IllegalArgumentException("output count N = n*T (" + samples + "*" + timeSteps
                    + ") overflows a long");
        }
        Checks.nonNegative("nuBarW", nuBarW);
        Checks.nonNegative("nuBarU", nuBarU);
        if (nuBarW == 0 && nuBarU == 0) {
            throw new IllegalArgumentException(
                    "nuBar = sqrt(nuBarW^2 + nuBarU^2) (0.0) must be > 0: the reference class would be {0}");
        }
        // Optimizers.projected refuses zero radii too: a zero radius freezes those weights.
        Checks.positive("projection radius rhoW", rhoW);
        Checks.positive("projection radius rhoU", rhoU);
        Checks.nonNegative("yMax", yMax);
        Checks.positive("inputNormBound", inputNormBound);
    }

    /**
     * The problem of a concrete training set-up, read from the objects that run it instead of
     * typed by hand (docs/theory.md §8):
     * <ul>
     *   <li>α from the symmetric initializer (the support bound of w(0); the law of w(0) and the
     *       scale of u(0) do not enter the §8 constants), σ0, σ1, σ2 from the activation;</li>
     *   <li>T and n from the data, the input-norm bound as the data's max_{j,t} ‖x_{j,t}‖₂ (refused
     *       when it exceeds 1), Ymax as max |y_q| over the outputs the loss fits;</li>
     *   <li>ρ_w, ρ_u from the projected optimizer (an unprojected one is refused: its bound is
     *       {@link Bounds#gdBound}); N from the loss;</li>
     *   <li>ν̄_w = ρ_w, ν̄_u = ρ_u: the largest reference class the projection set contains
     *       (hypothesis ρ ≥ ν̄ of §8); narrow it with {@link #withNuBar(double, double)}.</li>
     * </ul>
     * The input dimension d does not enter the §8 bound; the step η of the optimizer is an argument
     * of {@link Bounds#pgdBound} and {@link Bounds#gdBound}, not a field of the problem.
     *
     * <pre>{@code
     * PgdProblem p = PgdProblem.from(Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 1), Activations.tanh(),
     *         data, Optimizers.projected(1.0, 1, 1), Loss.LAST_STEP);
     * }</pre>
     *
     * @param initializer the initializer of Θ(0); must be the symmetric one ({@link SymmetricInitializer})
     * @param activation  σ
     * @param data        the training set (not modified)
     * @param optimizer   the optimizer; must be projected ({@link ProjectedGradientDescent})
     * @param loss        which outputs are fitted
     * @throws IllegalArgumentException naming the argument that cannot feed the §8 bound and why
     */
    public static PgdProblem from(Initializer initializer, Activation activation, SequenceDataset data,
                                  Optimizer optimizer, Loss loss) {
        Objects.requireNonNull(initializer, "initializer");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(loss, "loss");
        if (!(initializer instanceof SymmetricInitializer symmetric)) {
            throw new IllegalArgumentException("initializer " + initializer.getClass().getName() + " is not the"
                    + " symmetric initialization the bound of docs/theory.md section 8 is about (F(X; Theta0) = 0,"
                    + " |w_i(0)| <= alpha); use Initializers.symmetric(alpha, law, seed)");
        }
        if (optimizer instanceof GradientDescent) {
            throw new IllegalArgumentException("optimizer " + optimizer.describe() + " is not projected: the PGD bound"
                    + " of docs/theory.md section 8 needs the projection radii rhoW, rhoU of"
                    + " Optimizers.projected(eta, rhoW, rhoU); for unregularized GD use Bounds.gdBound (or"
                    + " Bounds.gdRadius), which does not use rhoW, rhoU");
        }
        if (!(optimizer instanceof ProjectedGradientDescent projected)) {
            throw new IllegalArgumentException("optimizer " + optimizer.describe() + " ("
                    + optimizer.getClass().getName() + ") is not Optimizers.projected(eta, rhoW, rhoU): the PGD bound"
                    + " of docs/theory.md section 8 is about that projection only");
        }
        double inputNorm = data.maxInputNorm();
        if (!(inputNorm <= 1.0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "data: the largest input norm"
                    + " max_{j,t} ||x_{j,t}||_2 is %s > 1, but the bound of docs/theory.md section 8 needs"
                    + " ||x_t|| <= 1 for every input (docs/theory.md section 1); rescale the inputs, e.g. divide"
                    + " them by %s", inputNorm, inputNorm));
        }
        if (inputNorm == 0.0) {
            throw new IllegalArgumentException("data: every input x_{j,t} is zero (max ||x_{j,t}||_2 = 0.0): the"
                    + " network's outputs cannot depend on the data; the bound needs 0 < ||x_t|| <= 1 somewhere");
        }
        return new PgdProblem(activation.constants(), symmetric.alpha(), data.timeSteps(), data.size(), loss,
                projected.rhoW(), projected.rhoU(), projected.rhoW(), projected.rhoU(), data.maxAbsTarget(loss),
                inputNorm);
    }

    /**
     * A builder; defaults: tanh, α = 0.5, T = 10, n = 100, all-steps loss, ν̄_w = ν̄_u = ρ_w = ρ_u = 1,
     * Ymax = 1, input-norm bound 1.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** N, the number of fitted outputs. */
    public long outputCount() {
        return loss.outputCount(samples, timeSteps);
    }

    /** ν̄ = √(ν̄_w² + ν̄_u²). */
    public double nuBar() {
        return Math.hypot(nuBarW, nuBarU);
    }

    /** ρ = √(ρ_w² + ρ_u²). */
    public double rho() {
        return Math.hypot(rhoW, rhoU);
    }

    /** ασ1. */
    public double alphaSigma1() {
        return alpha * activation.sigma1();
    }

    /** The memory regime of ασ1. */
    public MemoryRegime regime() {
        return MemoryRegime.of(alpha, activation.sigma1());
    }

    /** µ_T = S_T(ασ1), for the descriptions; users call {@link Bounds#muT}. */
    double muT() {
        return MuT.muT(activation, alpha, timeSteps);
    }

    public PgdProblem withActivation(ActivationConstants value) {
        return new PgdProblem(value, alpha, timeSteps, samples, loss, nuBarW, nuBarU, rhoW, rhoU, yMax, inputNormBound);
    }

    public PgdProblem withAlpha(double value) {
        return new PgdProblem(activation, value, timeSteps, samples, loss, nuBarW, nuBarU, rhoW, rhoU, yMax, inputNormBound);
    }

    public PgdProblem withTimeSteps(long value) {
        return new PgdProblem(activation, alpha, value, samples, loss, nuBarW, nuBarU, rhoW, rhoU, yMax, inputNormBound);
    }

    public PgdProblem withSamples(long value) {
        return new PgdProblem(activation, alpha, timeSteps, value, loss, nuBarW, nuBarU, rhoW, rhoU, yMax, inputNormBound);
    }

    public PgdProblem withLoss(Loss value) {
        return new PgdProblem(activation, alpha, timeSteps, samples, value, nuBarW, nuBarU, rhoW, rhoU, yMax, inputNormBound);
    }

    /** Sets ν̄_w and ν̄_u. */
    public PgdProblem withNuBar(double w, double u) {
        return new PgdProblem(activation, alpha, timeSteps, samples, loss, w, u, rhoW, rhoU, yMax, inputNormBound);
    }

    /** Sets ρ_w and ρ_u. */
    public PgdProblem withRho(double w, double u) {
        return new PgdProblem(activation, alpha, timeSteps, samples, loss, nuBarW, nuBarU, w, u, yMax, inputNormBound);
    }

    public PgdProblem withYMax(double value) {
        return new PgdProblem(activation, alpha, timeSteps, samples, loss, nuBarW, nuBarU, rhoW, rhoU, value, inputNormBound);
    }

    public PgdProblem withInputNormBound(double value) {
        return new PgdProblem(activation, alpha, timeSteps, samples, loss, nuBarW, nuBarU, rhoW, rhoU, yMax, value);
    }

    /**
     * Checks the hypotheses of the §8 theorem and lists them, with values, as checked statements.
     *
     * @throws IllegalArgumentException naming the first hypothesis that fails
     */
    List<String> checkPgdHypotheses() {
        List<String> checked = new ArrayList<>();
        if (!(rhoW >= nuBarW)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "hypothesis rho >= nuBar fails: rhoW (%s) < nuBarW (%s); the reference mapping's image must lie"
                            + " in the projection set (docs/theory.md section 8)", rhoW, nuBarW));
        }
        if (!(rhoU >= nuBarU)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "hypothesis rho >= nuBar fails: rhoU (%s) < nuBarU (%s); the reference mapping's image must lie"
                            + " in the projection set (docs/theory.md section 8)", rhoU, nuBarU));
        }
        checked.add("rhoW (" + rhoW + ") >= nuBarW (" + nuBarW + ")");
        checked.add("rhoU (" + rhoU + ") >= nuBarU (" + nuBarU + ")");
        checkInputNorm();
        checked.add("inputNormBound (" + inputNormBound + ") <= 1");
        checked.add("yMax (" + yMax + ") >= 0");
        return checked;
    }

    void checkInputNorm() {
        if (!(inputNormBound <= 1.0)) {
            throw new IllegalArgumentException("hypothesis ||x_t|| <= 1 fails: inputNormBound (" + inputNormBound
                    + ") > 1; rescale the inputs (docs/theory.md section 1)");
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "PgdProblem[sigma=(%.6g, %.6g, %.6g), alpha=%s (alpha*sigma1=%s, %s), T=%d, n=%d, loss=%s (N=%d),"
                        + " nuBarW=%s, nuBarU=%s, rhoW=%s, rhoU=%s, yMax=%s, inputNormBound=%s]",
                activation.sigma0(), activation.sigma1(), activation.sigma2(), alpha, alphaSigma1(), regime(),
                timeSteps, samples, loss, outputCount(), nuBarW, nuBarU, rhoW, rhoU, yMax, inputNormBound);
    }

    /** A mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private ActivationConstants activation = ActivationConstants.TANH;
        private double alpha = 0.5;
        private long timeSteps = 10;
        private long samples = 100;
        private Loss loss = Loss.ALL_STEPS;
        private double nuBarW = 1;
        private double nuBarU = 1;
        private double rhoW = 1;
        private double rhoU = 1;
        private double yMax = 1;
        private double inputNormBound = 1;

        private Builder() {
        }

        public Builder activation(ActivationConstants value) {
            this.activation = value;
            return this;
        }

        public Builder alpha(double value) {
            this.alpha = value;
            return this;
        }

        public Builder timeSteps(long value) {
            this.timeSteps = value;
            return this;
        }

        public Builder samples(long value) {
            this.samples = value;
            return this;
        }

        public Builder loss(Loss value) {
            this.loss = value;
            return this;
        }

        public Builder nuBar(double w, double u) {
            this.nuBarW = w;
            this.nuBarU = u;
            return this;
        }

        public Builder rho(double w, double u) {
            this.rhoW = w;
            this.rhoU = u;
            return this;
        }

        public Builder yMax(double value) {
            this.yMax = value;
            return this;
        }

        public Builder inputNormBound(double value) {
            this.inputNormBound = value;
            return this;
        }

        public PgdProblem build() {
            return new PgdProblem(activation, alpha, timeSteps, samples, loss, nuBarW, nuBarU, rhoW, rhoU, yMax,
                    inputNormBound);
        }
    }
}
