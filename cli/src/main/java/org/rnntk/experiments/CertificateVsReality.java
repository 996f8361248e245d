package org.rnntk.experiments;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnntk.bounds.Certification;
import org.rnntk.bounds.LocalPl;
import org.rnntk.bounds.RnnPl;
import org.rnntk.bounds.RnnPlProblem;
import org.rnntk.bounds.RnnPlVerdict;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.TrainingStatus;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.Digits;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.kernels.pl.RnnCertificates;
import org.rnntk.spark.sweep.Executor;

/**
 * Claim 5 of docs/theory.md §10 (source 2 applied to source 1): the RNN's certified local-PL
 * verdict at initialization ({@link RnnPl#certify(RnnPlProblem, double, org.rnntk.core.Activation, double,
 * double)}, with the certified λ_min and λ_max of the empirical NTK Gram,
 * {@link LocalPl#gramSpectrum(double[][], double, double)}) against what GD with the same step
 * actually does, across widths. Last-step loss, so N = n; small targets (a filter teacher of
 * amplitude A) keep the needed radius small.
 *
 * <p>Measured along GD: the final and minimum loss, the Euclidean distance ‖Θ(τ) − Θ0‖₂ (the ball
 * of the criterion is Euclidean in all trained parameters) and the smallest observed PL ratio
 * ‖∇R̂‖²/R̂ at every {@code period}-th iterate (an upper bound on the α of the criterion over the
 * path, to compare with the certified lower bound; sampled while R̂ > 1e-10·R̂(Θ0)).
 */
public final class CertificateVsReality {

    /** The command name and file stem. */
    public static final String NAME = "certificate-vs-reality";

    private CertificateVsReality() {
    }

    /**
     * @param activation σ
     * @param alpha      initialization scale α
     * @param law        the law of w(0)
     * @param n          sequences (N = n outputs, last step)
     * @param timeSteps  T
     * @param inputDim   d
     * @param amplitude  A: targets y = A tanh(…) of a filter teacher with memory 0.6
     * @param widths     the widths, increasing and even
     * @param stepSize   GD step η (the verdict is for this η)
     * @param iterations τ
     * @param period     PL ratio sampled every {@code period} iterations
     * @param seed       data and initialization seed
     * @param digits     null for the filter teacher; else the sequential-digits task ({@link Digits}:
     *                   T = d = 8, n balanced images, targets ±amplitude)
     */
    public record Config(Activation activation, double alpha, RecurrentLaw law, int n, int timeSteps, int inputDim,
                         double amplitude, List<Integer> widths, double stepSize, int iterations, int period,
                         long seed, Digits.Task digits) {

        public Config {
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(law, "law");
            Checks.nonNegative("alpha", alpha);
            Checks.positive("n", n);
            Checks.positive("time steps T", timeSteps);
            Checks.positive("input dimension d", inputDim);
            Checks.positive("amplitude", amplitude);
            widths = Experiments.increasing("widths", widths, 2);
            for (int m : widths) {
                Checks.evenWidth("width m", m);
            }
            Checks.positive("step size eta", stepSize);
            Checks.positive("iterations", iterations);
            Checks.positive("period", period);
            if (digits != null && (timeSteps != Digits.TIME_STEPS || inputDim != Digits.INPUT_DIM)) {
                throw new IllegalArgumentException("the digits task has T = d = 8, but the configuration has T = "
                        + timeSteps + ", d = " + inputDim);
            }
        }

        /** The targets, for captions and summaries. */
        public String dataDescription() {
            return digits == null ? "filter-teacher targets |y| <= " + amplitude
                    : "sequential digits " + digits + ", targets +-" + amplitude;
        }

        /** The same experiment on the sequential digits (T = d = 8), targets ±amplitude. */
        public Config onDigits(Digits.Task task) {
            return new Config(activation, alpha, law, n, Digits.TIME_STEPS, Digits.INPUT_DIM, amplitude, widths,
                    stepSize, iterations, period, seed, Objects.requireNonNull(task, "digits task"));
        }

        /** The defaults of {@code rnntk experiment certificate-vs-reality}. */
        public static Config defaults() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 4, 5, 3, 0.02,
                    List.of(256, 1024, 4096, 16384, 65536, 262144), 0.05, 500, 20, 1, null);
        }

        /**
         * The named scale setting {@code paper}: n = N = 64 and widths 1024 to 1 048 576; otherwise the
         * defaults. Run time in docs/experiments.md.
         */
        public static Config paper() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 64, 5, 3, 0.02,
                    List.of(1024, 4096, 16384, 65536, 262144, 1048576), 0.05, 500, 20, 1, null);
        }

        /** A tiny instance for tests and notebooks. */
        public static Config tiny() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 2, 3, 2, 0.05, List.of(16, 64), 0.2, 20,
                    5, 1, null);
        }
    }

    /**
     * One width.
     *
     * @param lambdaMin         computed λ_min of the last-step Gram at Θ0
     * @param certifiedLambdaMin λ_min less the allowances for computing J, forming the Gram and the eigensolver
     * @param verdict           the RNN verdict for GD at the configured step
     * @param minPlRatio        min over sampled iterates of ‖∇R̂‖²/R̂ along GD
     * @param distance          ‖Θ(τ) − Θ0‖₂ over all trained parameters
     */
    public record Row(int width, double lambdaMin, double certifiedLambdaMin, RnnPlVerdict verdict, double f0,
                      double finalLoss, double minLoss, double minPlRatio, double distance, TrainingStatus gdStatus) {

        /**
         * (R̂(Θ(τ))/R̂(Θ0))^{1/τ}: the observed per-step contraction factor of the loss; NaN when GD
         * diverged (then {@code finalLoss} is the last finite loss before the stop).
         */
        public double observedContraction(int iterations) {
            return gdStatus == TrainingStatus.DIVERGED ? Double.NaN : Math.pow(finalLoss / f0, 1.0 / iterations);
        }

        /** 1 − αη(1 − βη/2) when the GD criterion holds, else NaN. */
        public double certifiedContraction() {
            return verdict.verdict().gdHolds() ? verdict.verdict().gdContraction() : Double.NaN;
        }
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Row> rows, double seconds) implements ExperimentReport {

        public Result {
            rows = List.copyOf(rows);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("m", "lambda_min", "certified_lambda_min", "f0", "best_radius",
                    "alpha_lower_bound", "beta_upper_bound", "flow_criterion", "gd_criterion", "certified",
                    "gd_radius_R", "width_to_pass", "certified_contraction", "gd_final_loss", "gd_min_loss",
                    "gd_final_over_f0", "observed_contraction", "min_pl_ratio_along_gd", "distance_travelled",
                    "gd_status");
            for (Row r : rows) {
                RnnPlVerdict v = r.verdict();
                t.add(r.width(), r.lambdaMin(), r.certifiedLambdaMin(), r.f0(), v.radius(), v.alphaLowerBound(),
                        v.betaUpperBound(), v.verdict().flowHolds(), v.verdict().gdHolds(), v.certifiedConvergence(),
                        v.verdict().gdRadius(), v.widthToPass(), r.certifiedContraction(), r.finalLoss(), r.minLoss(),
                        r.finalLoss() / r.f0(), r.observedContraction(config.iterations()), r.minPlRatio(),
                        r.distance(), r.gdStatus());
            }
            return t;
        }

        @Override
        public BufferedImage figure() {
            double[] m = rows.stream().mapToDouble(Row::width).toArray();
            XYChart loss = Charts.panel(String.format(Locale.ROOT, "What GD does: loss after tau=%d steps, eta=%s",
                    config.iterations(), config.stepSize()), "width m (log scale)", "log10 (final loss / f0)", true,
                    false);
            Charts.line(loss, "GD final loss / f0", m, Charts.log10(rows.stream()
                    .mapToDouble(r -> r.finalLoss() / r.f0()).toArray()), 0);
            Charts.line(loss, "guaranteed where certified: (1 - alpha eta (1 - beta eta/2))^tau", m, rows.stream()
                    .mapToDouble(r -> r.verdict().certifiedConvergence()
                            ? config.iterations() * Math.log10(r.certifiedContraction()) : Double.NaN).toArray(), 2, true,
                    SeriesMarkers.SQUARE);
            XYChart pl = Charts.panel("PL constant: certified lower bound vs observed along GD", "width m (log scale)",
                    "log10 alpha", true, false);
            Charts.line(pl, "certified alpha lower bound at the best radius r", m, Charts.log10(rows.stream()
                    .mapToDouble(r -> r.verdict().alphaLowerBound()).toArray()), 0);
            Charts.line(pl, "needed: 4 f0 / r^2 at that r", m, Charts.log10(rows.stream()
                    .mapToDouble(r -> 4 * r.f0() / (r.verdict().radius() * r.verdict().radius())).toArray()), 1, true,
                    SeriesMarkers.NONE);
            Charts.line(pl, "observed min ||grad R||^2 / R along GD", m, Charts.log10(rows.stream()
                    .mapToDouble(Row::minPlRatio).toArray()), 2, false, SeriesMarkers.SQUARE);
            Charts.line(pl, "(2/N) lambda_min(Gram) (the r -> 0 limit of the bound)", m, Charts.log10(rows.stream()
                    .mapToDouble(r -> 2.0 / config.n() * r.lambdaMin()).toArray()), 3, true, SeriesMarkers.DIAMOND);
            XYChart dist = Charts.panel("Distance: ball radius vs distance GD travelled", "width m (log scale)",
                    "log10 Euclidean distance ||Theta - Theta0||", true, false);
            Charts.line(dist, "best ball radius r of the criterion", m, Charts.log10(rows.stream()
                    .mapToDouble(r -> r.verdict().radius()).toArray()), 0);
            Charts.line(dist, "certified GD radius R (where the GD criterion holds)", m, Charts.log10(rows.stream()
                    .mapToDouble(r -> r.verdict().verdict().gdHolds() ? r.verdict().verdict().gdRadius() : Double.NaN)
                    .toArray()), 1, true, SeriesMarkers.SQUARE);
            Charts.line(dist, "||Theta(tau) - Theta0|| travelled by GD", m, Charts.log10(rows.stream()
                    .mapToDouble(Row::distance).toArray()), 2);
            XYChart margin = Charts.panel("The criterion: margin r^2 alpha - 4 f0 (> 0: holds)", "width m (log scale)",
                    "sign(margin) * log10(1 + |margin| / f0)", true, false);
            Charts.line(margin, "gradient-flow margin", m, rows.stream().mapToDouble(r -> signedLog(
                    r.verdict().verdict().flowMargin() / r.f0())).toArray(), 0);
            Charts.line(margin, "GD margin at eta", m, rows.stream().mapToDouble(r -> signedLog(
                    r.verdict().verdict().gdMargin() / r.f0())).toArray(), 1, true, SeriesMarkers.SQUARE);
            Charts.line(margin, "zero", new double[]{m[0], m[m.length - 1]}, new double[]{0, 0}, 6, true,
                    SeriesMarkers.NONE);
            for (XYChart c : new XYChart[]{loss, pl, dist, margin}) {
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            }
            String caption = String.format(Locale.ROOT,
                    "certificate-vs-reality: %s, alpha=%s %s, n=N=%d, T=%d, d=%d, last-step loss, %s;"
                            + " GD eta=%s, tau=%d; seed %d", config.activation().name(), config.alpha(),
                    config.law().name().toLowerCase(Locale.ROOT), config.n(), config.timeSteps(), config.inputDim(),
                    config.dataDescription(), config.stepSize(), config.iterations(), config.seed());
            return Charts.compose(caption, 2, loss, pl, dist, margin);
        }

        private static double signedLog(double v) {
            return Math.signum(v) * Math.log10(1 + Math.abs(v));
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("# certificate-vs-reality\n\n");
            sb.append(String.format(Locale.ROOT,
                    "%s, alpha = %s %s, n = N = %d, T = %d, d = %d, last-step loss, %s;"
                            + " GD with eta = %s for tau = %d from the symmetric Theta(0); the verdict is"
                            + " RnnPl.certify(problem, eta, activation, ...) with the certified lambda_min and lambda_max"
                            + " (docs/theory.md §9); seed %d."
                            + "%n%n", config.activation().name(), config.alpha(),
                    config.law().name().toLowerCase(Locale.ROOT), config.n(), config.timeSteps(), config.inputDim(),
                    config.dataDescription(), config.stepSize(), config.iterations(), config.seed()));
            sb.append("| m | lambda_min | best r | alpha >= | 4 f0/r^2 | beta <= | verdict | certified factor/step |"
                    + " GD final / f0 | observed factor/step | min PL ratio along GD | distance travelled |"
                    + " width to pass |\n|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                RnnPlVerdict v = r.verdict();
                String verdict = v.certifiedConvergence() ? "CERTIFIED"
                        : v.verdict().flowHolds() ? "flow only" : "fails";
                sb.append(String.format(Locale.ROOT,
                        "| %d | %.4g | %.3g | %.3g | %.3g | %.3g | %s | %s | %.3g | %.5f | %.3g | %.3g | %.3g |%n",
                        r.width(), r.lambdaMin(), v.radius(), v.alphaLowerBound(),
                        4 * r.f0() / (v.radius() * v.radius()), v.betaUpperBound(), verdict,
                        Double.isNaN(r.certifiedContraction()) ? "-"
                                : String.format(Locale.ROOT, "%.5f", r.certifiedContraction()),
                        r.finalLoss() / r.f0(), r.observedContraction(config.iterations()), r.minPlRatio(),
                        r.distance(), v.widthToPass()));
            }
            sb.append(String.format(Locale.ROOT, "%nf0 = R(Theta0) = %.4g. Factor/step: the loss contraction per GD step,"
                    + " certified 1 - alpha eta (1 - beta eta/2) (where the GD criterion holds) and observed"
                    + " (final/f0)^(1/tau). \"verdict\": CERTIFIED (GD criterion holds with certified constants),"
                    + " \"flow only\" (gradient-flow criterion holds, GD criterion fails at this eta), \"fails\".%n",
                    rows.get(0).f0()));
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

    /** Runs the experiment on {@code backend}. */
    public static Result run(Config c, ExperimentListener listener, Nd4jBackend backend) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(backend, "backend");
        ExperimentListener progress = listener == null ? ExperimentListener.NONE : listener;
        long start = System.nanoTime();
        SequenceDataset data = data(c);
        List<WidthOut> outs = new ArrayList<>();
        double total = c.widths().stream().mapToDouble(Integer::doubleValue).sum();
        double done = 0;
        int stage = 0;
        for (int m : c.widths()) {
            TrainingListener tl = progress.onStage(new ExperimentStage(NAME, "m=" + m + " Gram, verdict and GD",
                    stage++, c.widths().size(), done, total));
            try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(backend.threads()))) {
                outs.add(measure(c, m, data, backend, ntk, tl));
            }
            done += m;
        }
        return assemble(c, data, outs, start);
    }

    /**
     * Runs the experiment's cells (one per width: the Gram spectrum, f0 and the GD run) on the sweep
     * engine, each with its own single-threaded backend and NTK; the verdicts are computed on the
     * driver from the returned numbers. The result equals
     * {@link #run(Config, ExperimentListener, Nd4jBackend)}'s, bit for bit.
     *
     * @throws IllegalArgumentException when the activation cannot travel to a cell (a custom one)
     */
    public static Result run(Config c, ExperimentListener listener, Executor executor) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(executor, "executor");
        long start = System.nanoTime();
        SequenceDataset data = data(c);
        Spec spec = Spec.of(c);
        List<WidthOut> outs = Cells.compute(NAME, new ArrayList<>(c.widths()), m -> {
            Config config = spec.config();
            try (Nd4jBackend backend = Cells.cellBackend();
                 EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(1))) {
                return measure(config, m, data(config), backend, ntk, TrainingListener.NONE);
            }
        }, executor, listener);
        return assemble(c, data, outs, start);
    }

    /** The configuration as serializable values, for cells computed elsewhere. */
    private record Spec(Cells.ActivationRef activation, double alpha, RecurrentLaw law, int n, int timeSteps,
                        int inputDim, double amplitude, List<Integer> widths, double stepSize, int iterations,
                        int period, long seed, int[] digits) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(Cells.ActivationRef.of(c.activation()), c.alpha(), c.law(), c.n(), c.timeSteps(),
                    c.inputDim(), c.amplitude(), new ArrayList<>(c.widths()), c.stepSize(), c.iterations(),
                    c.period(), c.seed(),
                    c.digits() == null ? null : new int[]{c.digits().positive(), c.digits().negative()});
        }

        Config config() {
            return new Config(activation.activation(), alpha, law, n, timeSteps, inputDim, amplitude, widths,
                    stepSize, iterations, period, seed, digits == null ? null : new Digits.Task(digits[0], digits[1]));
        }
    }

    /** The training data: the filter teacher or the digits sample, unit inputs (checked). */
    private static SequenceDataset data(Config c) {
        SequenceDataset data = c.digits() != null ? c.digits().sample(c.n(), c.amplitude(), c.seed())
                : SyntheticTasks.filter(c.n(), c.timeSteps(), c.inputDim(), 0.6, c.amplitude(), c.seed()).generate();
        Experiments.requireUnitInputs(data);
        return data;
    }

    /**
     * What one width's cell measures at Θ0 and along GD; the verdict is formed from these numbers
     * by {@link #assemble}.
     *
     * @param lambdaMin          computed λ_min of the last-step Gram at Θ0
     * @param certifiedLambdaMin λ_min less the allowances
     * @param certifiedLambdaMax λ_max plus the allowances
     * @param maxU               max_i ‖u_i(0)‖₂
     */
    record WidthOut(int width, double lambdaMin, double certifiedLambdaMin, double certifiedLambdaMax, double maxU,
                    double f0, double finalLoss, double minLoss, double minPlRatio, double distance,
                    TrainingStatus gdStatus) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One width: the Gram spectrum with its allowances, f0 and the GD run (progress to {@code tl}). */
    private static WidthOut measure(Config c, int m, SequenceDataset data, Nd4jBackend backend, EmpiricalNtk ntk,
                                    TrainingListener tl) {
        DiagonalRnn theta0 = Initializers.symmetric(c.alpha(), c.law(), WidthVsN.initSeed(c.seed()))
                .initialize(m, c.inputDim(), c.activation());
        GramMatrix gram = ntk.gram(theta0, data, Loss.LAST_STEP);
        double[] targets = RnnCertificates.fittedTargets(data, Loss.LAST_STEP);
        double maxU = maxRowNorm(theta0.u(), c.inputDim());
        double jacobianError = RnnCertificates.jacobianRoundingBound(c.activation().constants(), c.alpha(),
                c.timeSteps(), c.inputDim(), targets.length, maxU, data.maxInputNorm());
        LocalPl.GramSpectrum spectrum = LocalPl.gramSpectrum(gram.toArray(), m * (c.inputDim() + 1.0),
                jacobianError);
        double f0 = backend.loss(theta0, data, Loss.LAST_STEP);
        PlSampler sampler = new PlSampler(backend, data, c.period(), tl);
        TrainingHistory h = Training.run(backend, theta0, data, Loss.LAST_STEP,
                Optimizers.gradientDescent(c.stepSize()), c.iterations(), sampler);
        return new WidthOut(m, spectrum.lambdaMin(), spectrum.certifiedLambdaMin(), spectrum.certifiedLambdaMax(),
                maxU, f0, h.lastLoss(), h.minLoss(), sampler.minRatio, distance(h.last(), theta0), h.status());
    }

    /** The rows, with each width's verdict for GD at the configured step, from the cells in width order. */
    private static Result assemble(Config c, SequenceDataset data, List<WidthOut> outs, long start) {
        double[] targets = RnnCertificates.fittedTargets(data, Loss.LAST_STEP);
        double yMax = data.maxAbsTarget(Loss.LAST_STEP);
        List<Row> rows = new ArrayList<>();
        for (WidthOut o : outs) {
            double certified = o.certifiedLambdaMin();
            RnnPlProblem problem = RnnPlProblem.of(c.activation().constants(), c.alpha(), c.timeSteps(),
                    c.inputDim(), o.width(), Loss.LAST_STEP, targets, certified > 0 ? certified : o.lambdaMin(),
                    Math.max(o.certifiedLambdaMax(), o.lambdaMin()),
                    certified > 0 ? Certification.CERTIFIED : Certification.ESTIMATE, yMax);
            RnnPlVerdict verdict = RnnPl.certify(problem, c.stepSize(), c.activation(), o.maxU(),
                    data.maxInputNorm());
            rows.add(new Row(o.width(), o.lambdaMin(), certified, verdict, o.f0(), o.finalLoss(), o.minLoss(),
                    o.minPlRatio(), o.distance(), o.gdStatus()));
        }
        return new Result(c, rows, (System.nanoTime() - start) / 1e9);
    }

    /** max_i ‖u_i‖₂ of a row-major m×d matrix. */
    static double maxRowNorm(double[] u, int d) {
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

    /** ‖Θ − Θ0‖₂ over (w, U). */
    static double distance(DiagonalRnn theta, DiagonalRnn theta0) {
        double[] w = theta.w();
        double[] w0 = theta0.w();
        double[] u = theta.u();
        double[] u0 = theta0.u();
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (w[i] - w0[i]) * (w[i] - w0[i]);
        }
        for (int i = 0; i < u.length; i++) {
            s += (u[i] - u0[i]) * (u[i] - u0[i]);
        }
        return Math.sqrt(s);
    }

    /** PL ratios are sampled only while R̂ exceeds this fraction of R̂(Θ0). */
    static final double MIN_RELATIVE_LOSS = 1e-10;

    /** Samples ‖∇R̂‖²/R̂ every {@code period} iterates (one extra gradient each) and forwards progress. */
    private static final class PlSampler implements TrainingListener {
        private final Nd4jBackend backend;
        private final SequenceDataset data;
        private final int period;
        private final TrainingListener next;
        private double minRatio = Double.POSITIVE_INFINITY;
        private double initialLoss = Double.NaN;

        PlSampler(Nd4jBackend backend, SequenceDataset data, int period, TrainingListener next) {
            this.backend = backend;
            this.data = data;
            this.period = period;
            this.next = next;
        }

        @Override
        public void onIteration(int iteration, int total, double loss) {
            next.onIteration(iteration, total, loss);
        }

        @Override
        public void onParameters(int iteration, DiagonalRnn parameters) {
            if (iteration % period != 0) {
                return;
            }
            LossGradient g = backend.lossAndGradient(parameters, data, Loss.LAST_STEP);
            if (iteration == 0) {
                initialLoss = g.loss();
            }
            // Below ~1e-10 of the initial loss the ratio is dominated by rounding in the residuals.
            if (g.loss() > MIN_RELATIVE_LOSS * initialLoss) {
                double norm = g.gradientNorm();
                minRatio = Math.min(minRatio, norm * norm / g.loss());
            }
        }
    }
}
