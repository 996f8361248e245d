package org.rnntk.experiments;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnntk.bounds.Bounds;
import org.rnntk.bounds.PgdProblem;
import org.rnntk.bounds.WidthRequirement;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.Digits;
import org.rnntk.core.data.FiniteWidthImage;
import org.rnntk.core.data.ReferenceClassTeacher;
import org.rnntk.core.data.SyntheticTask;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.spark.sweep.Executor;

/**
 * Claim 1 of docs/theory.md §10 (source 1): the width needed to reach a fixed training loss grows
 * only logarithmically with n.
 *
 * <p>For each n and seed: unit-sphere inputs labelled by a reference-class teacher with declared
 * (ν̄_w, ν̄_u) ({@link SyntheticTasks#referenceClass}); the target is {@code targetRatio·R̂(Θ0)}
 * (R̂(Θ0) = (1/(2N))Σy², since F(Θ0) = 0). Widths are scanned upwards on an even grid; at each, PGD
 * with radii ρ ≥ ν̄ runs τ iterations from the symmetric Θ(0) and succeeds when min_k R̂(Θ(k)) ≤
 * target. The measured width is the first grid width from which {@code confirm} consecutive widths
 * succeed. Beside it: the loss of the finite-width image Θ̄ of the teacher (no training: the
 * approximation term of §8 alone) on the whole grid, and {@code Bounds.requiredWidth} for the same
 * problem with ε = the median target, the declared ν̄, Ymax from the data and ‖x‖ ≤ 1.
 */
public final class WidthVsN {

    /** The command name and file stem. */
    public static final String NAME = "width-vs-n";

    private WidthVsN() {
    }

    /**
     * @param activation  σ of student and teacher
     * @param alpha       initialization scale α of student and teacher
     * @param law         the law of w(0)
     * @param timeSteps   T
     * @param inputDim    d
     * @param nuBarW      ν̄_w of the teacher
     * @param nuBarU      ν̄_u of the teacher
     * @param rhoW        PGD radius ρ_w ≥ ν̄_w
     * @param rhoU        PGD radius ρ_u ≥ ν̄_u
     * @param samples     the values of n, increasing
     * @param seeds       one task and initialization per seed
     * @param widths      the even width grid, increasing
     * @param stepSize    PGD step η
     * @param iterations  PGD iterations τ
     * @param targetRatio the training-loss target as a fraction of R̂(Θ0), in (0, 1)
     * @param delta       δ of {@code Bounds.requiredWidth}
     * @param confirm     how many consecutive grid widths must reach the target (≥ 1)
     * @param digits      null for the reference-class teacher; else the sequential-digits task
     *                    ({@link Digits}, labels ±1, last-step loss, T = d = 8, one balanced sample of
     *                    n images per seed; no teacher, so ν̄ is an assumption of the bound and there is
     *                    no finite-width image)
     */
    public record Config(Activation activation, double alpha, RecurrentLaw law, int timeSteps, int inputDim,
                         double nuBarW, double nuBarU, double rhoW, double rhoU, List<Integer> samples,
                         List<Long> seeds, List<Integer> widths, double stepSize, int iterations,
                         double targetRatio, double delta, int confirm, Digits.Task digits) {

        public Config {
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(law, "law");
            Checks.nonNegative("alpha", alpha);
            Checks.positive("time steps T", timeSteps);
            Checks.positive("input dimension d", inputDim);
            Checks.nonNegative("nuBarW", nuBarW);
            Checks.nonNegative("nuBarU", nuBarU);
            if (rhoW < nuBarW || rhoU < nuBarU) {
                throw new IllegalArgumentException("PGD radii (rhoW " + rhoW + ", rhoU " + rhoU
                        + ") must be >= the teacher's nuBar (" + nuBarW + ", " + nuBarU
                        + ") so that its finite-width image lies in the projection set");
            }
            samples = Experiments.increasing("samples n", samples, 1);
            seeds = List.copyOf(seeds);
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("seeds must not be empty");
            }
            widths = Experiments.increasing("widths", widths, 2);
            for (int m : widths) {
                Checks.evenWidth("grid width m", m);
            }
            Checks.positive("step size eta", stepSize);
            Checks.positive("iterations", iterations);
            Checks.openInterval("targetRatio", targetRatio, 0, 1);
            Checks.openInterval("delta", delta, 0, 1);
            Checks.positive("confirm", confirm);
            if (digits != null && (timeSteps != Digits.TIME_STEPS || inputDim != Digits.INPUT_DIM)) {
                throw new IllegalArgumentException("the digits task has T = d = 8, but the configuration has T = "
                        + timeSteps + ", d = " + inputDim);
            }
        }

        /** The loss: all steps on the teacher, the last step (the label) on digits. */
        public Loss loss() {
            return digits == null ? Loss.ALL_STEPS : Loss.LAST_STEP;
        }

        /** The data, for captions and summaries. */
        public String dataDescription() {
            return digits == null
                    ? String.format(Locale.ROOT, "reference-class teacher nuBar=(%s, %s), all-steps loss", nuBarW, nuBarU)
                    : String.format(Locale.ROOT, "sequential digits %s (labels +-1, last-step loss; nuBar=(%s, %s)"
                            + " assumed by the bound, no teacher)", digits, nuBarW, nuBarU);
        }

        /** The same experiment on the sequential digits (T = d = 8, last-step loss). */
        public Config onDigits(Digits.Task task) {
            return new Config(activation, alpha, law, Digits.TIME_STEPS, Digits.INPUT_DIM, nuBarW, nuBarU, rhoW, rhoU,
                    samples, seeds, widths, stepSize, iterations, targetRatio, delta, confirm,
                    Objects.requireNonNull(task, "digits task"));
        }

        /** The defaults of {@code rnntk experiment width-vs-n}: a few minutes on 2 cores. */
        public static Config defaults() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 5, 4, 1, 1, 1, 1,
                    List.of(8, 16, 32, 64, 128, 256), List.of(1L, 2L, 3L, 4L, 5L), Grids.evenGeometric(4, 4096, Math.pow(2, 0.25)),
                    4.0, 200, 0.02, 0.05, 2, null);
        }

        /**
         * The named scale setting {@code paper}: n from 16 to 16 384 (1024×, doubling), T = 16, d = 8,
         * seeds 1–10, widths 4–4096 on the 2^{1/4} grid; otherwise the defaults. Run time in
         * docs/experiments.md.
         */
        public static Config paper() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 16, 8, 1, 1, 1, 1,
                    Grids.doubling(16, 16384), List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L),
                    Grids.evenGeometric(4, 4096, Math.pow(2, 0.25)), 4.0, 200, 0.02, 0.05, 2, null);
        }

        /** A tiny instance for tests and notebooks (seconds). */
        public static Config tiny() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 3, 2, 1, 1, 1, 1, List.of(4, 8),
                    List.of(1L), Grids.doubling(4, 64), 4.0, 20, 0.3, 0.05, 1, null);
        }
    }

    /**
     * One width of one (n, seed) scan.
     *
     * @param trained   whether PGD ran at this width (the scan stops once the measured width is found)
     * @param reached   min_k R̂ ≤ target (false when not trained)
     * @param maxDriftW max over neurons and iterates of √m|w_i − w_i(0)| (≤ ρ_w)
     */
    public record Run(int n, long seed, int width, double initialLoss, double targetLoss, double imageLoss,
                      boolean trained, double minLoss, double lastLoss, double maxDriftW, double maxDriftU,
                      boolean reached) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The summary for one n.
     *
     * @param measuredWidths   the measured width per seed (NaN when the grid was not enough)
     * @param medianWidth      their median
     * @param imageWidths      per seed, the smallest grid width whose image Θ̄ has R̂(Θ̄) ≤ target
     * @param medianImageWidth their median
     * @param epsilon          ε given to the bound (the median target)
     * @param yMax             Ymax given to the bound (largest |y| over the seeds)
     * @param theory           {@code Bounds.requiredWidth} for this n with this n's ε and Ymax
     * @param theoryCommon     {@code Bounds.requiredWidth} for this n with ε and Ymax common to all n
     *                         (median target and largest |y| over every n): isolates the n-dependence
     */
    public record PerN(int n, double[] measuredWidths, double medianWidth, double[] imageWidths,
                       double medianImageWidth, double epsilon, double yMax, WidthRequirement theory,
                       WidthRequirement theoryCommon) {
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Run> runs, List<PerN> perN, double seconds) implements ExperimentReport {

        public Result {
            runs = List.copyOf(runs);
            perN = List.copyOf(perN);
        }

        @Override
        public String name() {
            return NAME;
        }

        /** Median measured width against ln n: slope = width added per unit of ln n. */
        public Stats.Line fitVersusLogN() {
            return Stats.fit(Stats.log(ns()), medians());
        }

        /** Median measured width against n. */
        public Stats.Line fitVersusN() {
            return Stats.fit(ns(), medians());
        }

        /** ln(median width) against ln n: the power-law exponent. */
        public Stats.Line fitLogLog() {
            return Stats.fit(Stats.log(ns()), Stats.log(medians()));
        }

        /**
         * The seed-level statistics that separate a logarithm from a small power (seeds are the
         * independent units; each seed's widths over n come from one scan per n).
         *
         * @param perDoubling per seed, the least-squares slope of the measured width on log2 n; mean
         *                    and 95 % t interval over seeds
         * @param exponent    per seed, the slope of ln(width) on ln n (a power law's exponent)
         * @param bend        per seed, that log-log slope over the upper half of the n values minus
         *                    over the lower half: 0 for any pure power law c·n^a, negative for
         *                    a + b ln n with b &gt; 0
         * @param perDoublingChange per seed, the width per doubling of n over the upper half of the n
         *                    values minus over the lower half: 0 for any a + b ln n, positive for a
         *                    power law c·n^a with a &gt; 0, negative for growth that slows down faster
         *                    than a logarithm (saturation)
         * @param seedsUsed   seeds with a measured width at every n and at least three n values
         */
        public record ScaleTest(Stats.Interval perDoubling, Stats.Interval exponent, Stats.Interval bend,
                                Stats.Interval perDoublingChange, int seedsUsed) {

            /** A pure power law c·n^a (any a) is rejected at 95 % when the bend's interval lies below 0. */
            public boolean powerLawRejected() {
                return bend.high() < 0;
            }

            /**
             * One logarithm a + b ln n over every n is rejected at 95 % when the interval of the change in
             * width per doubling excludes 0.
             */
            public boolean logarithmRejected() {
                return perDoublingChange.high() < 0 || perDoublingChange.low() > 0;
            }
        }

        /** The seed-level slope statistics of {@link ScaleTest}. */
        public ScaleTest scaleTest() {
            int k = config.seeds().size();
            int points = perN.size();
            double[] perDoubling = new double[k];
            double[] exponent = new double[k];
            double[] bend = new double[k];
            double[] change = new double[k];
            int used = 0;
            double[] ln = Stats.log(ns());
            double[] log2 = java.util.Arrays.stream(ln).map(v -> v / Math.log(2)).toArray();
            int half = (points + 1) / 2;
            for (int si = 0; si < k; si++) {
                int idx = si;
                double[] w = perN.stream().mapToDouble(p -> p.measuredWidths()[idx]).toArray();
                boolean complete = points >= 3 && java.util.Arrays.stream(w).allMatch(Double::isFinite);
                if (!complete) {
                    perDoubling[si] = exponent[si] = bend[si] = change[si] = Double.NaN;
                    continue;
                }
                used++;
                double[] lw = Stats.log(w);
                perDoubling[si] = Stats.fit(log2, w).slope();
                exponent[si] = Stats.fit(ln, lw).slope();
                double lower = Stats.fit(java.util.Arrays.copyOfRange(ln, 0, half),
                        java.util.Arrays.copyOfRange(lw, 0, half)).slope();
                double upper = Stats.fit(java.util.Arrays.copyOfRange(ln, points - half, points),
                        java.util.Arrays.copyOfRange(lw, points - half, points)).slope();
                bend[si] = upper - lower;
                change[si] = Stats.fit(java.util.Arrays.copyOfRange(log2, points - half, points),
                        java.util.Arrays.copyOfRange(w, points - half, points)).slope()
                        - Stats.fit(java.util.Arrays.copyOfRange(log2, 0, half),
                        java.util.Arrays.copyOfRange(w, 0, half)).slope();
            }
            return new ScaleTest(Stats.meanInterval(perDoubling, 0.95), Stats.meanInterval(exponent, 0.95),
                    Stats.meanInterval(bend, 0.95), Stats.meanInterval(change, 0.95), used);
        }

        private double[] ns() {
            return perN.stream().mapToDouble(PerN::n).toArray();
        }

        private double[] medians() {
            return perN.stream().mapToDouble(PerN::medianWidth).toArray();
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("n", "seed", "m", "initial_loss", "target_loss", "image_loss", "pgd_trained",
                    "pgd_min_loss", "pgd_last_loss", "pgd_max_drift_w", "pgd_max_drift_u", "pgd_reached");
            for (Run r : runs) {
                t.add(r.n(), r.seed(), r.width(), r.initialLoss(), r.targetLoss(), r.imageLoss(), r.trained(),
                        r.minLoss(), r.lastLoss(), r.maxDriftW(), r.maxDriftU(), r.reached());
            }
            return t;
        }

        @Override
        public Map<String, CsvTable> extraTables() {
            CsvTable t = new CsvTable("n", "median_measured_width", "measured_widths", "median_image_width",
                    "epsilon", "y_max", "theory_width", "theory_log10_width", "theory_dominant_term",
                    "common_epsilon", "common_y_max", "theory_common_log10_width");
            for (PerN p : perN) {
                t.add(p.n(), p.medianWidth(), Experiments.join(p.measuredWidths()), p.medianImageWidth(),
                        p.epsilon(), p.yMax(), p.theory().width(), p.theory().log10Width(),
                        p.theory().terms().dominantTerm(), p.theoryCommon().epsilon(),
                        p.theoryCommon().problem().yMax(), p.theoryCommon().log10Width());
            }
            Map<String, CsvTable> map = new LinkedHashMap<>();
            map.put("summary", t);
            return map;
        }

        @Override
        public BufferedImage figure() {
            double[] n = ns();
            XYChart left = Charts.panel("Measured: smallest width where PGD reaches the target",
                    "n (samples, log scale)", "width m (linear: log growth is a straight line)", true, false);
            Marker[] markers = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
                SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};
            for (int si = 0; si < config.seeds().size(); si++) {
                int idx = si;
                double[] w = perN.stream().mapToDouble(p -> p.measuredWidths()[idx]).toArray();
                Charts.scatter(left, "seed " + config.seeds().get(si), n, w, 6, markers[si % markers.length]);
            }
            Charts.line(left, "PGD, median over seeds", n, medians(), 0);
            Stats.Line fit = fitVersusLogN();
            if (Double.isFinite(fit.slope())) {
                double[] fx = Experiments.logspace(n[0], n[n.length - 1], 40);
                double[] fy = new double[fx.length];
                for (int i = 0; i < fx.length; i++) {
                    fy[i] = fit.at(Math.log(fx[i]));
                }
                Charts.line(left, String.format(Locale.ROOT, "fit %.3g + %.3g ln n", fit.intercept(), fit.slope()),
                        fx, fy, 1, true, SeriesMarkers.NONE);
            }
            XYChart right = Charts.panel("Theory vs measured, log10 of the width", "n (samples, log scale)",
                    "log10 m", true, false);
            Charts.line(right, "Bounds.requiredWidth (eps = this n's target, Ymax = this n's max|y|, delta = "
                    + config.delta() + ")", n, perN.stream().mapToDouble(p -> p.theory().log10Width()).toArray(), 3);
            Charts.line(right, "Bounds.requiredWidth with eps and Ymax common to all n", n,
                    perN.stream().mapToDouble(p -> p.theoryCommon().log10Width()).toArray(), 4, true,
                    SeriesMarkers.DIAMOND);
            Charts.line(right, "teacher's finite-width image reaches the target (no training), median", n,
                    Charts.log10(perN.stream().mapToDouble(PerN::medianImageWidth).toArray()), 2, true,
                    SeriesMarkers.SQUARE);
            Charts.line(right, "PGD reaches the target, median (left panel)", n, Charts.log10(medians()), 0);
            String caption = String.format(Locale.ROOT,
                    "width-vs-n: %s, alpha=%s %s, T=%d, d=%d, %s; PGD rho=(%s, %s),"
                            + " eta=%s, tau=%d; target %s x R(Theta0)",
                    config.activation().name(), config.alpha(), config.law().name().toLowerCase(Locale.ROOT),
                    config.timeSteps(), config.inputDim(), config.dataDescription(), config.rhoW(),
                    config.rhoU(), config.stepSize(), config.iterations(), config.targetRatio());
            return Charts.compose(caption, 2, left, right);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("# width-vs-n\n\n");
            sb.append(String.format(Locale.ROOT,
                    "Smallest width at which PGD (eta = %s, tau = %d, rho = (%s, %s)) reaches min_k R(Theta(k)) <= %s x"
                            + " R(Theta0) (%s, alpha = %s %s, T = %d, d = %d, %s); width grid %s; seeds %s;"
                            + " confirm = %d.%n%n",
                    config.stepSize(), config.iterations(), config.rhoW(), config.rhoU(), config.targetRatio(),
                    config.activation().name(), config.alpha(), config.law().name().toLowerCase(Locale.ROOT),
                    config.timeSteps(), config.inputDim(), config.dataDescription(), config.widths(),
                    config.seeds(), config.confirm()));
            sb.append("| n | measured width per seed | median | image width (median) | theory width | theory log10 m |"
                    + " dominant term | theory log10 m, common eps and Ymax |\n|---:|---|---:|---:|---:|---:|---|---:|\n");
            for (PerN p : perN) {
                sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.4g | %.3f | %s | %.3f |%n", p.n(),
                        Experiments.join(p.measuredWidths()), Experiments.fmt(p.medianWidth()),
                        Experiments.fmt(p.medianImageWidth()), p.theory().width(), p.theory().log10Width(),
                        p.theory().terms().dominantTerm(), p.theoryCommon().log10Width()));
            }
            Stats.Line lin = fitVersusLogN();
            Stats.Line inN = fitVersusN();
            Stats.Line pow = fitLogLog();
            double nRatio = perN.get(perN.size() - 1).n() / (double) perN.get(0).n();
            sb.append(String.format(Locale.ROOT,
                    "%nFits of the median measured width (%d points): %.4g + %.4g ln n (width per doubling of n:"
                            + " %.3g, r^2 = %.3f); %.4g + %.4g n (r^2 = %.3f); power law exponent %.3f"
                            + " (r^2 = %.3f).%n",
                    lin.points(), lin.intercept(), lin.slope(), lin.slope() * Math.log(2), lin.rSquared(),
                    inN.intercept(), inN.slope(), inN.rSquared(), pow.slope(), pow.rSquared()));
            ScaleTest st = scaleTest();
            if (st.seedsUsed() >= 2) {
                sb.append(String.format(Locale.ROOT,
                        "Seed-level tests (%d seeds with a width at every n): width per doubling of n %.3g, 95%%"
                                + " interval [%.3g, %.3g]; power-law exponent %.3g [%.3g, %.3g] (exponents above %.3g are"
                                + " excluded at 95%%); bend of the log-log slope (upper half of n minus lower half)"
                                + " %.3g [%.3g, %.3g]: %s%n",
                        st.seedsUsed(), st.perDoubling().mean(), st.perDoubling().low(), st.perDoubling().high(),
                        st.exponent().mean(), st.exponent().low(), st.exponent().high(), st.exponent().high(),
                        st.bend().mean(), st.bend().low(), st.bend().high(),
                        st.powerLawRejected() ? "below 0, so a pure power law c n^a is rejected at the 95% level"
                                : "not below 0, so a power law n^a with a > 0 is NOT excluded at the 95% level"));
                sb.append(String.format(Locale.ROOT,
                        "Change of the width per doubling (upper half of n minus lower half) %.3g [%.3g, %.3g]: %s%n",
                        st.perDoublingChange().mean(), st.perDoublingChange().low(), st.perDoublingChange().high(),
                        !st.logarithmRejected() ? "contains 0, so one logarithm a + b ln n over all n is not rejected"
                                : st.perDoublingChange().high() < 0 ? "below 0, so one logarithm over all n is rejected:"
                                + " the growth slows down faster than ln n"
                                : "above 0, so one logarithm over all n is rejected: the growth speeds up"));
            } else {
                sb.append(String.format(Locale.ROOT, "Seed-level tests: %d seed(s) with a width at every n; at least"
                        + " 2 are needed for an interval.%n", st.seedsUsed()));
            }
            double t0 = perN.get(0).theoryCommon().log10Width();
            double t1 = perN.get(perN.size() - 1).theoryCommon().log10Width();
            sb.append(String.format(Locale.ROOT,
                    "Over the %.0fx range of n the median measured width goes from %s to %s; the theoretical width"
                            + " at common eps and Ymax from 10^%.3f to 10^%.3f (x%.3f).%n",
                    nRatio, Experiments.fmt(perN.get(0).medianWidth()),
                    Experiments.fmt(perN.get(perN.size() - 1).medianWidth()), t0, t1, Math.pow(10, t1 - t0)));
            sb.append(String.format(Locale.ROOT, "%nRun time %.1f s (machine dependent; every number above is"
                    + " deterministic given the configuration).%n", seconds));
            return sb.toString();
        }
    }

    /** Runs the experiment with its own backend, one thread per available processor. */
    public static Result run(Config config, ExperimentListener listener) {
        return run(config, listener, Runtime.getRuntime().availableProcessors());
    }

    /** Runs the experiment with its own backend of {@code threads} threads; the NTK uses as many. */
    public static Result run(Config config, ExperimentListener listener, int threads) {
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, threads)) {
            return run(config, listener, backend);
        }
    }

    /** Runs the experiment on {@code backend}, one (n, seed) scan after the other in this thread. */
    public static Result run(Config config, ExperimentListener listener, Nd4jBackend backend) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        ExperimentListener progress = listener == null ? ExperimentListener.NONE : listener;
        long start = System.nanoTime();
        double totalWork = 0;
        for (int n : config.samples()) {
            totalWork += n * (double) config.seeds().size();
        }
        Stages stages = new Stages(progress, config.samples().size() * config.seeds().size() * config.widths().size(),
                totalWork);
        List<SeedScan> scans = new ArrayList<>();
        for (Cell cell : cells(config)) {
            scans.add(scan(config, cell, backend, stages));
            stages.done += cell.n();
        }
        return assemble(config, scans, start);
    }

    /**
     * Runs the experiment's (n, seed) scans as cells of the sweep engine on {@code executor}
     * ({@link Executor#sequential()}, threads, or Spark): each cell builds its own single-threaded
     * backend. The result equals {@link #run(Config, ExperimentListener, Nd4jBackend)}'s, bit for bit.
     *
     * @throws IllegalArgumentException when the activation cannot travel to a cell (a custom one)
     */
    public static Result run(Config config, ExperimentListener listener, Executor executor) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(executor, "executor");
        long start = System.nanoTime();
        Spec spec = Spec.of(config);
        List<SeedScan> scans = Cells.compute(NAME, cells(config), cell -> {
            try (Nd4jBackend backend = Cells.cellBackend()) {
                return scan(spec.config(), cell, backend, null);
            }
        }, executor, listener);
        return assemble(config, scans, start);
    }

    /** One cell of the grid: the width scan of one (n, seed). */
    record Cell(int n, long seed) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The cells in the order of the table: n outer, seed inner. */
    static List<Cell> cells(Config config) {
        List<Cell> cells = new ArrayList<>();
        for (int n : config.samples()) {
            for (long seed : config.seeds()) {
                cells.add(new Cell(n, seed));
            }
        }
        return cells;
    }

    /**
     * The configuration as serializable values (the activation by name, the digits task by its digits),
     * for cells computed elsewhere.
     */
    private record Spec(String activation, double alpha, RecurrentLaw law, int timeSteps, int inputDim,
                        double nuBarW, double nuBarU, double rhoW, double rhoU, List<Integer> samples,
                        List<Long> seeds, List<Integer> widths, double stepSize, int iterations, double targetRatio,
                        double delta, int confirm, int[] digits) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(Cells.activationName(c.activation()), c.alpha(), c.law(), c.timeSteps(), c.inputDim(),
                    c.nuBarW(), c.nuBarU(), c.rhoW(), c.rhoU(), new ArrayList<>(c.samples()),
                    new ArrayList<>(c.seeds()), new ArrayList<>(c.widths()), c.stepSize(), c.iterations(),
                    c.targetRatio(), c.delta(), c.confirm(),
                    c.digits() == null ? null : new int[] {c.digits().positive(), c.digits().negative()});
        }

        Config config() {
            return new Config(Activations.byName(activation), alpha, law, timeSteps, inputDim, nuBarW, nuBarU, rhoW,
                    rhoU, samples, seeds, widths, stepSize, iterations, targetRatio, delta, confirm,
                    digits == null ? null : new Digits.Task(digits[0], digits[1]));
        }
    }

    /** Stage reporting of the in-process run. */
    private static final class Stages {
        final ExperimentListener listener;
        final int count;
        final double totalWork;
        int stage;
        double done;

        Stages(ExperimentListener listener, int count, double totalWork) {
            this.listener = listener;
            this.count = count;
            this.totalWork = totalWork;
        }
    }

    /**
     * What one (n, seed) scan measured.
     *
     * @param runs     its rows of the table
     * @param measured the measured width (NaN when the grid was not enough)
     * @param image    the smallest grid width whose image reaches the target (NaN: none, or no teacher)
     * @param target   the loss target
     * @param yMax     the largest |y| of its data
     */
    record SeedScan(List<Run> runs, double measured, double image, double target, double yMax)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        SeedScan {
            runs = new ArrayList<>(runs);
        }
    }

    /** The width scan of one (n, seed) on {@code backend}; {@code stages} null: no stage reports. */
    private static SeedScan scan(Config config, Cell cell, Nd4jBackend backend, Stages stages) {
        int n = cell.n();
        long seed = cell.seed();
        List<Run> runs = new ArrayList<>();
        ReferenceClassTeacher teacher = null;
        SequenceDataset data;
        if (config.digits() == null) {
            SyntheticTask task = SyntheticTasks.referenceClass(n, config.timeSteps(), config.inputDim(),
                    config.activation(), config.alpha(), config.law(), config.nuBarW(), config.nuBarU(), seed);
            data = task.generate();
            teacher = (ReferenceClassTeacher) task.teacher();
        } else {
            data = config.digits().sample(n, 1.0, seed);
        }
        Experiments.requireUnitInputs(data);
        Loss loss = config.loss();
        double yMax = data.maxAbsTarget(loss);
        SymmetricInitializer init = Initializers.symmetric(config.alpha(), config.law(), initSeed(seed));
        double target = Double.NaN;
        double initial = Double.NaN;
        int streak = 0;
        double measured = Double.NaN;
        double image = Double.NaN;
        for (int m : config.widths()) {
            DiagonalRnn theta0;
            double imageLoss;
            if (teacher != null) {
                FiniteWidthImage img = teacher.image(init, m);
                theta0 = img.initial();
                imageLoss = backend.loss(img.image(), data, loss);
            } else {
                theta0 = init.initialize(m, config.inputDim(), config.activation());
                imageLoss = Double.NaN;
            }
            if (Double.isNaN(initial)) {
                initial = backend.loss(theta0, data, loss);
                target = config.targetRatio() * initial;
            }
            if (imageLoss <= target && Double.isNaN(image)) {
                image = m;
            }
            if (!Double.isNaN(measured)) {
                runs.add(new Run(n, seed, m, initial, target, imageLoss, false, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, false));
                if (!Double.isNaN(image) || teacher == null) {
                    break;
                }
                continue;
            }
            TrainingListener tl = stages == null ? TrainingListener.NONE
                    : stages.listener.onStage(new ExperimentStage(NAME, String.format(Locale.ROOT,
                            "n=%d seed=%d m=%d PGD", n, seed, m), stages.stage++, stages.count, stages.done,
                            stages.totalWork));
            TrainingHistory h = trainOrDiverge(backend, theta0, data, config, tl);
            boolean reached = h != null && h.minLoss() <= target;
            runs.add(new Run(n, seed, m, initial, target, imageLoss, true,
                    h == null ? Double.POSITIVE_INFINITY : h.minLoss(),
                    h == null ? Double.POSITIVE_INFINITY : h.lastLoss(),
                    h == null ? Double.NaN : h.maxDriftWOverRun(), h == null ? Double.NaN : h.maxDriftUOverRun(),
                    reached));
            streak = reached ? streak + 1 : 0;
            if (streak == config.confirm()) {
                int idx = config.widths().indexOf(m) - config.confirm() + 1;
                measured = config.widths().get(idx);
                if (!Double.isNaN(image) || teacher == null) {
                    break;
                }
            }
        }
        return new SeedScan(runs, measured, image, target, yMax);
    }

    /** The result from the scans, in {@link #cells} order. */
    private static Result assemble(Config config, List<SeedScan> seedScans, long start) {
        List<Run> runs = new ArrayList<>();
        List<PerN> perN = new ArrayList<>();
        List<Scan> scans = new ArrayList<>();
        List<Double> allTargets = new ArrayList<>();
        double commonYMax = 0;
        int k = config.seeds().size();
        int next = 0;
        for (int n : config.samples()) {
            double[] measured = new double[k];
            double[] image = new double[k];
            double[] targets = new double[k];
            double yMax = 0;
            for (int si = 0; si < k; si++) {
                SeedScan s = seedScans.get(next++);
                runs.addAll(s.runs());
                measured[si] = s.measured();
                image[si] = s.image();
                targets[si] = s.target();
                yMax = Math.max(yMax, s.yMax());
            }
            scans.add(new Scan(n, measured, image, Stats.median(targets), yMax));
            for (double t : targets) {
                allTargets.add(t);
            }
            commonYMax = Math.max(commonYMax, yMax);
        }
        double commonEps = Stats.median(allTargets.stream().mapToDouble(Double::doubleValue).toArray());
        for (Scan p : scans) {
            perN.add(new PerN(p.n(), p.measured(), Stats.median(p.measured()), p.image(), Stats.median(p.image()),
                    p.epsilon(), p.yMax(), Bounds.requiredWidth(problem(config, p.n(), p.yMax()), p.epsilon(),
                    config.delta()), Bounds.requiredWidth(problem(config, p.n(), commonYMax), commonEps,
                    config.delta())));
        }
        return new Result(config, runs, perN, (System.nanoTime() - start) / 1e9);
    }

    /** The measurements of one n before the bounds are evaluated. */
    private record Scan(int n, double[] measured, double[] image, double epsilon, double yMax) {
    }

    private static PgdProblem problem(Config config, int n, double yMax) {
        return PgdProblem.builder().activation(config.activation().constants()).alpha(config.alpha())
                .timeSteps(config.timeSteps()).samples(n).loss(config.loss()).nuBar(config.nuBarW(), config.nuBarU())
                .rho(config.rhoW(), config.rhoU()).yMax(yMax).inputNormBound(1.0).build();
    }

    /** PGD from Θ(0); null when the step size makes it diverge (reported as not reaching the target). */
    private static TrainingHistory trainOrDiverge(Nd4jBackend backend, DiagonalRnn theta0, SequenceDataset data,
                                                  Config config, TrainingListener listener) {
        TrainingHistory h = Training.run(backend, theta0, data, config.loss(),
                Optimizers.projected(config.stepSize(), config.rhoW(), config.rhoU()), config.iterations(), listener);
        return h.diverged() ? null : h;
    }

    /** The even geometric width grid from {@code from} to {@code to} with ratio {@code ratio}. */
    public static List<Integer> widthGrid(int from, int to, double ratio) {
        return Grids.evenGeometric(from, to, ratio);
    }

    /** The initialization seed used with task seed {@code seed} (independent of n and m). */
    static long initSeed(long seed) {
        return 1_000_003L * seed + 17;
    }
}
