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
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnntk.bounds.APosterioriBound;
import org.rnntk.bounds.Bounds;
import org.rnntk.bounds.GdBound;
import org.rnntk.bounds.GdRadius;
import org.rnntk.bounds.PgdBound;
import org.rnntk.bounds.PgdProblem;
import org.rnntk.spark.sweep.Executor;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Divergence;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.KernelRegimeMonitor;
import org.rnntk.kernels.ntk.KernelRegimeRecord;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;

/**
 * Claim 3 of docs/theory.md §10 (source 1): PGD stays in the kernel regime. At each width, GD and
 * PGD run from the same symmetric Θ(0) on a reference-class teacher, with the same step; a
 * {@link KernelRegimeMonitor} records the loss, the per-neuron drift (units 1/√m), the relative
 * kernel change ‖K(Θ(k)) − K(Θ0)‖_F/‖K(Θ0)‖_F and the linearization error on the training set.
 *
 * <p>Beside each run, the bounds of docs/theory.md §8 for the same problem (α, T, n, ν̄ from the
 * configuration; Ymax and the input-norm bound measured on the data): for GD the drift radius
 * ρ_GD = ητ·G1·Ymax with its hypothesis η ≤ 1/β ({@link Bounds#gdRadius}), the GD regret bound when
 * it applies ({@link Bounds#gdBound}) and the bound with the drift measured over the whole run
 * ({@link Bounds#aPosterioriBound}); for PGD the regret bound with ρ ({@link Bounds#pgdBound}); one
 * row per run in the extra table {@code bounds}. With {@code boundIterations} &gt; 0 a further GD
 * run per width uses the largest step, at most η, for which gdRadius certifies η ≤ 1/β (times
 * {@link #BOUND_STEP_MARGIN}), so that the GD drift bound applies to at least one run.
 */
public final class PgdVsGd {

    /** The command name and file stem. */
    public static final String NAME = "pgd-vs-gd";

    private PgdVsGd() {
    }

    /**
     * @param activation σ
     * @param alpha      initialization scale α (w(0) ~ law)
     * @param law        the law of w(0)
     * @param n          sequences
     * @param timeSteps  T
     * @param inputDim   d
     * @param nuBar      ν̄_w = ν̄_u of the teacher
     * @param rho        PGD radii ρ_w = ρ_u
     * @param widths     the widths, increasing and even
     * @param stepSize   η of both optimizers
     * @param iterations τ
     * @param period     record every {@code period} iterations
     * @param seed       data, teacher and initialization seed
     * @param delta      failure probability δ ∈ (0, 1) of the §8 bounds
     * @param boundIterations τ of the extra GD run per width at a step η ≤ 1/β; 0 for none
     */
    public record Config(Activation activation, double alpha, RecurrentLaw law, int n, int timeSteps, int inputDim,
                         double nuBar, double rho, List<Integer> widths, double stepSize, int iterations, int period,
                         long seed, double delta, int boundIterations) {

        public Config {
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(law, "law");
            Checks.nonNegative("alpha", alpha);
            Checks.positive("n", n);
            Checks.positive("time steps T", timeSteps);
            Checks.positive("input dimension d", inputDim);
            Checks.positive("nuBar", nuBar);
            Checks.positive("rho", rho);
            widths = Experiments.increasing("widths", widths, 2);
            for (int m : widths) {
                Checks.evenWidth("width m", m);
            }
            Checks.positive("step size eta", stepSize);
            Checks.positive("iterations", iterations);
            Checks.positive("period", period);
            if (!(delta > 0 && delta < 1)) {
                throw new IllegalArgumentException("delta (" + delta + ") must be in (0, 1)");
            }
            Checks.nonNegative("boundIterations", boundIterations);
        }

        /** δ = 0.05 and no extra GD run at η ≤ 1/β. */
        public Config(Activation activation, double alpha, RecurrentLaw law, int n, int timeSteps, int inputDim,
                      double nuBar, double rho, List<Integer> widths, double stepSize, int iterations, int period,
                      long seed) {
            this(activation, alpha, law, n, timeSteps, inputDim, nuBar, rho, widths, stepSize, iterations, period,
                    seed, 0.05, 0);
        }

        /** The defaults of {@code rnntk experiment pgd-vs-gd}. */
        public static Config defaults() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 16, 5, 4, 1.0, 1.0,
                    List.of(16, 64, 256, 1024, 4096), 4.0, 1000, 20, 1);
        }

        /**
         * {@code --scale paper}: n = 64, T = 8, d = 4, m up to 16384, τ = 1000 at η = 4, and the GD
         * run at η ≤ 1/β with τ = 2000 (run time in docs/experiments.md §3).
         */
        public static Config paper() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 64, 8, 4, 1.0, 1.0,
                    List.of(16, 64, 256, 1024, 4096, 16384), 4.0, 1000, 50, 1, 0.05, 2000);
        }

        /** A tiny instance for tests and notebooks, with the GD run at η ≤ 1/β. */
        public static Config tiny() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 4, 3, 2, 1.0, 1.0, List.of(8, 32), 2.0, 20,
                    5, 1, 0.05, 20);
        }

        /** The same configuration with τ of the extra GD run at η ≤ 1/β (0: none). */
        public Config withBoundIterations(int value) {
            return new Config(activation, alpha, law, n, timeSteps, inputDim, nuBar, rho, widths, stepSize, iterations,
                    period, seed, delta, value);
        }
    }

    /** The fraction of the largest admissible step the extra GD run uses (a margin visible in the CSV). */
    public static final double BOUND_STEP_MARGIN = 0.9;

    /**
     * One recorded iterate of one run.
     *
     * @param optimizer GD or PGD
     * @param width     m
     * @param eta       the step of the run
     * @param boundStep whether this is the extra GD run at a step η ≤ 1/β (see {@link Config#boundIterations()})
     * @param record    the monitor's record
     */
    public record Row(String optimizer, int width, double eta, boolean boundStep, KernelRegimeRecord record) {
    }

    /**
     * The §8 bounds beside one run (docs/theory.md §8). Losses are R̂; the regret bounds bound
     * min_{k&lt;τ} R̂(Θ(k)) − R̂(f), where f is the teacher (its targets are a Monte-Carlo estimate of
     * f, so R̂(f) is that estimate's error, ≥ 0; comparing the measured minimum with the bound alone
     * is the stricter check).
     *
     * @param optimizer   GD or PGD
     * @param boundStep   whether this is the extra GD run at η ≤ 1/β
     * @param m           the width
     * @param eta         η
     * @param tau         τ
     * @param minLoss     min over every iterate k &lt; τ of R̂(Θ(k))
     * @param maxDriftW   max over the run and neurons of √m|w_i(k) − w_i(0)|
     * @param maxDriftU   max over the run and neurons of √m‖u_i(k) − u_i(0)‖
     * @param diverged    whether the divergence rule stopped the run
     * @param status      GD: the {@link GdRadius.Status} at (m, τ, η); PGD: APPLIES or REFUSED
     * @param radius      GD: ρ_GD and β at (m, τ, η); null for PGD
     * @param largestStep GD: the largest step ≤ the configured η at which the GD drift bound applies for
     *                    this m and τ ({@link #largestAdmissibleStep}); NaN for PGD
     * @param gdBound     GD: the bound when the drift radius applies, else null
     * @param aPosteriori GD: the bound with the measured drift, else null
     * @param pgdBound    PGD: the bound with ρ, null for GD or when refused
     * @param refusal     why a bound was refused, or empty
     */
    public record RunBounds(String optimizer, boolean boundStep, int m, double eta, int tau, double minLoss,
                            double maxDriftW, double maxDriftU, boolean diverged, String status, GdRadius radius,
                            double largestStep, PgdBound gdBound, APosterioriBound aPosteriori, PgdBound pgdBound, String refusal) {

        public RunBounds {
            Objects.requireNonNull(optimizer, "optimizer");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(refusal, "refusal");
        }

        /** sqrt(maxDriftW² + maxDriftU²): an upper bound on the joint per-neuron drift ρ_GD bounds. */
        public double jointDriftUpperBound() {
            return Math.hypot(maxDriftW, maxDriftU);
        }

        /** The run's label in the summary. */
        public String label() {
            return boundStep ? optimizer + " (eta <= 1/beta)" : optimizer;
        }
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Row> rows, double initialLoss, double seconds,
                         Map<String, Divergence> divergences, PgdProblem problem, List<RunBounds> bounds)
            implements ExperimentReport {

        /**
         * @param divergences the runs stopped by the divergence rule, keyed {@code "GD m=16"}; their rows
         *                    end at the last recorded iterate
         * @param problem     the §8 problem of the data (Ymax and input-norm bound measured), ρ = the PGD radius
         * @param bounds      one entry per run, in cell order
         */
        public Result {
            rows = List.copyOf(rows);
            divergences = Map.copyOf(divergences);
            Objects.requireNonNull(problem, "problem");
            bounds = List.copyOf(bounds);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("optimizer", "m", "k", "loss", "max_drift_w", "max_drift_u", "mean_drift_w",
                    "mean_drift_u", "relative_kernel_change", "linearization_error", "max_output_change", "eta",
                    "step_rule");
            for (Row r : rows) {
                KernelRegimeRecord k = r.record();
                t.add(r.optimizer(), r.width(), k.iteration(), k.loss(), k.drift().maxW(), k.drift().maxU(),
                        k.drift().meanW(), k.drift().meanU(), k.relativeKernelChange(), k.linearizationError(),
                        k.maxOutputChange(), r.eta(), r.boundStep() ? "max_admissible" : "fixed");
            }
            return t;
        }

        /**
         * {@code bounds}: one row per run with the measurements the §8 bounds speak of and the bounds,
         * NaN where a bound does not apply ({@code status} says why).
         */
        @Override
        public Map<String, CsvTable> extraTables() {
            CsvTable t = new CsvTable("optimizer", "step_rule", "m", "eta", "tau", "diverged", "min_loss",
                    "initial_loss", "max_drift_w_run", "max_drift_u_run", "joint_drift_upper", "status", "rho_gd",
                    "one_over_beta", "largest_admissible_step", "g1", "hessian_m", "y_max", "input_norm_bound", "delta", "gd_bound",
                    "a_posteriori_bound", "a_posteriori_residual", "pgd_rho", "pgd_bound", "pgd_residual");
            double nan = Double.NaN;
            for (RunBounds b : bounds) {
                GdRadius r = b.radius();
                boolean hasBeta = r != null && r.status() != GdRadius.Status.NO_FINITE_RADIUS;
                t.add(b.optimizer(), b.boundStep() ? "max_admissible" : "fixed", b.m(), b.eta(), b.tau(),
                        b.diverged(), b.minLoss(), initialLoss, b.maxDriftW(), b.maxDriftU(),
                        b.jointDriftUpperBound(), b.status(),
                        r != null && r.isFinite() ? r.rhoGD() : nan, hasBeta ? r.maxStep() : nan, b.largestStep(),
                        hasBeta ? r.g1() : nan, hasBeta ? r.hessianM() : nan, problem.yMax(),
                        problem.inputNormBound(), config.delta(), b.gdBound() == null ? nan : b.gdBound().total(),
                        b.aPosteriori() == null ? nan : b.aPosteriori().bound().total(),
                        b.aPosteriori() == null ? "" : b.aPosteriori().bound().residualBound().name(),
                        b.optimizer().equals("PGD") ? config.rho() : nan,
                        b.pgdBound() == null ? nan : b.pgdBound().total(),
                        b.pgdBound() == null ? "" : b.pgdBound().residualBound().name());
            }
            return Map.of("bounds", t);
        }

        private List<KernelRegimeRecord> select(String optimizer, int m, boolean boundStep) {
            return rows.stream().filter(r -> r.optimizer().equals(optimizer) && r.width() == m
                    && r.boundStep() == boundStep).map(Row::record).toList();
        }

        private List<KernelRegimeRecord> select(String optimizer, int m) {
            return select(optimizer, m, false);
        }

        /** The last record of a run at the configured step. */
        public KernelRegimeRecord last(String optimizer, int m) {
            List<KernelRegimeRecord> s = select(optimizer, m);
            return s.get(s.size() - 1);
        }

        /** The bounds of a run. */
        public RunBounds bounds(String optimizer, int m, boolean boundStep) {
            return bounds.stream().filter(b -> b.optimizer().equals(optimizer) && b.m() == m
                    && b.boundStep() == boundStep).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "no run " + optimizer + " at m = " + m + (boundStep ? " with eta <= 1/beta" : "")));
        }

        @Override
        public BufferedImage figure() {
            XYChart loss = Charts.panel("Training loss (solid GD, dashed PGD)", "iteration k",
                    "training loss R(Theta(k)) (log scale)", false, true);
            XYChart drift = Charts.panel("Max per-neuron drift (solid GD, dashed PGD; PGD radius rho)", "iteration k",
                    "max_i sqrt(m)*max(|dw_i|, ||du_i||)", false, false);
            XYChart kernel = Charts.panel("Relative NTK change ||K(k) - K(0)||_F / ||K(0)||_F", "iteration k",
                    "relative kernel change (log scale)", false, true);
            XYChart fin = Charts.panel("At the last iterate, against width", "width m (log scale)",
                    "value at k = tau (log scale)", true, true);
            for (XYChart c : new XYChart[]{loss, drift, kernel, fin}) {
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            }
            List<Integer> ws = config.widths();
            for (int i = 0; i < ws.size(); i++) {
                int m = ws.get(i);
                for (String opt : new String[]{"GD", "PGD"}) {
                    boolean dashed = opt.equals("PGD");
                    List<KernelRegimeRecord> s = select(opt, m);
                    double[] k = s.stream().mapToDouble(KernelRegimeRecord::iteration).toArray();
                    String label = opt + " m=" + m;
                    Charts.line(loss, label, k, s.stream().mapToDouble(KernelRegimeRecord::loss).toArray(), i, dashed,
                            SeriesMarkers.NONE);
                    Charts.line(drift, label, k, s.stream()
                            .mapToDouble(r -> Math.max(r.drift().maxW(), r.drift().maxU())).toArray(), i, dashed,
                            SeriesMarkers.NONE);
                    Charts.line(kernel, label, k, s.stream().mapToDouble(KernelRegimeRecord::relativeKernelChange)
                            .toArray(), i, dashed, SeriesMarkers.NONE);
                }
            }
            double[] m = Experiments.toArray(ws);
            Charts.line(fin, "GD: relative kernel change", m, ws.stream()
                    .mapToDouble(w -> last("GD", w).relativeKernelChange()).toArray(), 0);
            Charts.line(fin, "PGD: relative kernel change", m, ws.stream()
                    .mapToDouble(w -> last("PGD", w).relativeKernelChange()).toArray(), 0, true, SeriesMarkers.SQUARE);
            Charts.line(fin, "GD: loss / initial loss", m, ws.stream()
                    .mapToDouble(w -> last("GD", w).loss() / initialLoss).toArray(), 1);
            Charts.line(fin, "PGD: loss / initial loss", m, ws.stream()
                    .mapToDouble(w -> last("PGD", w).loss() / initialLoss).toArray(), 1, true, SeriesMarkers.SQUARE);
            Charts.line(fin, "GD: |F - F_lin| max", m, ws.stream()
                    .mapToDouble(w -> last("GD", w).linearizationError()).toArray(), 2);
            Charts.line(fin, "PGD: |F - F_lin| max", m, ws.stream()
                    .mapToDouble(w -> last("PGD", w).linearizationError()).toArray(), 2, true, SeriesMarkers.SQUARE);
            String caption = String.format(Locale.ROOT,
                    "pgd-vs-gd: %s, alpha=%s %s, n=%d, T=%d, d=%d, reference-class teacher nuBar=%s, all-steps loss,"
                            + " eta=%s for both, PGD rho=%s, tau=%d, same Theta(0) per width (seed %d)",
                    config.activation().name(), config.alpha(), config.law().name().toLowerCase(Locale.ROOT),
                    config.n(), config.timeSteps(), config.inputDim(), config.nuBar(), config.stepSize(), config.rho(),
                    config.iterations(), config.seed());
            return Charts.compose(caption, 2, loss, drift, kernel, fin);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("# pgd-vs-gd\n\n");
            sb.append(String.format(Locale.ROOT,
                    "%s, alpha = %s %s, n = %d, T = %d, d = %d, reference-class teacher nuBar = %s, all-steps loss"
                            + " (R(Theta0) = %.4g); GD and PGD (rho = %s) with eta = %s, tau = %d, from the same"
                            + " Theta(0) per width; seed %d. Values at k = tau; drift in units 1/sqrt(m).%n%n",
                    config.activation().name(), config.alpha(), config.law().name().toLowerCase(Locale.ROOT),
                    config.n(), config.timeSteps(), config.inputDim(), config.nuBar(), initialLoss, config.rho(),
                    config.stepSize(), config.iterations(), config.seed()));
            sb.append("| m | optimizer | loss | loss / R(Theta0) | max drift w | max drift u | rel. kernel change |"
                    + " max abs(F - F_lin) | max abs(F - F(Theta0)) |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int m : config.widths()) {
                for (String opt : new String[]{"GD", "PGD", "GD*"}) {
                    boolean small = opt.equals("GD*");
                    if (small && config.boundIterations() == 0) {
                        continue;
                    }
                    String o = small ? "GD" : opt;
                    List<KernelRegimeRecord> s = select(o, m, small);
                    KernelRegimeRecord k = s.get(s.size() - 1);
                    Divergence dv = divergences.get(key(o, m, small));
                    String name = small ? String.format(Locale.ROOT, "GD (eta = %.4g <= 1/beta, tau = %d)",
                            bounds(o, m, true).eta(), config.boundIterations()) : opt;
                    String label = dv == null ? name : name + " (DIVERGED: " + dv.describe() + "; values at k = "
                            + k.iteration() + ")";
                    sb.append(String.format(Locale.ROOT, "| %d | %s | %.4g | %.4g | %.4g | %.4g | %.4g | %.4g | %.4g |%n",
                            m, label, k.loss(), k.loss() / initialLoss, k.drift().maxW(), k.drift().maxU(),
                            k.relativeKernelChange(), k.linearizationError(), k.maxOutputChange()));
                }
            }
            sb.append(boundsSummary());
            sb.append(String.format(Locale.ROOT, "%nRun time %.1f s (machine dependent; every number above is"
                    + " deterministic given the configuration).%n", seconds));
            return sb.toString();
        }

        private String boundsSummary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%nBounds of docs/theory.md section 8 (delta = %s; Ymax = %.4g and"
                            + " max ||x_t|| = %.4g measured on the data; nuBar = %s): each bounds min_{k<tau} R(Theta(k))"
                            + " - R(f) (R(f) >= 0 is the teacher's Monte-Carlo error). GD: rho_GD = eta tau G1 Ymax,"
                            + " valid only when eta <= 1/beta; the GD bound uses rho = max(rho_GD, nuBar); the"
                            + " a-posteriori bound uses the drift measured over the whole run. Drift = max over the"
                            + " run of max(w, u) drift, units 1/sqrt(m); joint <= sqrt(w^2 + u^2).%n%n",
                    config.delta(), problem.yMax(), problem.inputNormBound(), config.nuBar()));
            sb.append("| m | run | eta | tau | min loss | drift w, u (run max) | GD radius status | 1/beta |"
                    + " largest admissible eta at this tau | rho_GD | GD bound | a-posteriori bound | PGD bound (rho) |"
                    + " bound / min loss |\n|---:|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (RunBounds b : bounds) {
                GdRadius r = b.radius();
                boolean gd = r != null;
                double tight = gd ? (b.gdBound() != null ? b.gdBound().total() : b.aPosteriori().bound().total())
                        : b.pgdBound() == null ? Double.NaN : b.pgdBound().total();
                sb.append(String.format(Locale.ROOT, "| %d | %s%s | %.4g | %d | %.4g | %.4g, %.4g | %s | %s | %s | %s |"
                                + " %s | %s | %s | %s |%n",
                        b.m(), b.label(), b.diverged() ? " (DIVERGED)" : "", b.eta(), b.tau(), b.minLoss(),
                        b.maxDriftW(), b.maxDriftU(), b.status(),
                        gd && r.status() != GdRadius.Status.NO_FINITE_RADIUS ? num(r.maxStep()) : "-",
                        gd ? num(b.largestStep()) : "-",
                        gd && r.isFinite() ? num(r.rhoGD()) : "-",
                        b.gdBound() == null ? "-" : num(b.gdBound().total()),
                        b.aPosteriori() == null ? "-" : num(b.aPosteriori().bound().total()) + " ("
                                + b.aPosteriori().bound().residualBound().name().toLowerCase(Locale.ROOT) + ")",
                        b.pgdBound() == null ? "-" : num(b.pgdBound().total()) + " ("
                                + b.pgdBound().residualBound().name().toLowerCase(Locale.ROOT) + ")",
                        Double.isNaN(tight) ? "-" : num(tight / b.minLoss())));
            }
            List<String> refusals = bounds.stream().filter(b -> !b.refusal().isEmpty())
                    .map(b -> b.label() + " m=" + b.m() + ": " + b.refusal()).distinct().toList();
            if (!refusals.isEmpty()) {
                sb.append("\nNot applicable:\n");
                refusals.forEach(s -> sb.append("- ").append(s).append('\n'));
            }
            sb.append("\nLast column: the GD bound where it applies, else the a-posteriori bound (GD), or the PGD"
                    + " bound, divided by the measured min loss.\n");
            return sb.toString();
        }

        private static String num(double x) {
            return String.format(Locale.ROOT, "%.3g", x);
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
        List<Cell> cells = cells(c);
        double total = cells.stream().mapToDouble(cell -> cost(c, cell)).sum();
        double done = 0;
        int stage = 0;
        List<Monitored.Run> outs = new ArrayList<>();
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(backend.threads()))) {
            for (Cell cell : cells) {
                int m = c.widths().get(cell.width());
                TrainingListener tl = progress.onStage(new ExperimentStage(NAME, key(cell.optimizer(), m,
                        cell.boundStep()), stage++, cells.size(), done, total));
                outs.add(train(c, cell, data, backend, ntk, tl));
                done += cost(c, cell);
            }
        }
        return assemble(c, data, outs, start);
    }

    /**
     * Runs the experiment's cells (GD and PGD at each width) on the sweep engine; each cell builds its
     * own single-threaded backend and NTK. The result equals
     * {@link #run(Config, ExperimentListener, Nd4jBackend)}'s, bit for bit.
     *
     * @throws IllegalArgumentException when the activation cannot travel to a cell (a custom one)
     */
    public static Result run(Config c, ExperimentListener listener, Executor executor) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(executor, "executor");
        long start = System.nanoTime();
        Spec spec = Spec.of(c);
        List<Monitored.Run> outs = Cells.compute(NAME, cells(c), cell -> {
            Config config = spec.config();
            try (Nd4jBackend backend = Cells.cellBackend();
                 EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(1))) {
                return train(config, cell, data(config), backend, ntk, TrainingListener.NONE);
            }
        }, executor, listener);
        return assemble(c, data(c), outs, start);
    }

    /**
     * One cell: the run of {@code optimizer} (GD or PGD) at width index {@code width}; {@code boundStep}:
     * the extra GD run at η ≤ 1/β.
     */
    record Cell(int width, String optimizer, boolean boundStep) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Width outer, then GD, PGD and (with boundIterations &gt; 0) GD at η ≤ 1/β. */
    static List<Cell> cells(Config c) {
        List<Cell> cells = new ArrayList<>();
        for (int w = 0; w < c.widths().size(); w++) {
            cells.add(new Cell(w, "GD", false));
            cells.add(new Cell(w, "PGD", false));
            if (c.boundIterations() > 0) {
                cells.add(new Cell(w, "GD", true));
            }
        }
        return cells;
    }

    private static double cost(Config c, Cell cell) {
        return (double) c.widths().get(cell.width()) * (cell.boundStep() ? c.boundIterations() : c.iterations());
    }

    private static String key(String optimizer, int m, boolean boundStep) {
        return optimizer + (boundStep ? " (eta <= 1/beta)" : "") + " m=" + m;
    }

    /** The configuration as serializable values, for cells computed elsewhere. */
    private record Spec(Cells.ActivationRef activation, double alpha, RecurrentLaw law, int n, int timeSteps,
                        int inputDim, double nuBar, double rho, List<Integer> widths, double stepSize, int iterations,
                        int period, long seed, double delta, int boundIterations) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(Cells.ActivationRef.of(c.activation()), c.alpha(), c.law(), c.n(), c.timeSteps(),
                    c.inputDim(), c.nuBar(), c.rho(), new ArrayList<>(c.widths()), c.stepSize(), c.iterations(),
                    c.period(), c.seed(), c.delta(), c.boundIterations());
        }

        Config config() {
            return new Config(activation.activation(), alpha, law, n, timeSteps, inputDim, nuBar, rho, widths,
                    stepSize, iterations, period, seed, delta, boundIterations);
        }
    }

    private static SequenceDataset data(Config c) {
        return SyntheticTasks.referenceClass(c.n(), c.timeSteps(), c.inputDim(), c.activation(),
                c.alpha(), c.law(), c.nuBar(), c.nuBar(), c.seed()).generate();
    }

    /**
     * The §8 problem of the configuration on {@code data}: α, T, n, the activation's constants, the
     * data's Ymax and largest input norm (read by {@link PgdProblem#from}), ν̄ of the teacher and ρ of PGD.
     */
    static PgdProblem problem(Config c, SequenceDataset data) {
        return PgdProblem.from(Initializers.symmetric(c.alpha(), c.law(), WidthVsN.initSeed(c.seed())),
                c.activation(), data, Optimizers.projected(c.stepSize(), c.rho(), c.rho()), Loss.ALL_STEPS)
                .withNuBar(c.nuBar(), c.nuBar());
    }

    /**
     * The step of the extra GD run at width m: {@link #BOUND_STEP_MARGIN} times
     * {@link #largestAdmissibleStep} at (m, boundIterations), checked to be admissible.
     */
    static double boundStep(Config c, PgdProblem p, int m) {
        int tau = c.boundIterations();
        double eta = BOUND_STEP_MARGIN * largestAdmissibleStep(p, m, tau, c.stepSize());
        GdRadius r = Bounds.gdRadius(p, m, tau, eta);
        if (!r.isFinite()) {
            throw new IllegalStateException("the step " + eta + " chosen below the largest admissible one is not"
                    + " admissible: " + r);
        }
        return eta;
    }

    /**
     * The largest η ≤ {@code cap} for which {@link Bounds#gdRadius} at (m, τ, η) is FINITE, i.e. the GD
     * drift bound's hypothesis η ≤ 1/β holds (the set of such η is an interval from 0, since ρ_GD and
     * β grow with η), by halving and then 60 bisection steps; the result is admissible.
     */
    static double largestAdmissibleStep(PgdProblem p, int m, int tau, double cap) {
        double hi = cap;
        if (Bounds.gdRadius(p, m, tau, hi).isFinite()) {
            return hi;
        }
        double lo = hi;
        for (int i = 0; !Bounds.gdRadius(p, m, tau, lo).isFinite(); i++) {
            if (i >= 1000) {
                throw new IllegalStateException("no step eta > 2^-1000 * " + hi + " satisfies eta <= 1/beta at m = "
                        + m + ", tau = " + tau);
            }
            hi = lo;
            lo = lo / 2;
        }
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (lo + hi);
            if (Bounds.gdRadius(p, m, tau, mid).isFinite()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static Monitored.Run train(Config c, Cell cell, SequenceDataset data, Nd4jBackend backend,
                                       EmpiricalNtk ntk, TrainingListener tl) {
        int m = c.widths().get(cell.width());
        DiagonalRnn theta0 = Initializers.symmetric(c.alpha(), c.law(), WidthVsN.initSeed(c.seed()))
                .initialize(m, c.inputDim(), c.activation());
        if (cell.boundStep()) {
            double eta = boundStep(c, problem(c, data), m);
            return Monitored.train(backend, ntk, theta0, data, Loss.ALL_STEPS, Optimizers.gradientDescent(eta),
                    c.boundIterations(), c.period(), tl);
        }
        Optimizer opt = cell.optimizer().equals("GD") ? Optimizers.gradientDescent(c.stepSize())
                : Optimizers.projected(c.stepSize(), c.rho(), c.rho());
        return Monitored.train(backend, ntk, theta0, data, Loss.ALL_STEPS, opt, c.iterations(), c.period(), tl);
    }

    /** The result from the cells, in {@link #cells} order. */
    private static Result assemble(Config c, SequenceDataset data, List<Monitored.Run> outs, long start) {
        PgdProblem problem = problem(c, data);
        List<Row> rows = new ArrayList<>();
        List<RunBounds> bounds = new ArrayList<>();
        Map<String, Divergence> divergences = new LinkedHashMap<>();
        double initialLoss = Double.NaN;
        List<Cell> cells = cells(c);
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            int m = c.widths().get(cell.width());
            Monitored.Run out = outs.get(i);
            double eta = cell.boundStep() ? boundStep(c, problem, m) : c.stepSize();
            int tau = cell.boundStep() ? c.boundIterations() : c.iterations();
            if (out.divergence() != null) {
                divergences.put(key(cell.optimizer(), m, cell.boundStep()), out.divergence());
            }
            for (KernelRegimeRecord r : out.records()) {
                rows.add(new Row(cell.optimizer(), m, eta, cell.boundStep(), r));
            }
            bounds.add(bounds(c, problem, cell.optimizer(), cell.boundStep(), m, eta, tau, out));
            initialLoss = out.records().get(0).loss();
        }
        return new Result(c, rows, initialLoss, (System.nanoTime() - start) / 1e9, divergences, problem, bounds);
    }

    private static RunBounds bounds(Config c, PgdProblem problem, String optimizer, boolean boundStep, int m,
                                    double eta, int tau, Monitored.Run out) {
        if (optimizer.equals("PGD")) {
            try {
                PgdBound b = Bounds.pgdBound(problem, m, tau, eta, c.delta());
                return new RunBounds(optimizer, boundStep, m, eta, tau, out.minLoss(), out.maxDriftW(),
                        out.maxDriftU(), out.diverged(), "APPLIES", null, Double.NaN, null, null, b, "");
            } catch (IllegalArgumentException e) {
                return new RunBounds(optimizer, boundStep, m, eta, tau, out.minLoss(), out.maxDriftW(),
                        out.maxDriftU(), out.diverged(), "REFUSED", null, Double.NaN, null, null, null,
                        e.getMessage());
            }
        }
        GdRadius radius = Bounds.gdRadius(problem, m, tau, eta);
        PgdBound gd = null;
        String refusal = "";
        if (radius.isFinite()) {
            GdBound g = Bounds.gdBound(problem, m, tau, eta, c.delta());
            gd = g.bound().orElseThrow(() -> new IllegalStateException("a FINITE GD radius without a bound: " + g));
        } else {
            refusal = radius.message();
        }
        APosterioriBound post = Bounds.aPosterioriBound(problem, m, tau, eta, c.delta(), out.maxDriftW(),
                out.maxDriftU());
        return new RunBounds(optimizer, boundStep, m, eta, tau, out.minLoss(), out.maxDriftW(), out.maxDriftU(),
                out.diverged(), radius.status().name(), radius, largestAdmissibleStep(problem, m, tau, c.stepSize()), gd, post,
                null, refusal);
    }
}
