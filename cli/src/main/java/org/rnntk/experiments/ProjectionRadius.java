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
import org.rnntk.bounds.IterationRequirement;
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
import org.rnntk.core.TrainingListener;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.KernelRegimeRecord;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;
import org.rnntk.spark.sweep.Executor;

/**
 * Open question (3) of source 1: the effect of the projection radius ρ. On a reference-class
 * teacher with ν̄_w = ν̄_u = ν̄, PGD with ρ_w = ρ_u = ρ for ρ from ν̄/4 to 8ν̄:
 * <ul>
 *   <li>at one width m: the loss curve, the first iteration reaching the target, the final loss,
 *       the drift (units 1/√m, ≤ ρ by construction) and the relative kernel change
 *       ‖K(Θ(k)) − K(Θ0)‖_F/‖K(Θ0)‖_F ({@link org.rnntk.kernels.ntk.KernelRegimeMonitor});</li>
 *   <li>per seed, the smallest grid width from which {@code confirm} consecutive widths reach the
 *       target (as in {@link WidthVsN});</li>
 *   <li>the theory at each ρ: {@code Bounds.requiredWidth} (ε = the median target) and
 *       {@code Bounds.requiredIterations} at that width. For ρ &lt; ν̄ the bounds refuse (the
 *       teacher's image lies outside Ω, docs/theory.md §8); the refusal is reported.</li>
 * </ul>
 * All-steps loss; one Θ(0) per seed for every ρ.
 */
public final class ProjectionRadius {

    /** The command name and file stem. */
    public static final String NAME = "projection-radius";

    private ProjectionRadius() {
    }

    /**
     * @param activation    σ
     * @param alpha         initialization scale α
     * @param law           the law of w(0)
     * @param n             sequences
     * @param timeSteps     T
     * @param inputDim      d
     * @param nuBar         ν̄_w = ν̄_u of the teacher
     * @param radiusFactors ρ/ν̄, increasing
     * @param width         the width m of the monitored runs (even)
     * @param widths        the even width grid of the scans, increasing
     * @param seeds         the seeds (task and initialization); the monitored runs use the first
     * @param stepSize      PGD step η
     * @param iterations    τ of the monitored runs
     * @param scanIterations τ of the width scans
     * @param period        record every {@code period} iterations
     * @param targetRatio   the loss target as a fraction of R̂(Θ0), in (0, 1)
     * @param delta         δ of the bounds
     * @param confirm       consecutive grid widths that must reach the target
     */
    public record Config(Activation activation, double alpha, RecurrentLaw law, int n, int timeSteps, int inputDim,
                         double nuBar, List<Double> radiusFactors, int width, List<Integer> widths, List<Long> seeds,
                         double stepSize, int iterations, int scanIterations, int period, double targetRatio,
                         double delta, int confirm) {

        public Config {
            Objects.requireNonNull(activation, "activation");
            Objects.requireNonNull(law, "law");
            Checks.nonNegative("alpha", alpha);
            Checks.positive("n", n);
            Checks.positive("time steps T", timeSteps);
            Checks.positive("input dimension d", inputDim);
            Checks.positive("nuBar", nuBar);
            radiusFactors = Experiments.increasingDoubles("radius factors rho/nuBar", radiusFactors, Double.MIN_VALUE);
            Checks.evenWidth("width m", width);
            widths = Experiments.increasing("widths", widths, 2);
            for (int m : widths) {
                Checks.evenWidth("grid width m", m);
            }
            seeds = List.copyOf(seeds);
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("seeds must not be empty");
            }
            Checks.positive("step size eta", stepSize);
            Checks.positive("iterations", iterations);
            Checks.positive("scan iterations", scanIterations);
            Checks.positive("period", period);
            Checks.openInterval("targetRatio", targetRatio, 0, 1);
            Checks.openInterval("delta", delta, 0, 1);
            Checks.positive("confirm", confirm);
        }

        /** The defaults of {@code rnntk experiment projection-radius}. */
        public static Config defaults() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 16, 5, 4, 1.0,
                    List.of(0.25, 0.5, 1.0, 2.0, 4.0, 8.0), 256, Grids.evenGeometric(4, 1024, Math.sqrt(2)),
                    List.of(1L, 2L, 3L), 4.0, 1000, 200, 20, 0.02, 0.05, 2);
        }

        /** A tiny instance for tests and notebooks. */
        public static Config tiny() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 4, 3, 2, 1.0, List.of(0.5, 1.0, 4.0), 16,
                    Grids.doubling(4, 64), List.of(1L), 2.0, 20, 20, 5, 0.3, 0.05, 1);
        }
    }

    /** One recorded iterate of the monitored run at one radius. */
    public record Row(double factor, KernelRegimeRecord record) {
    }

    /** One width of one scan. */
    public record ScanRow(double factor, long seed, int width, double targetLoss, double minLoss, boolean reached)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The summary of one radius.
     *
     * @param rho              ρ
     * @param firstReach       first recorded iteration with loss ≤ target in the monitored run (NaN if never)
     * @param measuredWidths   per seed, the smallest confirmed grid width (NaN if the grid was not enough)
     * @param theory           {@code Bounds.requiredWidth}, null when the bounds refuse ρ
     * @param theoryIterations {@code Bounds.requiredIterations} at the theory's width, null when refused
     * @param refusal          the bounds' reason when they refuse, else empty
     */
    public record PerRadius(double factor, double rho, KernelRegimeRecord last, double firstReach, boolean diverged,
                            double[] measuredWidths, double medianWidth, WidthRequirement theory,
                            IterationRequirement theoryIterations, String refusal) {

        double theoryLog10Width() {
            return theory == null ? Double.NaN : theory.log10Width();
        }

        double theoryLog10Iterations() {
            return theoryIterations == null ? Double.NaN : theoryIterations.log10Tau();
        }
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Row> rows, List<ScanRow> scans, List<PerRadius> perRadius,
                         double initialLoss, double epsilon, double seconds) implements ExperimentReport {

        public Result {
            rows = List.copyOf(rows);
            scans = List.copyOf(scans);
            perRadius = List.copyOf(perRadius);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("rho_over_nubar", "rho", "m", "k", "loss", "max_drift_w", "max_drift_u",
                    "relative_kernel_change", "linearization_error");
            for (Row r : rows) {
                KernelRegimeRecord k = r.record();
                t.add(r.factor(), r.factor() * config.nuBar(), config.width(), k.iteration(), k.loss(),
                        k.drift().maxW(), k.drift().maxU(), k.relativeKernelChange(), k.linearizationError());
            }
            return t;
        }

        @Override
        public Map<String, CsvTable> extraTables() {
            CsvTable s = new CsvTable("rho_over_nubar", "rho", "final_loss", "final_loss_over_initial",
                    "first_k_reaching_target", "diverged", "max_drift", "relative_kernel_change",
                    "measured_widths", "median_measured_width", "theory_log10_width", "theory_dominant_term",
                    "theory_log10_iterations", "theory_refusal");
            for (PerRadius p : perRadius) {
                s.add(p.factor(), p.rho(), p.last().loss(), p.last().loss() / initialLoss, p.firstReach(),
                        p.diverged(), Math.max(p.last().drift().maxW(), p.last().drift().maxU()),
                        p.last().relativeKernelChange(), Experiments.join(p.measuredWidths()), p.medianWidth(),
                        p.theoryLog10Width(), p.theory() == null ? "-" : p.theory().terms().dominantTerm(),
                        p.theoryLog10Iterations(), p.refusal().isEmpty() ? "-" : "rho < nuBar refused");
            }
            CsvTable scan = new CsvTable("rho_over_nubar", "seed", "m", "target_loss", "min_loss", "reached");
            for (ScanRow r : scans) {
                scan.add(r.factor(), r.seed(), r.width(), r.targetLoss(), r.minLoss(), r.reached());
            }
            Map<String, CsvTable> map = new LinkedHashMap<>();
            map.put("summary", s);
            map.put("scan", scan);
            return map;
        }

        private List<KernelRegimeRecord> select(double factor) {
            return rows.stream().filter(r -> r.factor() == factor).map(Row::record).toList();
        }

        @Override
        public BufferedImage figure() {
            XYChart loss = Charts.panel("Training loss at m = " + config.width() + " (one curve per rho/nuBar)",
                    "iteration k", "R(Theta(k)) (log scale)", false, true);
            XYChart drift = Charts.panel("Max per-neuron drift (units 1/sqrt(m); PGD keeps it <= rho)", "iteration k",
                    "max_i sqrt(m)*max(|dw_i|, ||du_i||)", false, false);
            XYChart kernel = Charts.panel("Relative NTK change ||K(k) - K(0)||_F / ||K(0)||_F", "iteration k",
                    "relative kernel change (log scale)", false, true);
            XYChart end = Charts.panel("Against rho/nuBar: measured (k = tau) and the bound", "rho / nuBar (log scale)",
                    "value (log scale)", true, true);
            for (XYChart c : new XYChart[]{loss, drift, kernel}) {
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            }
            end.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            List<Double> fs = config.radiusFactors();
            for (int i = 0; i < fs.size(); i++) {
                List<KernelRegimeRecord> s = select(fs.get(i));
                double[] k = s.stream().mapToDouble(KernelRegimeRecord::iteration).toArray();
                String label = "rho = " + Experiments.fmt(fs.get(i)) + " nuBar";
                Charts.line(loss, label, k, s.stream().mapToDouble(KernelRegimeRecord::loss).toArray(), i, false,
                        SeriesMarkers.NONE);
                Charts.line(drift, label, k, s.stream().mapToDouble(r -> Math.max(r.drift().maxW(), r.drift().maxU()))
                        .toArray(), i, false, SeriesMarkers.NONE);
                Charts.line(kernel, label, k, s.stream().mapToDouble(KernelRegimeRecord::relativeKernelChange)
                        .toArray(), i, false, SeriesMarkers.NONE);
            }
            double[] f = Experiments.toArray(fs);
            Charts.line(end, "final loss / R(Theta0)", f,
                    perRadius.stream().mapToDouble(p -> p.last().loss() / initialLoss).toArray(), 0);
            Charts.line(end, "max drift / rho", f, perRadius.stream()
                    .mapToDouble(p -> Math.max(p.last().drift().maxW(), p.last().drift().maxU()) / p.rho()).toArray(), 1);
            Charts.line(end, "relative kernel change", f,
                    perRadius.stream().mapToDouble(p -> p.last().relativeKernelChange()).toArray(), 2);
            Charts.line(end, "median smallest width reaching the target", f,
                    perRadius.stream().mapToDouble(PerRadius::medianWidth).toArray(), 3, false, SeriesMarkers.SQUARE);
            Charts.line(end, "theory: log10 of Bounds.requiredWidth (absent: refused, rho < nuBar)", f,
                    perRadius.stream().mapToDouble(PerRadius::theoryLog10Width).toArray(), 4, true,
                    SeriesMarkers.DIAMOND);
            String caption = String.format(Locale.ROOT,
                    "projection-radius: %s, alpha=%s %s, n=%d, T=%d, d=%d, reference-class teacher nuBar=%s, all-steps"
                            + " loss, PGD eta=%s, tau=%d at m=%d; width scans tau=%d, seeds %s",
                    config.activation().name(), config.alpha(), config.law().name().toLowerCase(Locale.ROOT),
                    config.n(), config.timeSteps(), config.inputDim(), config.nuBar(), config.stepSize(),
                    config.iterations(), config.width(), config.scanIterations(), config.seeds());
            return Charts.compose(caption, 2, loss, drift, kernel, end);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("# projection-radius\n\n");
            sb.append(String.format(Locale.ROOT,
                    "%s, alpha = %s %s, n = %d, T = %d, d = %d, reference-class teacher nuBar = %s, all-steps loss;"
                            + " PGD with rho_w = rho_u = rho, eta = %s; monitored runs at m = %d for tau = %d (seed %d,"
                            + " R(Theta0) = %.4g); width scans on %s with tau = %d, seeds %s, confirm %d; target %s x"
                            + " R(Theta0); bounds with eps = %.4g, delta = %s.%n%n",
                    config.activation().name(), config.alpha(), config.law().name().toLowerCase(Locale.ROOT),
                    config.n(), config.timeSteps(), config.inputDim(), config.nuBar(), config.stepSize(), config.width(),
                    config.iterations(), config.seeds().get(0), initialLoss, config.widths(), config.scanIterations(),
                    config.seeds(), config.confirm(), config.targetRatio(), epsilon, config.delta()));
            sb.append("| rho/nuBar | loss / R(Theta0) at tau | first k at target | max drift | rel. kernel change |"
                    + " measured widths | median | theory log10 m | dominant term | theory log10 tau |\n"
                    + "|---:|---:|---:|---:|---:|---|---:|---:|---|---:|\n");
            for (PerRadius p : perRadius) {
                sb.append(String.format(Locale.ROOT, "| %s | %.4g%s | %s | %.4g | %.4g | %s | %s | %s | %s | %s |%n",
                        Experiments.fmt(p.factor()), p.last().loss() / initialLoss, p.diverged() ? " (diverged)" : "",
                        Experiments.fmt(p.firstReach()), Math.max(p.last().drift().maxW(), p.last().drift().maxU()),
                        p.last().relativeKernelChange(), Experiments.join(p.measuredWidths()),
                        Experiments.fmt(p.medianWidth()),
                        p.theory() == null ? "refused" : String.format(Locale.ROOT, "%.3f", p.theoryLog10Width()),
                        p.theory() == null ? "-" : p.theory().terms().dominantTerm(),
                        p.theory() == null ? "-" : String.format(Locale.ROOT, "%.3f", p.theoryLog10Iterations())));
            }
            perRadius.stream().filter(p -> !p.refusal().isEmpty()).findFirst().ifPresent(p ->
                    sb.append("\nThe bounds refuse rho < nuBar: ").append(p.refusal()).append('\n'));
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

    /** Runs the experiment on {@code backend}, one cell after the other in this thread. */
    public static Result run(Config c, ExperimentListener listener, Nd4jBackend backend) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(backend, "backend");
        ExperimentListener progress = listener == null ? ExperimentListener.NONE : listener;
        long start = System.nanoTime();
        int radii = c.radiusFactors().size();
        double total = radii * (c.width() * (double) c.iterations()
                + c.seeds().size() * c.widths().stream().mapToDouble(Integer::doubleValue).sum() * c.scanIterations());
        Stages stages = new Stages(progress, radii * (1 + c.seeds().size() * c.widths().size()), total);
        List<CellOut> outs = new ArrayList<>();
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(backend.threads()))) {
            for (Cell cell : cells(c)) {
                outs.add(compute(c, cell, backend, ntk, stages));
            }
        }
        return assemble(c, outs, start);
    }

    /**
     * Runs the experiment's cells (per radius: the monitored run, then one width scan per seed) on the
     * sweep engine; each cell builds its own single-threaded backend and NTK. The result equals
     * {@link #run(Config, ExperimentListener, Nd4jBackend)}'s, bit for bit.
     *
     * @throws IllegalArgumentException when the activation cannot travel to a cell (a custom one)
     */
    public static Result run(Config c, ExperimentListener listener, Executor executor) {
        Objects.requireNonNull(c, "config");
        Objects.requireNonNull(executor, "executor");
        long start = System.nanoTime();
        Spec spec = Spec.of(c);
        List<CellOut> outs = Cells.compute(NAME, cells(c), cell -> {
            try (Nd4jBackend backend = Cells.cellBackend();
                 EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(1))) {
                return compute(spec.config(), cell, backend, ntk, null);
            }
        }, executor, listener);
        return assemble(c, outs, start);
    }

    /**
     * One cell: the monitored run at radius {@code radius} ({@code seed} = −1), or the width scan of
     * seed index {@code seed} at that radius.
     */
    record Cell(int radius, int seed) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Per radius: the monitored run, then the scans of every seed. */
    static List<Cell> cells(Config c) {
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < c.radiusFactors().size(); i++) {
            cells.add(new Cell(i, -1));
            for (int si = 0; si < c.seeds().size(); si++) {
                cells.add(new Cell(i, si));
            }
        }
        return cells;
    }

    /** What a cell computed: the monitored run (null for a scan), or a scan's rows, width and target. */
    record CellOut(Monitored.Run monitored, List<ScanRow> scans, double measured, double target)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        CellOut {
            scans = new ArrayList<>(scans);
        }
    }

    /** The configuration as serializable values (the activation by name), for cells computed elsewhere. */
    private record Spec(String activation, double alpha, RecurrentLaw law, int n, int timeSteps, int inputDim,
                        double nuBar, List<Double> radiusFactors, int width, List<Integer> widths, List<Long> seeds,
                        double stepSize, int iterations, int scanIterations, int period, double targetRatio,
                        double delta, int confirm) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(Cells.activationName(c.activation()), c.alpha(), c.law(), c.n(), c.timeSteps(),
                    c.inputDim(), c.nuBar(), new ArrayList<>(c.radiusFactors()), c.width(), new ArrayList<>(c.widths()),
                    new ArrayList<>(c.seeds()), c.stepSize(), c.iterations(), c.scanIterations(), c.period(),
                    c.targetRatio(), c.delta(), c.confirm());
        }

        Config config() {
            return new Config(Activations.byName(activation), alpha, law, n, timeSteps, inputDim, nuBar, radiusFactors,
                    width, widths, seeds, stepSize, iterations, scanIterations, period, targetRatio, delta, confirm);
        }
    }

    /** Stage reporting of the in-process run. */
    private static final class Stages {
        final ExperimentListener listener;
        final int count;
        final double total;
        int stage;
        double done;

        Stages(ExperimentListener listener, int count, double total) {
            this.listener = listener;
            this.count = count;
            this.total = total;
        }

        TrainingListener next(String description) {
            return listener.onStage(new ExperimentStage(NAME, description, stage++, count, done, total));
        }
    }

    private static SequenceDataset data(Config c, long seed) {
        SequenceDataset d = SyntheticTasks.referenceClass(c.n(), c.timeSteps(), c.inputDim(), c.activation(),
                c.alpha(), c.law(), c.nuBar(), c.nuBar(), seed).generate();
        Experiments.requireUnitInputs(d);
        return d;
    }

    /** One cell on {@code backend} and {@code ntk}; {@code stages} null: no stage reports. */
    private static CellOut compute(Config c, Cell cell, Nd4jBackend backend, EmpiricalNtk ntk, Stages stages) {
        double f = c.radiusFactors().get(cell.radius());
        double rho = f * c.nuBar();
        if (cell.seed() < 0) {
            DiagonalRnn theta0 = Initializers.symmetric(c.alpha(), c.law(), WidthVsN.initSeed(c.seeds().get(0)))
                    .initialize(c.width(), c.inputDim(), c.activation());
            TrainingListener tl = stages == null ? TrainingListener.NONE
                    : stages.next("rho=" + Experiments.fmt(f) + " nuBar m=" + c.width());
            Monitored.Run run = Monitored.train(backend, ntk, theta0, data(c, c.seeds().get(0)), Loss.ALL_STEPS,
                    Optimizers.projected(c.stepSize(), rho, rho), c.iterations(), c.period(), tl);
            if (stages != null) {
                stages.done += c.width() * (double) c.iterations();
            }
            return new CellOut(run, List.of(), Double.NaN, Double.NaN);
        }
        long seed = c.seeds().get(cell.seed());
        SequenceDataset data = data(c, seed);
        SymmetricInitializer init = Initializers.symmetric(c.alpha(), c.law(), WidthVsN.initSeed(seed));
        List<ScanRow> scans = new ArrayList<>();
        double w = Double.NaN;
        double target = Double.NaN;
        int streak = 0;
        for (int m : c.widths()) {
            DiagonalRnn t0 = init.initialize(m, c.inputDim(), c.activation());
            if (Double.isNaN(target)) {
                target = c.targetRatio() * backend.loss(t0, data, Loss.ALL_STEPS);
            }
            TrainingListener sl = stages == null ? TrainingListener.NONE : stages.next(String.format(Locale.ROOT,
                    "rho=%s nuBar seed=%d m=%d scan", Experiments.fmt(f), seed, m));
            double min = Scans.minLoss(backend, t0, data, Loss.ALL_STEPS,
                    Optimizers.projected(c.stepSize(), rho, rho), c.scanIterations(), sl);
            if (stages != null) {
                stages.done += m * (double) c.scanIterations();
            }
            boolean reached = min <= target;
            scans.add(new ScanRow(f, seed, m, target, min, reached));
            streak = reached ? streak + 1 : 0;
            if (streak == c.confirm()) {
                w = c.widths().get(c.widths().indexOf(m) - c.confirm() + 1);
                break;
            }
        }
        return new CellOut(null, scans, w, target);
    }

    /** The result from the cells' outputs, in {@link #cells} order. */
    private static Result assemble(Config c, List<CellOut> outs, long start) {
        int radii = c.radiusFactors().size();
        double yMax = 0;
        for (long seed : c.seeds()) {
            yMax = Math.max(yMax, data(c, seed).maxAbsTarget(Loss.ALL_STEPS));
        }
        List<Row> rows = new ArrayList<>();
        List<ScanRow> scans = new ArrayList<>();
        List<Monitored.Run> monitored = new ArrayList<>();
        List<double[]> measured = new ArrayList<>();
        double initialLoss = Double.NaN;
        List<Double> targets = new ArrayList<>();
        int next = 0;
        for (double f : c.radiusFactors()) {
            Monitored.Run run = outs.get(next++).monitored();
            monitored.add(run);
            for (KernelRegimeRecord r : run.records()) {
                rows.add(new Row(f, r));
            }
            initialLoss = run.records().get(0).loss();
            double[] w = new double[c.seeds().size()];
            for (int si = 0; si < c.seeds().size(); si++) {
                CellOut s = outs.get(next++);
                scans.addAll(s.scans());
                w[si] = s.measured();
                if (!Double.isNaN(s.target())) {
                    targets.add(s.target());
                }
            }
            measured.add(w);
        }
        double epsilon = Stats.median(targets.stream().mapToDouble(Double::doubleValue).toArray());
        List<PerRadius> per = new ArrayList<>();
        for (int i = 0; i < radii; i++) {
            double f = c.radiusFactors().get(i);
            double rho = f * c.nuBar();
            PgdProblem problem = new PgdProblem(c.activation().constants(), c.alpha(), c.timeSteps(), c.n(),
                    Loss.ALL_STEPS, c.nuBar(), c.nuBar(), rho, rho, yMax, 1.0);
            WidthRequirement theory = null;
            IterationRequirement iters = null;
            String refusal = "";
            try {
                theory = Bounds.requiredWidth(problem, epsilon, c.delta());
                iters = Bounds.requiredIterations(problem, epsilon, theory);
            } catch (IllegalArgumentException e) {
                refusal = e.getMessage();
            }
            Monitored.Run run = monitored.get(i);
            double first = Double.NaN;
            double target = c.targetRatio() * initialLoss;
            for (KernelRegimeRecord r : run.records()) {
                if (r.loss() <= target) {
                    first = r.iteration();
                    break;
                }
            }
            per.add(new PerRadius(f, rho, run.last(), first, run.diverged(), measured.get(i),
                    Stats.median(measured.get(i)), theory, iters, refusal));
        }
        return new Result(c, rows, scans, per, initialLoss, epsilon, (System.nanoTime() - start) / 1e9);
    }
}
