package org.rnntk.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardInitializer;
import org.rnntk.core.feedforward.FeedforwardInitializers;
import org.rnntk.core.feedforward.FeedforwardNetwork;
import org.rnntk.kernels.feedforward.Nd4jFeedforwardBackend;
import org.rnntk.kernels.pl.EstimationSettings;
import org.rnntk.kernels.pl.FeedforwardCertificates;
import org.rnntk.kernels.pl.Objective;
import org.rnntk.kernels.pl.Objectives;
import org.rnntk.kernels.pl.PlEstimator;
import org.rnntk.kernels.pl.PositiveCertificate;

/**
 * Claim 4 of docs/theory.md §10: the positive initialization versus Xavier and He normal at the
 * same width, each with its step tuned. Protocol (also in docs/criterion.md): tanh network without
 * biases, n inputs on the unit sphere of R^d (d ≥ n), targets U[−1, 1], one data set per seed. For
 * every initialization and every step factor θ of the grid, full-batch GD with η = θ/β̂, β̂ the
 * Hessian norm at θ(0) estimated by {@link PlEstimator#hessianNorm}, until the loss falls below the
 * level (a run that reaches 1e3·f0 or NaN counts as never). The tuned θ minimizes the median
 * number of iterations over seeds. The positive initialization uses c_ℓ = 0.3, the radius that
 * minimizes the certified threshold, and M = 2 × threshold; its row "certified step" runs GD with
 * the certified step of {@link FeedforwardCertificates} instead of a tuned one.
 *
 * <p>Run: {@code java -cp rnntk.jar org.rnntk.experiments.InitializationComparison} (command in
 * docs/criterion.md).
 */
public final class InitializationComparison {

    /** Hidden weights c_ℓ of the positive initialization. */
    static final double HIDDEN_WEIGHT = 0.3;
    /** M = this × the certified threshold. */
    static final double THRESHOLD_FACTOR = 2.0;
    /** A run whose loss exceeds this × f0 has diverged. */
    static final double DIVERGENCE_FACTOR = 1e3;

    private InitializationComparison() {
    }

    /**
     * @param samples       n
     * @param inputDim      d ≥ n
     * @param hiddenWidths  d_1..d_{L−1}; copied
     * @param lossLevel     the training loss to reach, &gt; 0
     * @param maxIterations the cap per run
     * @param seeds         seeds 0..seeds−1 (data and Gaussian draws)
     * @param stepFactors   the grid of θ in η = θ/β̂; copied
     */
    public record Settings(int samples, int inputDim, int[] hiddenWidths, double lossLevel, int maxIterations,
                           int seeds, double[] stepFactors) {

        public Settings {
            Checks.positive("samples n", samples);
            Checks.positive("inputDim d", inputDim);
            if (inputDim < samples) {
                throw new IllegalArgumentException("inputDim d (" + inputDim + ") must be >= samples n (" + samples
                        + ") for the certified positive initialization");
            }
            hiddenWidths = hiddenWidths.clone();
            Checks.positive("lossLevel", lossLevel);
            Checks.positive("maxIterations", maxIterations);
            Checks.positive("seeds", seeds);
            stepFactors = stepFactors.clone();
            if (stepFactors.length == 0) {
                throw new IllegalArgumentException("stepFactors must not be empty");
            }
            for (int i = 0; i < stepFactors.length; i++) {
                Checks.positive("stepFactors[" + i + "]", stepFactors[i]);
            }
        }

        @Override
        public int[] hiddenWidths() {
            return hiddenWidths.clone();
        }

        @Override
        public double[] stepFactors() {
            return stepFactors.clone();
        }

        /** The configuration of docs/criterion.md: n = 8, d = 16, loss 1e−6, ≤ 20000 steps, 5 seeds. */
        public static Settings standard(int... hiddenWidths) {
            return new Settings(8, 16, hiddenWidths, 1e-6, 20_000, 5,
                    new double[] {0.25, 0.5, 1.0, 1.5, 1.9, 2.5, 4.0, 6.0, 8.0});
        }
    }

    /**
     * One row of the table.
     *
     * @param initialization  the name
     * @param stepFactor      the tuned θ (NaN for the certified step)
     * @param medianIterations the median over seeds of the iterations to reach the level (+∞ if most never did)
     * @param reached         how many seeds reached the level
     * @param seeds           the number of seeds
     */
    public record Row(String initialization, double stepFactor, double medianIterations, int reached, int seeds)
            implements java.io.Serializable {

        private static final long serialVersionUID = 1L;


        public Row {
            Objects.requireNonNull(initialization, "initialization");
        }
    }

    /** The names of the rows, in the order of {@link #run}. */
    public static final List<String> INITIALIZATIONS = List.of("positive (M = 2 x certified threshold)",
            "positive with certified step (untuned)", "Xavier normal", "He normal");

    /** One seed's data, certificate and starting points of the three initializations. */
    private record SeedSetup(Objective objective, PositiveCertificate certificate, double[][] starts, double[] betaHat) {
    }

    private static SeedSetup setup(Settings s, FeedforwardConfig cfg, Nd4jFeedforwardBackend be, int seed) {
        double[] c = new double[cfg.depth() - 2];
        Arrays.fill(c, HIDDEN_WEIGHT);
        FeedforwardData data = sphereData(seed, s.samples(), s.inputDim());
        double rMax = cfg.depth() == 2 ? 2.0 : 0.8 * HIDDEN_WEIGHT;
        double r = FeedforwardCertificates.bestRadius(cfg, data, c, rMax);
        PositiveCertificate pc = FeedforwardCertificates.atThreshold(cfg, data, c, r, THRESHOLD_FACTOR);
        FeedforwardInitializer[] inits = {FeedforwardInitializers.positive(c, pc.outputWeight()),
            FeedforwardInitializers.xavierNormal(derive(seed, 1)), FeedforwardInitializers.heNormal(derive(seed, 2))};
        Objective f = Objectives.feedforward(be, cfg, data);
        double[][] starts = new double[inits.length][];
        double[] betaHat = new double[inits.length];
        for (int i = 0; i < inits.length; i++) {
            starts[i] = inits[i].initialize(cfg).parameters();
            betaHat[i] = PlEstimator.hessianNorm(f, starts[i], EstimationSettings.defaults(seed));
        }
        return new SeedSetup(f, pc, starts, betaHat);
    }

    private static Nd4jFeedforwardBackend backend(int threads) {
        return threads == 0 ? Nd4jFeedforwardBackend.create() : Nd4jFeedforwardBackend.create(threads);
    }

    private static FeedforwardConfig config(Settings s) {
        return new FeedforwardConfig(s.inputDim(), s.hiddenWidths(), FeedforwardActivation.TANH, false);
    }

    /** Runs the comparison: one row per entry of {@link #INITIALIZATIONS}. */
    public static List<Row> run(Settings s) {
        return run(s, 0);
    }

    /**
     * As {@link #run(Settings)}, the backend's DGEMMs on {@code threads} OpenBLAS threads (0: OpenBLAS's
     * own count). The rows do not depend on it.
     */
    public static List<Row> run(Settings s, int threads) {
        FeedforwardConfig cfg = config(s);
        double[] factors = s.stepFactors();
        int[][][] iters = new int[3][factors.length][s.seeds()];
        int[] certified = new int[s.seeds()];
        try (Nd4jFeedforwardBackend be = backend(threads)) {
            for (int seed = 0; seed < s.seeds(); seed++) {
                SeedSetup setup = setup(s, cfg, be, seed);
                for (int i = 0; i < 3; i++) {
                    for (int k = 0; k < factors.length; k++) {
                        iters[i][k][seed] = iterationsToLevel(setup.objective(), setup.starts()[i],
                                factors[k] / setup.betaHat()[i], s);
                    }
                }
                certified[seed] = iterationsToLevel(setup.objective(), setup.certificate().network().parameters(),
                        setup.certificate().step(), s);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int best = 0;
            for (int k = 1; k < factors.length; k++) {
                if (median(iters[i][k]) < median(iters[i][best])) {
                    best = k;
                }
            }
            rows.add(new Row(INITIALIZATIONS.get(i == 0 ? 0 : i + 1), factors[best], median(iters[i][best]),
                    reached(iters[i][best], s), s.seeds()));
        }
        rows.add(1, new Row(INITIALIZATIONS.get(1), Double.NaN, median(certified), reached(certified, s), s.seeds()));
        return rows;
    }

    /**
     * One GD loss curve.
     *
     * @param initialization an entry of {@link #INITIALIZATIONS}
     * @param seed           the seed
     * @param step           the step size η used
     * @param losses         the training loss at iterations 0..iterations
     */
    public record Curve(String initialization, int seed, double step, double[] losses)
            implements java.io.Serializable {

        private static final long serialVersionUID = 1L;


        public Curve {
            losses = losses.clone();
        }

        @Override
        public double[] losses() {
            return losses.clone();
        }
    }

    /**
     * The loss curves of every initialization and seed at the steps chosen by {@link #run} (the tuned
     * θ/β̂ per initialization, the certified step for the certified row), for a fixed number of
     * iterations; a curve stops early, shorter, if the loss diverges (above 1e3·f0).
     *
     * @param tuned the rows returned by {@code run(s)}
     */
    public static List<Curve> curves(Settings s, List<Row> tuned, int iterations) {
        return curves(s, tuned, iterations, 0);
    }

    /** As {@link #curves(Settings, List, int)}, on {@code threads} OpenBLAS threads (0: OpenBLAS's own count). */
    public static List<Curve> curves(Settings s, List<Row> tuned, int iterations, int threads) {
        Checks.positive("iterations", iterations);
        if (tuned.size() != INITIALIZATIONS.size()) {
            throw new IllegalArgumentException("tuned has " + tuned.size() + " rows; expected the "
                    + INITIALIZATIONS.size() + " rows of run(settings)");
        }
        FeedforwardConfig cfg = config(s);
        List<Curve> out = new ArrayList<>();
        try (Nd4jFeedforwardBackend be = backend(threads)) {
            for (int seed = 0; seed < s.seeds(); seed++) {
                SeedSetup setup = setup(s, cfg, be, seed);
                for (int row = 0; row < INITIALIZATIONS.size(); row++) {
                    double[] x0;
                    double eta;
                    if (row == 1) {
                        x0 = setup.certificate().network().parameters();
                        eta = setup.certificate().step();
                    } else {
                        int i = row == 0 ? 0 : row - 1;
                        x0 = setup.starts()[i];
                        eta = tuned.get(row).stepFactor() / setup.betaHat()[i];
                    }
                    out.add(new Curve(INITIALIZATIONS.get(row), seed, eta,
                            lossCurve(setup.objective(), x0, eta, iterations)));
                }
            }
        }
        return out;
    }

    private static double[] lossCurve(Objective f, double[] x0, double eta, int iterations) {
        double[] x = x0.clone();
        double[] losses = new double[iterations + 1];
        losses[0] = f.value(x);
        for (int k = 0; k < iterations; k++) {
            double[] g = f.gradient(x);
            for (int i = 0; i < x.length; i++) {
                x[i] -= eta * g[i];
            }
            losses[k + 1] = f.value(x);
            if (!(losses[k + 1] <= DIVERGENCE_FACTOR * losses[0])) {
                return Arrays.copyOf(losses, k + 2);
            }
        }
        return losses;
    }

    /** The Markdown table. */
    public static String table(Settings s, List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "tanh, hidden widths %s, n = %d, d = %d, loss level %.0e, cap %d steps,"
                        + " %d seeds%n%n", Arrays.toString(s.hiddenWidths()), s.samples(), s.inputDim(), s.lossLevel(),
                s.maxIterations(), s.seeds()));
        b.append("| initialization | tuned step (theta/beta_hat) | median iterations | reached |\n");
        b.append("|---|---|---|---|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %d/%d |%n", r.initialization(),
                    Double.isNaN(r.stepFactor()) ? "certified" : String.format(Locale.ROOT, "%.2f", r.stepFactor()),
                    Double.isInfinite(r.medianIterations()) ? "never" : String.format(Locale.ROOT, "%.0f",
                            r.medianIterations()), r.reached(), r.seeds()));
        }
        return b.toString();
    }

    /** Prints the tables of docs/criterion.md (depth 2 and 3). */
    public static void main(String[] args) {
        for (int[] widths : new int[][] {{32}, {32, 32}}) {
            Settings s = Settings.standard(widths);
            System.out.println(table(s, run(s)));
        }
    }

    static int iterationsToLevel(Objective f, double[] x0, double eta, Settings s) {
        double[] x = x0.clone();
        double f0 = f.value(x);
        double fx = f0;
        for (int k = 0; k < s.maxIterations(); k++) {
            if (fx < s.lossLevel()) {
                return k;
            }
            double[] g = f.gradient(x);
            for (int i = 0; i < x.length; i++) {
                x[i] -= eta * g[i];
            }
            fx = f.value(x);
            if (!(fx <= DIVERGENCE_FACTOR * f0)) {
                return Integer.MAX_VALUE;
            }
        }
        return fx < s.lossLevel() ? s.maxIterations() : Integer.MAX_VALUE;
    }

    private static double median(int[] v) {
        int[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        double a = c[(n - 1) / 2];
        double b = c[n / 2];
        if (a == Integer.MAX_VALUE || b == Integer.MAX_VALUE) {
            return Double.POSITIVE_INFINITY;
        }
        return 0.5 * (a + b);
    }

    private static int reached(int[] v, Settings s) {
        int n = 0;
        for (int x : v) {
            n += x != Integer.MAX_VALUE ? 1 : 0;
        }
        return n;
    }

    /** Stream {@code stream} of {@code seed} (SplitMix64 finalizer), so data and draws are unrelated. */
    static long derive(long seed, long stream) {
        long z = seed + (stream + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static FeedforwardData sphereData(long seed, int n, int d) {
        org.apache.commons.math3.random.Well19937c rng = new org.apache.commons.math3.random.Well19937c(
                derive(seed, 0));
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                x[i * d + k] = rng.nextGaussian();
                norm += x[i * d + k] * x[i * d + k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                x[i * d + k] /= norm;
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2 * rng.nextDouble() - 1;
        }
        return new FeedforwardData(n, d, x, y);
    }
}
