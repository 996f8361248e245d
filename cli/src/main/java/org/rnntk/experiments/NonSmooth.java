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
import org.rnntk.bounds.Bounds;
import org.rnntk.bounds.PgdProblem;
import org.rnntk.bounds.WidthRequirement;
import org.rnntk.core.Activation;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.KernelRegimeRecord;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.spark.sweep.Executor;

/**
 * Open question (1) of source 1: non-smooth activations. GD with one step size, from the same
 * symmetric Θ(0) law, for tanh (the smooth reference), softplus_β with growing β and ReLU
 * ({@link NonSmoothActivations}), at several widths, on a filter teacher (its targets do not
 * depend on the student's activation). A {@link org.rnntk.kernels.ntk.KernelRegimeMonitor}
 * records the loss, drift and relative change of the empirical all-steps NTK.
 *
 * <p>The bounds: each activation's constants are requested; ReLU and softplus are refused with
 * the reason. As a labelled diagnostic for softplus_β (not a guarantee), {@code Bounds.requiredWidth}
 * is evaluated with σ1 = 1, σ2 = β/4 and σ0 replaced by the largest |h_t| of the widest network at
 * Θ(0) on the data, the teacher's ν̄ = ρ = 1 assumed: it shows how the width bound depends on
 * the sharpness alone.
 */
public final class NonSmooth {

    /** The command name and file stem. */
    public static final String NAME = "non-smooth";

    private NonSmooth() {
    }

    /**
     * @param activations the activations compared (any, including ones the bounds refuse)
     * @param alpha       initialization scale α
     * @param law         the law of w(0)
     * @param n           sequences
     * @param timeSteps   T
     * @param inputDim    d
     * @param amplitude   filter-teacher amplitude A (memory 0.6)
     * @param widths      the widths, increasing and even
     * @param stepSize    GD step η
     * @param iterations  τ
     * @param period      record every {@code period} iterations
     * @param targetRatio ε of the diagnostic bound as a fraction of R̂(Θ0)
     * @param seed        data and initialization seed
     */
    public record Config(List<Activation> activations, double alpha, RecurrentLaw law, int n, int timeSteps,
                         int inputDim, double amplitude, List<Integer> widths, double stepSize, int iterations,
                         int period, double targetRatio, long seed) {

        public Config {
            activations = List.copyOf(activations);
            if (activations.isEmpty()) {
                throw new IllegalArgumentException("activations must not be empty");
            }
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
            Checks.openInterval("targetRatio", targetRatio, 0, 1);
        }

        /** The defaults of {@code rnntk experiment non-smooth}. */
        public static Config defaults() {
            return new Config(List.of(Activations.tanh(), NonSmoothActivations.softplus(1),
                    NonSmoothActivations.softplus(4), NonSmoothActivations.softplus(16), NonSmoothActivations.softplus(64),
                    NonSmoothActivations.relu()), 0.5, RecurrentLaw.UNIFORM, 16, 5, 4, 0.5,
                    List.of(16, 64, 256, 1024), 2.0, 500, 25, 0.02, 1);
        }

        /** A tiny instance for tests and notebooks. */
        public static Config tiny() {
            return new Config(List.of(Activations.tanh(), NonSmoothActivations.softplus(1),
                    NonSmoothActivations.softplus(16), NonSmoothActivations.relu()), 0.5, RecurrentLaw.UNIFORM, 4, 3, 2,
                    0.5, List.of(16, 256), 1.0, 30, 10, 0.02, 1);
        }
    }

    /** One recorded iterate. */
    public record Row(String activation, int width, KernelRegimeRecord record) {
    }

    /**
     * What the bounds say about one activation.
     *
     * @param refusal          the reason the constants are refused, empty when they exist
     * @param sigma2           σ2 when finite (NaN otherwise)
     * @param effectiveSigma0  the largest |h_t| of the widest network at Θ(0) on the data
     * @param diagnosticWidth  requiredWidth with σ0 replaced by effectiveSigma0 (null when σ2 is
     *                         infinite or the constants exist anyway)
     * @param width            requiredWidth with the activation's own constants (null when refused)
     */
    public record BoundRow(String activation, String refusal, double sigma2, double effectiveSigma0,
                           WidthRequirement width, WidthRequirement diagnosticWidth) {

        double log10() {
            WidthRequirement w = width != null ? width : diagnosticWidth;
            return w == null ? Double.NaN : w.log10Width();
        }
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Row> rows, List<String> diverged, List<BoundRow> bounds,
                         double initialLoss, double seconds) implements ExperimentReport {

        public Result {
            rows = List.copyOf(rows);
            diverged = List.copyOf(diverged);
            bounds = List.copyOf(bounds);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("activation", "m", "k", "loss", "max_drift_w", "max_drift_u",
                    "relative_kernel_change", "linearization_error");
            for (Row r : rows) {
                KernelRegimeRecord k = r.record();
                t.add(r.activation(), r.width(), k.iteration(), k.loss(), k.drift().maxW(), k.drift().maxU(),
                        k.relativeKernelChange(), k.linearizationError());
            }
            return t;
        }

        /** The last record of one run. */
        public KernelRegimeRecord last(String activation, int m) {
            List<KernelRegimeRecord> s = select(activation, m);
            return s.get(s.size() - 1);
        }

        /** Whether the run diverged (its records stop before τ). */
        public boolean diverged(String activation, int m) {
            return diverged.contains(activation + "@" + m);
        }

        /** Least-squares slope of log10(relative kernel change at the last iterate) against log10 m. */
        public double kernelChangeSlope(String activation) {
            double[] m = config.widths().stream().mapToDouble(Math::log10).toArray();
            double[] k = config.widths().stream().mapToDouble(w -> last(activation, w).relativeKernelChange())
                    .map(v -> v > 0 ? Math.log10(v) : Double.NaN).toArray();
            return Stats.fit(m, k).slope();
        }

        private List<KernelRegimeRecord> select(String activation, int m) {
            return rows.stream().filter(r -> r.activation().equals(activation) && r.width() == m).map(Row::record)
                    .toList();
        }

        private List<String> names() {
            return config.activations().stream().map(Activation::name).toList();
        }

        @Override
        public Map<String, CsvTable> extraTables() {
            CsvTable s = new CsvTable("activation", "m", "final_loss_over_initial", "diverged", "max_drift",
                    "relative_kernel_change", "linearization_error", "kernel_change_slope_vs_m");
            for (String a : names()) {
                double slope = kernelChangeSlope(a);
                for (int m : config.widths()) {
                    KernelRegimeRecord k = last(a, m);
                    s.add(a, m, k.loss() / initialLoss, diverged(a, m), Math.max(k.drift().maxW(), k.drift().maxU()),
                            k.relativeKernelChange(), k.linearizationError(), slope);
                }
            }
            CsvTable b = new CsvTable("activation", "constants", "sigma2", "effective_sigma0", "log10_width",
                    "width_kind");
            for (BoundRow r : bounds) {
                b.add(r.activation(), r.refusal().isEmpty() ? "accepted" : "refused", r.sigma2(), r.effectiveSigma0(),
                        r.log10(), r.width() != null ? "bound" : r.diagnosticWidth() != null
                                ? "diagnostic (sigma0 := max|h| at Theta0)" : "none");
            }
            Map<String, CsvTable> map = new LinkedHashMap<>();
            map.put("summary", s);
            map.put("bounds", b);
            return map;
        }

        @Override
        public BufferedImage figure() {
            int mMax = config.widths().get(config.widths().size() - 1);
            XYChart loss = Charts.panel("GD training loss at m = " + mMax, "iteration k", "R(Theta(k)) (log scale)",
                    false, true);
            XYChart kernel = Charts.panel("Relative NTK change at m = " + mMax, "iteration k",
                    "||K(k) - K(0)||_F / ||K(0)||_F (log scale)", false, true);
            XYChart vsM = Charts.panel("Relative NTK change at k = tau against width", "width m (log scale)",
                    "relative kernel change (log scale)", true, true);
            XYChart lossM = Charts.panel("Final loss / R(Theta0) against width", "width m (log scale)",
                    "loss ratio (log scale)", true, true);
            for (XYChart c : new XYChart[]{loss, kernel, vsM, lossM}) {
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            }
            List<String> names = names();
            double[] ms = Experiments.toArray(config.widths());
            for (int i = 0; i < names.size(); i++) {
                String a = names.get(i);
                List<KernelRegimeRecord> s = select(a, mMax);
                double[] k = s.stream().mapToDouble(KernelRegimeRecord::iteration).toArray();
                Charts.line(loss, a, k, s.stream().mapToDouble(KernelRegimeRecord::loss).toArray(), i, false,
                        SeriesMarkers.NONE);
                Charts.line(kernel, a, k, s.stream().mapToDouble(KernelRegimeRecord::relativeKernelChange).toArray(),
                        i, false, SeriesMarkers.NONE);
                Charts.line(vsM, String.format(Locale.ROOT, "%s (slope %.2f)", a, kernelChangeSlope(a)), ms,
                        config.widths().stream().mapToDouble(m -> last(a, m).relativeKernelChange()).toArray(), i);
                Charts.line(lossM, a, ms, config.widths().stream()
                        .mapToDouble(m -> last(a, m).loss() / initialLoss).toArray(), i);
            }
            String caption = String.format(Locale.ROOT,
                    "non-smooth: GD eta=%s, tau=%d, alpha=%s %s, n=%d, T=%d, d=%d, filter teacher A=%s, all-steps loss,"
                            + " seed %d; softplus_b(z) = log(1+e^(bz))/b", config.stepSize(), config.iterations(),
                    config.alpha(), config.law().name().toLowerCase(Locale.ROOT), config.n(), config.timeSteps(),
                    config.inputDim(), config.amplitude(), config.seed());
            return Charts.compose(caption, 2, loss, kernel, vsM, lossM);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("# non-smooth\n\n");
            sb.append(String.format(Locale.ROOT,
                    "GD with eta = %s for tau = %d from the symmetric Theta(0) (alpha = %s %s), n = %d, T = %d, d = %d,"
                            + " filter teacher (memory 0.6, A = %s), all-steps loss, R(Theta0) = %.4g, seed %d.%n%n",
                    config.stepSize(), config.iterations(), config.alpha(), config.law().name().toLowerCase(Locale.ROOT),
                    config.n(), config.timeSteps(), config.inputDim(), config.amplitude(), initialLoss, config.seed()));
            sb.append("| activation | m | loss / R(Theta0) at tau | max drift | rel. kernel change | max abs(F - F_lin) |\n"
                    + "|---|---:|---:|---:|---:|---:|\n");
            for (String a : names()) {
                for (int m : config.widths()) {
                    KernelRegimeRecord k = last(a, m);
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %.4g%s | %.4g | %.4g | %.4g |%n", a, m,
                            k.loss() / initialLoss, diverged(a, m) ? " (diverged at k = " + k.iteration() + ")" : "",
                            Math.max(k.drift().maxW(), k.drift().maxU()), k.relativeKernelChange(),
                            k.linearizationError()));
                }
            }
            sb.append("\nSlope of log10(relative kernel change at tau) against log10 m:");
            for (String a : names()) {
                sb.append(String.format(Locale.ROOT, " %s %.3f;", a, kernelChangeSlope(a)));
            }
            sb.append("\n\n| activation | constants | sigma2 | max abs(h) at Theta0 | log10 width |\n"
                    + "|---|---|---:|---:|---|\n");
            for (BoundRow r : bounds) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.4g | %s |%n", r.activation(),
                        r.refusal().isEmpty() ? "accepted" : "refused", Experiments.fmt(r.sigma2()), r.effectiveSigma0(),
                        r.width() != null ? String.format(Locale.ROOT, "%.3f (bound)", r.log10())
                                : r.diagnosticWidth() != null
                                ? String.format(Locale.ROOT, "%.3f (diagnostic, sigma0 := max abs(h))", r.log10()) : "-"));
            }
            for (BoundRow r : bounds) {
                if (!r.refusal().isEmpty()) {
                    sb.append("\n- ").append(r.refusal());
                }
            }
            sb.append(String.format(Locale.ROOT, "%n%nRun time %.1f s (machine dependent; every number above is"
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
        int stages = c.activations().size() * c.widths().size();
        double total = c.activations().size() * c.widths().stream().mapToDouble(Integer::doubleValue).sum();
        double done = 0;
        int stage = 0;
        List<Monitored.Run> runs = new ArrayList<>();
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(backend.threads()))) {
            for (Cell cell : cells(c)) {
                Activation act = c.activations().get(cell.activation());
                int m = c.widths().get(cell.width());
                TrainingListener tl = progress.onStage(new ExperimentStage(NAME, act.name() + " m=" + m, stage++,
                        stages, done, total));
                runs.add(train(c, cell, data, backend, ntk, tl));
                done += m;
            }
        }
        return assemble(c, data, runs, start);
    }

    /**
     * Runs the experiment's cells (one monitored GD run per activation and width) on the sweep engine;
     * each cell builds its own single-threaded backend and NTK. The result equals
     * {@link #run(Config, ExperimentListener, Nd4jBackend)}'s, bit for bit.
     *
     * @throws IllegalArgumentException when an activation cannot travel to a cell (a custom one)
     */
    public static Result run(Config c, ExperimentListener listener, Executor executor) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(executor, "executor");
        long start = System.nanoTime();
        Spec spec = Spec.of(c);
        List<Monitored.Run> runs = Cells.compute(NAME, cells(c), cell -> {
            Config config = spec.config();
            try (Nd4jBackend backend = Cells.cellBackend();
                 EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(1))) {
                return train(config, cell, data(config), backend, ntk, TrainingListener.NONE);
            }
        }, executor, listener);
        return assemble(c, data(c), runs, start);
    }

    /** One cell: the run of activation index {@code activation} at width index {@code width}. */
    record Cell(int activation, int width) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Activation outer, width inner. */
    static List<Cell> cells(Config c) {
        List<Cell> cells = new ArrayList<>();
        for (int a = 0; a < c.activations().size(); a++) {
            for (int w = 0; w < c.widths().size(); w++) {
                cells.add(new Cell(a, w));
            }
        }
        return cells;
    }

    /** The configuration as serializable values, for cells computed elsewhere. */
    private record Spec(List<Cells.ActivationRef> activations, double alpha, RecurrentLaw law, int n, int timeSteps,
                        int inputDim, double amplitude, List<Integer> widths, double stepSize, int iterations,
                        int period, double targetRatio, long seed) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(new ArrayList<>(c.activations().stream().map(Cells.ActivationRef::of).toList()), c.alpha(),
                    c.law(), c.n(), c.timeSteps(), c.inputDim(), c.amplitude(), new ArrayList<>(c.widths()),
                    c.stepSize(), c.iterations(), c.period(), c.targetRatio(), c.seed());
        }

        Config config() {
            return new Config(activations.stream().map(Cells.ActivationRef::activation).toList(), alpha, law, n,
                    timeSteps, inputDim, amplitude, widths, stepSize, iterations, period, targetRatio, seed);
        }
    }

    private static SequenceDataset data(Config c) {
        SequenceDataset data = SyntheticTasks.filter(c.n(), c.timeSteps(), c.inputDim(), 0.6, c.amplitude(), c.seed())
                .generate();
        Experiments.requireUnitInputs(data);
        return data;
    }

    private static Monitored.Run train(Config c, Cell cell, SequenceDataset data, Nd4jBackend backend,
                                       EmpiricalNtk ntk, TrainingListener tl) {
        Activation act = c.activations().get(cell.activation());
        int m = c.widths().get(cell.width());
        DiagonalRnn theta0 = Initializers.symmetric(c.alpha(), c.law(), WidthVsN.initSeed(c.seed()))
                .initialize(m, c.inputDim(), act);
        return Monitored.train(backend, ntk, theta0, data, Loss.ALL_STEPS, Optimizers.gradientDescent(c.stepSize()),
                c.iterations(), c.period(), tl);
    }

    /** The result from the runs, in {@link #cells} order. */
    private static Result assemble(Config c, SequenceDataset data, List<Monitored.Run> runs, long start) {
        double yMax = data.maxAbsTarget(Loss.ALL_STEPS);
        List<Row> rows = new ArrayList<>();
        List<String> diverged = new ArrayList<>();
        List<BoundRow> bounds = new ArrayList<>();
        double initialLoss = Double.NaN;
        int mMax = c.widths().get(c.widths().size() - 1);
        int next = 0;
        for (Activation act : c.activations()) {
            for (int m : c.widths()) {
                Monitored.Run run = runs.get(next++);
                for (KernelRegimeRecord r : run.records()) {
                    rows.add(new Row(act.name(), m, r));
                }
                if (run.diverged()) {
                    diverged.add(act.name() + "@" + m);
                }
                initialLoss = run.records().get(0).loss();
            }
            DiagonalRnn widest = Initializers.symmetric(c.alpha(), c.law(), WidthVsN.initSeed(c.seed()))
                    .initialize(mMax, c.inputDim(), act);
            bounds.add(bound(c, act, maxAbsHidden(widest, data), yMax, c.targetRatio() * initialLoss));
        }
        return new Result(c, rows, diverged, bounds, initialLoss, (System.nanoTime() - start) / 1e9);
    }

    private static BoundRow bound(Config c, Activation act, double sigma0Eff, double yMax, double epsilon) {
        ActivationConstants k;
        try {
            k = act.constants();
        } catch (IllegalArgumentException refused) {
            double sigma2 = Double.NaN;
            WidthRequirement diag = null;
            if (act.name().startsWith("softplus")) {
                sigma2 = act.secondDerivative(0.0);   // β/4, attained at z = 0
                diag = Bounds.requiredWidth(problem(c, new ActivationConstants(sigma0Eff, 1.0, sigma2), yMax),
                        epsilon, 0.05);
            }
            return new BoundRow(act.name(), refused.getMessage(), sigma2, sigma0Eff, null, diag);
        }
        return new BoundRow(act.name(), "", k.sigma2(), sigma0Eff,
                Bounds.requiredWidth(problem(c, k, yMax), epsilon, 0.05), null);
    }

    private static PgdProblem problem(Config c, ActivationConstants k, double yMax) {
        return new PgdProblem(k, c.alpha(), c.timeSteps(), c.n(), Loss.ALL_STEPS, 1.0, 1.0, 1.0, 1.0, yMax, 1.0);
    }

    /** max over neurons, sequences and steps of |h_t| (plain Java forward pass). */
    static double maxAbsHidden(DiagonalRnn model, SequenceDataset data) {
        double max = 0;
        int d = model.inputDim();
        for (int i = 0; i < model.width(); i++) {
            for (int j = 0; j < data.size(); j++) {
                double h = 0;
                for (int t = 0; t < data.timeSteps(); t++) {
                    double z = model.w(i) * h;
                    for (int q = 0; q < d; q++) {
                        z += model.u(i, q) * data.input(j, t, q);
                    }
                    h = model.activation().value(z);
                    max = Math.max(max, Math.abs(h));
                }
            }
        }
        return max;
    }
}
