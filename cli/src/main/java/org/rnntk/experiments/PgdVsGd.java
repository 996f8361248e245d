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
     */
    public record Config(Activation activation, double alpha, RecurrentLaw law, int n, int timeSteps, int inputDim,
                         double nuBar, double rho, List<Integer> widths, double stepSize, int iterations, int period,
                         long seed) {

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
        }

        /** The defaults of {@code rnntk experiment pgd-vs-gd}. */
        public static Config defaults() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 16, 5, 4, 1.0, 1.0,
                    List.of(16, 64, 256, 1024, 4096), 4.0, 1000, 20, 1);
        }

        /** A tiny instance for tests and notebooks. */
        public static Config tiny() {
            return new Config(Activations.tanh(), 0.5, RecurrentLaw.UNIFORM, 4, 3, 2, 1.0, 1.0, List.of(8, 32), 2.0, 20,
                    5, 1);
        }
    }

    /** One recorded iterate of one run. */
    public record Row(String optimizer, int width, KernelRegimeRecord record) {
    }

    /** The result; see {@link ExperimentReport}. */
    public record Result(Config config, List<Row> rows, double initialLoss, double seconds,
                         Map<String, Divergence> divergences) implements ExperimentReport {

        /**
         * @param divergences the runs stopped by the divergence rule, keyed {@code "GD m=16"}; their rows
         *                    end at the last recorded iterate
         */
        public Result {
            rows = List.copyOf(rows);
            divergences = Map.copyOf(divergences);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public CsvTable table() {
            CsvTable t = new CsvTable("optimizer", "m", "k", "loss", "max_drift_w", "max_drift_u", "mean_drift_w",
                    "mean_drift_u", "relative_kernel_change", "linearization_error", "max_output_change");
            for (Row r : rows) {
                KernelRegimeRecord k = r.record();
                t.add(r.optimizer(), r.width(), k.iteration(), k.loss(), k.drift().maxW(), k.drift().maxU(),
                        k.drift().meanW(), k.drift().meanU(), k.relativeKernelChange(), k.linearizationError(),
                        k.maxOutputChange());
            }
            return t;
        }

        private List<KernelRegimeRecord> select(String optimizer, int m) {
            return rows.stream().filter(r -> r.optimizer().equals(optimizer) && r.width() == m).map(Row::record)
                    .toList();
        }

        /** The last record of a run. */
        public KernelRegimeRecord last(String optimizer, int m) {
            List<KernelRegimeRecord> s = select(optimizer, m);
            return s.get(s.size() - 1);
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
                for (String opt : new String[]{"GD", "PGD"}) {
                    KernelRegimeRecord k = last(opt, m);
                    Divergence dv = divergences.get(opt + " m=" + m);
                    String label = dv == null ? opt : opt + " (DIVERGED: " + dv.describe() + "; values at k = "
                            + k.iteration() + ")";
                    sb.append(String.format(Locale.ROOT, "| %d | %s | %.4g | %.4g | %.4g | %.4g | %.4g | %.4g | %.4g |%n",
                            m, label, k.loss(), k.loss() / initialLoss, k.drift().maxW(), k.drift().maxU(),
                            k.relativeKernelChange(), k.linearizationError(), k.maxOutputChange()));
                }
            }
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
        double total = 2 * c.widths().stream().mapToDouble(Integer::doubleValue).sum();
        double done = 0;
        int stage = 0;
        List<Monitored.Run> outs = new ArrayList<>();
        try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(backend.threads()))) {
            for (Cell cell : cells(c)) {
                int m = c.widths().get(cell.width());
                TrainingListener tl = progress.onStage(new ExperimentStage(NAME, cell.optimizer() + " m=" + m, stage++,
                        2 * c.widths().size(), done, total));
                outs.add(train(c, cell, data, backend, ntk, tl));
                done += m;
            }
        }
        return assemble(c, outs, start);
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
        return assemble(c, outs, start);
    }

    /** One cell: the run of {@code optimizer} (GD or PGD) at width index {@code width}. */
    record Cell(int width, String optimizer) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Width outer, then GD and PGD. */
    static List<Cell> cells(Config c) {
        List<Cell> cells = new ArrayList<>();
        for (int w = 0; w < c.widths().size(); w++) {
            cells.add(new Cell(w, "GD"));
            cells.add(new Cell(w, "PGD"));
        }
        return cells;
    }

    /** The configuration as serializable values, for cells computed elsewhere. */
    private record Spec(Cells.ActivationRef activation, double alpha, RecurrentLaw law, int n, int timeSteps,
                        int inputDim, double nuBar, double rho, List<Integer> widths, double stepSize, int iterations,
                        int period, long seed) implements Serializable {
        private static final long serialVersionUID = 1L;

        static Spec of(Config c) {
            return new Spec(Cells.ActivationRef.of(c.activation()), c.alpha(), c.law(), c.n(), c.timeSteps(),
                    c.inputDim(), c.nuBar(), c.rho(), new ArrayList<>(c.widths()), c.stepSize(), c.iterations(),
                    c.period(), c.seed());
        }

        Config config() {
            return new Config(activation.activation(), alpha, law, n, timeSteps, inputDim, nuBar, rho, widths,
                    stepSize, iterations, period, seed);
        }
    }

    private static SequenceDataset data(Config c) {
        return SyntheticTasks.referenceClass(c.n(), c.timeSteps(), c.inputDim(), c.activation(),
                c.alpha(), c.law(), c.nuBar(), c.nuBar(), c.seed()).generate();
    }

    private static Monitored.Run train(Config c, Cell cell, SequenceDataset data, Nd4jBackend backend,
                                       EmpiricalNtk ntk, TrainingListener tl) {
        int m = c.widths().get(cell.width());
        DiagonalRnn theta0 = Initializers.symmetric(c.alpha(), c.law(), WidthVsN.initSeed(c.seed()))
                .initialize(m, c.inputDim(), c.activation());
        Optimizer opt = cell.optimizer().equals("GD") ? Optimizers.gradientDescent(c.stepSize())
                : Optimizers.projected(c.stepSize(), c.rho(), c.rho());
        return Monitored.train(backend, ntk, theta0, data, Loss.ALL_STEPS, opt, c.iterations(), c.period(), tl);
    }

    /** The result from the cells, in {@link #cells} order. */
    private static Result assemble(Config c, List<Monitored.Run> outs, long start) {
        List<Row> rows = new ArrayList<>();
        Map<String, Divergence> divergences = new LinkedHashMap<>();
        double initialLoss = Double.NaN;
        List<Cell> cells = cells(c);
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            int m = c.widths().get(cell.width());
            Monitored.Run out = outs.get(i);
            if (out.divergence() != null) {
                divergences.put(cell.optimizer() + " m=" + m, out.divergence());
            }
            for (KernelRegimeRecord r : out.records()) {
                rows.add(new Row(cell.optimizer(), m, r));
            }
            initialLoss = out.records().get(0).loss();
        }
        return new Result(c, rows, initialLoss, (System.nanoTime() - start) / 1e9, divergences);
    }
}
