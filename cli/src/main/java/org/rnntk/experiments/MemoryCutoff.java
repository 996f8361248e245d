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
import org.rnntk.spark.sweep.Executor;
import org.rnntk.bounds.Bounds;
import org.rnntk.bounds.MemoryRegime;
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
import org.rnntk.core.optim.ProjectedGradientDescent;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;

/**
 * Claim 2 of docs/theory.md §10 (source 1): the memory cutoff at ασ1 = 1.
 *
 * <p>For each activation (cutoff α = 1/σ1: 1 for tanh, 4 for sigmoid), each ασ1 and each T:
 * <ul>
 *   <li>theory: µ_T = S_T(ασ1) and log10 {@code Bounds.requiredWidth} (last-step loss, fixed n, ε,
 *       δ, ν̄ = ρ, Ymax);</li>
 *   <li>measured at Θ(0) (symmetric initialization, w(0) = α exactly, so every neuron has ασ1):
 *       the kernel scale mean_j ‖∇_Θ F_T(X_j)‖² (the mean diagonal of the last-step NTK Gram), the
 *       empirical counterpart of G1² ∝ S_T(ασ1)²;</li>
 *   <li>measured in training: PGD at fixed m, η, τ on a reference-class teacher of the same
 *       initial law (last-step loss); min_k R̂(Θ(k))/R̂(Θ0), or "diverged".</li>
 * </ul>
 */
public final class MemoryCutoff {

    /** The command name and file stem. */
    public static final String NAME = "memory-cutoff";

    private MemoryCutoff() {
    }

    /**
     * @param activations  the activations (each with its own cutoff 1/σ1)
     * @param ratios       the values of ασ1, increasing
     * @param timeSteps    the values of T, increasing
     * @param law          the law of w(0) (CONSTANT puts every neuron at ασ1)
     * @param n            sequences
     * @param inputDim     d
     * @param width        m for the measurements
     * @param stepSize     PGD step η
     * @param iterations   PGD iterations τ
     * @param nuBar        ν̄_w = ν̄_u of the teacher and the bound, and the PGD radii ρ_w = ρ_u
     * @param epsilon      ε of the bound
     * @param delta        δ of the bound
     * @param theoryYMax   Ymax of the bound, declared: at least the data's largest last-step target (checked)
     * @param seed         data, teacher and initialization seed
     */
    public record Config(List<Activation> activations, List<Double> ratios, List<Integer> timeSteps, RecurrentLaw law,
                         int n, int inputDim, int width, double stepSize, int iterations, double nuBar, double epsilon,
                         double delta, double theoryYMax, long seed) {

        public Config {
            activations = List.copyOf(activations);
            if (activations.isEmpty()) {
                throw new IllegalArgumentException("activations must not be empty");
            }
            ratios = Experiments.increasingDoubles("ratios alpha*sigma1", ratios, 0.0);
            timeSteps = Experiments.increasing("time steps T", timeSteps, 1);
            Objects.requireNonNull(law, "law");
            Checks.positive("n", n);
            Checks.positive("input dimension d", inputDim);
            Checks.evenWidth("width m", width);
            Checks.positive("step size eta", stepSize);
            Checks.positive("iterations", iterations);
            Checks.positive("nuBar", nuBar);
            Checks.positive("epsilon", epsilon);
            Checks.openInterval("delta", delta, 0, 1);
            Checks.positive("theoryYMax", theoryYMax);
        }

        /** The defaults of {@code rnntk experiment memory-cutoff}. */
        public static Config defaults() {
            return new Config(List.of(Activations.tanh(), Activations.sigmoid()), List.of(0.5, 0.9, 1.0, 1.1, 1.5),
                    List.of(1, 2, 4, 8, 16, 32), RecurrentLaw.CONSTANT, 16, 4, 256, 1.0, 200, 1.0, 0.1, 0.05, 1.0, 1);
        }

        /**
         * The named scale setting {@code paper}: T from 1 to 256 (doubling) and Ymax = 3 (the teacher's
         * targets reach 2.79 at tanh, ασ1 = 1.5, T = 256); otherwise the defaults. Run time in
         * docs/experiments.md.
         */
        public static Config paper() {
            return new Config(List.of(Activations.tanh(), Activations.sigmoid()), List.of(0.5, 0.9, 1.0, 1.1, 1.5),
                    Grids.doubling(1, 256), RecurrentLaw.CONSTANT, 16, 4, 256, 1.0, 200, 1.0, 0.1, 0.05, 3.0, 1);
        }

        /** A tiny instance for tests and notebooks. */
        public static Config tiny() {
            return new Config(List.of(Activations.tanh(), Activations.sigmoid()), List.of(0.5, 1.5), List.of(1, 4),
                    RecurrentLaw.CONSTANT, 4, 2, 16, 1.0, 10, 1.0, 0.1, 0.05, 1.0, 1);
        }
    }

    /**
     * One (activation, ασ1, T).
     *
     * @param kernelScale mean_j ‖∇_Θ F_T(X_j)‖² at Θ(0)
     * @param minLoss     min_k R̂(Θ(k)) of PGD over the recorded iterates (those before a divergence stop)
     * @param lastLoss    R̂ of PGD's last recorded iterate (the last finite loss when it diverged)
     * @param lossRatio   min_k R̂(Θ(k))/R̂(Θ0) of PGD (NaN when diverged)
     * @param diverged    whether the divergence rule stopped PGD ({@link TrainingHistory#diverged()})
     */
    public record Row(String activation, double sigma1, double alpha, double ratio, MemoryRegime regime, int timeSteps,
                      double muT, double log10MuT, WidthRequirement theory, double kernelScale, double initialLoss,
                      double minLoss, double lastLoss, double lossRatio, boolean diverged) {
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
            CsvTable t = new CsvTable("activation", "sigma1", "alpha", "alpha_sigma1", "regime", "T", "mu_T",
                    "log10_mu_T", "theory_log10_width", "theory_dominant_term", "kernel_scale", "initial_loss",
                    "pgd_min_loss", "pgd_last_loss", "pgd_loss_ratio", "pgd_diverged");
            for (Row r : rows) {
                t.add(r.activation(), r.sigma1(), r.alpha(), r.ratio(), r.regime().name(), r.timeSteps(), r.muT(),
                        r.log10MuT(), r.theory().log10Width(), r.theory().terms().dominantTerm(), r.kernelScale(),
                        r.initialLoss(), r.minLoss(), r.lastLoss(), r.lossRatio(), r.diverged());
            }
            return t;
        }

        private List<Row> select(String activation, double ratio) {
            return rows.stream().filter(r -> r.activation().equals(activation) && r.ratio() == ratio).toList();
        }

        @Override
        public BufferedImage figure() {
            XYChart mu = Charts.panel("Theory: mu_T = S_T(alpha sigma1) (same for every activation)",
                    "T (time steps, log scale)", "mu_T (log scale)", true, true);
            XYChart width = Charts.panel("Theory: Bounds.requiredWidth (solid tanh, dashed sigmoid)",
                    "T (time steps, log scale)", "log10 of the required width m", true, false);
            XYChart kernel = Charts.panel("Measured at Theta(0): mean ||grad F_T||^2 (solid tanh, dashed sigmoid)",
                    "T (time steps, log scale)", "mean NTK diagonal K(X,X) at T (log scale)", true, true);
            XYChart train = Charts.panel(String.format(Locale.ROOT, "Measured: PGD min loss / initial loss (m=%d, tau=%d)",
                    config.width(), config.iterations()), "T (time steps, log scale)",
                    "log10 (min loss / initial loss)", true, false);
            for (XYChart c : new XYChart[]{mu, width, kernel, train}) {
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            }
            String first = config.activations().get(0).name();
            for (int ai = 0; ai < config.activations().size(); ai++) {
                String act = config.activations().get(ai).name();
                boolean dashed = ai > 0;
                for (int ri = 0; ri < config.ratios().size(); ri++) {
                    double ratio = config.ratios().get(ri);
                    List<Row> sel = select(act, ratio);
                    double[] t = sel.stream().mapToDouble(Row::timeSteps).toArray();
                    String label = String.format(Locale.ROOT, "%s a*s1=%s", act, ratio);
                    if (act.equals(first)) {
                        Charts.line(mu, String.format(Locale.ROOT, "alpha*sigma1=%s", ratio), t,
                                sel.stream().mapToDouble(Row::muT).toArray(), ri);
                    }
                    Charts.line(width, label, t,
                            sel.stream().mapToDouble(r -> r.theory().log10Width()).toArray(), ri, dashed,
                            dashed ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
                    Charts.line(kernel, label, t, sel.stream().mapToDouble(Row::kernelScale).toArray(), ri, dashed,
                            dashed ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
                    Charts.line(train, label, t, Charts.log10(sel.stream().mapToDouble(Row::lossRatio).toArray()), ri,
                            dashed,
                            dashed ? SeriesMarkers.SQUARE : SeriesMarkers.CIRCLE);
                }
            }
            String caption = String.format(Locale.ROOT,
                    "memory-cutoff: cutoff a*s1 = 1 (tanh alpha=1, sigmoid alpha=4); w(0) %s; n=%d, d=%d, m=%d;"
                            + " PGD eta=%s, rho=nuBar=%s, last step; bound eps=%s, delta=%s, Ymax=%s",
                    config.law().name().toLowerCase(Locale.ROOT), config.n(), config.inputDim(), config.width(),
                    config.stepSize(), config.nuBar(), config.epsilon(), config.delta(), config.theoryYMax());
            return Charts.compose(caption, 2, mu, width, kernel, train);
        }

        @Override
        public String summary() {
            StringBuilder sb = new StringBuilder("# memory-cutoff\n\n");
            sb.append(String.format(Locale.ROOT,
                    "w(0) %s at alpha = ratio/sigma1; n = %d, d = %d, m = %d; PGD eta = %s, tau = %d, rho = nuBar = %s on a"
                            + " reference-class teacher of the same initial law (last-step loss); Bounds.requiredWidth"
                            + " with eps = %s, delta = %s, Ymax = %s, n = %d; seed %d.%n%n",
                    config.law().name().toLowerCase(Locale.ROOT), config.n(), config.inputDim(), config.width(),
                    config.stepSize(), config.iterations(), config.nuBar(), config.epsilon(), config.delta(),
                    config.theoryYMax(), config.n(), config.seed()));
            List<Integer> ts = config.timeSteps();
            for (Activation a : config.activations()) {
                sb.append("## ").append(a.name()).append(String.format(Locale.ROOT, " (sigma1 = %.4g, cutoff alpha = %.4g)%n%n",
                        a.constants().sigma1(), 1 / a.constants().sigma1()));
                for (String what : new String[]{"log10 mu_T", "log10 required width", "mean ||grad F_T||^2 at Theta(0)",
                    "PGD min loss / initial loss"}) {
                    sb.append("| ").append(what).append(" | ");
                    ts.forEach(t -> sb.append("T=").append(t).append(" | "));
                    sb.append("\n|---|").append("---:|".repeat(ts.size())).append('\n');
                    for (double ratio : config.ratios()) {
                        sb.append(String.format(Locale.ROOT, "| alpha*sigma1 = %s | ", ratio));
                        for (Row r : select(a.name(), ratio)) {
                            double v = switch (what) {
                                case "log10 mu_T" -> r.log10MuT();
                                case "log10 required width" -> r.theory().log10Width();
                                case "mean ||grad F_T||^2 at Theta(0)" -> r.kernelScale();
                                default -> r.lossRatio();
                            };
                            sb.append(r.diverged() && what.startsWith("PGD") ? "diverged"
                                    : String.format(Locale.ROOT, "%.3g", v)).append(" | ");
                        }
                        sb.append('\n');
                    }
                    sb.append('\n');
                }
            }
            sb.append(String.format(Locale.ROOT, "Run time %.1f s (machine dependent; every number above is"
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
    public static Result run(Config config, ExperimentListener listener, Nd4jBackend backend) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        ExperimentListener progress = listener == null ? ExperimentListener.NONE : listener;
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        int stages = config.activations().size() * config.ratios().size() * config.timeSteps().size();
        double perCombo = config.timeSteps().stream().mapToDouble(Integer::doubleValue).sum();
        double total = perCombo * config.activations().size() * config.ratios().size();
        double done = 0;
        int stage = 0;
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(backend.threads()))) {
            for (Cell cell : cells(config)) {
                Activation act = config.activations().get(cell.activation());
                double ratio = config.ratios().get(cell.ratio());
                int t = config.timeSteps().get(cell.t());
                WidthRequirement theory = theory(config, cell);
                TrainingListener tl = progress.onStage(new ExperimentStage(NAME, String.format(Locale.ROOT,
                        "%s alpha*sigma1=%s T=%d", act.name(), ratio, t), stage++, stages, done, total));
                rows.add(row(config, cell, theory, measure(config, cell, backend, ntk, tl)));
                done += t;
            }
        }
        return new Result(config, rows, (System.nanoTime() - start) / 1e9);
    }

    /**
     * Runs the experiment's cells (one (activation, α·σ1, T) each) on the sweep engine; each cell
     * builds its own single-threaded backend and NTK, and the bounds are evaluated on the caller's
     * thread (before any cell runs, so a refused Ymax fails first). The result equals
     * {@link #run(Config, ExperimentListener, Nd4jBackend)}'s, bit for bit.
     *
     * @throws IllegalArgumentException when an activation cannot travel to a cell (a custom one)
     */
    public static Result run(Config config, ExperimentListener listener, Executor executor) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(executor, "executor");
        long start = System.nanoTime();
        List<Cell> cells = cells(config);
        List<WidthRequirement> theories = new ArrayList<>();
        for (Cell cell : cells) {
            theories.add(theory(config, cell));
        }
        Spec spec = Spec.of(config);
        List<Measured> measured = Cells.compute(NAME, cells, cell -> {
            try (Nd4jBackend backend = Cells.cellBackend();
                 EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(1))) {
                return measure(spec.config(), cell, backend, ntk, TrainingListener.NONE);
            }
        }, executor, listener);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            rows.add(row(config, cells.get(i), theories.get(i), measured.get(i)));
        }
        return new Result(config, rows, (System.nanoTime() - start) / 1e9);
    }

    /** One cell: activation, ratio and T by index. */
    record Cell(int activation, int ratio, int t) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Activation outer, then ratio, then T. */
    static List<Cell> cells(Config c) {
        List<Cell> cells = new ArrayList<>();
        for (int a = 0; a < c.activations().size(); a++) {
            for (int r = 0; r < c.ratios().size(); r++) {
                for (int t = 0; t < c.timeSteps().size(); t++) {
                    cells.add(new Cell(a, r, t));
                }
            }
        }
        return cells;
    }

    /** The configuration as serializable values, for cells computed elsewhere. */
    private record Spec(List<Cells.ActivationRef> activations, List<Double> ratios, List<Integer> timeSteps,
                        RecurrentLaw law, int n, int inputDim, int width, double stepSize, int iterations,
                        double nuBar, double epsilon, double delta, double theoryYMax, long seed)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(new ArrayList<>(c.activations().stream().map(Cells.ActivationRef::of).toList()),
                    new ArrayList<>(c.ratios()), new ArrayList<>(c.timeSteps()), c.law(), c.n(), c.inputDim(),
                    c.width(), c.stepSize(), c.iterations(), c.nuBar(), c.epsilon(), c.delta(), c.theoryYMax(),
                    c.seed());
        }

        Config config() {
            return new Config(activations.stream().map(Cells.ActivationRef::activation).toList(), ratios, timeSteps,
                    law, n, inputDim, width, stepSize, iterations, nuBar, epsilon, delta, theoryYMax, seed);
        }
    }

    /** What a cell measured. */
    record Measured(double kernelScale, double initial, double min, double last, boolean diverged)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private static SequenceDataset data(Config c, Activation act, double alpha, int t) {
        SequenceDataset data = SyntheticTasks.referenceClass(c.n(), t, c.inputDim(), act, alpha, c.law(), c.nuBar(),
                c.nuBar(), c.seed()).generate();
        Experiments.requireUnitInputs(data);
        return data;
    }

    /** The bound of one cell; refuses a declared Ymax below the data's. */
    static WidthRequirement theory(Config c, Cell cell) {
        Activation act = c.activations().get(cell.activation());
        double ratio = c.ratios().get(cell.ratio());
        int t = c.timeSteps().get(cell.t());
        double alpha = ratio / act.constants().sigma1();
        SequenceDataset data = data(c, act, alpha, t);
        SymmetricInitializer init = Initializers.symmetric(alpha, c.law(), WidthVsN.initSeed(c.seed()));
        ProjectedGradientDescent pgd = Optimizers.projected(c.stepSize(), c.nuBar(), c.nuBar());
        // alpha, T, n, rho = nuBar, N and the input norm come from the run itself; Ymax is the declared one.
        PgdProblem measured = PgdProblem.from(init, act, data, pgd, Loss.LAST_STEP);
        if (measured.yMax() > c.theoryYMax()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "theoryYMax (%s) is below the data's"
                    + " largest target %s (%s, alpha*sigma1 = %s, T = %d): the bound would not hold",
                    c.theoryYMax(), measured.yMax(), act.name(), ratio, t));
        }
        return Bounds.requiredWidth(measured.withYMax(c.theoryYMax()), c.epsilon(), c.delta());
    }

    /** The kernel scale and the PGD run of one cell. */
    private static Measured measure(Config c, Cell cell, Nd4jBackend backend, EmpiricalNtk ntk, TrainingListener tl) {
        Activation act = c.activations().get(cell.activation());
        double alpha = c.ratios().get(cell.ratio()) / act.constants().sigma1();
        int t = c.timeSteps().get(cell.t());
        SequenceDataset data = data(c, act, alpha, t);
        SymmetricInitializer init = Initializers.symmetric(alpha, c.law(), WidthVsN.initSeed(c.seed()));
        ProjectedGradientDescent pgd = Optimizers.projected(c.stepSize(), c.nuBar(), c.nuBar());
        DiagonalRnn theta0 = init.initialize(c.width(), c.inputDim(), act);
        GramMatrix gram = ntk.gram(theta0, data, Loss.LAST_STEP);
        double trace = 0;
        for (int j = 0; j < c.n(); j++) {
            trace += gram.get(j, j);
        }
        double initial = backend.loss(theta0, data, Loss.LAST_STEP);
        TrainingHistory h = Training.run(backend, theta0, data, Loss.LAST_STEP, pgd, c.iterations(), tl);
        return new Measured(trace / c.n(), initial, h.minLoss(), h.lastLoss(), h.diverged());
    }

    private static Row row(Config c, Cell cell, WidthRequirement theory, Measured m) {
        Activation act = c.activations().get(cell.activation());
        double ratio = c.ratios().get(cell.ratio());
        int t = c.timeSteps().get(cell.t());
        double sigma1 = act.constants().sigma1();
        double alpha = ratio / sigma1;
        return new Row(act.name(), sigma1, alpha, ratio, MemoryRegime.of(alpha, sigma1), t,
                Bounds.muT(alpha, sigma1, t), Bounds.logMuT(alpha, sigma1, t) / Math.log(10), theory, m.kernelScale(),
                m.initial(), m.min(), m.last(), m.diverged() ? Double.NaN : m.min() / m.initial(), m.diverged());
    }
}
